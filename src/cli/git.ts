import { spawnSync } from 'node:child_process';

/**
 * The files under `paths` (relative to `cwd`) that the git work tree has changed and not
 * committed, as git names them; untracked files count, elsewhere in the repository nothing
 * does. A folder that is not in a git repository (or a machine without git) counts as
 * clean, as in @next/codemod.
 */
export function listUncommittedChanges(cwd: string, paths: readonly string[]): string[] {
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...(paths.length > 0 ? paths : ['.'])], { cwd, encoding: 'utf8' });
  if (status.error || status.status !== 0) return [];
  return status.stdout
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => line.slice(3));
}
