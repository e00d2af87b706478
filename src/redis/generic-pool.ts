import type { ClientLibraryFacts } from './types';

// generic-pool 3: `createPool(factory, opts)`; resources go back with `release` or `destroy`.
// The pool itself is shut down with `drain()` + `clear()`, which no-unclosed-client does not ask for.
export const genericPool = {
  name: 'generic-pool',
  dialect: 'generic-pool',
  modules: ['generic-pool'],
  moduleValue: {
    kind: 'namespace',
    members: { createPool: { kind: 'factory' }, Pool: { kind: 'class' } },
  },
  transport: 'tcp',
  // A pool is drained (`drain()` then `clear()`), not closed by one call; its leases are what the rules follow.
  close: undefined,
  spawnMethods: [],
  batchMethods: [],
  connectReturnsClient: false,
  declarationPackages: ['generic-pool'],
  leases: { acquireMethods: ['acquire'], releaseMethods: ['release', 'destroy'], releasedBy: 'pool', scopedUse: 'use' },
} as const satisfies ClientLibraryFacts;
