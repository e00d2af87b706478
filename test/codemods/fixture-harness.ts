import jscodeshift from 'jscodeshift';
import type { API, Transform } from 'jscodeshift';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/codemods/rule-findings';
import { findAllRuleFindings } from '../../src/codemods/rule-findings';
import { lintText } from '../../src/project/lint';
import type { CodemodOptions, Unfixable } from '../../src/codemods/transform-api';
import type plugin from '../../src/index';

const fixturesRoot = path.join(__dirname, '..', '..', 'fixtures');
const INPUT = /^(?<name>.+)\.input\.(?<extension>[cm]?[jt]sx?)$/;

export interface TransformRun {
  output: string;
  unfixable: Unfixable[];
}

/** Runs a transform in-process the way `redis-leaks fix` does: the file's path decides the parser. */
export function runTransform(transform: Transform, filePath: string, source: string, options: CodemodOptions = {}): TransformRun {
  const unfixable: Unfixable[] = [];
  const api: API = { jscodeshift, j: jscodeshift, stats: () => {}, report: () => {} };
  const result = transform({ path: filePath, source }, api, { ...options, onUnfixable: (entry: Unfixable) => unfixable.push(entry) });
  if (typeof result !== 'string' && result !== undefined && result !== null) throw new Error('transforms run synchronously');
  return { output: typeof result === 'string' ? result : source, unfixable };
}

/** Type errors of a TypeScript file, checked against the real client packages' declarations. */
export function getTypeErrors(filePath: string, text: string): string[] {
  const project = new Project({
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
    skipAddingFilesFromTsConfig: true,
  });
  const file = project.createSourceFile(filePath, text, { overwrite: true });
  return file.getPreEmitDiagnostics().map((diagnostic) => `${diagnostic.getLineNumber() ?? 0}: ${ts.flattenDiagnosticMessageText(diagnostic.getMessageText() as string | ts.DiagnosticMessageChain, '\n')}`);
}

/**
 * The fixture pairs of one transform, `fixtures/<transform>/<case>.input.<ext>` and
 * `<case>.output.<ext>` (plus `<case>.options.json` when a case needs options), each checked for:
 * the exact output, parsing, the rule reporting nothing fixable afterwards, a second run changing
 * nothing, and, for TypeScript, no type errors against the real client libraries.
 */
export function describeTransformFixtures(name: string, transform: Transform, rule: keyof typeof plugin.rules): void {
  const folder = path.join(fixturesRoot, name);
  const cases = readdirSync(folder)
    .map((file) => INPUT.exec(file)?.groups)
    .filter((groups) => groups !== undefined)
    .map(({ name: caseName, extension }) => ({ caseName: caseName!, extension: extension! }));

  describe(`${name} fixtures`, () => {
    it('has at least one no-op case (input and output identical)', () => {
      const noOps = cases.filter(({ caseName, extension }) => read(`${caseName}.input.${extension}`) === read(`${caseName}.output.${extension}`));
      expect(noOps.length).toBeGreaterThan(0);
    });

    describe.each(cases)('$caseName ($extension)', ({ caseName, extension }) => {
      const inputPath = path.join(folder, `${caseName}.input.${extension}`);
      const outputPath = path.join(folder, `${caseName}.output.${extension}`);
      const optionsPath = path.join(folder, `${caseName}.options.json`);
      const options = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as CodemodOptions) : {};
      const input = readFileSync(inputPath, 'utf8');
      const expected = readFileSync(outputPath, 'utf8');
      const first = runTransform(transform, outputPath, input, options);

      it('writes the expected output, byte for byte', () => {
        expect(first.output).toBe(expected);
      });

      it('leaves no finding it could have fixed, and the output parses', () => {
        // What is left is exactly what the transform said it could not fix (lines may have moved).
        const remaining: Finding[] = findAllRuleFindings(expected, outputPath, [rule]).get(rule)!;
        expect(remaining.map((finding) => finding.line)).toEqual(first.unfixable.map((entry) => entry.line));
      });

      it("makes the edit of the rule's editor suggestion (a file with one finding)", () => {
        const ruleId = `redis-leaks/${rule}`;
        const ruleOptions = options.ttl === undefined && options.ttlName === undefined && options.nx === undefined && options.max === undefined && options.cacheTtl === undefined;
        const { messages } = lintText(input, outputPath, { rules: { [ruleId]: 'error' } });
        const [only] = messages.filter((message) => message.ruleId === ruleId);
        const suggestion = only?.suggestions?.[0];
        if (!ruleOptions || messages.length !== 1 || !suggestion) return;
        const [start, end] = suggestion.fix.range;
        expect(input.slice(0, start) + suggestion.fix.text + input.slice(end)).toBe(expected);
      });

      it('changes nothing on a second run', () => {
        expect(runTransform(transform, outputPath, expected, options).output).toBe(expected);
      });

      if (extension.includes('ts')) {
        it('type-checks against the real client libraries', () => {
          expect(getTypeErrors(outputPath, expected)).toEqual([]);
        });
      }
    });
  });

  function read(file: string): string {
    return readFileSync(path.join(folder, file), 'utf8');
  }
}
