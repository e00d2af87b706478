import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The files under `paths` (relative to `cwd`) that the git work tree has changed and not
 * committed, as absolute paths under `cwd`; untracked files count, elsewhere in the repository nothing
 * does. A folder that is not in a git repository (or a machine without git) counts as
 * clean, as in @next/codemod.
 */
export function listUncommittedChanges(cwd: string, paths: readonly string[]): string[] {
  const root = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  if (root.error || root.status !== 0) return [];
  // `-z`: paths as they are (no quoting), relative to the repository's root; a rename's source follows it as an entry of its own.
  const status = spawnSync('git', ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...(paths.length > 0 ? paths : ['.'])], { cwd, encoding: 'utf8' });
  if (status.error || status.status !== 0) return [];
  // git names the root by its real path; the files are given back under `cwd` as the caller wrote it (which may pass through a symbolic link).
  const fromRoot = (file: string) => path.resolve(cwd, path.relative(realpathSync(cwd), path.resolve(root.stdout.trim(), file)));
  const entries = status.stdout.split('\0');
  const files: string[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    if (entry.length < 4) continue;
    files.push(fromRoot(entry.slice(3)));
    if (entry[0] === 'R' || entry[0] === 'C') index++; // the rename's or copy's source
  }
  return files;
}
