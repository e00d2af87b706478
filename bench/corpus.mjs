// The benchmark corpus: real JavaScript/TypeScript sources that are already on disk,
// so a run needs no network. See bench/README.md.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const MAX_BYTES = 200 * 1024;
const SOURCE = /\.(?:[cm]?[jt]s)$/;
const SKIP = /\.d\.[cm]?ts$|\.min\.[cm]?js$/;

/** Package folders (relative to ROOT) of the dev dependencies and everything they depend on, per package-lock.json. */
function devDependencyClosure() {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const packages = lock.packages;
  const resolve = (from, name) => {
    // Node's lookup: from/node_modules/name, then each enclosing node_modules, then the top level.
    let dir = from;
    for (;;) {
      const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!dir) return undefined;
      const cut = dir.lastIndexOf('/node_modules/');
      dir = cut === -1 ? '' : dir.slice(0, cut);
    }
  };
  const seen = new Set();
  const queue = Object.keys(packages[''].devDependencies ?? {}).map((name) => resolve('', name)).filter(Boolean);
  while (queue.length > 0) {
    const pkg = queue.pop();
    if (seen.has(pkg)) continue;
    seen.add(pkg);
    const entry = packages[pkg];
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) {
      const found = resolve(pkg, name);
      if (found && !seen.has(found)) queue.push(found);
    }
  }
  return [...seen].filter((pkg) => existsSync(path.join(ROOT, pkg))).sort();
}

function walk(dir, out, ownNodeModules) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      // Nested node_modules are packages of their own, listed separately by the closure.
      if (entry.name === 'node_modules' && !ownNodeModules) continue;
      walk(full, out, false);
    } else if (entry.isFile() && SOURCE.test(entry.name) && !SKIP.test(entry.name) && statSync(full).size <= MAX_BYTES) {
      out.push(full);
    }
  }
}

/**
 * Absolute paths, sorted: fixtures/demo first, then the dev-dependency sources, the first `limit` of them.
 */
export function buildCorpus(limit) {
  const files = [];
  walk(path.join(ROOT, 'fixtures/demo/src'), files, false);
  const deps = [];
  for (const pkg of devDependencyClosure()) walk(path.join(ROOT, pkg), deps, false);
  files.push(...[...new Set(deps)].sort());
  return files.slice(0, limit);
}
