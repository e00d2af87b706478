import { spawnSync } from 'node:child_process';

/**
 * Whether the git work tree at `cwd` has uncommitted changes. A folder that is not
 * in a git repository (or a machine without git) counts as clean, as in @next/codemod.
 */
export function hasUncommittedChanges(cwd: string): boolean {
  const status = spawnSync('git', ['status', '--porcelain'], { cwd, encoding: 'utf8' });
  if (status.error || status.status !== 0) return false;
  return status.stdout.trim().length > 0;
}
