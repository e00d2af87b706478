import type { ClientLibraryFacts } from './types';

/**
 * Bun's built-in client (`bun-types` 1.4, `redis.d.ts`): `new RedisClient(url?, options?)`, or the
 * shared `redis`, which Bun connects and owns. `close()` is synchronous; `duplicate()` resolves
 * to a new connection. No `multi`/`pipeline` (Bun pipelines on its own).
 */
export const bun = {
  name: 'Bun RedisClient',
  dialect: 'bun',
  modules: ['bun'],
  moduleValue: {
    kind: 'namespace',
    members: {
      RedisClient: { kind: 'class' },
      redis: { kind: 'instance' },
    },
  },
  transport: 'tcp',
  close: { graceful: 'close', returnsPromise: false, others: [] },
  spawnMethods: ['duplicate'],
  batchMethods: [],
  connectReturnsClient: false,
  declarationPackages: ['bun-types'],
} as const satisfies ClientLibraryFacts;
