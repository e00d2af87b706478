import type { ClientLibraryFacts } from './types';

/** HTTP (REST) client: nothing to close, but its writes still need an expiry. */
export const upstash = {
  name: '@upstash/redis',
  dialect: 'upstash',
  modules: ['@upstash/redis', '@upstash/redis/nodejs', '@upstash/redis/cloudflare', '@upstash/redis/fastly'],
  moduleValue: {
    kind: 'namespace',
    members: { Redis: { kind: 'class', statics: { fromEnv: { kind: 'factory' } } } },
  },
  transport: 'http',
  close: undefined,
  spawnMethods: [],
  batchMethods: ['pipeline', 'multi'],
  connectReturnsClient: false,
  declarationPackages: ['@upstash/redis'],
} as const satisfies ClientLibraryFacts;
