import ignore from 'ignore';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** Extensions the transforms rewrite. */
const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
/** Folders never rewritten: dependencies, version control, build output. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt']);

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface FileSelection {
  /** Absolute paths of the files to consider, sorted. */
  readonly files: string[];
  /** Paths given or met that were left out, and why. */
  readonly skipped: SkippedFile[];
}

/**
 * The source files under `paths` (files or folders, relative to `cwd`), honouring the
 * project's `.gitignore`. Symbolic links are never followed, so nothing outside the
 * given paths is read or written.
 */
export function selectSourceFiles(paths: readonly string[], cwd: string): FileSelection {
  const files = new Set<string>();
  const skipped: SkippedFile[] = [];
  const gitignore = loadGitignore(cwd);
  const isIgnored = (absolute: string, isDirectory: boolean) => {
    const relative = path.relative(cwd, absolute);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    return gitignore.ignores(isDirectory ? `${relative.split(path.sep).join('/')}/` : relative.split(path.sep).join('/'));
  };

  const visit = (absolute: string, given: boolean): void => {
    let stat;
    try {
      stat = lstatSync(absolute);
    } catch {
      skipped.push({ file: absolute, reason: 'does not exist' });
      return;
    }
    if (stat.isSymbolicLink()) {
      if (given) skipped.push({ file: absolute, reason: 'a symbolic link (not followed)' });
      return;
    }
    if (stat.isDirectory()) {
      if (!given && (SKIPPED_FOLDERS.has(path.basename(absolute)) || isIgnored(absolute, true))) return;
      for (const entry of readdirSync(absolute).sort()) visit(path.join(absolute, entry), false);
      return;
    }
    if (!stat.isFile() || !SOURCE_FILE.test(absolute) || DECLARATION_FILE.test(absolute)) {
      if (given) skipped.push({ file: absolute, reason: 'not a JavaScript or TypeScript source file' });
      return;
    }
    if (!given && isIgnored(absolute, false)) return;
    files.add(absolute);
  };

  for (const given of paths.length > 0 ? paths : ['.']) visit(path.resolve(cwd, given), true);
  return { files: [...files].sort(), skipped };
}

/** Why the given paths give nothing to `verb` (lint, fix), as ESLint would say it; undefined when they are fine. */
export function describeUnusablePaths(paths: readonly string[], selection: FileSelection, cwd: string, verb: string): string | undefined {
  const missing = selection.skipped.filter((entry) => entry.reason === 'does not exist').map((entry) => displayPath(cwd, entry.file));
  if (missing.length > 0) return `no such file or folder: ${missing.join(', ')}`;
  // A staged-file list from a hook may name only files we do not read (README.md): nothing to do, not an error.
  const givenFiles = paths.length > 0 && selection.skipped.length === paths.length;
  if (selection.files.length === 0 && !givenFiles) return `no JavaScript or TypeScript file to ${verb} under ${paths.join(', ') || '.'}`;
  return undefined;
}

function loadGitignore(cwd: string) {
  const matcher = ignore();
  const file = path.join(cwd, '.gitignore');
  if (existsSync(file)) matcher.add(readFileSync(file, 'utf8'));
  return matcher;
}

/** `file` as the user sees it: relative to `cwd`, or absolute when it is `cwd` itself. */
export function displayPath(cwd: string, file: string): string {
  return path.relative(cwd, file) || file;
}

/** Whether `file`, with its links resolved, still lies inside one of `roots` (guards writes against a link swapped in mid-run). */
export function isInside(file: string, roots: readonly string[]): boolean {
  const real = realpathSync(file);
  return roots.some((root) => {
    const relative = path.relative(realpathSync(root), real);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
}
