import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface UncommittedChanges {
  /** The given files that git reports changed and not committed, untracked, or inside such a folder (a dirty submodule, an untracked folder). */
  readonly files: string[];
  /** Repositories whose status git could not tell, with git's words. */
  readonly unreadable: { root: string; reason: string }[];
}

/**
 * Which of `files` (absolute) have uncommitted changes, asked of the repository each lies in
 * (found by its `.git`, so a submodule or a nested repository answers for its own files; the
 * files may span several). A file in no repository, or a machine without git, counts as clean,
 * as in @next/codemod.
 */
export function findUncommittedChanges(files: readonly string[]): UncommittedChanges {
  const byRoot = new Map<string, string[]>();
  const rootOfFolder = new Map<string, string | undefined>();
  for (const file of files) {
    const root = findRepositoryRoot(path.dirname(file), rootOfFolder);
    if (root !== undefined) byRoot.set(root, [...(byRoot.get(root) ?? []), file]);
  }
  const changed: string[] = [];
  const unreadable: UncommittedChanges['unreadable'] = [];
  for (const [root, inRepository] of byRoot) {
    const status = spawnSync('git', ['-C', root, 'status', '--porcelain', '-z', '--untracked-files=all'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if ((status.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return { files: [], unreadable: [] }; // no git on this machine
    if (status.error || status.status !== 0) {
      unreadable.push({ root, reason: (status.error?.message ?? status.stderr).trim().split('\n')[0] ?? '' });
      continue;
    }
    const paths = parsePorcelainPaths(status.stdout).map((entry) => path.resolve(root, entry));
    changed.push(...inRepository.filter((file) => paths.some((changedPath) => file === changedPath || file.startsWith(changedPath.endsWith(path.sep) ? changedPath : `${changedPath}${path.sep}`))));
  }
  return { files: changed, unreadable };
}

/** The nearest folder at or above `folder` with a `.git` (a folder, or a file in a submodule or worktree). */
function findRepositoryRoot(folder: string, known: Map<string, string | undefined>): string | undefined {
  if (known.has(folder)) return known.get(folder);
  const parent = path.dirname(folder);
  const root = existsSync(path.join(folder, '.git')) ? folder : parent === folder ? undefined : findRepositoryRoot(parent, known);
  known.set(folder, root);
  return root;
}

/**
 * The paths of `git status --porcelain -z`, relative to the repository's root, as they are (no
 * quoting). A rename or copy, staged or in the work tree (`R ` or ` R`), is followed by its
 * source as an entry of its own, which is skipped. An untracked folder ends with `/`.
 */
function parsePorcelainPaths(output: string): string[] {
  const entries = output.split('\0');
  const paths: string[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    if (entry.length < 4) continue;
    paths.push(entry.slice(3).split('/').join(path.sep));
    if (/[RC]/.test(entry.slice(0, 2))) index++;
  }
  return paths;
}
