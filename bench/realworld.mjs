// Real-code corpus: public repositories that use Redis clients, linted with this plugin's `configs.all`.
// See bench/realworld-fetch.md. Not part of `npm test` or `npm run bench`.
//
//   node bench/realworld.mjs --prepare      write the pinned sources (with their package.json and tsconfig files,
//                                            not linted) from the fetched mirrors into REALWORLD_DIR, and link
//                                            each repository's workspace packages into its node_modules
//   node bench/realworld.mjs [--out FILE]    lint them: findings per rule and repository, parse failures,
//                                            rule time / parse-only, peak RSS; every finding to FILE
//
// Options: --only owner/name[,owner/name…] (a subset of the repositories), --stride N (every Nth file),
// --jobs N (worker threads, default: the number of cores; each alternates the two configs per file),
// --rule-times-stride N (a separate ESLint `stats` pass for per-rule times on every Nth file, default 5;
// 0: none), --anchor (also lint each file with `@typescript-eslint/no-unused-vars` alone, the bench's anchor,
// rotating the three configs per file: what one ordinary rule costs over parse-only on the same files),
// --per-repository (each repository in a fresh worker thread, as one `eslint` run per checkout: no cache of
// the plugin carries over from one repository to the next; --jobs of them at a time), --help.
// Environment: REALWORLD_DIR (default /work/corpus), REALWORLD_MIRRORS (default /work/.mirror).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, threadId, Worker, workerData } from 'node:worker_threads';
import { ROOT } from './corpus.mjs';
import { OUR_RULES, prepareConfig } from './lint.mjs';
import { linkWorkspacePackages } from './workspace-links.mjs';

const require = createRequire(import.meta.url);

export const REPOS_FILE = path.join(import.meta.dirname, 'realworld-repos.json');
export const CORPUS_DIR = path.resolve(process.env.REALWORLD_DIR ?? '/work/corpus');
export const MIRRORS = path.resolve(process.env.REALWORLD_MIRRORS ?? '/work/.mirror');
const MANIFEST = 'manifest.json';
/** The extensions written by --prepare and linted. */
export const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const TS = /\.(?:[cm]?ts|tsx)$/;
const LINTED_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];
export const MAX_BYTES = 1024 * 1024;
/** Files that tell where a project and its packages are and how imports resolve: placed with the sources, not linted. */
export const CONFIG_FILE = /(?:^|\/)(?:package\.json|[jt]sconfig[\w.-]*\.json|pnpm-workspace\.yaml)$/;
const CONTEXT_LINES = 3;
/** A file whose lint takes longer is named on the way (a run that seems to stall). */
const SLOW_FILE_NS = 5_000_000_000n;

// ---------------------------------------------------------------------------------------------
// --prepare

/** The bare git directory `fetch` made for `owner/name`: `<mirrors>/<owner>+<name>/repo` (or `repo/.git`). */
export function mirrorFor(repo, mirrors = MIRRORS) {
  const wanted = repo.replace('/', '+').toLowerCase();
  const entry = existsSync(mirrors) ? readdirSync(mirrors).find((name) => name.toLowerCase() === wanted) : undefined;
  if (!entry) return undefined;
  for (const candidate of ['repo/.git', 'repo', '.git', '']) {
    const dir = path.join(mirrors, entry, candidate);
    if (existsSync(path.join(dir, 'HEAD')) && existsSync(path.join(dir, 'objects'))) return dir;
  }
  return undefined;
}

function git(gitDir, args, input) {
  const result = spawnSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 2 ** 31 - 1 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} (${gitDir}) failed: ${result.stderr?.toString().trim()}`);
  return result.stdout;
}

/** Minified: named so, or lines over 500 characters on average (bundles; SVG icons and data tables stay in). */
export function isMinified(file, text) {
  if (/[.-]min\.[cm]?js$/.test(file)) return true;
  if (text.length < 2000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.length / lines > 500;
}

/** Path segments that must not become paths on disk. */
function safeRelative(file) {
  const parts = file.split('/');
  return parts.every((part) => part !== '' && part !== '.' && part !== '..') ? parts : undefined;
}

/** Writes the JS/TS sources of one repository's pinned commit into `<into>/<owner>+<name>/`. */
export function prepareRepo({ repo, commit }, into = CORPUS_DIR) {
  const gitDir = mirrorFor(repo);
  if (!gitDir) throw new Error(`no mirror of ${repo} under ${MIRRORS}: call the fetch tool with github:${repo} first`);
  try {
    git(gitDir, ['cat-file', '-e', `${commit}^{commit}`]);
  } catch {
    throw new Error(`${repo}: commit ${commit} is not in ${gitDir} (the mirror is a newer snapshot? fetch again or update the pin)`);
  }
  const skipped = { nodeModules: 0, symlink: 0, missing: 0, large: 0, minified: 0, badPath: 0 };
  // <mode> SP <type> SP <object> TAB <path> NUL
  const entries = [];
  const configEntries = [];
  for (const record of git(gitDir, ['ls-tree', '-r', '-z', commit]).toString('utf8').split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, sha] = record.slice(0, tab).split(' ');
    const file = record.slice(tab + 1);
    const isConfig = CONFIG_FILE.test(file);
    if (type !== 'blob' || !(SOURCE.test(file) || isConfig)) continue;
    if (file.split('/').includes('node_modules')) skipped.nodeModules++;
    else if (mode === '120000') skipped.symlink++;
    else if (!safeRelative(file)) skipped.badPath++;
    else (isConfig ? configEntries : entries).push({ sha, file });
  }
  // Sizes first (missing blobs: the snapshot leaves out files of 4 MiB and more), then the contents.
  const shas = [...new Set([...entries, ...configEntries].map((entry) => entry.sha))];
  const sizes = new Map();
  for (const line of git(gitDir, ['cat-file', '--batch-check'], shas.join('\n') + '\n').toString('utf8').split('\n')) {
    const [sha, type, size] = line.split(' ');
    if (sha && type === 'blob') sizes.set(sha, Number(size));
  }
  const wanted = entries.filter(({ sha }) => {
    if (!sizes.has(sha)) return (skipped.missing++, false);
    if (sizes.get(sha) > MAX_BYTES) return (skipped.large++, false);
    return true;
  });
  const contents = new Map();
  const configs = configEntries.filter(({ sha }) => sizes.has(sha) && sizes.get(sha) <= MAX_BYTES);
  const wantedShas = [...new Set([...wanted, ...configs].map((entry) => entry.sha))];
  const batch = wantedShas.length ? git(gitDir, ['cat-file', '--batch'], wantedShas.join('\n') + '\n') : Buffer.alloc(0);
  for (let at = 0; at < batch.length; ) {
    const eol = batch.indexOf(0x0a, at);
    const [sha, type, size] = batch.subarray(at, eol).toString('utf8').split(' ');
    if (type === 'missing' || size === undefined) {
      at = eol + 1;
      continue;
    }
    const length = Number(size);
    contents.set(sha, batch.subarray(eol + 1, eol + 1 + length));
    at = eol + 1 + length + 1;
  }
  const dest = path.join(into, repo.replace('/', '+'));
  rmSync(dest, { recursive: true, force: true });
  const files = [];
  let bytes = 0;
  for (const { sha, file } of wanted) {
    const content = contents.get(sha);
    if (!content) {
      skipped.missing++;
      continue;
    }
    if (isMinified(file, content.toString('utf8'))) {
      skipped.minified++;
      continue;
    }
    const target = path.join(dest, ...safeRelative(file));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    files.push(file);
    bytes += content.length;
  }
  // What resolves imports and marks projects (tsconfig paths, package roots, workspaces), written beside the sources but not linted.
  let configFiles = 0;
  for (const { sha, file } of configs) {
    const content = contents.get(sha);
    if (!content) continue;
    const target = path.join(dest, ...safeRelative(file));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    configFiles++;
  }
  files.sort();
  // As installed: the workspace packages linked into node_modules, where imports of them resolve.
  const workspacePackages = linkWorkspacePackages(dest);
  return { repo, commit, gitDir, files, bytes, skipped, configFiles, workspacePackages };
}

function prepare(repos) {
  mkdirSync(CORPUS_DIR, { recursive: true });
  const manifestPath = path.join(CORPUS_DIR, MANIFEST);
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : { repos: {} };
  let total = 0;
  const failed = [];
  for (const entry of repos) {
    const started = Date.now();
    try {
      const result = prepareRepo(entry);
      manifest.repos[entry.repo] = { commit: result.commit, files: result.files, bytes: result.bytes, configFiles: result.configFiles, workspacePackages: result.workspacePackages, skipped: result.skipped };
      total += result.files.length;
      const skipped = Object.entries(result.skipped).filter(([, n]) => n > 0).map(([why, n]) => `${n} ${why}`).join(', ');
      console.error(`prepare: ${entry.repo}@${entry.commit.slice(0, 10)}: ${result.files.length} files (${(result.bytes / 1e6).toFixed(1)} MB) and ${result.configFiles} package.json/tsconfig files${result.workspacePackages ? `, ${result.workspacePackages} workspace packages linked` : ''}${skipped ? `, skipped ${skipped}` : ''} [${Date.now() - started} ms]`);
    } catch (error) {
      failed.push(entry.repo);
      delete manifest.repos[entry.repo];
      console.error(`prepare: ${entry.repo}: ${error.message}`);
    }
  }
  manifest.prepared = new Date().toISOString();
  writeFileSync(manifestPath, JSON.stringify(manifest) + '\n');
  console.error(`prepare: ${total} files from ${repos.length - failed.length} repositories in ${CORPUS_DIR}${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`);
  if (failed.length) process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------
// lint

/** The language options `src/cli/lint-config.ts` gives each kind of file (typescript-eslint's parser infers JSX from `.tsx`). */
export function languageFor(file) {
  return TS.test(file) ? { parser: require('@typescript-eslint/parser') } : { parserOptions: { ecmaFeatures: { jsx: true } } };
}

/** The reported line with CONTEXT_LINES lines either side, numbered, the reported one marked with `>`. */
export function snippetOf(lines, line) {
  const from = Math.max(1, line - CONTEXT_LINES);
  const to = Math.min(lines.length, line + CONTEXT_LINES);
  const width = String(to).length;
  const out = [];
  for (let n = from; n <= to; n++) {
    const text = lines[n - 1].length > 240 ? `${lines[n - 1].slice(0, 240)}…` : lines[n - 1];
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`);
  }
  return out.join('\n');
}

const NOT_LINTED = /^No matching configuration found|^File ignored/;
const isOurs = (message) => typeof message.ruleId === 'string' && message.ruleId.startsWith('redis-leaks/');
const newRepoStats = () => ({ files: 0, linted: 0, unparsable: 0, findings: Object.fromEntries(OUR_RULES.map((r) => [r, 0])), suppressed: 0, parseNs: 0n, oursNs: 0n, anchorNs: 0n });

/**
 * ESLint's `Linter` per repository (its working folder is the repository's, as when ESLint runs in
 * a checkout) with the configs of one file: parse only, `configs.all`, and each rule alone (used after a crash).
 */
function makeLinter() {
  const plugin = require(path.join(PLUGIN_DIST, 'index.js'));
  const { Linter } = require('eslint');
  const linters = new Map();
  const linter = (repo) => {
    if (!linters.has(repo)) linters.set(repo, new Linter({ cwd: path.join(CORPUS_DIR, repo.replace('/', '+')) }));
    return linters.get(repo);
  };
  // Named extensions, as in src/cli/lint-config.ts: a flat config whose only pattern is `**/*` matches
  // no `.ts`/`.tsx`/`.jsx` file ("No matching configuration found"), only the default `.js`/`.mjs`/`.cjs`.
  const base = { files: LINTED_FILES, linterOptions: { reportUnusedDisableDirectives: 'off' } };
  const ours = { files: LINTED_FILES, plugins: plugin.configs.all.plugins, rules: plugin.configs.all.rules };
  // The bench's anchor (bench/lint.mjs): one scope-based rule most TypeScript projects run.
  const anchor = { files: LINTED_FILES, plugins: { '@typescript-eslint': require('typescript-eslint').plugin }, rules: { '@typescript-eslint/no-unused-vars': 'error' } };
  // Prepared once per repository and kind of file, as an `eslint` run in that checkout has them (see prepareConfig).
  const prepared = new Map();
  const configsFor = (file, repo) => {
    const key = `${repo}\0${TS.test(file) ? 'ts' : 'js'}`;
    if (!prepared.has(key)) {
      const basePath = path.join(CORPUS_DIR, repo.replace('/', '+'));
      const language = { ...base, languageOptions: languageFor(file) };
      const configs = (...parts) => prepareConfig([language, ...parts], basePath);
      prepared.set(key, {
        parse: configs(),
        ours: configs(ours),
        anchor: configs(anchor),
        single: Object.fromEntries(OUR_RULES.map((rule) => [rule, configs({ ...ours, rules: { [rule]: 'error' } })])),
      });
    }
    return prepared.get(key);
  };
  return { linter, configsFor };
}

const PLUGIN_DIST = path.join(ROOT, 'packages/eslint-plugin-redis-leaks/dist');

/** Which build of the plugin is linted: a hash of its dist/*.js, and their newest mtime (a rebuild during a run changes the findings). */
function pluginFingerprint() {
  const hash = createHash('sha256');
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) {
        hash.update(path.relative(PLUGIN_DIST, full)).update(readFileSync(full));
        newest = Math.max(newest, statSync(full).mtimeMs);
      }
    }
  };
  walk(PLUGIN_DIST);
  const head = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  return { distSha256: hash.digest('hex').slice(0, 16), built: new Date(newest).toISOString(), head };
}

const corpusPath = (job) => path.join(CORPUS_DIR, job.repo.replace('/', '+'), job.file);

/** Untimed: both configs on WARM_UP files spread over `jobs`, so parsers and rules are loaded and compiled before timing starts. */
const WARM_UP = 40;
function warmUp(linter, configsFor, jobs) {
  const step = Math.max(1, Math.floor(jobs.length / WARM_UP));
  for (let i = 0; i < jobs.length; i += step) {
    const job = jobs[i];
    try {
      const code = readFileSync(corpusPath(job), 'utf8');
      const configs = configsFor(job.file, job.repo);
      linter(job.repo).verify(code, configs.parse, { filename: corpusPath(job) });
      linter(job.repo).verify(code, configs.ours, { filename: corpusPath(job) });
    } catch {
      // unreadable, or a crash: the timed loop reports it
    }
  }
}

/**
 * Lints `jobs` ({ repo, commit, file, index }) in this thread: each file with parse only and with
 * `configs.all`, in an order that alternates with the file's index, as bench/lint.mjs does. Every
 * RULE_TIMES_STRIDE-th file also gets a separate `stats: true` pass for per-rule times.
 */
function lintShare(jobs, { ruleTimesStride, anchor, warmUpJobs }) {
  const { linter, configsFor } = makeLinter();
  const perRepo = {};
  const findings = [];
  const parseFailures = [];
  const crashes = [];
  const ruleMs = Object.fromEntries(OUR_RULES.map((rule) => [rule, 0]));
  let candidates = [];
  let parseNs = 0n;
  let oursNs = 0n;
  let anchorNs = 0n;
  let statsFiles = 0;
  let statsParseMs = 0;
  let statsRulesMs = 0;
  const started = Date.now();

  const describeCrash = (job, error, rule) => ({
    repo: job.repo,
    commit: job.commit,
    path: job.file,
    ruleId: rule ?? error?.ruleId ?? null,
    message: String(error?.message ?? error),
    stack: String(error?.stack ?? error),
  });

  warmUp(linter, configsFor, warmUpJobs ?? jobs);
  jobs.forEach((job, n) => {
    const stats = (perRepo[job.repo] ??= newRepoStats());
    stats.files++;
    const filename = corpusPath(job);
    let code;
    try {
      code = readFileSync(filename, 'utf8');
    } catch (error) {
      parseFailures.push({ repo: job.repo, path: job.file, message: `unreadable: ${error.message}` });
      stats.unparsable++;
      return;
    }
    const configs = configsFor(job.file, job.repo);
    const names = anchor ? ['parse', 'ours', 'anchor'] : ['parse', 'ours'];
    const order = names.map((_, i) => names[(i + job.index) % names.length]);
    const times = {};
    const results = {};
    let crash;
    for (const name of order) {
      const start = process.hrtime.bigint();
      try {
        results[name] = linter(job.repo).verify(code, configs[name], { filename });
        if (name === 'ours') results.suppressed = linter(job.repo).getSuppressedMessages();
      } catch (error) {
        if (name === 'ours') crash = error;
        else if (name === 'parse') results[name] = [{ fatal: true, message: `parser threw: ${error?.message ?? error}`, line: 0, column: 0 }];
      }
      times[name] = process.hrtime.bigint() - start;
      if (times[name] > SLOW_FILE_NS) console.error(`lint [worker ${threadId}]: slow: ${job.repo}:${job.file} took ${Number(times[name] / 1_000_000n)} ms (${name})`);
    }
    // A parse error, or a file the config does not lint (ESLint's warning, with no rule): not linted.
    const fatal = results.parse.find((message) => message.fatal || (message.ruleId === null && NOT_LINTED.test(message.message)));
    if (fatal) {
      stats.unparsable++;
      parseFailures.push({ repo: job.repo, path: job.file, line: fatal.line, column: fatal.column, message: fatal.message });
      return;
    }
    stats.linted++;
    let messages = results.ours ?? [];
    let suppressed = results.suppressed ?? [];
    if (crash) {
      // A rule threw: keep what the other rules find (one rule at a time), report each rule that throws.
      messages = [];
      suppressed = [];
      let found = false;
      for (const rule of OUR_RULES) {
        try {
          messages.push(...linter(job.repo).verify(code, configs.single[rule], { filename }));
          suppressed.push(...linter(job.repo).getSuppressedMessages());
        } catch (error) {
          found = true;
          crashes.push(describeCrash(job, error, rule));
          console.error(`lint: rule ${rule} crashed on ${job.repo}:${job.file}\n${error?.stack ?? error}`);
        }
      }
      if (!found) {
        crashes.push(describeCrash(job, crash)); // threw only with all rules together
        console.error(`lint: configs.all crashed on ${job.repo}:${job.file}\n${crash?.stack ?? crash}`);
      }
    } else {
      // Timing only for files both configs linted to the end.
      stats.parseNs += times.parse;
      stats.oursNs += times.ours;
      parseNs += times.parse;
      oursNs += times.ours;
      if (anchor) {
        stats.anchorNs += times.anchor;
        anchorNs += times.anchor;
      }
      candidates.push({ repo: job.repo, commit: job.commit, file: job.file, index: job.index, extraMs: Number(times.ours - times.parse) / 1e6 });
      if (candidates.length > 400) {
        candidates.sort((a, b) => b.extraMs - a.extraMs);
        candidates.length = 40;
      }
      if (ruleTimesStride > 0 && job.index % ruleTimesStride === 0) {
        try {
          const start = process.hrtime.bigint();
          linter(job.repo).verifyAndFix(code, configs.ours, { filename, stats: true, fix: false });
          const took = process.hrtime.bigint() - start;
          if (took > SLOW_FILE_NS) console.error(`lint [worker ${threadId}]: slow: ${job.repo}:${job.file} took ${Number(took / 1_000_000n)} ms (stats)`);
          statsFiles++;
          for (const pass of linter(job.repo).getTimes().passes) {
            statsParseMs += pass.parse?.total ?? 0;
            for (const [rule, time] of Object.entries(pass.rules ?? {})) {
              if (rule in ruleMs) {
                ruleMs[rule] += time.total;
                statsRulesMs += time.total;
              }
            }
          }
        } catch {
          // the timed pass linted it without a crash; nothing to add
        }
      }
    }
    const ours = messages.filter(isOurs);
    const ourSuppressed = suppressed.filter(isOurs);
    stats.suppressed += ourSuppressed.length;
    const lines = ours.length ? code.split(/\r\n|\r|\n/) : [];
    for (const message of ours) {
      stats.findings[message.ruleId]++;
      findings.push({
        repo: job.repo,
        commit: job.commit,
        path: job.file,
        line: message.line,
        column: message.column,
        ruleId: message.ruleId,
        message: message.message,
        snippet: snippetOf(lines, message.line),
      });
    }
    if ((n + 1) % 2500 === 0) {
      const line = `lint${isMainThread ? '' : ` [worker ${threadId}]`}: ${n + 1}/${jobs.length} files, ${findings.length} findings, ${((Date.now() - started) / 1000).toFixed(0)} s, RSS ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MiB`;
      // A worker's console output waits for its event loop, which this loop never yields to: a
      // two-thread run would look stalled after its first lines. A message reaches the main thread at once.
      if (isMainThread) console.error(line);
      else parentPort.postMessage({ progress: line });
    }
  });
  candidates.sort((a, b) => b.extraMs - a.extraMs);
  candidates = candidates.slice(0, 40);
  return { perRepo, findings, parseFailures, crashes, ruleMs, candidates, parseNs, oursNs, anchorNs, statsFiles, statsParseMs, statsRulesMs };
}

/**
 * Runs lintShare in `jobs` worker threads (files dealt round-robin), or in this thread for 1; with
 * `perRepository`, each repository in a fresh worker thread of its own (its own heap and its own
 * copy of the plugin, so no cache of one repository's lint serves another), `threads` at a time.
 */
async function lintParallel(jobs, threads, options, perRepository) {
  if (perRepository) return lintEachRepository(jobs, threads, options);
  if (threads <= 1) return [lintShare(jobs, options)];
  const shares = Array.from({ length: threads }, (_, k) => jobs.filter((_, i) => i % threads === k));
  return Promise.all(shares.map((share) => lintInWorker(share, options)));
}

/**
 * One `eslint` run per checkout, as users lint: every repository's files in a new worker. The
 * warm-up (parsers and rules compiled before timing) lints files of the repository before it in
 * the list, so the timed files find the plugin's caches as cold as a fresh run does (a repository
 * linted alone warms up on its own files).
 */
async function lintEachRepository(jobs, threads, options) {
  const byRepo = new Map();
  for (const job of jobs) {
    if (!byRepo.has(job.repo)) byRepo.set(job.repo, []);
    byRepo.get(job.repo).push(job);
  }
  const shares = [...byRepo.values()];
  const results = [];
  let next = 0;
  const lintNext = async () => {
    while (next < shares.length) {
      const index = next++;
      const warmUpShare = shares[(index + shares.length - 1) % shares.length];
      results[index] = await lintInWorker(shares[index], { ...options, warmUpJobs: warmUpShare });
    }
  };
  await Promise.all(Array.from({ length: Math.min(threads, shares.length) }, lintNext));
  return results;
}

function lintInWorker(share, options) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(import.meta.filename, { workerData: { realworldShare: share, options } });
    worker.on('message', (message) => (typeof message?.progress === 'string' ? console.error(message.progress) : resolve(message)));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`lint worker exited with code ${code}`)));
  });
}

/**
 * The per-file overhead of the largest candidates, timed again (best of 3 alternating rounds after a
 * warm-up), so a GC pause does not put a file on the list; plus the rules' own time from ESLint's stats.
 */
function retime(candidates) {
  const { linter, configsFor } = makeLinter();
  warmUp(linter, configsFor, candidates);
  return candidates.flatMap((job) => {
    try {
      return [retimeOne(linter, configsFor, job)];
    } catch {
      return []; // linted without a crash before; nothing to add if it throws now
    }
  });
}

/** One file: best of 3 alternating rounds of each config, then one `stats` pass for the rules' own times. */
function retimeOne(linter, configsFor, job) {
  const filename = corpusPath(job);
  const code = readFileSync(filename, 'utf8');
  const configs = configsFor(job.file, job.repo);
  const best = { parse: Infinity, ours: Infinity };
  for (let round = 0; round < 3; round++) {
    for (const name of round % 2 === 0 ? ['parse', 'ours'] : ['ours', 'parse']) {
      const start = process.hrtime.bigint();
      linter(job.repo).verify(code, configs[name], { filename });
      best[name] = Math.min(best[name], Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  linter(job.repo).verifyAndFix(code, configs.ours, { filename, stats: true, fix: false });
  const rules = {};
  for (const pass of linter(job.repo).getTimes().passes) for (const [rule, time] of Object.entries(pass.rules ?? {})) rules[rule] = (rules[rule] ?? 0) + time.total;
  const [topRule, topMs] = Object.entries(rules).sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  const rulesMs = Object.values(rules).reduce((a, b) => a + b, 0);
  return { repo: job.repo, path: job.file, parseMs: best.parse, oursMs: best.ours, extraMs: best.ours - best.parse, rulesMs, topRule, topRuleMs: topMs };
}

async function lint(repos, { out, stride, ruleTimesStride, threads, anchor, perRepository }) {
  const manifestPath = path.join(CORPUS_DIR, MANIFEST);
  if (!existsSync(manifestPath)) throw new Error(`no corpus in ${CORPUS_DIR}: run \`node bench/realworld.mjs --prepare\` first (see bench/realworld-fetch.md)`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const jobs = [];
  for (const { repo, commit } of repos) {
    const entry = manifest.repos[repo];
    if (!entry) throw new Error(`${repo} is not in the corpus: run --prepare`);
    if (entry.commit !== commit) throw new Error(`${repo}: the corpus holds ${entry.commit}, realworld-repos.json pins ${commit}: run --prepare`);
    entry.files.forEach((file, i) => {
      if (i % stride === 0) jobs.push({ repo, commit, file, index: jobs.length });
    });
  }
  const started = Date.now();
  const plugin = pluginFingerprint();
  console.error(`lint: ${jobs.length} files of ${repos.length} repositories, ${threads} thread(s)${perRepository ? ', a fresh one per repository' : ''}, parse only + configs.all${anchor ? ' + the anchor' : ''} rotating${ruleTimesStride ? `, per-rule stats on every ${ruleTimesStride}th file` : ''} ...`);
  const parts = await lintParallel(jobs, threads, { ruleTimesStride, anchor }, perRepository);

  // Merge the threads' results, in the order of realworld-repos.json.
  const perRepo = Object.fromEntries(repos.map(({ repo }) => [repo, newRepoStats()]));
  const ruleMs = Object.fromEntries(OUR_RULES.map((rule) => [rule, 0]));
  let parseNs = 0n;
  let oursNs = 0n;
  let anchorNs = 0n;
  let statsFiles = 0;
  let statsParseMs = 0;
  let statsRulesMs = 0;
  const findings = [];
  const parseFailures = [];
  const crashes = [];
  const candidates = [];
  for (const part of parts) {
    for (const [repo, r] of Object.entries(part.perRepo)) {
      const into = perRepo[repo];
      for (const key of ['files', 'linted', 'unparsable', 'suppressed', 'parseNs', 'oursNs', 'anchorNs']) into[key] += r[key];
      for (const rule of OUR_RULES) into.findings[rule] += r.findings[rule];
    }
    for (const rule of OUR_RULES) ruleMs[rule] += part.ruleMs[rule];
    parseNs += part.parseNs;
    oursNs += part.oursNs;
    anchorNs += part.anchorNs;
    statsFiles += part.statsFiles;
    statsParseMs += part.statsParseMs;
    statsRulesMs += part.statsRulesMs;
    findings.push(...part.findings);
    parseFailures.push(...part.parseFailures);
    crashes.push(...part.crashes);
    candidates.push(...part.candidates);
  }
  const order = new Map(jobs.map((job) => [`${job.repo}\0${job.file}`, job.index]));
  const byJob = (a, b) => order.get(`${a.repo}\0${a.path}`) - order.get(`${b.repo}\0${b.path}`);
  findings.sort((a, b) => byJob(a, b) || a.line - b.line || a.column - b.column);
  parseFailures.sort(byJob);
  crashes.sort(byJob);
  const lintSeconds = (Date.now() - started) / 1000;
  // Before the re-timing below, which parses the slowest files (some of the largest) again.
  const lintPeakRssMiB = process.resourceUsage().maxRSS / 1024;
  candidates.sort((a, b) => b.extraMs - a.extraMs);
  const slowest = retime(candidates.slice(0, 15)).sort((a, b) => b.extraMs - a.extraMs).slice(0, 10);

  const ms = (ns) => Number(ns) / 1e6;
  const pluginAfter = pluginFingerprint();
  const summary = {
    date: new Date().toISOString(),
    plugin: { ...plugin, changedDuringRun: pluginAfter.distSha256 !== plugin.distSha256 },
    corpus: CORPUS_DIR,
    stride,
    threads,
    perRepository,
    repositories: repos.length,
    files: jobs.length,
    linted: Object.values(perRepo).reduce((n, r) => n + r.linted, 0),
    unparsable: parseFailures.length,
    findings: findings.length,
    findingsPerRule: Object.fromEntries(OUR_RULES.map((rule) => [rule, findings.filter((f) => f.ruleId === rule).length])),
    suppressedByComments: Object.values(perRepo).reduce((n, r) => n + r.suppressed, 0),
    parseMs: ms(parseNs),
    oursMs: ms(oursNs),
    ratio: Number(oursNs) / Number(parseNs),
    anchorMs: anchor ? ms(anchorNs) : undefined,
    anchorRatio: anchor ? Number(anchorNs) / Number(parseNs) : undefined,
    ruleTimesStride,
    statsFiles,
    statsParseMs,
    statsRulesMs,
    ruleMs,
    lintSeconds,
    seconds: (Date.now() - started) / 1000,
    lintPeakRssMiB,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    perRepo: Object.fromEntries(Object.entries(perRepo).map(([repo, r]) => [repo, { files: r.files, linted: r.linted, unparsable: r.unparsable, findings: r.findings, suppressed: r.suppressed, parseMs: ms(r.parseNs), oursMs: ms(r.oursNs), anchorMs: anchor ? ms(r.anchorNs) : undefined }])),
    slowest,
    crashes,
    parseFailures,
  };
  writeFileSync(out, JSON.stringify(findings, null, 1) + '\n');
  const summaryFile = out.replace(/(\.json)?$/, '.summary.json');
  writeFileSync(summaryFile, JSON.stringify(summary, null, 1) + '\n');
  report(summary, out, summaryFile);
}

function report(s, out, summaryFile) {
  const short = (rule) => rule.replace('redis-leaks/', '');
  const lines = [];
  lines.push(`# Real-world corpus lint (${s.date.slice(0, 10)})`, '');
  lines.push(`- Plugin: packages/eslint-plugin-redis-leaks/dist built ${s.plugin.built} (sha256 of its .js ${s.plugin.distSha256}), repository at ${s.plugin.head}${s.plugin.changedDuringRun ? '. **WARNING: dist changed during the run; threads may have loaded different builds. Run again.**' : ''}`);
  lines.push(`- ${s.repositories} repositories, ${s.files} files${s.stride > 1 ? ` (every ${s.stride}th)` : ''}: ${s.linted} linted, ${s.unparsable} failed to parse.`);
  lines.push(`- Findings: ${s.findings} (${Object.entries(s.findingsPerRule).map(([rule, n]) => `${short(rule)} ${n}`).join(', ')}); ${s.suppressedByComments} more suppressed by eslint-disable comments.`);
  lines.push(`- Lint time of the files both configs linted to the end, alternating per file (${s.threads} thread${s.threads === 1 ? '' : 's'}${s.perRepository ? ', a fresh one per repository' : ''}): parse only ${s.parseMs.toFixed(0)} ms, configs.all ${s.oursMs.toFixed(0)} ms, ratio ${s.ratio.toFixed(3)}×.`);
  if (s.anchorRatio !== undefined) lines.push(`- The anchor (\`@typescript-eslint/no-unused-vars\` alone) on the same files: ${s.anchorMs.toFixed(0)} ms, ${s.anchorRatio.toFixed(3)}× parse only; configs.all / anchor ${(s.oursMs / s.anchorMs).toFixed(3)}×.`);
  if (s.statsFiles) lines.push(`- ESLint stats pass on ${s.statsFiles} files (every ${s.ruleTimesStride}th): parse ${s.statsParseMs.toFixed(0)} ms, our rules ${s.statsRulesMs.toFixed(0)} ms = ${((100 * s.statsRulesMs) / s.statsParseMs).toFixed(1)} % of parse (${Object.entries(s.ruleMs).map(([rule, t]) => `${short(rule)} ${t.toFixed(0)}`).join(', ')}).`);
  lines.push(`- Run time ${s.seconds.toFixed(0)} s (lint ${s.lintSeconds.toFixed(0)} s), peak RSS ${s.lintPeakRssMiB.toFixed(0)} MiB while linting, ${s.peakRssMiB.toFixed(0)} MiB in the whole process (the re-timing of the slowest files at the end parses some of the largest again).`);
  lines.push(`- Rule crashes: ${s.crashes.length}.`);
  lines.push('');
  lines.push(`| Repository | Files | Failed to parse | ${OUR_RULES.map(short).join(' | ')} | Total | configs.all / parse |`);
  lines.push(`| --- | ---: | ---: | ${OUR_RULES.map(() => '---:').join(' | ')} | ---: | ---: |`);
  for (const [repo, r] of Object.entries(s.perRepo)) {
    const total = Object.values(r.findings).reduce((a, b) => a + b, 0);
    lines.push(`| ${repo} | ${r.files} | ${r.unparsable} | ${OUR_RULES.map((rule) => r.findings[rule]).join(' | ')} | ${total} | ${(r.oursMs / r.parseMs).toFixed(3)}× |`);
  }
  lines.push(`| **total** | ${s.files} | ${s.unparsable} | ${OUR_RULES.map((rule) => s.findingsPerRule[rule]).join(' | ')} | ${s.findings} | ${s.ratio.toFixed(3)}× |`);
  lines.push('');
  lines.push('Largest overhead per file (configs.all − parse only, the 15 largest re-timed, best of 3; "rules": their own time per ESLint stats):', '');
  for (const f of s.slowest) lines.push(`- ${f.repo}:${f.path}: +${f.extraMs.toFixed(1)} ms (parse ${f.parseMs.toFixed(1)} ms; rules ${f.rulesMs.toFixed(1)} ms, most ${f.topRule?.replace('redis-leaks/', '')} ${f.topRuleMs.toFixed(1)} ms)`);
  for (const c of s.crashes) lines.push('', `CRASH ${c.ruleId ?? '(all rules together)'} on ${c.repo}:${c.path}`, c.stack);
  lines.push('', `Findings: ${out}; summary, parse failures and crashes: ${summaryFile}`);
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({
    options: {
      prepare: { type: 'boolean', default: false },
      out: { type: 'string', default: '/work/corpus-findings.json' },
      only: { type: 'string' },
      stride: { type: 'string', default: '1' },
      jobs: { type: 'string', default: String(availableParallelism()) },
      'rule-times-stride': { type: 'string', default: '5' },
      anchor: { type: 'boolean', default: false },
      'per-repository': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    // The usage is the comment at the top of this file.
    const usage = readFileSync(import.meta.filename, 'utf8').match(/^(?:\/\/.*\n)+/)[0].replace(/^\/\/ ?/gm, '');
    console.log(usage.trimEnd());
    return undefined;
  }
  let repos = JSON.parse(readFileSync(REPOS_FILE, 'utf8'));
  if (values.only) {
    const only = new Set(values.only.split(',').map((name) => name.trim().toLowerCase()));
    repos = repos.filter(({ repo }) => only.has(repo.toLowerCase()));
    if (repos.length === 0) throw new Error(`--only ${values.only}: not in ${REPOS_FILE}`);
  }
  if (values.prepare) return prepare(repos);
  const int = (value, min) => Math.max(min, Number.parseInt(value, 10) || 0);
  return lint(repos, {
    out: path.resolve(values.out),
    stride: int(values.stride, 1),
    threads: int(values.jobs, 1),
    ruleTimesStride: int(values['rule-times-stride'], 0),
    anchor: values.anchor,
    perRepository: values['per-repository'],
  });
}

if (!isMainThread && workerData?.realworldShare) {
  parentPort.postMessage(lintShare(workerData.realworldShare, workerData.options));
} else if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  main().catch((error) => {
    console.error(`realworld: ${error.stack ?? error}`);
    process.exitCode = 2;
  });
}
