// The built plugin as an oxlint JS plugin: oxlint's findings must be ESLint's, finding for finding.
// Needs `npm run build` first (both linters load packages/eslint-plugin-redis-leaks/dist).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = path.join(__dirname, '..', '..');
const oxlintBin = path.join(root, 'node_modules', '.bin', 'oxlint');
const dist = path.join(root, 'packages', 'eslint-plugin-redis-leaks', 'dist', 'index.js');

/** The package as both linters load it: by name, through the workspace link in node_modules. */
function loadBuiltPlugin(): { configs: { all: Linter.Config & { rules: Record<string, unknown> } } } {
  if (!existsSync(dist)) throw new Error('run `npm run build` first: the plugin is loaded from packages/eslint-plugin-redis-leaks/dist');
  return createRequire(path.join(root, 'package.json'))('eslint-plugin-redis-leaks');
}

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(full);
    return entry.isFile() && SOURCE.test(entry.name) ? [full] : [];
  });
}

/** Every source file of fixtures/demo and fixtures/e2e, and the inputs of the codemod fixtures, relative to the repository. */
function fixtureFiles(): string[] {
  const inputs = ['close-client', 'add-expiry', 'bound-cache'].flatMap((name) => {
    const dir = path.join(root, 'fixtures', name);
    return readdirSync(dir)
      .filter((file) => /\.input\.[cm]?[jt]sx?$/.test(file))
      .map((file) => path.join(dir, file));
  });
  return [...walk(path.join(root, 'fixtures', 'demo')), ...inputs, ...walk(path.join(root, 'fixtures', 'e2e'))]
    .map((file) => path.relative(root, file))
    .sort();
}

/** One finding, as both linters can state it: position from start to end (1-based lines and columns), rule, severity, message. */
interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: 'error' | 'warning';
  message: string;
}
const describeFinding = (f: Finding) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.severity} ${f.message}`;

/**
 * oxlint's `--format json`. A span's `offset` and `length` count UTF-8 bytes, and so does its `column`
 * (as in every oxlint output format; ESLint counts UTF-16 code units): after `'→'` on the same line,
 * oxlint's column is 2 more than ESLint's. Positions are therefore compared as derived from the offsets.
 */
interface OxlintOutput {
  diagnostics: {
    message: string;
    code?: string;
    severity: string;
    filename: string;
    labels: { span: { offset: number; length: number; line: number; column: number } }[];
  }[];
  number_of_files: number;
  number_of_rules: number;
}

/** 1-based line and column (in UTF-16 code units, as ESLint counts) of a UTF-8 byte offset. */
function position(bytes: Buffer, offset: number): { line: number; column: number } {
  const lines = bytes.subarray(0, offset).toString('utf8').split('\n');
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

/** 1-based line and column in UTF-8 bytes, as oxlint states them. */
function bytePosition(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  return { line: before.toString('utf8').split('\n').length, column: offset - lineStart + 1 };
}

let project: string;
let plugin: ReturnType<typeof loadBuiltPlugin>;
let files: string[];
let eslintResults: ESLint.LintResult[];

// A folder like a user's project: node_modules (the workspace's, so the package resolves by
// name from the config) and an .oxlintrc.json with the plugin and all five rules, nothing else.
beforeAll(async () => {
  plugin = loadBuiltPlugin();
  files = fixtureFiles();
  project = realpathSync(mkdtempSync(path.join(tmpdir(), 'redis-leaks-oxlint-')));
  symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  writeFileSync(
    path.join(project, '.oxlintrc.json'),
    `${JSON.stringify(
      {
        // Only this plugin's rules: oxlint's own default rules (category `correctness`) off.
        categories: { correctness: 'off' },
        jsPlugins: ['eslint-plugin-redis-leaks'],
        rules: Object.fromEntries(Object.keys(plugin.configs.all.rules).map((rule) => [rule, 'error'])),
      },
      null,
      2,
    )}\n`,
  );

  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: TS_FILES, languageOptions: { parser: tseslint.parser as Linter.Parser } }, plugin.configs.all],
  });
  eslintResults = await eslint.lintFiles(files.map((file) => path.join(root, file)));
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Runs oxlint from the repository root with the project's config; returns its JSON report. */
function oxlint(args: string[], cwd = root): OxlintOutput {
  const result = spawnSync(oxlintBin, ['-c', path.join(project, '.oxlintrc.json'), '--disable-nested-config', '--format', 'json', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  // 0: no findings, 1: findings; anything else is a crash or a config problem.
  expect(result.status, result.stderr).toBeLessThan(2);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as OxlintOutput;
}

function eslintFindings(): Finding[] {
  return eslintResults.flatMap((result) =>
    result.messages.map((m) => ({
      file: path.relative(root, result.filePath),
      line: m.line,
      column: m.column,
      endLine: m.endLine ?? m.line,
      endColumn: m.endColumn ?? m.column,
      ruleId: m.ruleId ?? 'fatal',
      severity: m.severity === 2 ? ('error' as const) : ('warning' as const),
      message: m.message,
    })),
  );
}

function oxlintFindings(output: OxlintOutput): Finding[] {
  return output.diagnostics.map((d) => {
    const [label] = d.labels;
    const bytes = readFileSync(path.join(root, d.filename));
    const start = label ? position(bytes, label.span.offset) : { line: 0, column: 0 };
    const end = label ? position(bytes, label.span.offset + label.span.length) : { line: 0, column: 0 };
    // oxlint's own line and column of the start: the same place as the offset, the column in bytes.
    if (label) expect({ line: label.span.line, column: label.span.column }, d.filename).toEqual(bytePosition(bytes, label.span.offset));
    return {
      file: d.filename,
      ...start,
      endLine: end.line,
      endColumn: end.column,
      // `redis-leaks(require-expiry)` in oxlint is `redis-leaks/require-expiry` in ESLint; a parse error has no code.
      ruleId: d.code ? d.code.replace(/^([^(]+)\((.+)\)$/, '$1/$2') : 'fatal',
      severity: d.severity === 'error' ? ('error' as const) : ('warning' as const),
      message: d.message,
    };
  });
}

it('oxlint with the plugin reports exactly what ESLint with configs.all reports', () => {
  expect(files.length).toBeGreaterThan(100);
  const output = oxlint(files);
  expect(output.number_of_files).toBe(files.length);
  expect(output.number_of_rules).toBe(Object.keys(plugin.configs.all.rules).length);
  expect(eslintResults).toHaveLength(files.length);

  const fromEslint = eslintFindings().map(describeFinding).sort();
  const fromOxlint = oxlintFindings(output).map(describeFinding).sort();
  expect(fromEslint.filter((finding) => finding.includes(' fatal '))).toEqual([]);
  expect(fromEslint.length).toBeGreaterThan(100);
  for (const rule of Object.keys(plugin.configs.all.rules)) {
    expect(fromEslint.some((finding) => finding.includes(` ${rule} `)), rule).toBe(true);
  }
  expect(fromOxlint).toEqual(fromEslint);
});

/** ESLint's own rule for applying several fixes to one text: in range order, skipping any that overlaps the previous one. */
function applyFixes(text: string, fixes: { range: [number, number]; text: string }[]): string {
  let output = '';
  let last = Number.NEGATIVE_INFINITY;
  let copied = 0;
  for (const fix of [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1])) {
    if (last >= fix.range[0]) continue;
    output += text.slice(copied, fix.range[0]) + fix.text;
    copied = fix.range[1];
    last = fix.range[1];
  }
  return output + text.slice(copied);
}

it('oxlint --fix-suggestions writes what applying ESLint’s suggestions writes', () => {
  // A copy of the files inside the project, so oxlint may rewrite them.
  const copy = path.join(project, 'copy');
  for (const file of files) {
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(copy, file));
  }
  oxlint(['--fix-suggestions', ...files], copy);

  let suggested = 0;
  for (const result of eslintResults) {
    const file = path.relative(root, result.filePath);
    const fixes = result.messages.flatMap((m) => (m.suggestions?.[0] ? [m.suggestions[0].fix] : []));
    suggested += fixes.length;
    const original = readFileSync(result.filePath, 'utf8');
    expect(readFileSync(path.join(copy, file), 'utf8'), file).toBe(applyFixes(original, fixes));
  }
  expect(suggested).toBeGreaterThan(10);
});

it('oxlint states columns in UTF-8 bytes: after a non-ASCII character on the line, its column is past ESLint’s', async () => {
  const file = path.join(project, 'unicode.ts');
  writeFileSync(file, "const arrow = '→'; const seen = new Map<string, number>();\nexport function remember(key: string) {\n  seen.set(key, 1);\n}\n");
  const [finding] = oxlint(['unicode.ts'], project).diagnostics;
  const eslint = new ESLint({
    cwd: project,
    overrideConfigFile: true,
    overrideConfig: [{ files: TS_FILES, languageOptions: { parser: tseslint.parser as Linter.Parser } }, plugin.configs.all],
  });
  const [result] = await eslint.lintFiles([file]);
  const [message] = result!.messages;
  expect(message).toMatchObject({ ruleId: 'redis-leaks/no-unbounded-cache', line: 1, column: 26 });
  // `→` is one UTF-16 code unit and three UTF-8 bytes.
  expect(finding).toMatchObject({ code: 'redis-leaks(no-unbounded-cache)', message: message!.message, labels: [{ span: { line: 1, column: 28 } }] });
  expect(position(readFileSync(file), finding!.labels[0]!.span.offset)).toEqual({ line: 1, column: 26 });
});
