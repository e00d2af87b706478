import type { ClientLibraryFacts } from './types';

export const nodeRedis = {
  name: 'node-redis',
  dialect: 'node-redis',
  // `@keyv/redis` re-exports node-redis' factories.
  modules: ['redis', '@redis/client', '@keyv/redis'],
  moduleValue: {
    kind: 'namespace',
    members: {
      // A client opens no connection until `connect()`: one never connected holds no socket (and `close()` on it rejects).
      createClient: { kind: 'factory', connectsExplicitly: true },
      createCluster: { kind: 'factory', connectsExplicitly: true },
      createSentinel: { kind: 'factory', connectsExplicitly: true },
      createClientPool: { kind: 'factory', connectsExplicitly: true },
      RedisClientType: { kind: 'type' },
      RedisClusterType: { kind: 'type' },
      RedisSentinelType: { kind: 'type' },
      RedisClientPoolType: { kind: 'type' },
    },
  },
  transport: 'tcp',
  // 5+: `close()` waits for pending commands, `destroy()` drops them; `QUIT`/`quit`/`disconnect` are deprecated. 4 has only `quit()`/`disconnect()`.
  close: { graceful: 'close', returnsPromise: true, others: ['quit', 'QUIT', 'disconnect', 'destroy'], before: { major: 5, graceful: 'quit' } },
  versionPackage: '@redis/client',
  // `redis` 4 and `@redis/client` 1 go together; from 5 on, both have the same major; `redis` 3 had no `@redis/client`.
  declaredVersion: { packages: ['redis', '@redis/client'], sameFrom: 5, olderAs: 1, from: 4 },
  // `redis` 3 connected as a client was created; 4 on wait for `connect()`.
  explicitConnectFrom: 1,
  spawnMethods: ['duplicate'],
  batchMethods: ['multi', 'MULTI'],
  connectReturnsClient: true,
  declarationPackages: ['@redis/client', 'redis'],
  // `sentinel.acquire()` leases a client that must be given back with its own `release()`.
  leases: { acquireMethods: ['acquire'], releaseMethods: ['release'], releasedBy: 'resource', scopedUse: undefined },
} as const satisfies ClientLibraryFacts;
