import type { ClientLibraryFacts } from './types';

// Each class owns at least one connection, or runs on a client it is given, and is closed with `close()`.
// Worker and QueueEvents hold a blocking connection and run on their own.
export const bullmq = {
  name: 'BullMQ',
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
  // Given an existing client as `connection`, a Queue shares it (`shared: true`) and adds `error`, `close` and `ready` listeners to it until closed.
  runsOnGivenClient: true,
} as const satisfies ClientLibraryFacts;
