// Codemod throughput: `redis-leaks fix --dry` against a no-op jscodeshift pass over the same files.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './corpus.mjs';

/** Folders `redis-leaks fix` (and jscodeshift, for node_modules) skip; renamed in the copy so both tools see every file. */
const RENAMED = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.git']);

/** Copies the corpus into a fresh temp folder, renaming skipped folder names; returns the folder. */
export function copyCorpus(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'redis-leaks-bench-'));
  const copy = path.join(dir, 'corpus');
  for (const file of files) {
    const relative = path.relative(ROOT, file).split(path.sep).map((part) => (RENAMED.has(part) ? `_${part}` : part));
    const target = path.join(copy, ...relative);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  return { dir, copy };
}

/** Runs a command under /usr/bin/time -v; returns wall seconds, peak RSS (KiB) and stdout. */
function timed(command, args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  return { seconds, maxRssKiB: rss ? Number(rss[1]) : undefined, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs each tool `reps` times, alternating; times are means, peak RSS the highest of the runs. */
export function benchFix(files, cores, reps = 2) {
  const { dir, copy } = copyCorpus(files);
  try {
    const noop = path.join(dir, 'noop-transform.cjs');
    writeFileSync(noop, 'module.exports = (file, api) => { api.jscodeshift(file.source); };\n');

    const fixArgs = [path.join(ROOT, 'packages/redis-leaks/dist/cli/bin.js'), 'fix', copy, '--dry', '--json', '--no-typecheck', '--no-config', '--concurrency', String(cores)];
    const runFix = () => timed(process.execPath, fixArgs, dir);
    // The Redis transforms alone: their pre-filter is a Redis module's name, so few files are parsed.
    const runRedisFix = () => timed(process.execPath, [...fixArgs, '--transform', 'close-client,add-expiry'], dir);
    const runNoop = () => {
      const run = timed(
        path.join(ROOT, 'node_modules/.bin/jscodeshift'),
        ['--no-babel', '-t', noop, '--parser=tsx', '--extensions=ts,js,mjs,cjs,mts,cts', '-c', String(cores), '--dry', '--silent', copy],
        dir,
      );
      if (run.status !== 0) throw new Error(`jscodeshift failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
      return run;
    };
    // ABBA order, so neither tool always runs on a cold page cache.
    const fixRuns = [];
    const redisRuns = [];
    const noopRuns = [];
    for (let rep = 0; rep < reps; rep++) {
      if (rep % 2 === 0) {
        fixRuns.push(runFix());
        redisRuns.push(runRedisFix());
        noopRuns.push(runNoop());
      } else {
        noopRuns.push(runNoop());
        redisRuns.push(runRedisFix());
        fixRuns.push(runFix());
      }
    }
    const report = parseReport(fixRuns[0]);
    const redisReport = parseReport(redisRuns[0]);
    const summary = (runs) => ({
      seconds: runs.reduce((sum, run) => sum + run.seconds, 0) / runs.length,
      allSeconds: runs.map((run) => run.seconds),
      maxRssKiB: Math.max(...runs.map((run) => run.maxRssKiB ?? NaN)),
      allRssKiB: runs.map((run) => run.maxRssKiB),
    });

    return {
      files: files.length,
      reps,
      fix: { ...summary(fixRuns), exit: fixRuns[0].status, report: report.files, fixed: report.fixed },
      redisFix: { ...summary(redisRuns), exit: redisRuns[0].status, report: redisReport.files, fixed: redisReport.fixed },
      noop: summary(noopRuns),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseReport(run) {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`redis-leaks fix gave no JSON report (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
  }
}
