// Links a prepared repository's workspace packages into its root `node_modules`, as `npm install`,
// `yarn` or `pnpm install` would in a checkout. The rules follow an import of a workspace package
// (`import { redis } from '@app/storage'`) only through such a link (src/analysis/module-resolution.ts):
// without it, a monorepo's clients shared through its own packages go unseen in the corpus while a
// user, who has installed, sees them.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * The workspace globs of a repository root: the `packages:` list of its pnpm-workspace.yaml (pnpm
 * reads only that file, and a package.json beside it may keep a stale `workspaces`), else
 * `workspaces` of its package.json (an array, or `{ packages }` as yarn writes it).
 */
export function readWorkspaceGlobs(root) {
  const pnpm = path.join(root, 'pnpm-workspace.yaml');
  if (existsSync(pnpm)) return readPnpmPackages(readFileSync(pnpm, 'utf8'));
  const manifest = readJson(path.join(root, 'package.json'));
  const declared = Array.isArray(manifest?.workspaces) ? manifest.workspaces : manifest?.workspaces?.packages;
  return Array.isArray(declared) ? declared.filter((glob) => typeof glob === 'string') : [];
}

/** The `packages:` list of a pnpm-workspace.yaml: `- apps/*` items, quoted or not, up to the next top-level key. */
function readPnpmPackages(yaml) {
  const globs = [];
  let inPackages = false;
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) inPackages = /^packages\s*:/.test(line);
    const item = inPackages ? /^\s+-\s*(['"]?)(.+?)\1\s*(?:#.*)?$/.exec(line) : null;
    if (item) globs.push(item[2]);
  }
  return globs;
}

/** A workspace glob as a regular expression over folder paths: `*` is part of one segment, `**` any number of segments. */
function toFolderPattern(glob) {
  const source = glob
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '\0')
    .replace(/\/\*\*$/, '\u0001')
    .replace(/\*/g, '[^/]*')
    .replace(/\0/g, '(?:[^/]+/)*')
    .replace(/\u0001/g, '(?:/[^/]+)*');
  return new RegExp(`^${source}$`);
}

/**
 * Links each workspace package (a folder matched by the globs, not excluded by a `!glob`, with a
 * package.json that names it) as `<root>/node_modules/<name>`. Returns how many were linked.
 */
export function linkWorkspacePackages(root) {
  const globs = readWorkspaceGlobs(root);
  const included = globs.filter((glob) => !glob.startsWith('!')).map(toFolderPattern);
  const excluded = globs.filter((glob) => glob.startsWith('!')).map((glob) => toFolderPattern(glob.slice(1)));
  const nodeModules = path.join(root, 'node_modules');
  rmSync(nodeModules, { recursive: true, force: true });
  if (included.length === 0) return 0;
  const linked = new Set();
  for (const folder of listPackageFolders(root)) {
    if (!included.some((pattern) => pattern.test(folder)) || excluded.some((pattern) => pattern.test(folder))) continue;
    const name = readJson(path.join(root, folder, 'package.json'))?.name;
    if (typeof name !== 'string' || !/^(?:@[\w.-]+\/)?[\w.-]+$/.test(name) || linked.has(name)) continue;
    const link = path.join(nodeModules, name);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.relative(path.dirname(link), path.join(root, folder)), link, 'dir');
    linked.add(name);
  }
  return linked.size;
}

/** Folders below `root` (relative, `/`-separated, sorted) that hold a package.json. */
function listPackageFolders(root) {
  const folders = [];
  const walk = (relative) => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules') continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (existsSync(path.join(root, child, 'package.json'))) folders.push(child);
      walk(child);
    }
  };
  walk('');
  return folders.sort();
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
