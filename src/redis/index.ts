import { bullmq } from './bullmq';
import { bun } from './bun';
import { genericPool } from './generic-pool';
import { glide } from './glide';
import { ioredis, iovalkey } from './ioredis';
import { nodeRedis } from './node-redis';
import type { ClientLibraryFacts } from './types';
import { upstash } from './upstash';

export * from './commands';
export type * from './types';

/** Every library whose objects own connections; generic-pool lends them. */
export const CLIENT_LIBRARIES: readonly ClientLibraryFacts[] = [ioredis, iovalkey, nodeRedis, upstash, glide, bun, bullmq, genericPool];

/** Method names that close a client in any of the libraries. */
export const CLOSE_METHODS: ReadonlySet<string> = new Set(
  CLIENT_LIBRARIES.flatMap(({ close }) => (close ? [close.graceful, ...close.others, ...(close.before ? [close.before.graceful] : [])] : [])),
);

/** Methods that return the client itself, so a chain through them still holds the client (`createClient().on('error', f)`). */
export const PASS_THROUGH_METHODS: ReadonlySet<string> = new Set([
  'on', 'once', 'off', 'addListener', 'prependListener', 'prependOnceListener', 'removeListener', 'setMaxListeners',
]);

const libraryByModule = new Map(CLIENT_LIBRARIES.flatMap((library) => library.modules.map((m) => [m, library] as const)));

export function getLibraryByModule(specifier: string): ClientLibraryFacts | undefined {
  return libraryByModule.get(specifier);
}

/** Every module specifier a client can come from; a file naming none of them needs no client analysis. */
export const CLIENT_MODULES: readonly string[] = [...libraryByModule.keys()];

/**
 * Matches an import of a client module in source text (`from 'ioredis'`, `require('redis')`,
 * `import('bun')`): the cheap test for "this file may use a client". A specifier in any other
 * string (`nconf.get('redis')`, `type === 'redis'`) is no import.
 */
export const CLIENT_MODULE_MENTION = new RegExp(`(?:\\bfrom|\\brequire\\s*\\(|\\bimport\\s*\\(?)\\s*['"\`](?:${CLIENT_MODULES.map((m) => m.replace(/[/.@-]/g, '\\$&')).join('|')})['"\`]`);
