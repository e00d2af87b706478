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
    expect(report!.connectedClients).toBeGreaterThanOrEqual(3);
  });
});

function parseAuditConnections(clientList: string): number {
  return clientList.split('\n').filter((line) => line.includes(' name=redis-leaks-audit ')).length;
}

interface PrivateServer {
  readonly port: number;
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
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
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
