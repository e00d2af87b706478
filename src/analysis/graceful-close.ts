import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ClientLibraryFacts, CloseFacts } from '../redis';

const majorByPackageAndDirectory = new Map<string, number | undefined>();

/**
 * How a client of `library` in the file `filename` is closed: the library's graceful close,
 * or an older one when the file's project installed a major before it (node-redis 4 closes
 * with `quit()`). Unknown installs get the current API; `undefined` when there is nothing to close.
 */
export function getCloseFor(library: ClientLibraryFacts, filename: string): Pick<CloseFacts, 'graceful' | 'returnsPromise'> | undefined {
  const { close } = library;
  if (!close) return undefined;
  const major = getInstalledLibraryMajor(library, filename);
  const graceful = close.before && major !== undefined && major < close.before.major ? close.before.graceful : close.graceful;
  return { graceful, returnsPromise: close.returnsPromise };
}

/** The graceful close to recommend for a client of `library` in `filename` (see {@link getCloseFor}). */
export function getGracefulClose(library: ClientLibraryFacts, filename: string): string | undefined {
  return getCloseFor(library, filename)?.graceful;
}

/**
 * The major version of the library's `versionPackage` installed where `filename` resolves it; when
 * it is not installed there, the one the nearest `package.json` that declares the library asks for
 * (`"redis": "^4.7.0"`: `@redis/client` 1; `"redis": "^3.1.2"`: 0, none yet); `undefined` when neither tells.
 */
export function getInstalledLibraryMajor(library: ClientLibraryFacts, filename: string): number | undefined {
  if (library.versionPackage === undefined) return undefined;
  const directory = path.dirname(path.resolve(filename));
  const installed = getInstalledMajor(library.versionPackage, directory);
  const { declaredVersion } = library;
  if (installed !== undefined || !declaredVersion) return installed;
  const declared = getDeclaredMajor(declaredVersion.packages, directory);
  if (declared === undefined) return undefined;
  if (declared >= declaredVersion.sameFrom) return declared;
  return declaredVersion.from !== undefined && declared < declaredVersion.from ? 0 : declaredVersion.olderAs;
}

const declaredMajorByDirectory = new Map<string, number | undefined>();
/** Dependency fields read, in order. */
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * The major version the nearest `package.json` at or above `directory` that declares one of
 * `packages` asks for: `^4.7.0`, `~4.6`, `4.x`, `4` give 4; a range it cannot read as one major
 * (`>=4 <6`, `*`, `latest`, `workspace:*`, a URL) gives `undefined`.
 */
function getDeclaredMajor(packages: readonly string[], directory: string): number | undefined {
  const cacheKey = `${packages.join(',')}\0${directory}`;
  if (declaredMajorByDirectory.has(cacheKey)) return declaredMajorByDirectory.get(cacheKey);
  let major: number | undefined;
  for (let folder = directory; ; folder = path.dirname(folder)) {
    const range = readDeclaredRange(path.join(folder, 'package.json'), packages);
    if (range !== undefined) {
      const match = /^\s*[\^~=v]*\s*(\d+)(?:\.(?:\d+|x|\*)){0,2}\s*$/.exec(range);
      major = match ? Number.parseInt(match[1]!, 10) : undefined;
      break;
    }
    if (path.dirname(folder) === folder) break;
  }
  declaredMajorByDirectory.set(cacheKey, major);
  return major;
}

/** The range `manifest` declares for the first of `packages` it lists, or `undefined` (no such file, or none listed). */
function readDeclaredRange(manifest: string, packages: readonly string[]): string | undefined {
  let parsed: Partial<Record<(typeof DEPENDENCY_FIELDS)[number], Record<string, unknown>>>;
  try {
    parsed = JSON.parse(readFileSync(manifest, 'utf8')) as typeof parsed;
  } catch {
    return undefined; // no manifest here, or one that is not JSON
  }
  for (const field of DEPENDENCY_FIELDS) {
    for (const name of packages) {
      const range = parsed[field]?.[name];
      if (typeof range === 'string') return range;
    }
  }
  return undefined;
}

/** The major version of `packageName` installed where files in `directory` resolve it, or `undefined`. */
export function getInstalledMajor(packageName: string, directory: string): number | undefined {
  const cacheKey = `${packageName}\0${directory}`;
  if (majorByPackageAndDirectory.has(cacheKey)) return majorByPackageAndDirectory.get(cacheKey);
  let major: number | undefined;
  try {
    const manifest = createRequire(path.join(directory, 'index.js')).resolve(`${packageName}/package.json`);
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string };
    major = version ? Number.parseInt(version, 10) : undefined;
  } catch {
    major = undefined; // not installed where the file can see it
  }
  majorByPackageAndDirectory.set(cacheKey, major);
  return major;
}
