import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as connectSocket, createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConnections } from '../../src/audit/connections';
import { sampleKeys } from '../../src/audit/sample-keys';
import type { ServerConnection } from '../../src/audit/server';
import { AuditError, connectToServer, parseRedisUrl, redactUrl } from '../../src/audit/server';
import type { KeyPatternGroup, KeySample } from '../../src/audit/types';

/**
 * The server side of `redis-leaks audit` against real redis-servers: the shared e2e
 * server (keys in database 3 only, flushed before and after), plus private servers
 * started here for passwords, ACL users, a replica and a cluster.
 */

const url = inject('redisUrl');
const DB = 3;
const auditUrl = `${url}/${DB}`;
const RUN = randomUUID().slice(0, 8);
const LEAK_NAME = `audit-e2e-leak-${RUN}`;
const WORKER_NAME = `audit-e2e-bull-${RUN}`;
const TIMEOUT_MS = 5_000;
/** The key shapes written to database 3, and how many of each. */
const KEYS = { user: 6_000, session: 5_000, batch: 4_000, cache: 3_000, queue: 2_000 };
const TOTAL_KEYS = 20_000;
const KEYS_WITHOUT_TTL = KEYS.user + KEYS.batch + KEYS.queue;

let admin: Redis;
const clients: Redis[] = [];
const servers: PrivateServer[] = [];
const connections: ServerConnection[] = [];

beforeAll(async () => {
  admin = track(new Redis(auditUrl, { maxRetriesPerRequest: 1 }));
  await admin.flushdb();
  await writeKeys(admin);
});

afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.close()));
  if (admin?.status === 'ready') await admin.flushdb();
  for (const client of clients) client.disconnect();
  await Promise.all(servers.map((server) => server.stop()));
});

function track<T extends Redis | Cluster>(client: T): T {
  client.on('error', () => {});
  if (client instanceof Redis) clients.push(client);
  return client;
}

async function connect(target: string): Promise<ServerConnection> {
  const connection = await connectToServer(target, { timeoutMs: TIMEOUT_MS });
  connections.push(connection);
  return connection;
}

/** 20,000 keys in five shapes; sessions and cache entries get a TTL, the others do not. */
async function writeKeys(client: Redis): Promise<void> {
  let pipeline = client.pipeline();
  const flushEvery = async (index: number): Promise<void> => {
    if (index % 2_000 !== 1_999) return;
    await pipeline.exec();
    pipeline = client.pipeline();
  };
  for (let i = 0; i < KEYS.user; i++) {
    pipeline.hset(`user:${i}:profile`, 'name', `user ${i}`, 'email', `user${i}@example.com`);
    await flushEvery(i);
  }
  for (let i = 0; i < KEYS.session; i++) {
    pipeline.set(`sess:${randomUUID()}`, 'x'.repeat(64), 'EX', 3_600);
    await flushEvery(i);
  }
  for (let i = 0; i < KEYS.batch; i++) {
    pipeline.set(`epoch_batch_size:${i}`, String(i));
    await flushEvery(i);
  }
  for (let i = 0; i < KEYS.cache; i++) {
    pipeline.set(`cache:page:${i}`, 'y'.repeat(200));
    pipeline.pexpire(`cache:page:${i}`, 600_000);
    await flushEvery(i);
  }
  for (let i = 0; i < KEYS.queue; i++) {
    pipeline.rpush(`bull:emails:${i}`, 'a', 'b', 'c');
    await flushEvery(i);
  }
  await pipeline.exec();
}

function patternOf(sample: KeySample, pattern: string): KeyPatternGroup {
  const group = sample.patterns.find((candidate) => candidate.pattern === pattern);
  if (!group) throw new Error(`no pattern ${pattern} in ${sample.patterns.map((candidate) => candidate.pattern).join(', ')}`);
  return group;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('sampleKeys on database 3 of the e2e server', () => {
  it('connects and reads what the server says about itself', async () => {
    const connection = await connect(auditUrl);
    expect(connection).toMatchObject({ mode: 'standalone', role: 'master', db: DB, warnings: [] });
    expect(connection.url).toBe(auditUrl);
    expect(connection.redisVersion).toMatch(/^\d+\.\d+/);
    expect(connection.usedMemoryBytes).toBeGreaterThan(0);
    expect(connection.connectedClients).toBeGreaterThan(0);
    expect(connection.maxClients).toBeGreaterThan(0);
  });

  it('counts every pattern, TTL and type of the whole keyspace', async () => {
    const connection = await connect(auditUrl);
    const progress: number[] = [];
    const { sample, warnings } = await sampleKeys(connection, { deadline: Date.now() + 60_000, onProgress: (done) => progress.push(done) });

    expect(warnings).toEqual([]);
    expect(sample).toMatchObject({ totalKeys: TOTAL_KEYS, sampledKeys: TOTAL_KEYS, keysWithoutTtl: KEYS_WITHOUT_TTL, complete: true });
    // About 2,000 keys measured, spread over the sample.
    expect(sample.measuredKeys).toBeGreaterThan(1_500);
    expect(sample.measuredKeys).toBeLessThan(2_500);
    expect(sample.patterns.map((group) => [group.pattern, group.sampledKeys, group.keysWithoutTtl, group.estimatedKeys, group.types])).toEqual(
      expect.arrayContaining([
        ['user:*:profile', KEYS.user, KEYS.user, KEYS.user, ['hash']],
        ['sess:*', KEYS.session, 0, KEYS.session, ['string']],
        ['epoch_batch_size:*', KEYS.batch, KEYS.batch, KEYS.batch, ['string']],
        ['cache:page:*', KEYS.cache, 0, KEYS.cache, ['string']],
        ['bull:emails:*', KEYS.queue, KEYS.queue, KEYS.queue, ['list']],
      ]),
    );
    expect(sample.patterns).toHaveLength(5);
    for (const group of sample.patterns) {
      expect(group.estimatedBytes).toBeGreaterThan(0);
      expect(group.idleSeconds?.max).toBeGreaterThanOrEqual(0);
      expect(group.examples).toHaveLength(3);
      expect(group.share).toBeCloseTo(group.sampledKeys / TOTAL_KEYS);
    }
    expect(progress.at(-1)).toBe(TOTAL_KEYS);
    expect(await admin.dbsize()).toBe(TOTAL_KEYS);
  });

  it('extrapolates from a partial sample', async () => {
    const connection = await connect(auditUrl);
    const { sample, warnings } = await sampleKeys(connection, { sample: 5_000, memorySample: 500, deadline: Date.now() + 60_000 });

    expect(warnings).toEqual([]);
    expect(sample).toMatchObject({ totalKeys: TOTAL_KEYS, sampledKeys: 5_000, complete: false });
    // SCAN order does not follow key names: a quarter of the keys is a fair sample.
    const users = patternOf(sample, 'user:*:profile');
    expect(users.estimatedKeys).toBeGreaterThan(KEYS.user * 0.8);
    expect(users.estimatedKeys).toBeLessThan(KEYS.user * 1.2);
    expect(sample.keysWithoutTtl / sample.sampledKeys).toBeCloseTo(KEYS_WITHOUT_TTL / TOTAL_KEYS, 1);
  });

  it('stops at the deadline with a warning', async () => {
    const connection = await connect(auditUrl);
    const { sample, warnings } = await sampleKeys(connection, { deadline: Date.now() - 1 });

    expect(sample).toMatchObject({ totalKeys: TOTAL_KEYS, sampledKeys: 0, complete: false, patterns: [] });
    expect(warnings).toEqual([expect.stringMatching(/stopped at the deadline after 0 of 20,000 keys/)]);
  });

  it('keeps to --rate', async () => {
    const connection = await connect(auditUrl);
    const started = Date.now();
    const { sample } = await sampleKeys(connection, { sample: 1_000, rate: 2_000, scanCount: 100, deadline: Date.now() + 60_000 });

    expect(sample.sampledKeys).toBe(1_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('reads another database when asked, and goes back to the URL one', async () => {
    const connection = await connect(url);
    const { sample } = await sampleKeys(connection, { db: DB, sample: 100, deadline: Date.now() + 60_000 });

    expect(sample.totalKeys).toBe(TOTAL_KEYS);
    expect(await connection.nodes[0]!.client.call('CLIENT', 'INFO')).toMatch(/ db=0 /);
  });
});

describe('readConnections on the e2e server', () => {
  it('flags idle connections from one place, not blocked queue workers', async () => {
    const idle = Array.from({ length: 15 }, () => track(new Redis(url, { connectionName: LEAK_NAME })));
    const workers = Array.from({ length: 12 }, () => track(new Redis(url, { connectionName: WORKER_NAME })));
    await Promise.all(idle.map((client) => client.ping()));
    // Like BullMQ workers: blocked on a queue that stays empty (the key is never written).
    for (const worker of workers) void worker.blpop(`audit-e2e:queue:${RUN}`, 0).catch(() => {});
    await sleep(2_100);

    const connection = await connect(auditUrl);
    const { report, warnings } = await readConnections(connection, { idleThresholdSeconds: 1 });

    expect(warnings).toEqual([]);
    expect(report!.connectedClients).toBeGreaterThanOrEqual(28);
    expect(report!.maxClients).toBe(connection.maxClients);
    const leaking = report!.groups.find((group) => group.name === LEAK_NAME);
    expect(leaking).toMatchObject({ host: '127.0.0.1', count: 15, idleCount: 15 });
    expect(leaking!.leak).toMatch(new RegExp(`^15 of 15 connections named "${LEAK_NAME}" from 127\\.0\\.0\\.1 have been idle`));
    const blocked = report!.groups.find((group) => group.name === WORKER_NAME);
    expect(blocked).toMatchObject({ host: '127.0.0.1', count: 12, idleCount: 0 });
    expect(blocked!.leak).toBeUndefined();
    // With the default threshold (60 s) nothing here is old enough.
    const byDefault = await readConnections(connection);
    expect(byDefault.report!.groups.find((group) => group.name === LEAK_NAME)!.leak).toBeUndefined();

    for (const client of [...idle, ...workers]) client.disconnect();
  });
});

describe('URLs', () => {
  it('masks the password', () => {
    expect(redactUrl('redis://app:s3cr%40t@cache.internal:6380/2')).toBe('redis://app:***@cache.internal:6380/2');
    expect(redactUrl('rediss://:secret@[::1]:6379')).toBe('rediss://:***@[::1]:6379');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('redis//user:secret@host')).toBe('redis//user:***@host');
  });

  it('reads host, port, user, password, database and TLS', () => {
    expect(parseRedisUrl('rediss://app:s3cr%40t@[::1]:6380/2')).toEqual({ host: '::1', port: 6380, username: 'app', password: 's3cr@t', db: 2, tls: true });
    expect(parseRedisUrl('redis://cache.internal')).toEqual({ host: 'cache.internal', port: 6379, db: 0, tls: false });
    expect(() => parseRedisUrl('http://cache.internal')).toThrow('--url must start with redis:// or rediss://');
    expect(() => parseRedisUrl('redis://cache.internal/zero')).toThrow('must be a database number');
  });
});

describe('connection failures', () => {
  it('reports an unreachable port', async () => {
    const port = await freePort();
    const failure = await connectToServer(`redis://127.0.0.1:${port}`, { timeoutMs: TIMEOUT_MS }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(AuditError);
    expect(failure).toMatchObject({ kind: 'unreachable', message: `cannot reach redis at 127.0.0.1:${port} (ECONNREFUSED): check --url and that the server is running` });
  });

  it('reports a server that accepts but never answers as a timeout', async () => {
    const silent = await listen(createServer(() => {}));
    const port = (silent.address() as { port: number }).port;
    try {
      const failure = await connectToServer(`redis://127.0.0.1:${port}`, { timeoutMs: 300 }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ kind: 'timeout', message: expect.stringContaining('did not answer within 300 ms') });
    } finally {
      silent.close();
    }
  });

  it('reports a server that does not speak the Redis protocol', async () => {
    // Answers whatever it receives like an HTTP server would.
    const http = await listen(createServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'))));
    const port = (http.address() as { port: number }).port;
    try {
      const failure = await connectToServer(`redis://127.0.0.1:${port}`, { timeoutMs: TIMEOUT_MS }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ kind: 'protocol' });
    } finally {
      http.close();
    }
  });
});

describe('a private server with a password and ACL users', () => {
  let secured: PrivateServer;
  let securedAdmin: Redis;

  beforeAll(async () => {
    secured = await startPrivateServer(['--requirepass', 'secret']);
    securedAdmin = track(new Redis(secured.port, '127.0.0.1', { password: 'secret' }));
    const pipeline = securedAdmin.pipeline();
    for (let i = 0; i < 300; i++) pipeline.set(`order:${i}`, 'x');
    await pipeline.exec();
    await securedAdmin.call('ACL', 'SETUSER', 'reader', 'on', '>pw', '~*', '+@read', '+@connection', '+info', '+client|list', '-memory', '-object');
    await securedAdmin.call('ACL', 'SETUSER', 'keysonly', 'on', '>pw', '~*', '+@read', '-memory', '-object');
    await securedAdmin.call('ACL', 'SETUSER', 'noscan', 'on', '>pw', '~*', '+@connection', '+info', '+client|list');
  });

  it('asks for the password in the URL, and connects with it', async () => {
    const missing = await connectToServer(`redis://127.0.0.1:${secured.port}`, { timeoutMs: TIMEOUT_MS }).catch((error: unknown) => error);
    expect(missing).toMatchObject({ kind: 'auth', message: expect.stringContaining('redis://user:pass@host:port') });
    const wrong = await connectToServer(`redis://:nope@127.0.0.1:${secured.port}`, { timeoutMs: TIMEOUT_MS }).catch((error: unknown) => error);
    expect(wrong).toMatchObject({ kind: 'auth', message: expect.stringContaining('WRONGPASS') });

    const connection = await connect(`redis://:secret@127.0.0.1:${secured.port}`);
    expect(connection).toMatchObject({ mode: 'standalone', role: 'master', url: `redis://:***@127.0.0.1:${secured.port}`, warnings: [] });
    const { sample } = await sampleKeys(connection, { deadline: Date.now() + 60_000 });
    expect(sample).toMatchObject({ totalKeys: 300, sampledKeys: 300, complete: true });
  });

  it('goes on without MEMORY USAGE and OBJECT IDLETIME for a user without +memory and +object', async () => {
    const connection = await connect(`redis://reader:pw@127.0.0.1:${secured.port}`);
    const { sample, warnings } = await sampleKeys(connection, { deadline: Date.now() + 60_000 });

    expect(sample).toMatchObject({ totalKeys: 300, sampledKeys: 300, keysWithoutTtl: 300, measuredKeys: 0, complete: true });
    expect(sample.patterns).toEqual([expect.objectContaining({ pattern: 'order:*', sampledKeys: 300, types: ['string'] })]);
    expect(sample.patterns[0]!.estimatedBytes).toBeUndefined();
    expect(sample.patterns[0]!.idleSeconds).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('+object|idletime (or +object)'), expect.stringContaining('+memory|usage (or +memory)')]);
    // The audit leaves itself out of the connections it reports (earlier tests' audits are still open).
    const audits = parseAuditConnections(String(await securedAdmin.call('CLIENT', 'LIST')));
    const { report } = await readConnections(connection);
    expect(report!.groups.find((group) => group.name === 'redis-leaks-audit')?.count ?? 0).toBe(audits - 1);
  });

  it('reports what a user without +info and +client|list cannot see', async () => {
    const connection = await connect(`redis://keysonly:pw@127.0.0.1:${secured.port}`);
    expect(connection.warnings).toEqual([expect.stringContaining('INFO was denied')]);
    expect(connection.redisVersion).toBeUndefined();

    const { sample } = await sampleKeys(connection, { deadline: Date.now() + 60_000 });
    expect(sample.sampledKeys).toBe(300);
    const { report, warnings } = await readConnections(connection);
    expect(report).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('grant +client|list')]);
    // SELECT is refused too: the audit must not read database 0 thinking it reads database 2.
    const select = await connectToServer(`redis://keysonly:pw@127.0.0.1:${secured.port}/2`, { timeoutMs: TIMEOUT_MS }).catch((error: unknown) => error);
    expect(select).toMatchObject({ kind: 'permission', message: expect.stringContaining('SELECT 2 was denied') });
  });

  it('fails with a permission error when SCAN is refused (DBSIZE too)', async () => {
    const connection = await connect(`redis://noscan:pw@127.0.0.1:${secured.port}`);
    const failure = await sampleKeys(connection, { deadline: Date.now() + 60_000 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: 'permission', message: expect.stringContaining('SCAN was denied') });
    expect(String((failure as Error).message)).toContain('grant +scan');
  });

  it('writes nothing', async () => {
    await securedAdmin.call('CONFIG', 'RESETSTAT');
    const keysBefore = await securedAdmin.dbsize();
    const connection = await connect(`redis://:secret@127.0.0.1:${secured.port}`);
    await sampleKeys(connection, { deadline: Date.now() + 60_000 });
    await readConnections(connection);

    expect(await securedAdmin.dbsize()).toBe(keysBefore);
    const commands = [...String(await securedAdmin.call('INFO', 'commandstats')).matchAll(/^cmdstat_(\S+?):/gm)].map((match) => match[1]!);
    expect(commands).toEqual(expect.arrayContaining(['scan', 'type', 'pttl', 'object|idletime', 'memory|usage', 'client|list']));
    const written = [];
    for (const command of commands) {
      const [info] = (await securedAdmin.call('COMMAND', 'INFO', command)) as [[string, number, string[]]];
      if (info[2].includes('write')) written.push(command);
    }
    expect(written).toEqual([]);
  });

  it('sees a replica as a replica', async () => {
    const replica = await startPrivateServer(['--replicaof', '127.0.0.1', String(secured.port), '--masterauth', 'secret']);
    const connection = await connect(`redis://127.0.0.1:${replica.port}`);
    expect(connection).toMatchObject({ mode: 'standalone', role: 'replica' });
  });
});

describe('a private cluster of three masters', () => {
  it('scans every master and splits the sample by their sizes', async () => {
    const nodes = await Promise.all([0, 1, 2].map(() => startPrivateServer(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'])));
    await promisify(execFile)('redis-cli', ['--cluster', 'create', ...nodes.map((node) => `127.0.0.1:${node.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    const writer = new Cluster([{ host: '127.0.0.1', port: nodes[0]!.port }]);
    writer.on('error', () => {});
    try {
      await waitFor(async () => (await writer.cluster('INFO')).includes('cluster_state:ok'));
      for (let start = 0; start < 3_000; start += 500) {
        await Promise.all(Array.from({ length: 500 }, (_, offset) => writer.set(`item:${start + offset}`, 'v')));
      }
    } finally {
      await writer.quit();
    }

    const connection = await connect(`redis://127.0.0.1:${nodes[1]!.port}`);
    expect(connection).toMatchObject({ mode: 'cluster', role: 'master', db: 0 });
    expect(connection.nodes).toHaveLength(3);
    const whole = await sampleKeys(connection, { deadline: Date.now() + 60_000 });
    expect(whole.sample).toMatchObject({ totalKeys: 3_000, sampledKeys: 3_000, keysWithoutTtl: 3_000, complete: true });
    const part = await sampleKeys(connection, { sample: 900, deadline: Date.now() + 60_000 });
    expect(part.sample).toMatchObject({ totalKeys: 3_000, sampledKeys: 900, complete: false });
    expect(patternOf(part.sample, 'item:*').estimatedKeys).toBe(3_000);
    const { report } = await readConnections(connection);
    // Only the audit is connected, and it leaves its own connection on each master out.
    expect(report!.connectedClients).toBe(report!.groups.reduce((sum, group) => sum + group.count, 0));
  });
});

describe('a private server for the edges of sampling', () => {
  /** Database of each case. */
  const BIG = 0;
  const PATTERNS = 1;
  const BINARY = 2;
  const EXACT = 3;
  const STALL = 4;
  const BIG_LISTS = 20;
  const SMALL_KEYS = 2_000;
  const DISTINCT_PATTERNS = 10_500;
  const STALL_KEYS = 20_000;
  let edge: PrivateServer;
  let edgeUrl: string;
  const adminOf: Redis[] = [];

  beforeAll(async () => {
    edge = await startPrivateServer([]);
    edgeUrl = `redis://127.0.0.1:${edge.port}`;
    for (let db = 0; db <= STALL; db++) adminOf.push(track(new Redis(edge.port, '127.0.0.1', { db, maxRetriesPerRequest: 1 })));
    // A few big lists among many small strings: about 1 MB per list (10,000 items of 100 bytes).
    const big = adminOf[BIG]!;
    for (let i = 0; i < BIG_LISTS; i++) await big.rpush(`biglist:${i}`, ...Array.from({ length: 10_000 }, (_, item) => `${item}`.padStart(100, 'x')));
    await fill(big, SMALL_KEYS, (pipeline, i) => pipeline.set(`small:${i}`, 'v'));
    // One pattern per key (`k:aaa`, `k:aab`…): more patterns than the cap of 10,000.
    await fill(adminOf[PATTERNS]!, DISTINCT_PATTERNS, (pipeline, i) => pipeline.set(`k:${letters(i)}`, 'v'));
    await fill(adminOf[EXACT]!, 1_000, (pipeline, i) => pipeline.set(`order:${i}`, 'v'));
    await fill(adminOf[STALL]!, STALL_KEYS, (pipeline, i) => pipeline.set(`job:${i}`, 'v'));
    await adminOf[BIG]!.call('ACL', 'SETUSER', 'nodbsize', 'on', '>pw', '~*', '+@read', '+info', '+select', '-dbsize');
  });

  /** Writes `count` keys with `write`, 2,000 per pipeline. */
  async function fill(client: Redis, count: number, write: (pipeline: ReturnType<Redis['pipeline']>, index: number) => void): Promise<void> {
    for (let start = 0; start < count; start += 2_000) {
      const pipeline = client.pipeline();
      for (let i = start; i < Math.min(count, start + 2_000); i++) write(pipeline, i);
      await pipeline.exec();
    }
  }

  /** `aaa`, `aab`…: words, so that each key is a pattern of its own. */
  function letters(index: number): string {
    let text = '';
    for (let rest = index, place = 0; place < 3 || rest > 0; place++, rest = Math.floor(rest / 26)) text = String.fromCharCode(97 + (rest % 26)) + text;
    return text;
  }

  it('measures the first key of every pattern, so a few big keys are not missed', async () => {
    const connection = await connect(`${edgeUrl}/${BIG}`);
    // One key in 2,020 by stride: without the first key of each pattern, the lists would most likely go unmeasured.
    const { sample, warnings } = await sampleKeys(connection, { memorySample: 1, deadline: Date.now() + 60_000 });

    expect(warnings).toEqual([]);
    expect(sample).toMatchObject({ totalKeys: BIG_LISTS + SMALL_KEYS, sampledKeys: BIG_LISTS + SMALL_KEYS, complete: true, measuredKeys: 2 });
    const [biggest, small] = sample.patterns;
    expect(biggest).toMatchObject({ pattern: 'biglist:*', sampledKeys: BIG_LISTS, estimatedKeys: BIG_LISTS, types: ['list'] });
    // The mean of the keys measured, times the keys of the pattern.
    const oneList = Number(await adminOf[BIG]!.call('MEMORY', 'USAGE', 'biglist:0', 'SAMPLES', '5'));
    expect(oneList).toBeGreaterThan(1_000_000);
    expect(biggest!.estimatedBytes).toBeGreaterThan(0.8 * BIG_LISTS * oneList);
    expect(biggest!.estimatedBytes).toBeLessThan(1.2 * BIG_LISTS * oneList);
    expect(small).toMatchObject({ pattern: 'small:*', sampledKeys: SMALL_KEYS });
    expect(small!.estimatedBytes).toBeLessThan(biggest!.estimatedBytes! / 100);
  });

  it('measures at most one extra key per pattern, up to the cap of 10,000 patterns', async () => {
    const connection = await connect(`${edgeUrl}/${PATTERNS}`);
    const { sample } = await sampleKeys(connection, { memorySample: 1, deadline: Date.now() + 60_000 });

    expect(sample).toMatchObject({ sampledKeys: DISTINCT_PATTERNS, complete: true });
    // The stride's one key is the first of its pattern: the first keys of 10,000 patterns, no more.
    // (The report may fold these patterns into fewer; the bound is on the patterns of the keys.)
    expect(sample.measuredKeys).toBe(10_000);
    expect(sample.patterns.reduce((sum, group) => sum + group.sampledKeys, 0)).toBe(DISTINCT_PATTERNS);
    const nothing = await sampleKeys(connection, { memorySample: 0, deadline: Date.now() + 60_000 });
    expect(nothing.sample.measuredKeys).toBe(0);
  });

  it('samples keys that are not UTF-8, showing their bytes as \\xNN', async () => {
    const admin = adminOf[BINARY]!;
    const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
    for (let i = 0; i < 10; i++) await admin.set(bytes('bin:', [0xff, 0xfe], `:${i}`), 'v');
    await admin.set(bytes('latin:caf', [0xe9]), 'v', 'EX', 600);
    await admin.set('utf:café', 'v');
    // U+FFFD would show these two as the same key.
    await admin.hset(bytes('x:', [0xff]), 'f', 'v');
    await admin.hset(bytes('x:', [0xfe]), 'f', 'v');
    const connection = await connect(`${edgeUrl}/${BINARY}`);
    const { sample, warnings } = await sampleKeys(connection, { deadline: Date.now() + 60_000 });

    expect(warnings).toEqual([]);
    expect(sample).toMatchObject({ totalKeys: 14, sampledKeys: 14, keysWithoutTtl: 13, complete: true });
    expect(sample.patterns.map((group) => [group.pattern, group.sampledKeys, group.keysWithoutTtl, group.types])).toEqual(
      expect.arrayContaining([
        ['bin:\\xff\\xfe:*', 10, 10, ['string']],
        ['latin:caf\\xe9', 1, 0, ['string']],
        ['utf:café', 1, 1, ['string']],
        ['x:\\xff', 1, 1, ['hash']],
        ['x:\\xfe', 1, 1, ['hash']],
      ]),
    );
    expect(sample.patterns).toHaveLength(5);
    const binary = patternOf(sample, 'bin:\\xff\\xfe:*');
    expect(binary.examples[0]).toMatch(/^bin:\\xff\\xfe:\d$/);
    // OBJECT IDLETIME and MEMORY USAGE got the key's bytes too.
    expect(binary.estimatedBytes).toBeGreaterThan(0);
    expect(binary.idleSeconds).toBeDefined();
  });

  /**
   * Deletes the keys SCAN (with this COUNT) returns last until the cursor SCAN gives with
   * the last key is not 0: a sampler that reads every key has then not seen SCAN end.
   */
  async function leaveScanTail(client: Redis, count: number): Promise<number> {
    for (;;) {
      const total = await client.dbsize();
      let cursor = '0';
      let seen = 0;
      let lastPage: string[] = [];
      do {
        const [next, keys] = await client.scan(cursor, 'COUNT', count);
        cursor = next;
        seen += keys.length;
        if (keys.length > 0) lastPage = keys;
      } while (seen < total && cursor !== '0');
      if (cursor !== '0') return total;
      await client.del(...lastPage);
    }
  }

  it('calls a sample of every key complete, though SCAN has not ended', async () => {
    const total = await leaveScanTail(adminOf[EXACT]!, 1);
    const connection = await connect(`${edgeUrl}/${EXACT}`);

    const exact = await sampleKeys(connection, { sample: total, scanCount: 1, deadline: Date.now() + 60_000 });
    expect(exact.sample).toMatchObject({ totalKeys: total, sampledKeys: total, complete: true });
    const short = await sampleKeys(connection, { sample: total - 1, scanCount: 1, deadline: Date.now() + 60_000 });
    expect(short.sample).toMatchObject({ totalKeys: total, sampledKeys: total - 1, complete: false });

    // Without DBSIZE, one more SCAN tells: nothing new.
    const blind = await connect(`redis://nodbsize:pw@127.0.0.1:${edge.port}/${EXACT}`);
    const unsized = await sampleKeys(blind, { sample: total, scanCount: 1, deadline: Date.now() + 60_000 });
    expect(unsized.warnings).toEqual([expect.stringContaining('DBSIZE was denied')]);
    expect(unsized.sample).toMatchObject({ sampledKeys: total, complete: true });
    const unsizedShort = await sampleKeys(blind, { sample: total - 1, scanCount: 1, deadline: Date.now() + 60_000 });
    expect(unsizedShort.sample).toMatchObject({ sampledKeys: total - 1, complete: false });
  });

  it('keeps what was sampled when the server stalls mid-sample', async () => {
    const connection = await connectToServer(`${edgeUrl}/${STALL}`, { timeoutMs: 500 });
    connections.push(connection);
    let resumed: Promise<void> | undefined;
    try {
      const { sample, warnings } = await sampleKeys(connection, {
        rate: 10_000,
        scanCount: 100,
        deadline: Date.now() + 60_000,
        onProgress: (done) => {
          if (done < 2_000 || resumed) return;
          process.kill(edge.pid, 'SIGSTOP');
          resumed = sleep(1_500).then(() => void process.kill(edge.pid, 'SIGCONT'));
        },
      });

      expect(sample.totalKeys).toBe(STALL_KEYS);
      expect(sample.complete).toBe(false);
      expect(sample.sampledKeys).toBeGreaterThanOrEqual(2_000);
      expect(sample.sampledKeys).toBeLessThan(STALL_KEYS);
      expect(patternOf(sample, 'job:*').estimatedKeys).toBe(STALL_KEYS);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^the key sample stopped after 2,\d{3} of 20,000 keys: redis at 127\.0\.0\.1:\d+ did not answer a command within 500 ms \(busy or stalled\); counts are extrapolated from the keys read until then$/,
        ),
      ]);
    } finally {
      await resumed;
    }
    // Once the server is back, the same connection answers again (for CLIENT LIST).
    expect(await connection.nodes[0]!.client.call('PING')).toBe('PONG');
  });

  it('fails when the server stalls before any key is read, naming the per-command timeout', async () => {
    const connection = await connectToServer(`${edgeUrl}/${STALL}`, { timeoutMs: 500 });
    connections.push(connection);
    process.kill(edge.pid, 'SIGSTOP');
    try {
      const failure = await sampleKeys(connection, { deadline: Date.now() + 60_000 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AuditError);
      expect(failure).toMatchObject({
        kind: 'timeout',
        message: `redis at 127.0.0.1:${edge.port} did not answer a command within 500 ms (DBSIZE): the server is busy or stalled (a slow command, a fork for a save, a paused process)`,
      });
      expect((failure as Error).message).not.toContain('--timeout');
    } finally {
      process.kill(edge.pid, 'SIGCONT');
    }
  });

  it('keeps what was sampled when the connection is lost mid-sample', async () => {
    const connection = await connect(`${edgeUrl}/${STALL}`);
    const id = String(await connection.nodes[0]!.client.call('CLIENT', 'ID'));
    let killed = false;
    const { sample, warnings } = await sampleKeys(connection, {
      rate: 10_000,
      scanCount: 100,
      deadline: Date.now() + 60_000,
      onProgress: (done) => {
        if (done < 2_000 || killed) return;
        killed = true;
        void adminOf[STALL]!.call('CLIENT', 'KILL', 'ID', id);
      },
    });

    expect(sample).toMatchObject({ totalKeys: STALL_KEYS, complete: false });
    expect(sample.sampledKeys).toBeGreaterThanOrEqual(2_000);
    expect(sample.sampledKeys).toBeLessThan(STALL_KEYS);
    expect(warnings).toEqual([expect.stringMatching(/^the key sample stopped after [\d,]+ of 20,000 keys: the connection to redis at 127\.0\.0\.1:\d+ was lost \(.+\); counts are extrapolated/)]);
  });

  it('names a database the server does not have', async () => {
    const expected = `database 99 does not exist on redis at 127.0.0.1:${edge.port}: it has 16 databases, 0 to 15 (CONFIG GET databases)`;
    for (const target of [`${edgeUrl}/99`, `${edgeUrl}?db=99`]) {
      const failure = await connectToServer(target, { timeoutMs: TIMEOUT_MS }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AuditError);
      expect(failure).toMatchObject({ message: expected });
    }
    const connection = await connect(edgeUrl);
    const failure = await sampleKeys(connection, { db: 99, deadline: Date.now() + 60_000 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ message: expected });
  });

  it('reads the database of ?db=, and refuses query parameters it would ignore', async () => {
    const connection = await connect(`${edgeUrl}?db=${EXACT}`);
    expect(connection.db).toBe(EXACT);
    const { sample } = await sampleKeys(connection, { deadline: Date.now() + 60_000 });
    expect(sample.totalKeys).toBe(await adminOf[EXACT]!.dbsize());
    expect(patternOf(sample, 'order:*').sampledKeys).toBe(sample.totalKeys);

    const unknown = await connectToServer(`${edgeUrl}?db=${EXACT}&timeout=5`, { timeoutMs: TIMEOUT_MS }).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ message: expect.stringContaining('query parameters the audit does not read (timeout)') });
  });

  it('counts connected clients without the audit, as the groups do', async () => {
    const others = Array.from({ length: 4 }, () => track(new Redis(edge.port, '127.0.0.1', { connectionName: `edge-${RUN}` })));
    await Promise.all(others.map((client) => client.ping()));
    const connection = await connect(edgeUrl);
    const { report } = await readConnections(connection);

    expect(report!.groups.find((group) => group.name === `edge-${RUN}`)?.count).toBe(4);
    expect(report!.connectedClients).toBe(report!.groups.reduce((sum, group) => sum + group.count, 0));
    const info = parseInfoClients(String(await adminOf[BIG]!.call('INFO', 'clients')));
    expect(report!.connectedClients).toBe(info - 1);
    for (const client of others) client.disconnect();
  });
});

function parseInfoClients(info: string): number {
  return Number(/^connected_clients:(\d+)/m.exec(info)![1]);
}

function parseAuditConnections(clientList: string): number {
  return clientList.split('\n').filter((line) => line.includes(' name=redis-leaks-audit ')).length;
}

interface PrivateServer {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** A redis-server on a free loopback port with persistence off, stopped in afterAll. */
async function startPrivateServer(extraArgs: readonly string[]): Promise<PrivateServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'redis-leaks-audit-e2e-'));
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs], {
    stdio: 'ignore',
  });
  const server: PrivateServer = {
    port,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // A test may have left it stopped (SIGSTOP): SIGTERM would wait for SIGCONT.
        child.kill('SIGCONT');
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  servers.push(server);
  await waitFor(() => answersPing(port));
  return server;
}

/** Whether something on the port answers PING like Redis (`+PONG`, or `-NOAUTH` behind a password). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectSocket(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.setTimeout(1_000, () => socket.destroy());
    socket.once('data', (reply) => {
      resolve(/^[+-]/.test(reply.toString()));
      socket.destroy();
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
