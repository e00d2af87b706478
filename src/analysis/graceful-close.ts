import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ClientLibraryFacts } from '../redis';

/** node-redis before 5 (`@redis/client` 1.x) has no `close()`: its graceful close is `quit()`. */
const NODE_REDIS_V4_CLOSE = 'quit';
const FIRST_MAJOR_WITH_CLOSE = 5;

const clientMajorByDirectory = new Map<string, number | undefined>();

/**
 * The graceful close to recommend for a client of `library` in the file `filename`:
 * the library's own, except for node-redis 4, found from the `@redis/client`
 * that the file's project has installed. Unknown installs get the current API.
 */
export function getGracefulClose(library: ClientLibraryFacts, filename: string): string | undefined {
  if (library.dialect !== 'node-redis') return library.gracefulClose;
  const major = getInstalledNodeRedisMajor(path.dirname(path.resolve(filename)));
  return major !== undefined && major < FIRST_MAJOR_WITH_CLOSE ? NODE_REDIS_V4_CLOSE : library.gracefulClose;
}

/** The major version of the `@redis/client` installed where files in `directory` resolve it (1 is node-redis 4), or `undefined`. */
export function getInstalledNodeRedisMajor(directory: string): number | undefined {
  if (clientMajorByDirectory.has(directory)) return clientMajorByDirectory.get(directory);
  let major: number | undefined;
  try {
    const manifest = createRequire(path.join(directory, 'index.js')).resolve('@redis/client/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string };
    major = version ? Number.parseInt(version, 10) : undefined;
  } catch {
    major = undefined; // not installed where the file can see it
  }
  clientMajorByDirectory.set(directory, major);
  return major;
}
