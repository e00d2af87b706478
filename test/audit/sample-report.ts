import type { ConnectionGroup, KeyPatternGroup, KeyWriteSite } from '../../src/audit/types';

// Sites and key patterns of a realistic audit (the relayer incident, a dedupe set, sessions,
// BullMQ), shared by the text and HTML report tests; each builds its own report from them.

const MB = 1024 ** 2;

export const relayerSet: KeyWriteSite = {
  file: 'src/relayer.ts',
  line: 225,
  column: 11,
  command: 'set',
  keyPrefix: 'epoch_batch_size:',
  keyText: '`epoch_batch_size:${epochId}`',
  expiry: 'none',
};

export const dedupeAdd: KeyWriteSite = {
  file: 'src/workers/dedupe.ts',
  line: 17,
  column: 9,
  command: 'sadd',
  keyPrefix: 'seen:',
  keyText: '`seen:${day}`',
  expiry: 'none',
};

export const sessionSet: KeyWriteSite = {
  file: 'src/session/store.ts',
  line: 48,
  column: 5,
  command: 'set',
  keyPrefix: 'sess:',
  keyText: '`sess:${id}`',
  expiry: 'present',
};

export const epochBatchSize: KeyPatternGroup = {
  pattern: 'epoch_batch_size:*',
  sampledKeys: 25_000,
  keysWithoutTtl: 25_000,
  estimatedKeys: 1_200_000,
  share: 0.5,
  estimatedBytes: 180 * MB,
  types: ['string'],
  idleSeconds: { median: 274_000, max: 1_900_000 },
  examples: ['epoch_batch_size:81723'],
};

export const seen: KeyPatternGroup = {
  pattern: 'seen:*',
  sampledKeys: 12_000,
  keysWithoutTtl: 11_000,
  estimatedKeys: 576_000,
  share: 0.24,
  estimatedBytes: 95 * MB,
  types: ['set'],
  idleSeconds: { median: 45, max: 3_600 },
  examples: ['seen:2024-05-01'],
};

export const sessions: KeyPatternGroup = {
  pattern: 'sess:*',
  sampledKeys: 3_000,
  keysWithoutTtl: 0,
  estimatedKeys: 144_000,
  share: 0.06,
  estimatedBytes: 40 * MB,
  types: ['string'],
  idleSeconds: { median: 600, max: 86_000 },
  examples: ['sess:ab12'],
};

export const bullStalled: KeyPatternGroup = {
  pattern: 'bull:*:stalled',
  sampledKeys: 1_000,
  keysWithoutTtl: 1_000,
  estimatedKeys: 48_000,
  share: 0.02,
  estimatedBytes: 12 * MB,
  types: ['set'],
  examples: ['bull:email:stalled'],
};

export const apiGroup: ConnectionGroup = { host: '10.0.3.18', name: 'api', count: 40, idleCount: 2, oldestSeconds: 11_000, medianAgeSeconds: 5_000, medianIdleSeconds: 1 };

export const leakedGroup: ConnectionGroup = {
  host: '10.0.3.17',
  name: '',
  count: 312,
  idleCount: 298,
  oldestSeconds: 1_050_000,
  medianAgeSeconds: 400_000,
  medianIdleSeconds: 90_000,
  leak: '298 of 312 connections from one host have been idle over 10 min',
};
