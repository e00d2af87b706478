import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sampleKeys } from '../../src/audit/sample-keys';
import type { ServerConnection } from '../../src/audit/server';
import { connectToServer } from '../../src/audit/server';

/**
 * Key patterns of ids the audit must group, read from a real redis-server by the SCAN pass:
 * a leak of phone-number keys, a leak of ids no rule recognises, express sessions whose ids
 * start with anything, and BullMQ's fixed keys, which must stay apart.
 */

const DB = 9;
const url = `${inject('redisUrl')}/${DB}`;
const KEYS = { phones: 12_000, unknown: 8_000, sessions: 4_000, jobs: 1_000 };
const BULL_SUFFIXES = ['wait', 'active', 'paused', 'completed', 'failed', 'delayed', 'prioritized', 'meta', 'events', 'id', 'stalled-check', 'limiter', 'marker', 'repeat'];
const TOTAL = KEYS.phones + KEYS.unknown + KEYS.sessions + KEYS.jobs + BULL_SUFFIXES.length;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

let admin: Redis;
let connection: ServerConnection | undefined;

const letters = (count: number) => Array.from(randomBytes(count), (byte) => LETTERS[byte % LETTERS.length]).join('');

beforeAll(async () => {
  admin = new Redis(url, { maxRetriesPerRequest: 1 });
  await admin.flushdb();
  const pipeline = admin.pipeline();
  for (let index = 0; index < KEYS.phones; index += 1) pipeline.set(`otp:+1555${String(index).padStart(7, '0')}`, '123456');
  for (let index = 0; index < KEYS.unknown; index += 1) pipeline.sadd(`cart:${letters(12)}:items`, 'sku');
  for (let index = 0; index < KEYS.sessions; index += 1) pipeline.set(`sess:${randomBytes(24).toString('base64url')}`, '{}', 'EX', 3_600);
  for (let index = 0; index < KEYS.jobs; index += 1) pipeline.hset(`bull:emails:${index + 1}`, 'data', '{}');
  for (const suffix of BULL_SUFFIXES) pipeline.set(`bull:emails:${suffix}`, '1');
  await pipeline.exec();
  expect(await admin.dbsize()).toBe(TOTAL);
}, 60_000);

afterAll(async () => {
  await connection?.close();
  if (admin) {
    await admin.flushdb();
    await admin.quit();
  }
});

describe('key patterns of a real keyspace', () => {
  it('shows each leak as one pattern and keeps fixed keys apart', async () => {
    connection = await connectToServer(url, { timeoutMs: 5_000 });
    const { sample, warnings } = await sampleKeys(connection, { deadline: Date.now() + 60_000 });

    expect(warnings).toEqual([]);
    expect(sample).toMatchObject({ totalKeys: TOTAL, sampledKeys: TOTAL, complete: true });
    const patterns = Object.fromEntries(sample.patterns.map((group) => [group.pattern, [group.sampledKeys, group.keysWithoutTtl]]));
    expect(patterns).toEqual({
      'otp:*': [KEYS.phones, KEYS.phones],
      'cart:*:items': [KEYS.unknown, KEYS.unknown],
      'sess:*': [KEYS.sessions, 0],
      'bull:emails:*': [KEYS.jobs, KEYS.jobs],
      ...Object.fromEntries(BULL_SUFFIXES.map((suffix) => [`bull:emails:${suffix}`, [1, 1]])),
    });
    // The collapsed leak has a size, from its measured keys.
    expect(sample.patterns.find((group) => group.pattern === 'cart:*:items')!.estimatedBytes).toBeGreaterThan(0);
  });
});
