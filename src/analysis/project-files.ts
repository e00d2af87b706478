import type { Dirent } from 'node:fs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { escapeRegExp } from '../util/escape-regexp';
import type { FileStamp } from './file-stamps';
import { readStamp } from './file-stamps';

/*
 * The source files of the project a linted file belongs to, read once per project (and again after
 * a minute, for long-lived processes such as an editor's ESLint server) into the small indexes the
 * project-wide questions need. Tests, fixtures, built output and node_modules are not the project's
 * code: a test that cleans up its keys, or makes an object per test, says nothing of the application.
 */

const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const TEST_FILE = /\.[\w-]*(?:test|spec)s?\.[cm]?[jt]sx?$/i;
const SKIPPED_FOLDERS = new Set(['node_modules', 'test', 'tests', '__tests__', '__mocks__', 'spec', 'e2e', 'fixtures', '__fixtures__', 'dist', 'build', 'coverage', 'vendor']);
/**
 * A call that ends a key or takes members out of it, or defines or `eval`s a Lua script that may
 * (scripted-commands.ts), as text: the cheap test before a file is parsed.
 */
const LIFETIME_CALL = /\.\s*(?:del|unlink|getdel|s(?:rem|pop|move)|z(?:rem\w*|m?pop\w*)|bz\w*pop\w*|[lr]pop\w*|b[lr]pop\w*|l(?:m?pop|trim|rem|move)|hdel|x(?:trim|del)|defineCommand|eval)\s*\(/i;
const NEW_EXPRESSION = /\bnew\s+([A-Za-z_$][\w$]*)/g;
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 512 * 1024;
/** How long a project's index is trusted in a long-lived process. */
const INDEX_TTL_MS = 60_000;

export interface ProjectIndex {
  readonly root: string;
  /** When the index was built, or last found to match the files on disk. */
  at: number;
  /** Every source file the walk listed (tests aside, too large ones too), with its size and modification time: what a refresh compares. */
  readonly stamps: ReadonlyMap<string, FileStamp>;
  /** The files whose text may delete keys or take members out, with their text. */
  readonly lifetimeFiles: readonly { readonly file: string; readonly text: string }[];
  /** The files that write `new <name>`, by name. */
  readonly creatingFiles: ReadonlyMap<string, readonly string[]>;
  /** Every source file of the project that the index lists (tests aside). */
  readonly files: readonly string[];
  /** Answers already given for this index, by question. */
  readonly answers: Map<string, boolean>;
  /** The files that name an identifier, by identifier ({@link findFilesNaming}), and other per-name file lists by a `kind\0name` key (`collection-trims-elsewhere.ts`). */
  readonly mentions: Map<string, readonly string[]>;
  /**
   * The texts of the files, read when the index was built, kept up to {@link MAX_KEPT_LENGTH} characters in all,
   * and the modification time each file had before it was read.
   */
  readonly texts: { readonly byFile: Map<string, { readonly text: string; readonly mtimeMs: number }>; length: number };
}

/**
 * Text kept per project index: each new name asks every file, and reading them again costs more than
 * holding them. The largest project of the real-code corpus (sim: 13,000 files, 78 MB) fits.
 */
const MAX_KEPT_LENGTH = 128 * 1024 * 1024;
/**
 * Project indexes kept at once (a process that lints several projects drops the least recently
 * used): with {@link MAX_KEPT_LENGTH}, at most 512 MiB of kept text. Two were too few: linting the
 * bench corpus, whose files belong to more projects, built them again and again.
 */
const MAX_INDEXES = 4;

/**
 * The project's files (tests aside) whose text names `identifier` (or a module's base name) as a
 * whole word, remembered per name; the texts are read on the first question and kept with the index.
 */
export function findFilesNaming(project: ProjectIndex, identifier: string): readonly string[] {
  const known = project.mentions.get(identifier);
  if (known) return known;
  const word = new RegExp(`(?<![\\w$])${escapeRegExp(identifier)}(?![\\w$])`);
  const found = project.files.filter((file) => {
    const text = readIndexedText(project, file);
    return text !== undefined && text.includes(identifier) && word.test(text);
  });
  project.mentions.set(identifier, found);
  return found;
}

/** A project file's text, read once per index while the project's texts fit in memory: each new name asks every file. */
export function readIndexedText(project: ProjectIndex, file: string): string | undefined {
  const kept = project.texts.byFile.get(file);
  if (kept !== undefined) return kept.text;
  const read = readProjectFile(file, readStamp(file) ?? UNREADABLE);
  if (read !== undefined) keepText(project.texts, file, read.text, read.mtimeMs);
  return read?.text;
}

/**
 * The text a project index read of `file`, when one holds it and the file still has the
 * modification time it had then (`mtimeMs`, from a fresh stamp): module resolution's text tests ask
 * about the same files, and reading them a second time costs more than the tests.
 */
export function findKeptText(file: string, mtimeMs: number): string | undefined {
  for (const index of indexes.values()) {
    const kept = index.texts.byFile.get(file);
    if (kept?.mtimeMs === mtimeMs) return kept.text;
  }
  return undefined;
}

function keepText(texts: ProjectIndex['texts'], file: string, text: string, mtimeMs: number): void {
  if (texts.length + text.length > MAX_KEPT_LENGTH) return;
  texts.byFile.set(file, { text, mtimeMs });
  texts.length += text.length;
}

const indexes = new Map<string, ProjectIndex>();

/**
 * The index of the project `file` belongs to: the folder of the nearest `package.json` (its
 * workspace root when one lists it), else `cwd` when the file lies in it (and it is no file
 * system's root); none: `undefined`.
 */
export function getProjectIndex(file: string, cwd: string | undefined): ProjectIndex | undefined {
  if (!path.isAbsolute(file)) return undefined;
  const root = findProjectRoot(file, cwd);
  if (!root) return undefined;
  const now = Date.now();
  const known = indexes.get(root);
  indexes.delete(root);
  const index = !known ? buildIndex(root, now, listProjectFiles(root)) : now - known.at < INDEX_TTL_MS ? known : refreshIndex(known, now);
  indexes.set(root, index);
  if (indexes.size > MAX_INDEXES) indexes.delete(indexes.keys().next().value!);
  return index;
}

/**
 * The index again once its time is up: the same one, with the answers it gave, when the project has
 * the same files with the same modification times (a long lint run, an editor left open); else a new
 * one, which reads again only the files that changed.
 */
function refreshIndex(known: ProjectIndex, at: number): ProjectIndex {
  const stamps = listProjectFiles(known.root);
  if (stamps.size === known.stamps.size && [...stamps].every(([file, { mtimeMs }]) => known.stamps.get(file)?.mtimeMs === mtimeMs)) {
    known.at = at;
    return known;
  }
  return buildIndex(known.root, at, stamps, known.texts.byFile);
}

/** A file that cannot be read: its `NaN` time is never equal, so a refresh reads it again. */
const UNREADABLE: FileStamp = { size: 0, mtimeMs: Number.NaN, isFile: false };

/** The project's source files (tests, declarations and skipped folders aside), at most {@link MAX_FILES}, with their stamps. */
function listProjectFiles(root: string): Map<string, FileStamp> {
  const stamps = new Map<string, FileStamp>();
  const visit = (folder: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (stamps.size >= MAX_FILES || entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) visit(full);
      } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name) && !TEST_FILE.test(entry.name)) {
        stamps.set(full, readStamp(full) ?? UNREADABLE);
      }
    }
  };
  visit(root);
  return stamps;
}

function buildIndex(root: string, at: number, stamps: Map<string, FileStamp>, previous?: ProjectIndex['texts']['byFile']): ProjectIndex {
  const lifetimeFiles: { file: string; text: string }[] = [];
  const files: string[] = [];
  const creatingFiles = new Map<string, string[]>();
  // The questions by name (findFilesNaming) read every file again: the texts read here are kept for them.
  const texts: ProjectIndex['texts'] = { byFile: new Map(), length: 0 };
  for (const [file, stamp] of stamps) {
    const kept = previous?.get(file);
    const read = kept?.mtimeMs === stamp.mtimeMs ? kept : readProjectFile(file, stamp);
    if (read === undefined) continue;
    const { text } = read;
    files.push(file);
    keepText(texts, file, text, read.mtimeMs);
    if (LIFETIME_CALL.test(text)) lifetimeFiles.push({ file, text });
    for (const name of new Set(Array.from(text.matchAll(NEW_EXPRESSION), (match) => match[1]!))) {
      const named = creatingFiles.get(name) ?? [];
      named.push(file);
      creatingFiles.set(name, named);
    }
  }
  return { root, at, stamps, lifetimeFiles, creatingFiles, files, answers: new Map(), mentions: new Map(), texts };
}

/**
 * A source file's text, with the modification time it had before the read (its stamp), or
 * `undefined` when it is too large (generated or bundled) or cannot be read.
 */
function readProjectFile(file: string, { size, mtimeMs }: FileStamp): { readonly text: string; readonly mtimeMs: number } | undefined {
  if (Number.isNaN(mtimeMs) || size > MAX_FILE_BYTES) return undefined;
  try {
    return { text: readFileSync(file, 'utf8'), mtimeMs };
  } catch {
    return undefined;
  }
}

const rootByFolder = new Map<string, string | null>();
/** Workspace roots are looked for at most this many folders above a package. */
const MAX_WORKSPACE_LEVELS = 4;

function findProjectRoot(file: string, cwd: string | undefined): string | undefined {
  const folder = path.dirname(file);
  let root = rootByFolder.get(folder);
  if (root === undefined) {
    const nearest = findUp(folder, (candidate) => existsSync(path.join(candidate, 'package.json')));
    root = nearest ? (findWorkspaceRoot(nearest) ?? nearest) : isProjectFolder(cwd) && isInside(file, cwd) ? path.resolve(cwd) : null;
    rootByFolder.set(folder, root);
  }
  return root ?? undefined;
}

/** The folder above a package whose `package.json` `workspaces` (or `pnpm-workspace.yaml`) lists it. */
function findWorkspaceRoot(packageFolder: string): string | undefined {
  let folder = packageFolder;
  for (let level = 0; level < MAX_WORKSPACE_LEVELS; level++) {
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
    const relative = path.relative(folder, packageFolder).split(path.sep).join('/');
    if (readWorkspacePatterns(folder).some((pattern) => matchesWorkspace(pattern, relative))) return folder;
  }
  return undefined;
}

function readWorkspacePatterns(folder: string): string[] {
  try {
    const manifest = path.join(folder, 'package.json');
    const { workspaces } = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }) : {};
    const listed = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
    const patterns = Array.isArray(listed) ? listed.filter((pattern): pattern is string => typeof pattern === 'string') : [];
    const pnpm = path.join(folder, 'pnpm-workspace.yaml');
    if (existsSync(pnpm)) for (const [, pattern] of readFileSync(pnpm, 'utf8').matchAll(/^\s*-\s*['"]?([^'"#\s]+)/gm)) patterns.push(pattern!);
    return patterns;
  } catch {
    return [];
  }
}

/** `packages/*`, `apps/**`, `tools/cli` against a package's folder relative to the workspace root. */
function matchesWorkspace(pattern: string, relative: string): boolean {
  const source = pattern
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    .split('/')
    .map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')))
    .join('/');
  return !pattern.startsWith('!') && new RegExp(`^${source}$`).test(relative);
}

function findUp(from: string, test: (folder: string) => boolean): string | undefined {
  for (let folder = from; ; folder = path.dirname(folder)) {
    if (folder.split(path.sep).includes('node_modules')) return undefined;
    if (test(folder)) return folder;
    if (path.dirname(folder) === folder) return undefined;
  }
}

/** ESLint's working folder as a project when no `package.json` says where one is: not a file system's root. */
function isProjectFolder(cwd: string | undefined): cwd is string {
  return cwd !== undefined && path.isAbsolute(cwd) && path.parse(cwd).root !== path.resolve(cwd);
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(path.resolve(folder), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
