import type { ClientLibraryFacts } from './types';

// Each class owns at least one connection and is closed with `close()`.
// Worker and QueueEvents hold a blocking connection and run on their own.
export const bullmq = {
  name: 'bullmq',
  dialect: 'bullmq',
  modules: ['bullmq'],
  moduleValue: {
    kind: 'namespace',
    members: {
      Queue: { kind: 'class' },
      FlowProducer: { kind: 'class' },
      Worker: { kind: 'class', longRunning: true },
      QueueEvents: { kind: 'class', longRunning: true },
    },
  },
  transport: 'tcp',
  close: { graceful: 'close', returnsPromise: true, others: ['disconnect'] },
  spawnMethods: [],
  batchMethods: [],
  connectReturnsClient: false,
  declarationPackages: ['bullmq'],
} as const satisfies ClientLibraryFacts;
