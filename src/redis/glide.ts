import type { ClientLibraryFacts } from './types';

// The constructors are protected: clients come from the async static `createClient`.
export const glide = {
  name: '@valkey/valkey-glide',
  dialect: 'glide',
  modules: ['@valkey/valkey-glide'],
  moduleValue: {
    kind: 'namespace',
    members: {
      GlideClient: { kind: 'class', statics: { createClient: { kind: 'factory' } } },
      GlideClusterClient: { kind: 'class', statics: { createClient: { kind: 'factory' } } },
    },
  },
  transport: 'tcp',
  close: { graceful: 'close', returnsPromise: false, others: [] },
  spawnMethods: [],
  batchMethods: [],
  connectReturnsClient: false,
  declarationPackages: ['@valkey/valkey-glide'],
} as const satisfies ClientLibraryFacts;
