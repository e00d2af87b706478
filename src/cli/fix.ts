import cliProgress from 'cli-progress';
import { createTwoFilesPatch } from 'diff';
import path from 'node:path';
import type { FileResult } from './file-job';
import { EXIT } from './exit-codes';
import plugin from 'eslint-plugin-redis-leaks';
import { describeUnusablePaths, displayPath, isInside, selectSourceFiles } from '../project/files';
import { findTsconfigRoot, hasTsconfig, describeMissingTsconfig } from '../project/lint-config';
import { ConfigLoadError, resolveProjectSettings } from '../project/settings';
import type { CodemodOptions } from '../codemods/registry';
import { findUncommittedChanges } from './git';
import type { TypeGateOutcome } from './fix-report';
import { buildReport, formatSummary } from './fix-report';
import { runFileJobs } from './run-jobs';
import { writeFileAtomically } from './write-file';
import type { CliIO } from './index';

export interface FixOptions {
  transforms: string[];
  /** The transform options given on the command line (`--ttl`, `--max`, …); the others follow the project's rule settings. */
  codemodOptions: CodemodOptions;
  dry: boolean;
  print: boolean;
  json: boolean;
  force: boolean;
  typecheck: boolean;
  /** `--config FILE`, `false` for `--no-config`, undefined to look the project's config up. */
  configFile?: string | false;
  /** Lint with type information from each file's nearest tsconfig.json, whatever the config says. */
  typed?: boolean;
  concurrency?: number;
}

/**
 * `redis-leaks fix`: runs the transforms over the files under `paths`, type-checks what
 * changed, and writes it (or prints diffs with `--dry`). Exit 0 when every finding of the
 * transforms' rules was fixed, 1 when a file failed or such findings are left to fix by hand
 * (or files it would rewrite have uncommitted changes), 2 on a usage error.
 */
export async function runFix(paths: readonly string[], options: FixOptions, io: CliIO & { isTTY: boolean }): Promise<number> {
  const selection = selectSourceFiles(paths, io.cwd);
  const usage = describeUnusablePaths(paths, selection, io.cwd, 'fix');
  if (usage) {
    io.stderr(`redis-leaks fix: ${usage}\n`);
    return EXIT.usage;
  }
  let settings;
  try {
    // Where the project's config sets no redis-leaks rule, every chosen transform's rule is on.
    settings = await resolveProjectSettings(selection.files, { cwd: io.cwd, configFile: options.configFile, preset: { name: 'all', config: plugin.configs.all, label: 'every rule with its default options' }, typed: options.typed ?? false });
  } catch (error) {
    if (!(error instanceof ConfigLoadError)) throw error;
    io.stderr(`redis-leaks fix: ${error.message} (pass --no-config to use the built-in preset)\n`);
    return EXIT.usage;
  }
  if (options.typed && !hasTsconfig(io.cwd, settings.files.values())) {
    io.stderr(`redis-leaks fix: ${describeMissingTsconfig(io.cwd)}\n`);
    return EXIT.usage;
  }
  const jobs = selection.files.flatMap((file) => {
    const fileSettings = settings.files.get(file);
    if (!fileSettings) return [];
    return [{ file, transforms: options.transforms, options: options.codemodOptions, settings: fileSettings }];
  });
  const writes = !options.dry && !options.print;
  if (writes && !options.force) {
    // Only the files this run may rewrite: a changed README, an untracked note or a file the config ignores is not in the way.
    const refusal = describeUncommittedChanges(jobs.map((job) => job.file), io.cwd);
    if (refusal) {
      if (options.json) io.stdout(`${JSON.stringify({ refused: 'uncommitted changes', uncommitted: refusal.files }, null, 2)}\n`);
      io.stderr(`redis-leaks fix: ${refusal.message}`);
      return EXIT.findings;
    }
  }

  const progress = io.isTTY && !options.json && jobs.length > 0 ? new cliProgress.SingleBar({ stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined;
  progress?.start(jobs.length, 0);
  let results = await runFileJobs(jobs, () => progress?.increment(), options.concurrency);
  progress?.stop();

  const gated = await applyTypeGate(results, options.typecheck);
  results = gated.results;
  if (writes) results = writeChanges(results, paths.length > 0 ? paths.map((given) => path.resolve(io.cwd, given)) : [io.cwd]);

  const report = buildReport(results, { skipped: selection.skipped, dry: options.dry, transforms: options.transforms, cwd: io.cwd, settings, gate: gated.gate });
  if (options.json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const result of results) {
      if (result.status !== 'changed') continue;
      const name = displayPath(io.cwd, result.file).split(path.sep).join('/');
      // `a/` and `b/` as git writes them, so `git apply` takes the diff as it is.
      if (options.dry) io.stdout(createTwoFilesPatch(`a/${name}`, `b/${name}`, result.original!, result.output!));
      if (options.print) io.stdout(`==> ${name} <==\n${result.output!}${result.output!.endsWith('\n') ? '' : '\n'}`);
    }
    // With a diff or files on stdout, the summary goes to stderr so the output can be piped.
    (options.dry || options.print ? io.stderr : io.stdout)(formatSummary(report, options.dry ? 'dry' : options.print ? 'print' : undefined));
  }
  return report.files.failed > 0 || report.notFixed.length > 0 ? EXIT.findings : EXIT.clean;
}

/**
 * Rolls back (marks failed) every rewrite that adds a type error, each TypeScript file
 * checked against its own nearest tsconfig.json (or the referenced project that includes it).
 */
async function applyTypeGate(results: FileResult[], enabled: boolean): Promise<{ results: FileResult[]; gate: TypeGateOutcome | undefined }> {
  const changed = results.filter((result) => result.status === 'changed' && TYPESCRIPT_FILE.test(result.file));
  if (!enabled || changed.length === 0) return { results, gate: enabled ? { checked: [], unchecked: [] } : undefined };
  // ts-morph is large: loaded only when a TypeScript file changed and the gate is on.
  const { findTsconfigFor, findTypeRegressions } = await import('./type-gate.js');
  const byConfig = new Map<string, FileResult[]>();
  const unchecked: TypeGateOutcome['unchecked'] = [];
  for (const result of changed) {
    const tsconfig = findTsconfigFor(result.file, findTsconfigRoot);
    if (!tsconfig) unchecked.push({ file: result.file, reason: 'no tsconfig.json in its folder or above' });
    else byConfig.set(tsconfig, [...(byConfig.get(tsconfig) ?? []), result]);
  }
  const regressions = new Map<string, string>();
  for (const [tsconfig, group] of byConfig) {
    const changes = group.map((result) => ({ file: result.file, before: result.original!, after: result.output! }));
    for (const regression of findTypeRegressions(tsconfig, changes)) regressions.set(regression.file, regression.error);
  }
  const checked = [...byConfig].flatMap(([tsconfig, group]) => group.map((result) => ({ file: result.file, tsconfig })));
  return {
    results: results.map((result) =>
      regressions.has(result.file)
        ? { ...result, status: 'failed', reason: `rolled back: the rewrite adds a type error (${regressions.get(result.file)})`, output: undefined, rolledBack: true }
        : result,
    ),
    gate: { checked, unchecked },
  };
}

const TYPESCRIPT_FILE = /\.(?:[cm]?ts|tsx)$/;

function writeChanges(results: FileResult[], roots: readonly string[]): FileResult[] {
  return results.map((result) => {
    if (result.status !== 'changed') return result;
    try {
      if (!isInside(result.file, roots)) return { ...result, status: 'failed', reason: 'resolves outside the given paths; not written' };
      writeFileAtomically(result.file, result.output!);
      return result;
    } catch (error) {
      return { ...result, status: 'failed', reason: `could not be written: ${(error as Error).message}` };
    }
  });
}

/** Why the run must not write: files with uncommitted changes, or a repository whose status git could not tell. */
function describeUncommittedChanges(files: readonly string[], cwd: string): { files: string[]; message: string } | undefined {
  const { files: changed, unreadable } = findUncommittedChanges(files);
  const names = changed.map((file) => displayPath(cwd, file));
  if (names.length > 0) {
    const shown = names.slice(0, 10).map((file) => `  ${file}\n`).join('');
    const more = names.length > 10 ? `  … and ${names.length - 10} more\n` : '';
    return { files: names, message: `these files have uncommitted changes:\n${shown}${more}Commit or stash them first, so you can review what the fix changes, or pass --force.\n` };
  }
  if (unreadable.length > 0) {
    const shown = unreadable.map(({ root, reason }) => `  ${displayPath(cwd, root)}: ${reason}\n`).join('');
    return { files: [], message: `could not read the git status of:\n${shown}so uncommitted changes could be overwritten; pass --force to write anyway.\n` };
  }
  return undefined;
}
