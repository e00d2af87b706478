import type { Dirent } from 'node:fs';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LifetimeKind, ManagedFamilies } from './key-families';
import { collectManagedFamilies, isManagedIn } from './key-families';
import { getModificationTime, loadProjectModule } from './project-modules';

/*
 * Whether a key family is deleted, or has its members taken out, in another file of the project:
 * the files that could (their text calls `del`, `unlink`, `srem`, `zremrangebyscore`, `lpop`, …)
 * are listed once per project, and only those whose text holds the family's literal part are parsed. Tests, fixtures,
 * built output and node_modules are not the project's code: a test that cleans up its keys says
 * nothing of the application's.
 */

const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const TEST_FILE = /\.[\w-]*(?:test|spec)s?\.[cm]?[jt]sx?$/i;
const SKIPPED_FOLDERS = new Set(['node_modules', 'test', 'tests', '__tests__', '__mocks__', 'spec', 'e2e', 'fixtures', '__fixtures__', 'dist', 'build', 'coverage', 'vendor']);
/** A call that ends or times a key, as text: the cheap test before a file is parsed. */
const LIFETIME_CALL = /\.\s*(?:del|unlink|getdel|s(?:rem|pop|move)|z(?:rem\w*|m?pop\w*)|bz\w*pop\w*|[lr]pop\w*|b[lr]pop\w*|l(?:m?pop|trim|rem|move)|hdel|x(?:trim|del))\s*\(/i;
/**
 * What counts in another file: deleting the family's keys or taking their members out. Not an
 * expiry: a TTL given where the family is written elsewhere shows the family needs one, and the
 * write without it is more likely the leak (a relayer's `set` beside a healthy copy with `EX`).
 */
const KINDS_IN_OTHER_FILES: ReadonlySet<LifetimeKind> = new Set(['delete', 'members']);
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 512 * 1024;
/** How long a project's list of files is trusted in a long-lived process (an editor's ESLint server). */
const LIST_TTL_MS = 60_000;

interface ProjectFiles {
  readonly at: number;
  /** The files whose text may end or time keys. */
  readonly files: readonly { readonly file: string; readonly text: string }[];
  readonly answers: Map<string, boolean>;
}

const projects = new Map<string, ProjectFiles>();
const familiesByFile = new Map<string, { readonly mtimeMs: number; readonly families: ManagedFamilies | undefined }>();

/**
 * Whether another file of the project that `file` belongs to deletes keys of `family` or takes their members out;
 * `builderName`: the key builder the write's key came from (`profileKey` of `profileKey(id)`), which such a file may call instead of spelling the key.
 * The project: the folder of the nearest `package.json` (its workspace root when one lists it),
 * else `cwd` when the file lies in it (and it is no file system's root); none: `false`.
 */
export function isFamilyManagedInProject(file: string, cwd: string | undefined, family: string, builderName?: string): boolean {
  if (!path.isAbsolute(file)) return false;
  const root = findProjectRoot(file, cwd);
  if (!root) return false;
  const project = getProjectFiles(root);
  const question = `${family}\0${builderName ?? ''}`;
  const cached = project.answers.get(question);
  if (cached !== undefined) return cached;
  // A file that names the family holds its text, or calls the key builder the write's key came from.
  const needles = [getLongestLiteral(family), ...(builderName === undefined ? [] : [builderName])];
  const answer = project.files.some(
    (candidate) => candidate.file !== file && needles.some((needle) => candidate.text.includes(needle)) && isManagedInFile(candidate.file, family),
  );
  project.answers.set(question, answer);
  return answer;
}

/** `iad:` of `{REDIS_PREFIX}iad:*`, `PARTNER_IDS` of `{PARTNER_IDS}:*`: text a file that names the family must hold. */
function getLongestLiteral(family: string): string {
  const pieces = family.split(/[*{}]/);
  return pieces.reduce((longest, piece) => (piece.length > longest.length ? piece : longest), '');
}

function isManagedInFile(file: string, family: string): boolean {
  const mtimeMs = getModificationTime(file);
  let entry = familiesByFile.get(file);
  if (!entry || entry.mtimeMs !== mtimeMs) {
    const sourceCode = mtimeMs === undefined ? undefined : loadProjectModule(file);
    entry = { mtimeMs: mtimeMs ?? -1, families: sourceCode && collectManagedFamilies(sourceCode) };
    familiesByFile.set(file, entry);
  }
  return entry.families !== undefined && isManagedIn(entry.families, family, KINDS_IN_OTHER_FILES);
}

function getProjectFiles(root: string): ProjectFiles {
  const now = Date.now();
  const known = projects.get(root);
  if (known && now - known.at < LIST_TTL_MS) return known;
  const files: { file: string; text: string }[] = [];
  let seen = 0;
  const visit = (folder: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (seen >= MAX_FILES || entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) visit(full);
      } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name) && !TEST_FILE.test(entry.name)) {
        seen += 1;
        const text = readSmallFile(full);
        if (text !== undefined && LIFETIME_CALL.test(text)) files.push({ file: full, text });
      }
    }
  };
  visit(root);
  const project = { at: now, files, answers: new Map<string, boolean>() };
  projects.set(root, project);
  return project;
}

function readSmallFile(file: string): string | undefined {
  try {
    return statSync(file).size > MAX_FILE_BYTES ? undefined : readFileSync(file, 'utf8');
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
