import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import rule from '../../src/rules/no-unclosed-client';
import { createRuleTester, createTypedRuleTester, commonjs } from '../rule-tester';

/** A project whose package.json declares `redis` 3, which connected a client as it was created. */
const redis3Project = mkdtempSync(path.join(tmpdir(), 'redis-leaks-redis-3-'));
writeFileSync(path.join(redis3Project, 'package.json'), JSON.stringify({ name: 'app', dependencies: { redis: '~3.1.2' } }));
afterAll(() => rmSync(redis3Project, { recursive: true, force: true }));

/**
 * A client opened and read in a vitest test and never closed, with `mock` between the imports and
 * the test and `after` below it: reported, with the close suggested in a \`finally\`.
 */
function leakInMockedTest({ mock = '', after = '', library = 'ioredis' }: { mock?: string; after?: string; library?: 'ioredis' | 'redis' }) {
  const [imports, open, close] =
    library === 'ioredis'
      ? ["import { Redis } from 'ioredis';", 'const redis = new Redis();', 'await redis.quit();']
      : ["import { createClient } from 'redis';", 'const redis = await createClient().connect();', 'await redis.close();'];
  const head = `\n${imports}\nimport { vi, test } from 'vitest';\n${mock ? `${mock}\n` : ''}test('reads a key', async () => {\n  ${open}\n`;
  const code = `${head}  await redis.get('k');\n});\n${after}`;
  const output = `${head}\n  try {\n    await redis.get('k');\n  } finally {\n    ${close}\n  }\n});\n${after}`;
  const line = head.split('\n').length - 1;
  return { code, errors: [{ messageId: 'notClosed' as const, line, suggestions: [{ messageId: 'closeInFinally' as const, output }] }] };
}

createRuleTester().run('no-unclosed-client', rule, {
  valid: [
    // a worker's start-up, run once as the module loads: its clients live as long as the process
    `
import { Redis } from 'ioredis';

(async () => {
  const events = new Redis();
  await events.subscribe('jobs');
  await events.quit();
  process.exit(0);
})();
`,
    `
import { Redis } from 'ioredis';

async function main() {
  const connection = new Redis();
  await connection.ping();
  await connection.quit();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`,
    // a script's entry point, run once when the file is the program (\`require.main === module\`)
    `
import { Queue } from 'bullmq';

async function main(url: string) {
  const queue = new Queue('repos', { connection: { url } });
  await queue.add('scan', {});
  await queue.close();
}

if (require.main === module) {
  main(process.env.REDIS_URL!)
    .then(() => process.exit(0))
    .catch(() => process.exit(1));
}
`,
    // correct use
    // an early exit that closes first, then a close on the way out: nothing can throw in between
    `
import { Redis } from 'ioredis';
export function statusOf(k: string) {
  const c = new Redis();
  if (!k) {
    c.disconnect();
    return null;
  }
  const status = c.status;
  c.disconnect();
  return status;
}
`,
    `
import Redis from 'ioredis';
export async function getUser(id: string) {
  const redis = new Redis();
  try {
    return await redis.get(\`user:\${id}\`);
  } finally {
    await redis.quit();
  }
}
`,
    `
import { Redis as IORedis } from 'ioredis';
export async function ping() {
  const client = new IORedis({ lazyConnect: true });
  try {
    await client.ping();
  } finally {
    client.disconnect();
  }
}
`,
    `
import { Valkey } from 'iovalkey';
export async function count() {
  const valkey = new Valkey();
  try {
    return await valkey.dbsize();
  } finally {
    valkey.end();
  }
}
`,
    `
import Redis from 'ioredis';
export async function nodes() {
  const cluster = new Redis.Cluster([{ host: '10.0.0.1', port: 6379 }]);
  try {
    return await cluster.cluster('NODES');
  } finally {
    await cluster.quit();
  }
}
`,
    `
import Redis from 'ioredis';
export async function listen(base: Redis) {
  const subscriber = base.duplicate();
  try {
    await subscriber.subscribe('news');
  } finally {
    await subscriber.quit();
  }
}
`,
    `
import { createClient } from 'redis';
export async function read(key: string) {
  const client = createClient();
  try {
    await client.connect();
    return await client.get(key);
  } finally {
    client.destroy();
  }
}
`,
    `
import { createClient } from 'redis';
export async function read(key: string) {
  let client;
  try {
    client = await createClient().connect();
    return await client.get(key);
  } finally {
    if (client) await client.close();
  }
}
`,
    `
import Redis from 'ioredis';
export async function read(key: string) {
  let client: Redis | undefined;
  try {
    client = new Redis();
    await client.get(key);
  } catch (error) {
    console.error(error);
  } finally {
    client?.quit();
  }
}
`,
    `
import * as redis from 'redis';
export async function slots() {
  const cluster = redis.createCluster({ rootNodes: [{ url: 'redis://10.0.0.1' }] });
  try {
    await cluster.connect();
    return await cluster.clusterSlots();
  } finally {
    await cluster.close();
  }
}
`,
    `
import { createClientPool } from '@redis/client';
export async function read(key: string) {
  const pool = createClientPool();
  try {
    await pool.connect();
    return await pool.get(key);
  } finally {
    await pool.close();
  }
}
`,
    `
import { GlideClient } from '@valkey/valkey-glide';
export async function read(key: string) {
  const glide = await GlideClient.createClient({ addresses: [{ host: 'localhost' }] });
  try {
    return await glide.get(key);
  } finally {
    glide.close();
  }
}
`,
    `
import { Queue } from 'bullmq';
export async function enqueue(name: string) {
  const queue = new Queue('mail');
  try {
    await queue.add(name, {});
  } finally {
    await queue.close();
  }
}
`,
    // A Worker is a long-running consumer: left open on purpose.
    `
import { Worker } from 'bullmq';
export function startWorker() {
  const worker = new Worker('mail', async (job) => job.data);
  worker.on('failed', (job, error) => console.error(error));
}
`,
    // The start-up that makes workers keeps the queue it registers their repeatable job on as long.
    `
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
export async function initWorkers(connection: Redis) {
  const queue = new Queue('daily-check', { connection });
  await queue.upsertJobScheduler('daily-check', { pattern: '0 * * * *' });
  new Worker('daily-check', async () => {}, { connection });
}
`,
    // … and so does a Worker of a class that extends it.
    `
import { Worker } from 'bullmq';
class MailWorker extends Worker {}
export function startWorker() {
  const worker = new MailWorker('mail', async (job) => job.data);
  worker.on('failed', (job, error) => console.error(error));
}
`,
    // A client class whose constructor hands back one shared instance, or keeps its instances' closing itself.
    `
import Redis from 'ioredis';
let instance: RedisClient | undefined;
export class RedisClient extends Redis {
  constructor() {
    if (instance) return instance;
    super();
    instance = this;
  }
}
export async function read(id: string) {
  const redis = new RedisClient();
  return redis.get(id);
}
`,
    `
import Redis from 'ioredis';
class RedisService extends Redis {
  onModuleDestroy() {
    return this.quit();
  }
}
export async function read(id: string) {
  const redis = new RedisService();
  return redis.get(id);
}
`,
    // A class that extends a Map is not a client.
    `
class Registry extends Map<string, string> {}
export function build() {
  const registry = new Registry();
  registry.set('a', 'b');
}
`,
    // QueueEvents runs on its own too.
    `
import { QueueEvents } from 'bullmq';
export function watch() {
  const events = new QueueEvents('mail');
  events.on('completed', ({ jobId }) => console.log(jobId));
}
`,
    `
import { createClient } from 'redis';
export function read(key: string) {
  const client = createClient();
  return client.connect().then(() => client.get(key)).finally(() => client.close());
}
`,
    `
import Redis from 'ioredis';
export function read(key: string) {
  const redis = new Redis();
  return redis.get(key).finally(() => redis.quit());
}
`,
    `
import Redis from 'ioredis';
export function serve() {
  const redis = new Redis();
  process.on('SIGTERM', () => redis.quit());
  redis.set('started', Date.now());
}
`,
    `
import Redis from 'ioredis';
export function relay(socket: { on(event: string, f: () => void): void }) {
  const subscriber = new Redis();
  subscriber.subscribe('news');
  socket.on('close', () => subscriber.disconnect());
}
`,
    `
import Redis from 'ioredis';
export function useNews() {
  useEffect(() => {
    const subscriber = new Redis();
    subscriber.subscribe('news');
    return () => {
      subscriber.disconnect();
    };
  }, []);
}
`,
    `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  let value;
  try {
    value = await redis.get(key);
  } catch (error) {
    await redis.quit();
    throw error;
  }
  await redis.quit();
  return value;
}
`,
    `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  try {
    const value = await redis.get(key);
    await redis.quit();
    return value;
  } catch (error) {
    redis.disconnect();
    throw error;
  }
}
`,
    // Nothing between opening and closing can throw: listener registration does not.
    `
import { createClient } from 'redis';
export async function check() {
  const client = createClient();
  client.on('error', (error) => console.error(error));
  await client.close();
}
`,
    `
import Redis from 'ioredis';
export async function stop(graceful: boolean) {
  const redis = new Redis();
  if (graceful) {
    await redis.quit();
  } else {
    redis.disconnect();
  }
}
`,
    `
import Redis from 'ioredis';
export async function readAll(groups: string[][]) {
  for (const keys of groups) {
    const redis = new Redis();
    try {
      for (const key of keys) {
        if (!key) continue;
        await redis.get(key);
      }
    } finally {
      await redis.quit();
    }
  }
}
`,
    `
import Redis from 'ioredis';
export async function readAll(keys: string[]) {
  let redis: Redis;
  for (const key of keys) {
    redis = new Redis();
    try {
      await redis.get(key);
    } finally {
      await redis.quit();
    }
  }
}
`,
    `
import Redis from 'ioredis';
export async function read(key: string) {
  let redis: Redis | undefined;
  try {
    redis = new Redis();
    await redis.get(key);
  } catch (error) {
    console.error(error);
  }
  await redis?.quit();
}
`,
    `
import { createClient } from 'redis';
app.get('/health', async (req, res, next) => {
  const client = createClient();
  try {
    await client.connect();
    res.send(await client.ping());
  } catch (error) {
    next(error);
  } finally {
    await client.close();
  }
});
`,
    `
import Redis from 'ioredis';
export async function read(kind: string) {
  switch (kind) {
    case 'user': {
      const redis = new Redis();
      try {
        await redis.get('user');
      } finally {
        await redis.quit();
      }
      break;
    }
    default:
      break;
  }
}
`,
    `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  try {
    if (!key) return null;
    return await redis.get(key);
  } finally {
    await redis.quit();
  }
}
`,
    `
import Redis from 'ioredis';
export class Cache {
  async read(key: string) {
    const redis = new Redis();
    try {
      return await redis.get(key);
    } finally {
      await redis.quit();
    }
  }
}
`,
    `
import Redis from 'ioredis';
export const handler = async (event: { key: string }) => {
  const redis = new Redis();
  try {
    return await redis.get(event.key);
  } finally {
    redis.disconnect();
  }
};
`,
    `
import Redis from 'ioredis';
export async function copy(key: string) {
  const source = new Redis();
  const target = source.duplicate();
  try {
    await target.set(key, await source.get(key));
  } finally {
    await Promise.all([source.quit(), target.quit()]);
  }
}
`,
    `
import Redis from 'ioredis';
export async function read(key: string) {
  await using redis = new Redis();
  return redis.get(key);
}
`,
    {
      code: `
const Redis = require('ioredis');
async function read(key) {
  const redis = new Redis();
  try {
    return await redis.get(key);
  } finally {
    await redis.quit();
  }
}
module.exports = { read };
`,
      ...commonjs,
    },
    {
      code: `
const { createClient } = require('redis');
exports.read = async function (key) {
  const client = await createClient().on('error', console.error).connect();
  try {
    return await client.get(key);
  } finally {
    await client.quit();
  }
};
`,
      ...commonjs,
    },

    // handed on
    `
import Redis from 'ioredis';
export function connect() {
  return new Redis();
}
`,
    `
import Redis from 'ioredis';
export function connect() {
  const redis = new Redis();
  return { redis, prefix: 'app:' };
}
`,
    `
import Redis from 'ioredis';
export function connectPair() {
  const publisher = new Redis();
  const subscriber = publisher.duplicate();
  return [publisher, subscriber];
}
`,
    `
import { createClient } from 'redis';
export async function connect() {
  return await createClient().connect();
}
`,
    `
import { createClient } from 'redis';
export async function connect() {
  const client = await createClient().on('error', console.error).connect();
  return client;
}
`,
    `
import { createClient } from 'redis';
export function connect() {
  return createClient().connect();
}
`,
    `
import { createClient } from 'redis';
export async function connect() {
  const client = createClient();
  try {
    await client.connect();
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}
`,
    `
import Redis from 'ioredis';
export class Store {
  private redis?: Redis;
  start() {
    this.redis = new Redis();
  }
}
`,
    `
import Redis from 'ioredis';
let shared: Redis | undefined;
export function getShared() {
  shared ??= new Redis();
  return shared;
}
export function init() {
  shared = new Redis();
}
`,
    `
import Redis from 'ioredis';
export function attach(app: { locals: { redis?: Redis } }) {
  const redis = new Redis();
  app.locals.redis = redis;
}
`,
    `
import Redis from 'ioredis';
const clients: Redis[] = [];
const byTenant = new Map<string, Redis>();
export function open(tenant: string) {
  const redis = new Redis();
  clients.push(redis);
  byTenant.set(tenant, redis);
}
`,
    `
import Redis from 'ioredis';
import { Queue } from 'bullmq';
export function createQueue(name: string) {
  const connection = new Redis({ maxRetriesPerRequest: null });
  return new Queue(name, { connection });
}
`,
    `
import Redis from 'ioredis';
export function init() {
  register(new Redis());
}
`,
    `
import Redis from 'ioredis';
export function* connections() {
  const redis = new Redis();
  yield redis;
}
`,
    `
import Redis from 'ioredis';
export function count(emitter: { on(event: string, f: () => void): void }) {
  const redis = new Redis();
  emitter.on('visit', () => redis.incr('visits'));
}
`,
    `
import Redis from 'ioredis';
export function heartbeat() {
  const redis = new Redis();
  setInterval(() => redis.set('alive', Date.now()), 1000);
}
`,
    `
import Redis from 'ioredis';
export function reader() {
  const redis = new Redis();
  return (key: string) => redis.get(key);
}
`,

    // look-alikes that must stay silent
    // `Redis` is a local class here, not the ioredis import.
    `
import 'ioredis';
class Redis {
  get(key: string) { return key; }
}
export function read() {
  const redis = new Redis();
  redis.get('k');
}
`,
    // The parameter `Redis` shadows the import.
    `
import Redis from 'ioredis';
export function read(Redis: new () => { get(key: string): string }) {
  const redis = new Redis();
  redis.get('k');
}
`,
    // A local constant shadows the named import.
    `
import { Redis } from 'ioredis';
export function read() {
  const Redis = class { get() { return 1; } };
  const redis = new Redis();
  redis.get();
}
`,
    // A Map is not a client.
    `
import Redis from 'ioredis';
export function index() {
  const cache = new Map<string, string>();
  cache.set('a', 'b');
}
`,
    // The user's own `createClient` is not node-redis'.
    `
import 'redis';
function createClient() {
  return { get: (key: string) => key };
}
export function read() {
  const client = createClient();
  client.get('k');
}
`,
    // `createClient` of another library.
    `
import { Redis } from 'ioredis';
import { createClient } from '@supabase/supabase-js';
export const cache = new Redis();
export function db() {
  const supabase = createClient('url', 'key');
  supabase.from('users');
}
`,
    // A WebDriver is no Redis client, so its missing `quit()` is not this rule's business.
    `
import Redis from 'ioredis';
import { Builder } from 'selenium-webdriver';
export async function browse() {
  const driver = await new Builder().build();
  await driver.get('https://example.com');
}
`,
    // Module-scope clients live as long as the process.
    `
import Redis from 'ioredis';
import { createClient } from 'redis';
const redis = new Redis();
export const client = await createClient().connect();
export const read = (key: string) => redis.get(key);
`,
    // Class field initialisers belong to an object that outlives the call.
    `
import Redis from 'ioredis';
import { createClient } from 'redis';
export class Store {
  redis = new Redis();
  static shared = createClient();
}
`,
    // @upstash/redis is HTTP: nothing to close.
    `
import { Redis } from '@upstash/redis';
export async function read(key: string) {
  const redis = new Redis({ url: 'https://example.upstash.io', token: 't' });
  return redis.get(key);
}
`,
    // @upstash/redis again, from the environment.
    `
import { Redis } from '@upstash/redis';
export async function read(key: string) {
  const redis = Redis.fromEnv();
  return redis.get(key);
}
`,
    // ioredis-mock opens no connection and is not tracked.
    `
import Redis from 'ioredis-mock';
export async function read(key: string) {
  const redis = new Redis();
  return redis.get(key);
}
`,
    // A user module named like a client library is something else.
    {
      code: `
const Redis = require('./redis');
function read(key) {
  const redis = new Redis();
  return redis.get(key);
}
module.exports = { read };
`,
      ...commonjs,
    },
    // Without type information, a subclass from a user module is unknown (the typed section reports it).
    `
import { AppRedis } from './clients';
import 'ioredis';
export async function read(key: string) {
  const redis = new AppRedis();
  return redis.get(key);
}
`,

    // options
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  try {
    return await redis.get(key);
  } finally {
    await shutdown(redis);
  }
}
`,
      options: [{ closeMethods: ['shutdown'] }],
    },
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  try {
    return await redis.get(key);
  } finally {
    await redis.shutdown();
  }
}
`,
      options: [{ closeMethods: ['shutdown'] }],
    },
    {
      code: `
import { createClient } from 'redis';
export async function read(key: string) {
  const client = await createClient().connect();
  try {
    return await client.get(key);
  } finally {
    await lifecycle.release(client);
  }
}
`,
      options: [{ closeMethods: ['release'] }],
    },
    // a test that mocks the library: its clients are fakes that open no connection
    `
import { Queue } from 'bullmq';
import { vi, test } from 'vitest';
vi.mock('bullmq', () => ({ Queue: vi.fn(() => ({ add: vi.fn(), on: vi.fn() })) }));
test('adds a job', async () => {
  const queue = new Queue('emails');
  await queue.add('send', { to: 'a@b.c' });
});
`,
    `
const Redis = require('ioredis');
jest.mock('ioredis', () => require('ioredis-mock'));
it('reads a key', async () => {
  const redis = new Redis();
  await redis.get('k');
});
`,
  ],
  invalid: [
    // what may keep the real module: vitest's \`{ spy: true }\`, a factory that takes the original (whatever it calls it)
    leakInMockedTest({ mock: "vi.mock('ioredis', { spy: true });" }),
    leakInMockedTest({ mock: "vi.mock('ioredis', async (original) => ({ ...(await original<object>()) }));" }),
    leakInMockedTest({ mock: "vi.mock('ioredis', async (importOriginal) => ({ ...(await importOriginal<typeof import('ioredis')>()), log: vi.fn() }));" }),
    // \`doMock\` is not hoisted: the static import stays real; and a mock undone by \`unmock\`
    leakInMockedTest({ after: "test('later', () => {\n  vi.doMock('ioredis', () => ({ Redis: vi.fn() }));\n});\n" }),
    leakInMockedTest({ mock: "vi.mock('ioredis');\nvi.unmock('ioredis');" }),
    // a mock of another library, or of another module of the same one, leaves the client real
    leakInMockedTest({ mock: "vi.mock('ioredis');", library: 'redis' }),
    leakInMockedTest({ mock: "vi.mock('@keyv/redis', () => ({ default: vi.fn() }));", library: 'redis' }),
    {
      // a class that extends the client class opens a connection when it is made, as the class it extends
      code: `
import { Redis } from 'ioredis';

class RedisService extends Redis {}

export async function probe() {
  const client = new RedisService();
  await client.ping();
}
`,
      errors: [{ messageId: 'notClosed', line: 7, suggestions: [{ messageId: 'closeInFinally', output: `
import { Redis } from 'ioredis';

class RedisService extends Redis {}

export async function probe() {
  const client = new RedisService();

  try {
    await client.ping();
  } finally {
    await client.quit();
  }
}
` }] }],
    },
    {
      // a function the module calls as it loads, and again on every request: each call opens a client
      code: `
import { Redis } from 'ioredis';

async function check() {
  const probe = new Redis();
  await probe.ping();
}

void check();
export const handler = () => check();
`,
      errors: [{ messageId: 'notClosed', line: 5, suggestions: [{ messageId: 'closeInFinally', output: `
import { Redis } from 'ioredis';

async function check() {
  const probe = new Redis();

  try {
    await probe.ping();
  } finally {
    await probe.quit();
  }
}

void check();
export const handler = () => check();
` }] }],
    },
    // every client dialect
    {
      code: `
import Redis from 'ioredis';
export async function getUser(id: string) {
  const redis = new Redis();
  return redis.get(\`user:\${id}\`);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          data: { library: 'ioredis', name: 'redis', method: 'quit', leak: 'a connection' },
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'redis', method: 'quit' },
              output: `
import Redis from 'ioredis';
export async function getUser(id: string) {
  const redis = new Redis();

  try {
    return await redis.get(\`user:\${id}\`);
  } finally {
    await redis.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Redis as R } from 'ioredis';
export async function touch(key: string) {
  const redis = new R();
  await redis.expire(key, 60);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import { Redis as R } from 'ioredis';
export async function touch(key: string) {
  const redis = new R();

  try {
    await redis.expire(key, 60);
  } finally {
    await redis.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // a loop in the entry point opens a client per turn
      code: `
import { Redis } from 'ioredis';

async function main(url: string) {
  for (;;) {
    const redis = new Redis(url);
    console.log(await redis.llen('jobs'));
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

if (require.main === module) main(process.env.REDIS_URL!).catch(() => process.exit(1));
`,
      errors: [{ messageId: 'notClosed', line: 6, suggestions: [{ messageId: 'closeInFinally', output: `
import { Redis } from 'ioredis';

async function main(url: string) {
  for (;;) {
    const redis = new Redis(url);

    try {
      console.log(await redis.llen('jobs'));
      await new Promise((resolve) => setTimeout(resolve, 5000));
    } finally {
      await redis.quit();
    }
  }
}

if (require.main === module) main(process.env.REDIS_URL!).catch(() => process.exit(1));
` }] }],
    },
    {
      // exported, the entry point may also be called by whatever imports it, as often as it likes
      code: `
import { Redis } from 'ioredis';

export async function main() {
  if (process.env.RESET) await new Redis().flushdb();
}

main().catch(() => process.exit(1));
`,
      errors: [{ messageId: 'notClosed', line: 5 }],
    },
    {
      // a top-level loop calls it once per item, not once per process
      code: `
import { Queue } from 'bullmq';

async function main(url: string) {
  const queue = new Queue('repos', { connection: { url } });
  await queue.add('scan', {});
  await queue.close();
}

for (const url of process.argv.slice(2)) {
  if (url) main(url).catch(() => process.exit(1));
}
`,
      errors: [
        {
          messageId: 'notClosedOnError',
          line: 5,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import { Queue } from 'bullmq';

async function main(url: string) {
  const queue = new Queue('repos', { connection: { url } });

  try {
    await queue.add('scan', {});
  } finally {
    await queue.close();
  }
}

for (const url of process.argv.slice(2)) {
  if (url) main(url).catch(() => process.exit(1));
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Valkey } from 'iovalkey';
export async function read(key: string) {
  const valkey = new Valkey();
  const value = await valkey.get(key);
  await valkey.quit();
  return value;
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosedOnError',
          data: { library: 'iovalkey', name: 'valkey', method: 'quit', leak: 'the connection' },
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'valkey', method: 'quit' },
              output: `
import { Valkey } from 'iovalkey';
export async function read(key: string) {
  const valkey = new Valkey();

  try {
    const value = await valkey.get(key);
    return value;
  } finally {
    await valkey.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Redis from 'ioredis';
export async function nodes() {
  const cluster = new Redis.Cluster([{ host: '10.0.0.1', port: 6379 }]);
  await cluster.cluster('NODES');
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 72,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
export async function nodes() {
  const cluster = new Redis.Cluster([{ host: '10.0.0.1', port: 6379 }]);

  try {
    await cluster.cluster('NODES');
  } finally {
    await cluster.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Cluster } from 'ioredis';
export async function nodes() {
  const cluster = new Cluster([]);
  await cluster.cluster('NODES');
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import { Cluster } from 'ioredis';
export async function nodes() {
  const cluster = new Cluster([]);

  try {
    await cluster.cluster('NODES');
  } finally {
    await cluster.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Redis from 'ioredis';
export async function ping() {
  const redis = Redis.createClient();
  await redis.ping();
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
export async function ping() {
  const redis = Redis.createClient();

  try {
    await redis.ping();
  } finally {
    await redis.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Redis from 'ioredis';
const publisher = new Redis();
export async function listen() {
  const subscriber = publisher.duplicate();
  await subscriber.subscribe('news');
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
const publisher = new Redis();
export async function listen() {
  const subscriber = publisher.duplicate();

  try {
    await subscriber.subscribe('news');
  } finally {
    await subscriber.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Redis from 'ioredis';
export async function listen(base: Redis) {
  const subscriber = base.duplicate();
  await subscriber.subscribe('news');
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
export async function listen(base: Redis) {
  const subscriber = base.duplicate();

  try {
    await subscriber.subscribe('news');
  } finally {
    await subscriber.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { createClient } from 'redis';
export async function read(key: string) {
  const client = createClient();
  await client.connect();
  return client.get(key);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          data: { library: 'node-redis', name: 'client', method: 'close', leak: 'a connection' },
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'client', method: 'close' },
              output: `
import { createClient } from 'redis';
export async function read(key: string) {
  const client = createClient();

  try {
    await client.connect();
    return await client.get(key);
  } finally {
    await client.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import * as redis from 'redis';
export async function read(key: string) {
  const client = await redis.createClient().connect();
  return client.get(key);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import * as redis from 'redis';
export async function read(key: string) {
  const client = await redis.createClient().connect();

  try {
    return await client.get(key);
  } finally {
    await client.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { createClient } from 'redis';
export async function read(key: string) {
  const client = await createClient().on('error', console.error).connect();
  await client.get(key);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import { createClient } from 'redis';
export async function read(key: string) {
  const client = await createClient().on('error', console.error).connect();

  try {
    await client.get(key);
  } finally {
    await client.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { createCluster } from 'redis';
export async function slots() {
  const cluster = createCluster({ rootNodes: [] });
  await cluster.connect();
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 19,
          endLine: 4,
          endColumn: 51,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import { createCluster } from 'redis';
export async function slots() {
  const cluster = createCluster({ rootNodes: [] });

  try {
    await cluster.connect();
  } finally {
    await cluster.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { createSentinel } from '@redis/client';
export async function primary() {
  const sentinel = createSentinel({ name: 'main', sentinelRootNodes: [] });
  await sentinel.connect();
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 20,
          endLine: 4,
          endColumn: 75,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import { createSentinel } from '@redis/client';
export async function primary() {
  const sentinel = createSentinel({ name: 'main', sentinelRootNodes: [] });

  try {
    await sentinel.connect();
  } finally {
    await sentinel.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { createClientPool } from '@keyv/redis';
export async function read(key: string) {
  const pool = createClientPool();
  await pool.connect();
  return pool.get(key);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import { createClientPool } from '@keyv/redis';
export async function read(key: string) {
  const pool = createClientPool();

  try {
    await pool.connect();
    return await pool.get(key);
  } finally {
    await pool.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { GlideClient } from '@valkey/valkey-glide';
export async function read(key: string) {
  const glide = await GlideClient.createClient({ addresses: [] });
  return glide.get(key);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          data: { library: '@valkey/valkey-glide', name: 'glide', method: 'close', leak: 'a connection' },
          line: 4,
          column: 23,
          endLine: 4,
          endColumn: 66,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'glide', method: 'close' },
              output: `
import { GlideClient } from '@valkey/valkey-glide';
export async function read(key: string) {
  const glide = await GlideClient.createClient({ addresses: [] });

  try {
    return await glide.get(key);
  } finally {
    glide.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { Queue } from 'bullmq';
export async function enqueue(name: string) {
  const queue = new Queue('mail');
  await queue.add(name, {});
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          data: { library: 'BullMQ', name: 'queue', method: 'close', leak: 'a connection, or the listeners it adds to a connection it was given' },
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'queue', method: 'close' },
              output: `
import { Queue } from 'bullmq';
export async function enqueue(name: string) {
  const queue = new Queue('mail');

  try {
    await queue.add(name, {});
  } finally {
    await queue.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { FlowProducer } from 'bullmq';
export async function enqueue() {
  const flow = new FlowProducer();
  await flow.add({ name: 'report', queueName: 'reports' });
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import { FlowProducer } from 'bullmq';
export async function enqueue() {
  const flow = new FlowProducer();

  try {
    await flow.add({ name: 'report', queueName: 'reports' });
  } finally {
    await flow.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // A worker made in a callback (here, per message) is no start-up of this function: the queue it opens per call leaks.
      code: `
import { Queue, Worker } from 'bullmq';
export async function forward(name: string, bus: { on(event: string, handler: () => void): void }) {
  const queue = new Queue(name);
  await queue.add('forward', { name });
  bus.on('message', () => new Worker(name, async () => {}));
}
`,
      errors: [{ messageId: 'notClosed', line: 4, data: { library: 'BullMQ', name: 'queue', method: 'close', leak: 'a connection, or the listeners it adds to a connection it was given' }, suggestions: [{ messageId: 'closeInFinally', output: `
import { Queue, Worker } from 'bullmq';
export async function forward(name: string, bus: { on(event: string, handler: () => void): void }) {
  const queue = new Queue(name);

  try {
    await queue.add('forward', { name });
    bus.on('message', () => new Worker(name, async () => {}));
  } finally {
    await queue.close();
  }
}
` }] }],
    },
    {
      code: `
import { Worker } from 'bullmq';
export async function drain() {
  const worker = new Worker('mail', async () => {});
  await worker.waitUntilReady();
  await worker.close();
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosedOnError',
          data: { library: 'BullMQ', name: 'worker', method: 'close', leak: 'a connection, or the listeners it adds to a connection it was given' },
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'worker', method: 'close' },
              output: `
import { Worker } from 'bullmq';
export async function drain() {
  const worker = new Worker('mail', async () => {});

  try {
    await worker.waitUntilReady();
  } finally {
    await worker.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Redis = require('ioredis');
export async function ping() {
  const redis = new Redis();
  await redis.ping();
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis = require('ioredis');
export async function ping() {
  const redis = new Redis();

  try {
    await redis.ping();
  } finally {
    await redis.quit();
  }
}
`,
            },
          ],
        },
      ],
    },

    // CommonJS
    {
      code: `
const Redis = require('ioredis');
async function read(key) {
  const redis = new Redis();
  return redis.get(key);
}
module.exports = { read };
`,
      ...commonjs,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
const Redis = require('ioredis');
async function read(key) {
  const redis = new Redis();

  try {
    return await redis.get(key);
  } finally {
    await redis.quit();
  }
}
module.exports = { read };
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { Redis } = require('ioredis');
exports.write = async function (key, value) {
  const redis = new Redis();
  await redis.set(key, value, 'EX', 60);
  await redis.quit();
};
`,
      ...commonjs,
      output: null,
      errors: [
        {
          messageId: 'notClosedOnError',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
const { Redis } = require('ioredis');
exports.write = async function (key, value) {
  const redis = new Redis();

  try {
    await redis.set(key, value, 'EX', 60);
  } finally {
    await redis.quit();
  }
};
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const { createClient } = require('redis');
async function read(key) {
  const client = createClient().on('error', console.error);
  await client.connect();
  return client.get(key);
}
module.exports = read;
`,
      ...commonjs,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
const { createClient } = require('redis');
async function read(key) {
  const client = createClient().on('error', console.error);

  try {
    await client.connect();
    return await client.get(key);
  } finally {
    await client.close();
  }
}
module.exports = read;
`,
            },
          ],
        },
      ],
    },
    {
      code: `
async function read(key) {
  const client = require('redis').createClient();
  await client.connect();
  return client.get(key);
}
module.exports = read;
`,
      ...commonjs,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 49,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
async function read(key) {
  const client = require('redis').createClient();

  try {
    await client.connect();
    return await client.get(key);
  } finally {
    await client.close();
  }
}
module.exports = read;
`,
            },
          ],
        },
      ],
    },

    // where the client is opened
    {
      code: `
import Redis from 'ioredis';
export async function readAll(keys: string[]) {
  for (const key of keys) {
    const redis = new Redis();
    await redis.get(key);
  }
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 5,
          column: 19,
          endLine: 5,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
export async function readAll(keys: string[]) {
  for (const key of keys) {
    const redis = new Redis();

    try {
      await redis.get(key);
    } finally {
      await redis.quit();
    }
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Redis from 'ioredis';
export async function readAll(keys: string[]) {
  let redis: Redis;
  for (const key of keys) {
    redis = new Redis();
    await redis.get(key);
  }
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 6, column: 13, endLine: 6, endColumn: 24, suggestions: [] }],
    },
    {
      code: `
import Redis from 'ioredis';
export class Cache {
  async read(key: string) {
    const redis = new Redis();
    return redis.get(key);
  }
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 5,
          column: 19,
          endLine: 5,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
export class Cache {
  async read(key: string) {
    const redis = new Redis();

    try {
      return await redis.get(key);
    } finally {
      await redis.quit();
    }
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Redis from 'ioredis';
app.get('/users/:id', async (req, res) => {
  const redis = new Redis();
  res.json(await redis.hgetall(\`user:\${req.params.id}\`));
});
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
app.get('/users/:id', async (req, res) => {
  const redis = new Redis();

  try {
    res.json(await redis.hgetall(\`user:\${req.params.id}\`));
  } finally {
    await redis.quit();
  }
});
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  return new Redis().get(key);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          data: { library: 'ioredis', name: 'Redis', method: 'quit', leak: 'a connection' },
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 21,
          suggestions: [],
        },
      ],
    },
    {
      code: `
import Redis from 'ioredis';
export function warmUp() {
  new Redis();
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 4, column: 3, endLine: 4, endColumn: 14, suggestions: [] }],
    },

    // paths that skip the close
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  if (!key) return null;
  try {
    return await redis.get(key);
  } finally {
    await redis.quit();
  }
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 4, column: 17, endLine: 4, endColumn: 28, suggestions: [] }],
    },
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  if (!key) return null;
  const value = await redis.get(key);
  await redis.quit();
  return value;
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();

  try {
    if (!key) return null;
    const value = await redis.get(key);
    return value;
  } finally {
    await redis.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  const value = await redis.get(key);
  if (value === null) await redis.quit();
  return value;
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 4, column: 17, endLine: 4, endColumn: 28, suggestions: [] }],
    },
    {
      code: `
import Redis from 'ioredis';
export async function read(kind: string) {
  const redis = new Redis();
  switch (kind) {
    case 'none':
      return null;
  }
  try {
    return await redis.get(kind);
  } finally {
    await redis.quit();
  }
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 4, column: 17, endLine: 4, endColumn: 28, suggestions: [] }],
    },
    {
      code: `
import Redis from 'ioredis';
export async function readAll(keys: string[]) {
  for (const key of keys) {
    const redis = new Redis();
    if (!key) continue;
    try {
      await redis.get(key);
    } finally {
      await redis.quit();
    }
  }
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 5, column: 19, endLine: 5, endColumn: 30, suggestions: [] }],
    },
    {
      code: `
import Redis from 'ioredis';
export async function readAll(groups: string[][]) {
  outer: for (const keys of groups) {
    const redis = new Redis();
    for (const key of keys) {
      if (!key) continue outer;
    }
    try {
      await redis.mget(keys);
    } finally {
      await redis.quit();
    }
  }
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 5, column: 19, endLine: 5, endColumn: 30, suggestions: [] }],
    },
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  try {
    return await redis.get(key);
  } catch (error) {
    await redis.quit();
    throw error;
  }
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 4, column: 17, endLine: 4, endColumn: 28, suggestions: [] }],
    },

    // closed only when nothing throws
    {
      code: `
import { createClient } from 'redis';
export async function write(key: string) {
  const client = createClient();
  client.on('error', (error) => console.error(error));
  await client.connect();
  await client.set(key, 'v');
  await client.quit();
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosedOnError',
          data: { library: 'node-redis', name: 'client', method: 'quit', leak: 'the connection' },
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'client', method: 'quit' },
              output: `
import { createClient } from 'redis';
export async function write(key: string) {
  const client = createClient();

  try {
    client.on('error', (error) => console.error(error));
    await client.connect();
    await client.set(key, 'v');
  } finally {
    await client.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  try {
    await redis.get(key);
    await redis.quit();
  } catch (error) {
    console.error(error);
  }
}
`,
      output: null,
      errors: [{ messageId: 'notClosedOnError', line: 4, column: 17, endLine: 4, endColumn: 28, suggestions: [] }],
    },
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  const value = await redis.get(key);
  redis.disconnect();
  return value;
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosedOnError',
          data: { library: 'ioredis', name: 'redis', method: 'disconnect', leak: 'the connection' },
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'redis', method: 'disconnect' },
              output: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();

  try {
    const value = await redis.get(key);
    return value;
  } finally {
    redis.disconnect();
  }
}
`,
            },
          ],
        },
      ],
    },

    // the suggestion: what moves and how
    // Not async: a close that returns a promise is voided, not awaited.
    {
      code: `
import Redis from 'ioredis';
export function announce(channel: string, message: string): void {
  const publisher = new Redis();
  void publisher.publish(channel, message);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 32,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'publisher', method: 'quit' },
              output: `
import Redis from 'ioredis';
export function announce(channel: string, message: string): void {
  const publisher = new Redis();

  try {
    void publisher.publish(channel, message);
  } finally {
    void publisher.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    // Comments move with the statements they belong to; the close keeps its own.
    {
      code: `
import Redis from 'ioredis';
export async function readCart(userId: string) {
  const redis = new Redis(); // one per call

  // item → quantity
  const items = await redis.hgetall(\`cart:\${userId}\`); // may be empty
  /* done with Redis */
  await redis.quit(); // graceful
  return items;
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosedOnError',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'redis', method: 'quit' },
              output: `
import Redis from 'ioredis';
export async function readCart(userId: string) {
  const redis = new Redis(); // one per call

  try {
    // item → quantity
    const items = await redis.hgetall(\`cart:\${userId}\`); // may be empty
    return items;
  } finally {
    /* done with Redis */
    await redis.quit(); // graceful
  }
}
`,
            },
          ],
        },
      ],
    },
    // The lines of a multi-line template literal are its text: they are not re-indented.
    {
      code: `
import Redis from 'ioredis';
export async function bump(key: string) {
  const redis = new Redis();
  await redis.eval(\`
local n = redis.call('INCR', KEYS[1])
return n\`, 1, key);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
export async function bump(key: string) {
  const redis = new Redis();

  try {
    await redis.eval(\`
local n = redis.call('INCR', KEYS[1])
return n\`, 1, key);
  } finally {
    await redis.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    // A returned call that uses the client is awaited, in parentheses when `await` would bind tighter.
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string, fresh: boolean) {
  const redis = new Redis();
  return fresh ? redis.get(key) : null;
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
export async function read(key: string, fresh: boolean) {
  const redis = new Redis();

  try {
    return await (fresh ? redis.get(key) : null);
  } finally {
    await redis.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    // Tab indentation: one tab deeper.
    {
      code: `
import Redis from 'ioredis';
export async function ping() {
\tconst redis = new Redis();
\tawait redis.ping();
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 27,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
export async function ping() {
\tconst redis = new Redis();

\ttry {
\t\tawait redis.ping();
\t} finally {
\t\tawait redis.quit();
\t}
}
`,
            },
          ],
        },
      ],
    },

    // the suggestion: findings it leaves alone (redis-leaks fix lists them with why)
    // `process.exit()` skips a `finally`.
    {
      code: `
import Redis from 'ioredis';
export async function main() {
  const redis = new Redis();
  await redis.set('started', '1');
  await redis.quit();
  process.exit(0);
}
`,
      output: null,
      errors: [{ messageId: 'notClosedOnError', line: 4, column: 17, endLine: 4, endColumn: 28, suggestions: [] }],
    },
    // Not async, so the returned command cannot be awaited before the close.
    {
      code: `
import Redis from 'ioredis';
export function read(key: string) {
  const redis = new Redis();
  return redis.get(key);
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 4, column: 17, endLine: 4, endColumn: 28, suggestions: [] }],
    },
    // glide's close rejects commands still pending.
    {
      code: `
import { GlideClient } from '@valkey/valkey-glide';
export async function touch(key: string) {
  const glide = await GlideClient.createClient({ addresses: [] });
  void glide.expire(key, 60);
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 4, column: 23, endLine: 4, endColumn: 66, suggestions: [] }],
    },
    // `value` would be hidden from the closure declared before the client.
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  const describe = () => \`\${key}: \${value}\`;
  const redis = new Redis();
  const value = await redis.get(key);
  return describe();
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 5, column: 17, endLine: 5, endColumn: 28, suggestions: [] }],
    },
    // A `var` client can be used after its block.
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  var redis = new Redis();
  await redis.get(key);
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 4, column: 15, endLine: 4, endColumn: 26, suggestions: [] }],
    },
    // Nothing follows the client in its block.
    {
      code: `
import Redis from 'ioredis';
export function open() {
  const redis = new Redis();
}
`,
      output: null,
      errors: [{ messageId: 'notClosed', line: 4, column: 17, endLine: 4, endColumn: 28, suggestions: [] }],
    },

    // options
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  const value = await redis.get(key);
  await shutdown(redis);
  return value;
}
`,
      options: [{ closeMethods: ['shutdown'] }],
      output: null,
      errors: [
        {
          messageId: 'notClosedOnError',
          data: { library: 'ioredis', name: 'redis', method: 'shutdown', leak: 'the connection' },
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'redis', method: 'shutdown' },
              output: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();

  try {
    const value = await redis.get(key);
    return value;
  } finally {
    await shutdown(redis);
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();
  try {
    return await redis.get(key);
  } finally {
    await redis.shutdown();
  }
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import Redis from 'ioredis';
export async function read(key: string) {
  const redis = new Redis();

  try {
    try {
      return await redis.get(key);
    } finally {
      await redis.shutdown();
    }
  } finally {
    await redis.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
  ],
});

createTypedRuleTester().run('no-unclosed-client (typed)', rule, {
  valid: [
    // a subclass of the long-running BullMQ Worker runs on its own, like Worker itself
    `
import { MailWorker } from './workers';
export function startMail() {
  const worker = new MailWorker('mail');
  worker.on('failed', (job) => console.error(job?.id));
}
`,
    // correct use
    `
import { AppRedis } from './clients';
export async function read(key: string) {
  const redis = new AppRedis();
  try {
    return await redis.get(key);
  } finally {
    await redis.quit();
  }
}
`,
    // handed on
    `
import { cache } from './clients';
export function subscriber() {
  return cache.duplicate();
}
`,
    // look-alikes that must stay silent
    // A Map's type declares no client close method.
    `
export function index() {
  const seen = new Map<string, number>();
  seen.set('a', 1);
}
`,
    // The shared client is imported, not opened here.
    `
import { getCache } from './clients';
export async function read(key: string) {
  const redis = getCache();
  return redis.get(key);
}
`,
    // A class of the user's own with a `quit()` is not declared by a client library.
    `
class Session {
  quit() {}
}
export function open() {
  const session = new Session();
  session.quit();
}
`,
  ],
  invalid: [
    {
      code: `
import { AppRedis } from './clients';
export async function read(key: string) {
  const redis = new AppRedis();
  return redis.get(key);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          data: { library: 'ioredis', name: 'redis', method: 'quit', leak: 'a connection' },
          line: 4,
          column: 17,
          endLine: 4,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'redis', method: 'quit' },
              output: `
import { AppRedis } from './clients';
export async function read(key: string) {
  const redis = new AppRedis();

  try {
    return await redis.get(key);
  } finally {
    await redis.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { cache } from './clients';
export async function listen() {
  const subscriber = cache.duplicate();
  await subscriber.subscribe('news');
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import { cache } from './clients';
export async function listen() {
  const subscriber = cache.duplicate();

  try {
    await subscriber.subscribe('news');
  } finally {
    await subscriber.quit();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { sessions } from './clients';
export async function read(key: string) {
  const client = await sessions.duplicate().connect();
  const value = await client.get(key);
  await client.close();
  return value;
}
`,
      output: null,
      errors: [
        {
          messageId: 'notClosedOnError',
          data: { library: 'node-redis', name: 'client', method: 'close', leak: 'the connection' },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'closeInFinally',
              data: { name: 'client', method: 'close' },
              output: `
import { sessions } from './clients';
export async function read(key: string) {
  const client = await sessions.duplicate().connect();

  try {
    const value = await client.get(key);
    return value;
  } finally {
    await client.close();
  }
}
`,
            },
          ],
        },
      ],
    },
  ],
});

// A node-redis client opens its connection only on `connect()`: one never connected holds no socket, and `close()` on it rejects.
const readThenLeak = (open: string, before = '') => {
  const code = `\nimport { createClient } from 'redis';\n${before}export async function read(url: string, key: string) {\n  ${open}\n  await client.connect();\n  return client.get(key);\n}\n`;
  const output = `\nimport { createClient } from 'redis';\n${before}export async function read(url: string, key: string) {\n  ${open}\n\n  try {\n    await client.connect();\n    return await client.get(key);\n  } finally {\n    await client.close();\n  }\n}\n`;
  const line = code.split('\n').findIndex((text) => text.includes(open)) + 1;
  return { code, errors: [{ messageId: 'notClosed' as const, line, suggestions: [{ messageId: 'closeInFinally' as const, output }] }] };
};

/** A factory of the file that connects the client it returns. */
const CONNECTING_FACTORY = `
import { createClient } from 'redis';
const connectClient = async (url: string) => {
  const client = createClient({ url });
  await client.connect();
  return client;
};
export async function read(url: string, key: string) {
  const client = await connectClient(url);
  return client.get(key);
}
`;

/** A node-redis client opened on line 4 of `code` and left open: the suggestion wraps `body` (its lines as written) in a `try` that closes it. */
const leftOpen = (code: string, body: string, close: string) => ({
  code,
  errors: [
    {
      messageId: 'notClosed' as const,
      line: 4,
      suggestions: [{ messageId: 'closeInFinally' as const, output: code.replace(body, `\n  try {\n${body.replace(/^(?=.)/gm, '  ')}  } finally {\n    ${close}\n  }\n`) }],
    },
  ],
});

createRuleTester().run('no-unclosed-client (the name node-redis connect() gives back)', rule, {
  valid: [
    // `connect()` resolves to the client itself: kept for later under that name, it is handed on
    `
import { createClient } from 'redis';
let shared: ReturnType<typeof createClient> | undefined;
export async function getClient(url: string) {
  const client = createClient({ url });
  client.on('error', console.error);
  const connected = await client.connect();
  shared = connected;
  return shared;
}
`,
    // … or returned under it
    `
import { createClient } from 'redis';
export async function open(url: string) {
  const client = createClient({ url, socket: { reconnectStrategy: () => false } });
  const connected = await client.connect();
  return connected;
}
`,
  ],
  invalid: [
    // names that point at each other: followed once each, and still open
    {
      code: `\nimport { createClient } from 'redis';\nexport async function ping(url: string) {\n  let a = createClient({ url });\n  const b = a.on('error', console.error);\n  a = b.on('end', console.log);\n  await a.ping();\n}\n`,
      errors: [{ messageId: 'notClosed', line: 4, suggestions: [] }],
    },
    // returned by a callback inside the function, not by the function
    leftOpen(
      `\nimport { createClient } from 'redis';\nexport async function ping(url: string) {\n  const client = createClient({ url });\n  await Promise.resolve().then(async () => { return client.connect(); });\n  await client.ping();\n}\n`,
      '  await Promise.resolve().then(async () => { return client.connect(); });\n  await client.ping();\n',
      'await client.close();',
    ),
    // a property of it kept, not the client
    leftOpen(
      `\nimport { createClient } from 'redis';\nexport async function isUp(url: string) {\n  const client = createClient({ url });\n  const { isOpen } = await client.connect();\n  return isOpen;\n}\n`,
      '  const { isOpen } = await client.connect();\n  return isOpen;\n',
      'await client.close();',
    ),
    // used under the new name and dropped: still open
    leftOpen(
      `\nimport { createClient } from 'redis';\nexport async function ping(url: string) {\n  const client = createClient({ url });\n  const connected = await client.connect();\n  await connected.ping();\n}\n`,
      '  const connected = await client.connect();\n  await connected.ping();\n',
      'await client.close();',
    ),
  ],
});

createRuleTester().run('no-unclosed-client (node-redis clients never connected)', rule, {
  valid: [
    // a test that reads what a client was built with: no connection, nothing to close
    `
import { createClient } from 'redis';
export function describeOptions(url: string) {
  const client = createClient({ url });
  client.withTypeMapping({});
  return client.options;
}
`,
    // a test that the connection fails, with reconnection off: node-redis stops and the client is closed
    `
import { createClient } from 'redis';
export async function rejectsWithoutPassword(url: string) {
  const client = createClient({ url, socket: { reconnectStrategy: () => false } });
  await expect(client.connect()).rejects.toThrow(/NOAUTH/);
}
`,
    `
import assert from 'node:assert';
import { createClient } from 'redis';
export async function rejectsWithoutPassword(url: string) {
  const client = createClient({ url, socket: { connectTimeout: 100, reconnectStrategy: false } });
  await assert.rejects(client.connect(), /NOAUTH/);
}
`,
    // … also from a factory of the file that returns the library's client unconnected
    `
import { createSentinel } from 'redis';
const makeSentinel = () => createSentinel({ name: 'primary', sentinelRootNodes: [{ host: '127.0.0.1', port: 26379 }] });
export function readOptions() {
  const base = makeSentinel();
  return base.commandOptions;
}
`,
  ],
  invalid: [
    // node-redis 3 connected on creation: a test helper that flushes and never quits
    {
      filename: path.join(redis3Project, 'test', 'helpers.ts'),
      ...leftOpen(`\nimport { createClient } from 'redis';\nexport function flushAll(url: string) {\n  const cli = createClient(url);\n  cli.flushdb();\n}\n`, '  cli.flushdb();\n', 'void cli.quit();'),
    },
    // connected in the function, directly or through a file's factory of unconnected clients
    readThenLeak('const client = createClient({ url });'),
    readThenLeak('const client = makeClient(url);', 'const makeClient = (url: string) => createClient({ url });\n'),
    // a failed connect() that the default strategy keeps retrying: the client stays open
    leftOpen(
      `\nimport { createClient } from 'redis';\nexport async function rejects(url: string) {\n  const client = createClient({ url });\n  await expect(client.connect()).rejects.toThrow();\n}\n`,
      '  await expect(client.connect()).rejects.toThrow();\n',
      'await client.close();',
    ),
    // reconnection off, but the connection is expected to work
    leftOpen(
      `\nimport { createClient } from 'redis';\nexport async function read(url: string) {\n  const client = createClient({ url, socket: { reconnectStrategy: false } });\n  await client.connect();\n  await client.ping();\n}\n`,
      '  await client.connect();\n  await client.ping();\n',
      'await client.close();',
    ),
    // a spread after the option may turn reconnection back on
    leftOpen(
      `\nimport { createClient } from 'redis';\nexport async function rejects(url: string, socket: object) {\n  const client = createClient({ url, socket: { reconnectStrategy: false, ...socket } });\n  await expect(client.connect()).rejects.toThrow();\n}\n`,
      '  await expect(client.connect()).rejects.toThrow();\n',
      'await client.close();',
    ),
    // a method's result kept (`on` gives the client back) may be connected: as if it were
    leftOpen(
      `\nimport { createClient } from 'redis';\nexport async function read(url: string) {\n  const client = createClient({ url });\n  const ready = client.on('error', console.error);\n  await ready.connect();\n}\n`,
      "  const ready = client.on('error', console.error);\n  await ready.connect();\n",
      'await client.close();',
    ),
    // a factory that connects before returning: its callers hold an open client
    {
      code: CONNECTING_FACTORY,
      errors: [
        {
          messageId: 'notClosed',
          line: 9,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: CONNECTING_FACTORY.replace('  return client.get(key);\n', '\n  try {\n    return await client.get(key);\n  } finally {\n    await client.close();\n  }\n'),
            },
          ],
        },
      ],
    },
  ],
});

// What the entry point runs as statements of its own body runs once too: a start-up step's queue lives as long as the process.
const startUp = (setup: string, entry = 'if (require.main === module) {\n  main().catch(console.error);\n}') => `
import { Queue } from 'bullmq';

const setupCronJobs = async () => {
  const queue = new Queue('cron', { connection: { host: 'localhost' } });
  await queue.upsertJobScheduler('refresh', { every: 60_000 });
};

const main = async () => {
${setup}
};

${entry}
`;
const startUpOutput = (setup: string, entry?: string) =>
  startUp(setup, entry).replace(
    "  const queue = new Queue('cron', { connection: { host: 'localhost' } });\n  await queue.upsertJobScheduler('refresh', { every: 60_000 });\n",
    "  const queue = new Queue('cron', { connection: { host: 'localhost' } });\n\n  try {\n    await queue.upsertJobScheduler('refresh', { every: 60_000 });\n  } finally {\n    await queue.close();\n  }\n",
  );
const startUpLeak = (setup: string, entry?: string) => ({
  code: startUp(setup, entry),
  errors: [{ messageId: 'notClosed' as const, line: 5, suggestions: [{ messageId: 'closeInFinally' as const, output: startUpOutput(setup, entry) }] }],
});

createRuleTester().run('no-unclosed-client (start-up steps of an entry point)', rule, {
  valid: [
    startUp('  await setupCronJobs();'),
    startUp('  try {\n    await setupCronJobs();\n  } catch (error) {\n    console.error(error);\n  }'),
    startUp('  void setupCronJobs().catch(console.error);', 'main();'),
  ],
  invalid: [
    // a step the entry point runs in a loop, or keeps the result of, or that a handler runs too, is per call
    startUpLeak('  for (const _ of [1, 2]) await setupCronJobs();'),
    startUpLeak('  const done = await setupCronJobs();\n  console.log(done);'),
    startUpLeak("  await setupCronJobs();\n  process.on('SIGHUP', () => setupCronJobs());"),
    // an entry point that is exported may run as often as its importers like
    startUpLeak('  await setupCronJobs();', 'export { main };\nmain();'),
  ],
});

// A client the function tests for being missing (`if (!queue) throw …`) is closed with `?.`: the `finally` runs after that throw too.
const TESTED_QUEUE = `
import { Queue } from 'bullmq';
async function getQueue(name: string): Promise<Queue | undefined> {
  const queue = new Queue(name, { connection: { host: 'localhost' } });
  await queue.waitUntilReady();
  return queue;
}
export async function enqueue(data: object) {
  const queue = await getQueue('jobs');
  if (!queue) throw new Error('no queue');
  await queue.add('job', data);
}
`;

createRuleTester().run('no-unclosed-client (a client tested for being missing)', rule, {
  valid: [],
  invalid: [
    {
      code: TESTED_QUEUE,
      errors: [
        {
          messageId: 'notClosed',
          line: 9,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: TESTED_QUEUE.replace(
                "  if (!queue) throw new Error('no queue');\n  await queue.add('job', data);\n",
                "\n  try {\n    if (!queue) throw new Error('no queue');\n    await queue.add('job', data);\n  } finally {\n    await queue?.close();\n  }\n",
              ),
            },
          ],
        },
      ],
    },
    // … and with a plain `.` when it never does
    {
      code: TESTED_QUEUE.replace("  if (!queue) throw new Error('no queue');\n", ''),
      errors: [
        {
          messageId: 'notClosed',
          line: 9,
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: TESTED_QUEUE.replace("  if (!queue) throw new Error('no queue');\n  await queue.add('job', data);\n", "\n  try {\n    await queue.add('job', data);\n  } finally {\n    await queue.close();\n  }\n"),
            },
          ],
        },
      ],
    },
  ],
});
