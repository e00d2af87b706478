import cliProgress from 'cli-progress';
import { createTwoFilesPatch } from 'diff';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileResult } from './file-job';
import { EXIT } from './exit-codes';
import plugin from 'eslint-plugin-redis-leaks';
import type { SkippedFile } from '../project/files';
import { isInside, selectSourceFiles } from '../project/files';
import { findTsconfigRoot } from '../project/lint-config';
import type { FileLintSettings } from '../project/lint';
import { ConfigLoadError, resolveProjectSettings } from '../project/settings';
import { DEFAULT_TTL_SECONDS } from './fix-defaults';
import { hasUncommittedChanges } from './git';
import { formatSummary, type FixReport } from './fix-report';
import { runFileJobs } from './run-jobs';
import { writeFileAtomically } from './write-file';
import type { CliIO } from './index';

export interface FixOptions {
  transforms: string[];
  /** `--ttl`; undefined: the `ttlSeconds` of the project's `require-expiry` settings, else 24 h. */
  ttl?: number;
  ttlName?: string;
  nx: boolean;
  max: number;
  cacheTtl: number;
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
 * changed, and writes it (or prints diffs with `--dry`). Exit 0 when every finding was
 * fixed, 1 when a file failed or findings are left to fix by hand (or the work tree is
 * dirty), 2 on a usage error.
 */
export async function runFix(paths: readonly string[], options: FixOptions, io: CliIO & { isTTY: boolean }): Promise<number> {
  const missing = paths.filter((given) => !existsSync(path.resolve(io.cwd, given)));
  if (missing.length > 0) {
    io.stderr(`redis-leaks fix: no such file or folder: ${missing.join(', ')}\n`);
    return EXIT.usage;
  }
  const writes = !options.dry && !options.print;
  if (writes && !options.force && hasUncommittedChanges(io.cwd)) {
    io.stderr(
      'redis-leaks fix: the git work tree has uncommitted changes. Commit or stash them first, so you can review what the fix changes, or pass --force.\n',
    );
    return EXIT.findings;
  }
  const selection = selectSourceFiles(paths, io.cwd);
  let settings;
  try {
    // Where the project's config sets no redis-leaks rule, every chosen transform's rule is on.
    settings = await resolveProjectSettings(selection.files, { cwd: io.cwd, configFile: options.configFile, preset: { name: 'all', config: plugin.configs.all }, typed: options.typed ?? false });
  } catch (error) {
    if (!(error instanceof ConfigLoadError)) throw error;
    io.stderr(`redis-leaks fix: ${error.message} (pass --no-config to use the built-in preset)\n`);
    return EXIT.usage;
  }
  const jobs = selection.files.flatMap((file) => {
    const fileSettings = settings.files.get(file);
    if (!fileSettings) return [];
    const ttl = options.ttl ?? configuredTtl(fileSettings) ?? DEFAULT_TTL_SECONDS;
    const codemodOptions = { ttl, ttlName: options.ttlName, nx: options.nx, max: options.max, cacheTtl: options.cacheTtl };
    return [{ file, transforms: options.transforms, options: codemodOptions, settings: fileSettings }];
  });

  const progress = io.isTTY && !options.json && jobs.length > 0 ? new cliProgress.SingleBar({ stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined;
  progress?.start(jobs.length, 0);
  let results = await runFileJobs(jobs, () => progress?.increment(), options.concurrency);
  progress?.stop();

  results = await applyTypeGate(results, options.typecheck ? findTsconfigRoot(io.cwd) : undefined);
  if (writes) results = writeChanges(results, paths.length > 0 ? paths.map((given) => path.resolve(io.cwd, given)) : [io.cwd]);

  const report = buildReport(results, selection.skipped, options, io.cwd, settings.origin);
  if (options.json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const result of results) {
      if (result.status !== 'changed') continue;
      if (options.dry) io.stdout(createTwoFilesPatch(relative(io.cwd, result.file), relative(io.cwd, result.file), result.original!, result.output!, 'before', 'after'));
      if (options.print) io.stdout(result.output!);
    }
    io.stdout(formatSummary(report, options.dry));
  }
  return report.files.failed > 0 || report.notFixed.length > 0 ? EXIT.findings : EXIT.clean;
}

/** Rolls back (marks failed) every rewrite that adds a type error, when the project has a tsconfig. */
async function applyTypeGate(results: FileResult[], tsconfigRoot: string | undefined): Promise<FileResult[]> {
  if (!tsconfigRoot) return results;
  // ts-morph is large: loaded only when a project has a tsconfig and the gate is on.
  const { findTypeRegressions } = await import('./type-gate.js');
  const changes = results.filter((result) => result.status === 'changed').map((result) => ({ file: result.file, before: result.original!, after: result.output! }));
  const regressions = new Map(findTypeRegressions(path.join(tsconfigRoot, 'tsconfig.json'), changes).map((regression) => [regression.file, regression.error]));
  return results.map((result) =>
    regressions.has(result.file)
      ? { ...result, status: 'failed', reason: `rolled back: the rewrite adds a type error (${regressions.get(result.file)})`, output: undefined }
      : result,
  );
}

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

/** The `ttlSeconds` the project's config gives `require-expiry` for this file, if any. */
function configuredTtl(settings: FileLintSettings): number | undefined {
  const entry = settings.rules['redis-leaks/require-expiry'];
  const ttl = Array.isArray(entry) ? (entry[1] as { ttlSeconds?: unknown } | undefined)?.ttlSeconds : undefined;
  return typeof ttl === 'number' ? ttl : undefined;
}

function buildReport(results: readonly FileResult[], skipped: readonly SkippedFile[], options: FixOptions, cwd: string, config: string): FixReport {
  const count = (status: FileResult['status']) => results.filter((result) => result.status === status).length;
  const fixed: Record<string, number> = Object.fromEntries(options.transforms.map((name) => [name, 0]));
  for (const result of results) {
    if (result.status !== 'changed') continue;
    for (const [name, n] of Object.entries(result.fixed)) fixed[name] = (fixed[name] ?? 0) + n;
  }
  const boundCacheUsed = results.some((result) => result.status === 'changed' && (result.fixed['bound-cache'] ?? 0) > 0);
  return {
    dry: options.dry,
    config,
    changed: results.filter((result) => result.status === 'changed').map((result) => relative(cwd, result.file)),
    files: {
      scanned: results.length,
      changed: count('changed'),
      unchanged: count('unchanged'),
      notParsed: results.filter((result) => result.prefiltered).length,
      skipped: skipped.length,
      failed: count('failed'),
    },
    fixed,
    skipped: skipped.map((entry) => ({ file: relative(cwd, entry.file), reason: entry.reason })),
    failed: results.filter((result) => result.status === 'failed').map((result) => ({ file: relative(cwd, result.file), reason: result.reason ?? '' })),
    notFixed: results.flatMap((result) =>
      result.status === 'failed' ? [] : result.unfixable.map((entry) => ({ file: relative(cwd, result.file), line: entry.line, transform: entry.transform, reason: entry.reason })),
    ),
    missingDependency: boundCacheUsed && !declaresDependency(cwd, 'lru-cache') ? 'lru-cache' : undefined,
  };
}

/** Whether the nearest package.json above `cwd` lists `name` among its dependencies. */
function declaresDependency(cwd: string, name: string): boolean {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
      return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((field) => pkg[field]?.[name] !== undefined);
    }
    if (path.dirname(dir) === dir) return false;
  }
}

function relative(cwd: string, file: string): string {
  return path.relative(cwd, file) || file;
}
