import type { API } from 'jscodeshift';
import { readFileSync } from 'node:fs';
import { countRuleFindings, SourceParseError, withLintSettings } from '../codemods/rule-findings';
import { mapLineMentions, mapLines } from '../codemods/line-map';
import type { CodemodEntry } from '../codemods/registry';
import type { Unfixable } from '../codemods/transform-api';
import { TRANSFORMS } from '../codemods/transforms';
import type { FileJob, FileResult, UnfixableInFile } from './file-job';
import { prefilteredResult, selectCodemods } from './file-job';

const BOM = '\uFEFF';

/**
 * Runs the chosen transforms over one file, in memory. The file is untouched here:
 * the caller type-checks and writes. Line endings and a byte-order mark are kept.
 */
export function fixFile(job: FileJob): FileResult {
  return withLintSettings(job.settings, () => fixWithSettings(job));
}

function fixWithSettings(job: FileJob): FileResult {
  const { file } = job;
  const original = readFileSync(file, 'utf8');
  const codemods = selectCodemods(job, original);
  if (codemods.length === 0) return prefilteredResult(file);

  // Transforms see LF text without a BOM; what they print is put back the way the file had it.
  const hasBom = original.startsWith(BOM);
  const crlf = original.includes('\r\n');
  const text = (hasBom ? original.slice(1) : original).replace(/\r\n/g, '\n');
  const rules = codemods.map((codemod) => codemod.rule);
  let before: Map<string, number>;
  try {
    before = countRuleFindings(text, file, rules);
  } catch (error) {
    return failed(file, error instanceof SourceParseError ? `does not parse (line ${error.line}): ${firstLine(error.parserMessage)}` : String(error));
  }

  // Each transform names lines of its own output; they are mapped to the file's lines once all have run.
  const left: { entry: Unfixable; transform: string; rewritten: string }[] = [];
  let output = text;
  for (const codemod of codemods) {
    if ((before.get(codemod.rule) ?? 0) === 0) continue;
    try {
      const unfixable: Unfixable[] = [];
      output = runTransform(codemod, file, output, job.options, (entry) => unfixable.push(entry));
      for (const entry of unfixable) left.push({ entry, transform: codemod.name, rewritten: output });
    } catch (error) {
      return failed(file, `the ${codemod.name} transform failed: ${firstLine((error as Error).message ?? String(error))}`);
    }
  }
  const unfixable = left.map(({ entry, transform, rewritten }) => locate(entry, transform, rewritten, text, output));
  if (output === text) return { file, status: 'unchanged', fixed: {}, unfixable };

  let after: Map<string, number>;
  try {
    after = countRuleFindings(output, file, rules);
  } catch (error) {
    return failed(file, `its rewrite would not parse: ${firstLine((error as Error).message)}`);
  }
  const fixed = Object.fromEntries(codemods.map((codemod) => [codemod.name, (before.get(codemod.rule) ?? 0) - (after.get(codemod.rule) ?? 0)]));
  const restored = (hasBom ? BOM : '') + (crlf ? output.replace(/\n/g, '\r\n') : output);
  return { file, status: 'changed', original, output: restored, fixed, unfixable };
}

/**
 * A finding left alone in `rewritten` (a transform's output), named by its line in the output of
 * all transforms (the file once written) and in the file as it was (`--dry`). The lines its
 * reason names (`spread (line 14)`) are mapped the same way.
 */
function locate(entry: Unfixable, transform: string, rewritten: string, original: string, output: string): UnfixableInFile {
  const toOutput = mapLines(rewritten, output);
  const toOriginal = mapLines(rewritten, original);
  return {
    transform,
    line: toOutput(entry.line),
    reason: mapLineMentions(entry.reason, toOutput),
    before: { line: toOriginal(entry.line), reason: mapLineMentions(entry.reason, toOriginal) },
  };
}

function runTransform(codemod: CodemodEntry, file: string, source: string, options: FileJob['options'], onUnfixable: (entry: Unfixable) => void): string {
  const result = TRANSFORMS[codemod.name]({ path: file, source }, getApi(), { ...options, onUnfixable });
  if (result !== undefined && result !== null && typeof result !== 'string') throw new Error('returned a promise; transforms run synchronously');
  return typeof result === 'string' ? result : source;
}

let api: API | undefined;

/** jscodeshift (with recast and Babel) loads when a transform first runs: most files never get that far. */
function getApi(): API {
  if (!api) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jscodeshift = require('jscodeshift') as API['jscodeshift'];
    api = { jscodeshift, j: jscodeshift, stats: () => {}, report: () => {} };
  }
  return api;
}

function failed(file: string, reason: string): FileResult {
  return { file, status: 'failed', reason, fixed: {}, unfixable: [] };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
