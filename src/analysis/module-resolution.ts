import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { findFileIn, getFileStamp, isExistingFile } from './file-stamps';

/*
 * Which file of the user's project an import names, without type information: relative paths,
 * `tsconfig.json` `paths`/`baseUrl` (the nearest tsconfig, with `extends`), `package.json`
 * `imports` (`#redis`), and workspace packages that resolve outside `node_modules`. Packages
 * installed in `node_modules` are never read: a client library is known by its facts.
 */

/** Extensions tried for a specifier without one, and the TypeScript sources of a `.js` specifier. */
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const TS_SOURCES_OF: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };
/** A module name: no white space or line break, not absurdly long. */
const PLAUSIBLE_SPECIFIER = /^[^\s'"`]{1,200}$/;
/** `extends` chains followed at most this deep. */
const MAX_EXTENDS = 5;

/** A module an import names (`undefined`: none of the project's), and when that was found. */
interface Resolution {
  readonly at: number;
  readonly file: string | undefined;
}

/**
 * Resolutions remembered ({@link getResolutionKey}): the files of a project import the same
 * modules, and most candidates tried do not exist. For half a minute (the project index's files are trusted
 * for a minute), so that a long-lived process (an editor's ESLint server) sees a module created
 * after an import named it; a saved change to a module is seen within a second (file-stamps.ts),
 * and a new import of a new module at once.
 */
const resolved = new Map<string, Resolution>();
const RESOLUTION_TTL_MS = 30_000;
const MAX_RESOLUTIONS = 8192;
/**
 * The same resolutions by the folder asked from and the specifier as written: the files of a folder
 * import the same modules, and this lookup costs far less than building the shared key.
 */
const resolvedInFolder = new Map<string, Map<string, Resolution>>();
const MAX_FOLDERS = 2048;

/** The file `specifier` names from `fromFile`, when it is a module of the project; else `undefined`. */
export function resolveProjectModule(fromFile: string, specifier: string): string | undefined {
  if (!path.isAbsolute(fromFile) || !PLAUSIBLE_SPECIFIER.test(specifier)) return undefined; // text without a file (`<input>`), or no module name
  const folder = path.dirname(fromFile);
  const now = Date.now();
  let inFolder = resolvedInFolder.get(folder);
  const seen = inFolder?.get(specifier);
  if (seen && now - seen.at < RESOLUTION_TTL_MS) return seen.file;
  const resolution = resolveShared(fromFile, specifier, now);
  if (!inFolder) {
    inFolder = new Map();
    resolvedInFolder.set(folder, inFolder);
    if (resolvedInFolder.size > MAX_FOLDERS) resolvedInFolder.delete(resolvedInFolder.keys().next().value!);
  }
  inFolder.set(specifier, resolution);
  return resolution.file;
}

function resolveShared(fromFile: string, specifier: string, now: number): Resolution {
  const key = getResolutionKey(fromFile, specifier);
  const known = resolved.get(key);
  if (known && now - known.at < RESOLUTION_TTL_MS) return known;
  const resolution = { at: now, file: resolveUncached(fromFile, specifier) };
  resolved.delete(key);
  resolved.set(key, resolution);
  if (resolved.size > MAX_RESOLUTIONS) resolved.delete(resolved.keys().next().value!);
  return resolution;
}

/**
 * A relative specifier names one path whichever folder it is written in (`../lib/redis` from
 * `src/a/`, `./redis` from `src/lib/`): remembered by that path, the files of many folders share
 * one resolution. A bare one (`@app/redis`, `zod`) depends only on the folder's tsconfig `paths`
 * and its `node_modules` folders, which most folders share with many others: remembered by those.
 * A `#` import depends on the nearest package.json: remembered by it.
 */
function getResolutionKey(fromFile: string, specifier: string): string {
  const folder = path.dirname(fromFile);
  if (namesFolder(specifier)) return `${path.resolve(folder, specifier)}${path.sep}`;
  if (isRelative(specifier)) return path.resolve(folder, specifier);
  if (specifier.startsWith('#')) return `${findNearestManifest(folder) ?? ''}\0${specifier}`;
  return `${getContextId(findPathMapping(folder))}:${getContextId(getNodeModulesFolders(folder))}\0${specifier}`;
}

/**
 * A number per tsconfig mapping and per list of `node_modules` folders: the folders that share
 * them share the same object (each is built once and handed down to the folders below).
 */
const contextIds = new WeakMap<object, number>();
let lastContextId = 0;

function getContextId(context: object | undefined): number {
  if (!context) return 0;
  let id = contextIds.get(context);
  if (id === undefined) {
    id = ++lastContextId;
    contextIds.set(context, id);
  }
  return id;
}

/** `'.'`, `'..'` and `'./lib/'` name a folder: its index, never a sibling file of the same name. */
function namesFolder(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || (specifier.endsWith('/') && isRelative(specifier));
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

function resolveUncached(fromFile: string, specifier: string): string | undefined {
  if (namesFolder(specifier)) return resolveAsIndex(path.resolve(path.dirname(fromFile), specifier));
  if (isRelative(specifier)) return resolveAsFile(path.resolve(path.dirname(fromFile), specifier));
  if (specifier.startsWith('#')) return resolvePackageImport(fromFile, specifier);
  if (specifier.startsWith('node:')) return undefined;
  const mapped = resolveTsconfigPath(fromFile, specifier);
  if (mapped !== undefined || NODE_BUILTINS.has(specifier.split('/')[0]!)) return mapped;
  return resolveWorkspacePackage(fromFile, specifier);
}

/** `fs`, `path`, …: never a workspace package, so not looked for up the tree. */
const NODE_BUILTINS: ReadonlySet<string> = new Set(builtinModules);

/** `node:fs`, `fs`, `fs/promises`: a module of Node itself. */
export function isNodeBuiltinModule(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0]!);
}

function resolveAsFile(target: string): string | undefined {
  const name = path.basename(target);
  const extension = path.extname(name);
  const names = [...(TS_SOURCES_OF[extension] ?? []).map((source) => name.slice(0, -extension.length) + source), name, ...EXTENSIONS.map((candidate) => name + candidate)];
  return findFileIn(path.dirname(target), names) ?? resolveAsIndex(target);
}

function resolveAsIndex(folder: string): string | undefined {
  return findFileIn(folder, INDEX_NAMES);
}

const INDEX_NAMES = EXTENSIONS.map((candidate) => `index${candidate}`);

// --- tsconfig.json paths ---------------------------------------------------------------

interface PathMapping {
  /** Where mapped paths are resolved from: `baseUrl`, else the folder of the tsconfig that sets `paths`. */
  readonly base: string;
  readonly paths: Readonly<Record<string, readonly string[]>>;
}

const mappingByFolder = new Map<string, PathMapping | null>();

function resolveTsconfigPath(fromFile: string, specifier: string): string | undefined {
  const mapping = findPathMapping(path.dirname(fromFile));
  if (!mapping) return undefined;
  for (const [pattern, targets] of Object.entries(mapping.paths)) {
    const captured = matchPattern(pattern, specifier);
    if (captured === undefined) continue;
    for (const target of targets) {
      const file = resolveAsFile(path.resolve(mapping.base, target.replace('*', captured)));
      if (file) return file;
    }
  }
  return undefined;
}

/** What `*` stands for when `specifier` matches `pattern` (`''` for an exact match). */
function matchPattern(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === specifier ? '' : undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  const fits = specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix);
  return fits ? specifier.slice(prefix.length, specifier.length - suffix.length) : undefined;
}

/** The `paths` of the nearest tsconfig.json at or above `folder` (through `extends`). */
function findPathMapping(folder: string): PathMapping | undefined {
  const cached = mappingByFolder.get(folder);
  if (cached !== undefined) return cached ?? undefined;
  const tsconfig = path.join(folder, 'tsconfig.json');
  const parent = path.dirname(folder);
  let mapping: PathMapping | undefined;
  if (isExistingFile(tsconfig)) mapping = readPathMapping(tsconfig, 0);
  else if (parent !== folder && !folder.endsWith(`${path.sep}node_modules`)) mapping = findPathMapping(parent);
  mappingByFolder.set(folder, mapping ?? null);
  return mapping;
}

function readPathMapping(tsconfig: string, depth: number): PathMapping | undefined {
  const config = readJsonWithComments(tsconfig) as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
  if (!config) return undefined;
  const folder = path.dirname(tsconfig);
  const inherited = depth < MAX_EXTENDS && typeof config.extends === 'string' && config.extends.startsWith('.') ? readPathMapping(resolveExtends(folder, config.extends), depth + 1) : undefined;
  const { baseUrl, paths } = config.compilerOptions ?? {};
  const ownBase = typeof baseUrl === 'string' ? path.resolve(folder, baseUrl) : undefined;
  if (paths && typeof paths === 'object') return { base: ownBase ?? folder, paths: paths as Record<string, string[]> };
  if (inherited) return ownBase ? { ...inherited, base: ownBase } : inherited;
  // `baseUrl` alone makes bare specifiers relative to it.
  return ownBase ? { base: ownBase, paths: { '*': ['*'] } } : undefined;
}

function resolveExtends(folder: string, extended: string): string {
  const target = path.resolve(folder, extended);
  return target.endsWith('.json') ? target : `${target}.json`;
}

/** A JSON file that may hold comments and trailing commas (tsconfig.json), or `undefined`. */
export function readJsonWithComments(file: string): unknown {
  try {
    const text = readFileSync(file, 'utf8');
    // Strings are kept whole; comments outside them go, then commas before a closing bracket.
    const stripped = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string: string | undefined) => string ?? '');
    return JSON.parse(stripped.replace(/("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g, (match, string: string | undefined, closing: string | undefined) => string ?? closing!));
  } catch {
    return undefined;
  }
}

// --- package.json imports and workspace packages -------------------------------------

/** `#redis` through the nearest package.json's `imports` (a string, or the first string among its conditions). */
function resolvePackageImport(fromFile: string, specifier: string): string | undefined {
  const manifest = findNearestManifest(path.dirname(fromFile));
  if (!manifest) return undefined;
  for (const [pattern, target] of Object.entries(readPackageImports(manifest))) {
    const captured = matchPattern(pattern, specifier);
    const mapped = captured === undefined ? undefined : firstString(target);
    if (mapped?.startsWith('./')) return resolveAsFile(path.resolve(path.dirname(manifest), mapped.replace('*', captured!)));
  }
  return undefined;
}

/**
 * The nearest package.json at or above `folder`, remembered per folder for as long as resolutions
 * are: every folder of a package that writes `#src/…` imports asks for it.
 */
export function findNearestManifest(folder: string): string | undefined {
  const now = Date.now();
  const known = manifestByFolder.get(folder);
  if (known && now - known.at < RESOLUTION_TTL_MS) return known.manifest;
  const own = path.join(folder, 'package.json');
  const parent = path.dirname(folder);
  const manifest = isExistingFile(own) ? own : parent === folder ? undefined : findNearestManifest(parent);
  manifestByFolder.delete(folder);
  manifestByFolder.set(folder, { at: now, manifest });
  if (manifestByFolder.size > MAX_RESOLUTIONS) manifestByFolder.delete(manifestByFolder.keys().next().value!);
  return manifest;
}

const manifestByFolder = new Map<string, { readonly at: number; readonly manifest: string | undefined }>();

/** A package.json's `imports`, read once per version of the file. */
function readPackageImports(manifest: string): Readonly<Record<string, unknown>> {
  const mtimeMs = getFileStamp(manifest)?.mtimeMs;
  const known = importsByManifest.get(manifest);
  if (known && known.mtimeMs === mtimeMs) return known.imports;
  const imports = (readJsonWithComments(manifest) as { imports?: unknown } | undefined)?.imports;
  const entry = { mtimeMs, imports: imports && typeof imports === 'object' ? (imports as Record<string, unknown>) : {} };
  importsByManifest.delete(manifest);
  importsByManifest.set(manifest, entry);
  if (importsByManifest.size > MAX_RESOLUTIONS) importsByManifest.delete(importsByManifest.keys().next().value!);
  return entry.imports;
}

const importsByManifest = new Map<string, { readonly mtimeMs: number | undefined; readonly imports: Readonly<Record<string, unknown>> }>();

function firstString(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (!target || typeof target !== 'object') return undefined;
  for (const value of Object.values(target)) {
    const found = firstString(value);
    if (found) return found;
  }
  return undefined;
}

/**
 * A package of the same workspace (`@app/storage`), linked into node_modules: its real file. Only
 * a linked package is resolved (an installed one is never read), and the link is found with one
 * `lstat` per folder up the tree, far cheaper than Node's resolution of every import.
 */
function resolveWorkspacePackage(fromFile: string, specifier: string): string | undefined {
  const name = /^(?:@[^/]+\/)?[^/@][^/]*/.exec(specifier)?.[0];
  if (!name) return undefined;
  const link = findPackageFolder(path.dirname(fromFile), name);
  if (!link) return undefined;
  const cacheKey = `${link}\0${specifier}`;
  if (workspaceResolutions.has(cacheKey)) return workspaceResolutions.get(cacheKey) ?? undefined;
  let file: string | undefined;
  try {
    const resolved = realpathSync(createRequire(fromFile).resolve(specifier));
    file = resolved.split(path.sep).includes('node_modules') ? undefined : resolved;
  } catch {
    file = undefined; // an ES-only package that `require` cannot resolve
  }
  workspaceResolutions.set(cacheKey, file ?? null);
  return file;
}

/** The nearest `node_modules/<name>` up from `folder` when it is a link (a workspace package); `undefined` for an installed one or none. */
function findPackageFolder(folder: string, name: string): string | undefined {
  for (const nodeModules of getNodeModulesFolders(folder)) {
    const candidate = path.join(nodeModules, name);
    const kind = getPackageFolderKind(candidate);
    if (kind === 'link') return candidate;
    if (kind === 'installed') return undefined;
  }
  return undefined;
}

/**
 * The `node_modules` folders at and above `folder`, nearest first. Every bare import (`react`,
 * `@app/storage`) walks them, from every folder of the project: each folder's list is built once
 * from its parent's and remembered for as long as resolutions are.
 */
function getNodeModulesFolders(folder: string): readonly string[] {
  const now = Date.now();
  const known = nodeModulesFolders.get(folder);
  if (known && now - known.at < RESOLUTION_TTL_MS) return known.folders;
  const parent = path.dirname(folder);
  const above = parent === folder ? [] : getNodeModulesFolders(parent);
  const own = path.join(folder, 'node_modules');
  const folders = getFileStamp(own) === undefined ? above : [own, ...above];
  nodeModulesFolders.delete(folder);
  nodeModulesFolders.set(folder, { at: now, folders });
  if (nodeModulesFolders.size > MAX_RESOLUTIONS) nodeModulesFolders.delete(nodeModulesFolders.keys().next().value!);
  return folders;
}

const nodeModulesFolders = new Map<string, { readonly at: number; readonly folders: readonly string[] }>();

function getPackageFolderKind(candidate: string): 'installed' | 'link' | 'none' {
  let kind = packageFolderKinds.get(candidate);
  if (kind === undefined) {
    try {
      const stats = lstatSync(candidate, { throwIfNoEntry: false });
      kind = stats === undefined ? 'none' : stats.isSymbolicLink() ? 'link' : 'installed';
    } catch {
      kind = 'none';
    }
    packageFolderKinds.set(candidate, kind);
  }
  return kind;
}

const packageFolderKinds = new Map<string, 'installed' | 'link' | 'none'>();
const workspaceResolutions = new Map<string, string | null>();
