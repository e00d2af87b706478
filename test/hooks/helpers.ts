import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** This repository (test/hooks/ is two levels below it). */
export const ROOT = path.resolve(__dirname, '../..');
export { CLEAN, LEAK } from '../samples';
export const CLI = path.join(ROOT, 'packages/redis-leaks/dist/cli/bin.js');


export interface RunResult {
  code: number;
  stdout: string;
  /** stdout and stderr together, as a developer sees them. */
  output: string;
}

/**
 * The environment for the tools under test: without what `npm test` and an enclosing git
 * hook set (`npm_config_local_prefix` would point npm at this repository, `GIT_DIR` and
 * `GIT_INDEX_FILE` git at it), and with a committer for the temporary repositories.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|git_)/i.test(key) || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return {
    ...env,
    GIT_AUTHOR_NAME: 'Hook Test',
    GIT_AUTHOR_EMAIL: 'hook-test@example.invalid',
    GIT_COMMITTER_NAME: 'Hook Test',
    GIT_COMMITTER_EMAIL: 'hook-test@example.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    ...extra,
  };
}

export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      // A command that could not start at all (ENOENT) says so in the output.
      const failure = error && code === -1 ? `${error.message}\n` : '';
      resolve({ code, stdout, output: `${stdout}${stderr}${failure}` });
    });
  });
}

/** Runs a command that must succeed, and returns its stdout. */
export async function must(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.output}`);
  return result.stdout;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `redis-leaks-${prefix}-`));
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export function write(dir: string, file: string, text: string, mode?: number): void {
  const target = path.join(dir, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  if (mode !== undefined) chmodSync(target, mode);
}

/** A fresh git repository with nothing committed. */
export async function gitInit(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await must('git', ['init', '-q', '-b', 'main', '.'], dir);
}

/**
 * A git repository holding this repository's working tree as one commit: HEAD, plus every
 * change to a tracked file, plus the new files git does not ignore. `pre-commit try-repo`
 * on a dirty repository would take only HEAD, staged files and changes to tracked files
 * (`git add -u`), missing a `.pre-commit-hooks.yaml` not committed yet; this is what the
 * repository will be once the working tree is committed.
 */
export async function snapshotWorkingTree(into: string): Promise<string> {
  const snapshot = path.join(into, 'hook-repo');
  await must('git', ['clone', '-q', '--no-hardlinks', ROOT, snapshot], into);
  await must('git', ['rm', '-rq', '--ignore-unmatch', '.'], snapshot);
  const listed = await must('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT);
  for (const file of new Set(listed.split('\0').filter(Boolean))) {
    // Never dependencies or build output (a symlinked node_modules is not matched by `node_modules/`).
    if (file.split('/').some((part) => part === 'node_modules') || file.split('/').includes('dist')) continue;
    const source = path.join(ROOT, file);
    if (!existsSync(source) && !isSymlink(source)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(snapshot, file)), { recursive: true });
    cpSync(source, path.join(snapshot, file), { verbatimSymlinks: true });
  }
  await must('git', ['add', '-A'], snapshot);
  await must('git', ['commit', '-q', '--allow-empty', '-m', 'working tree'], snapshot);
  return snapshot;
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
