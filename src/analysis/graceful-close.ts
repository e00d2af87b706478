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

/** The major version of the library's `versionPackage` installed where `filename` resolves it, or `undefined`. */
export function getInstalledLibraryMajor(library: ClientLibraryFacts, filename: string): number | undefined {
  return library.versionPackage === undefined ? undefined : getInstalledMajor(library.versionPackage, path.dirname(path.resolve(filename)));
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
