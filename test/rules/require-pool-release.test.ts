import rule from '../../src/rules/require-pool-release';
import { createRuleTester, createTypedRuleTester, commonjs } from '../rule-tester';

createRuleTester().run('require-pool-release', rule, {
  valid: [
    // correct use
    // an early exit that releases first, then a release on the way out: nothing can throw in between
    `
import { createPool } from 'generic-pool';
const pool = createPool({ create: async () => ({ cached: 1 }), destroy: async () => {} });
export async function cached(k: string) {
  const c = await pool.acquire();
  if (!k) {
    pool.release(c);
    return null;
  }
  const value = c.cached;
  pool.release(c);
  return value;
}
`,
    // Released in `finally`: runs whether the command succeeds or throws.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  const redis = await pool.acquire();
  try {
    return await redis.get(\`price:\${symbol}\`);
  } finally {
    await pool.release(redis);
  }
}
`,
    // `pool.use(fn)` acquires, runs and releases for you.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export function readPrice(symbol: string) {
  return pool.use((redis) => redis.get(\`price:\${symbol}\`));
}
`,
    // A broken resource is destroyed in `catch`, a healthy one released after success.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  const redis = await pool.acquire();
  try {
    const price = await redis.get(\`price:\${symbol}\`);
    await pool.release(redis);
    return price;
  } catch (error) {
    await pool.destroy(redis);
    throw error;
  }
}
`,
    // The same, with the release after the `try` statement.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  const redis = await pool.acquire();
  let price;
  try {
    price = await redis.get(\`price:\${symbol}\`);
  } catch (error) {
    await pool.destroy(redis);
    throw error;
  }
  await pool.release(redis);
  return price;
}
`,
    // `destroy` in `finally` gives the slot back too.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function flush() {
  const redis = await pool.acquire();
  try {
    await redis.flushdb();
  } finally {
    await pool.destroy(redis);
  }
}
`,
    // Acquired inside the `try`, released in `finally` when it was acquired.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  let redis: Redis | undefined;
  try {
    redis = await pool.acquire();
    return await redis.get(\`price:\${symbol}\`);
  } finally {
    if (redis) await pool.release(redis);
  }
}
`,
    // The `catch` swallows the error, so the release after it always runs.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function touch(key: string) {
  const redis = await pool.acquire();
  try {
    await redis.set(key, '1', 'EX', 60);
  } catch (error) {
    console.error(error);
  }
  await pool.release(redis);
}
`,
    // Both branches give the resource back.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function recycle(healthy: boolean) {
  const redis = await pool.acquire();
  if (healthy) {
    await pool.release(redis);
  } else {
    await pool.destroy(redis);
  }
}
`,
    // Nothing that can throw stands between the acquire and the release.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function status() {
  const redis = await pool.acquire();
  const status = redis.status;
  await pool.release(redis);
  return status;
}
`,
    // A `finally` in each iteration releases each resource.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readAll(keys: string[]) {
  const values = [];
  for (const key of keys) {
    const redis = await pool.acquire();
    try {
      values.push(await redis.get(key));
    } finally {
      await pool.release(redis);
    }
  }
  return values;
}
`,
    // Every `return` in the `switch` leaves through the `finally`.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function read(kind: 'price' | 'volume', symbol: string) {
  const redis = await pool.acquire();
  try {
    switch (kind) {
      case 'price':
        return await redis.get(\`price:\${symbol}\`);
      default:
        return await redis.get(\`volume:\${symbol}\`);
    }
  } finally {
    await pool.release(redis);
  }
}
`,
    // A promise's `finally` reaction runs on success and on failure.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  const redis = await pool.acquire();
  return redis.get(\`price:\${symbol}\`).finally(() => pool.release(redis));
}
`,
    // A generator releases in `finally`, which also runs when the consumer stops early.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function* scan(pattern: string) {
  const redis = await pool.acquire();
  try {
    yield* redis.scanStream({ match: pattern });
  } finally {
    await pool.release(redis);
  }
}
`,
    // The promise is awaited later and the resource released in `finally`.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  const pending = pool.acquire();
  const redis = await pending;
  try {
    return await redis.get(\`price:\${symbol}\`);
  } finally {
    await pool.release(redis);
  }
}
`,
    // A pool in a class field, released in `finally`.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

export class Prices {
  private readonly pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

  async read(symbol: string) {
    const redis = await this.pool.acquire();
    try {
      return await redis.get(\`price:\${symbol}\`);
    } finally {
      await this.pool.release(redis);
    }
  }
}
`,
    // A node-redis sentinel lease given back with its own `release()` in `finally`.
    `
import { createSentinel } from 'redis';

const sentinel = createSentinel({ name: 'mymaster', sentinelRootNodes: [{ host: '127.0.0.1', port: 26379 }] });

export async function transfer(from: string, to: string) {
  const lease = await sentinel.acquire();
  try {
    await lease.watch(from);
    return await lease.multi().decr(from).incr(to).exec();
  } finally {
    lease.release();
  }
}
`,
    // CommonJS, released in `finally`.
    {
      code: `
const genericPool = require('generic-pool');
const { Redis } = require('ioredis');

const pool = genericPool.createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

exports.readPrice = async function readPrice(symbol) {
  const redis = await pool.acquire();
  try {
    return await redis.get(\`price:\${symbol}\`);
  } finally {
    await pool.release(redis);
  }
};
`,
      ...commonjs,
    },
    // CommonJS with `pool.use`.
    {
      code: `
const { createPool } = require('generic-pool');
const Redis = require('ioredis');

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

module.exports = { readPrice: (symbol) => pool.use((redis) => redis.get(\`price:\${symbol}\`)) };
`,
      ...commonjs,
    },

    // handed on
    // The caller gets the promise of a resource and releases it.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export function borrow() {
  return pool.acquire();
}
`,
    // The caller gets the resource after a health check and releases it.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function borrowChecked() {
  const redis = await pool.acquire();
  await redis.ping();
  return redis;
}
`,
    // Kept on the instance: whoever owns the instance releases it.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export class Session {
  private redis?: Redis;

  async open() {
    this.redis = await pool.acquire();
  }

  async close() {
    if (this.redis) await pool.release(this.redis);
  }
}
`,
    // Pushed into a collection that is drained elsewhere.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });
const reserved: Redis[] = [];

export async function reserve() {
  const redis = await pool.acquire();
  reserved.push(redis);
}
`,
    // Passed to another function, which now owns it.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';
import { runJob } from './jobs';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function start() {
  const redis = await pool.acquire();
  await runJob(redis);
}
`,
    // Assigned to a module variable that outlives the call.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });
let subscriber: Redis | undefined;

export async function listen() {
  subscriber = await pool.acquire();
}
`,
    // Returned with a release handle the caller calls.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function lease() {
  const redis = await pool.acquire();
  return { redis, done: () => pool.release(redis) };
}
`,
    // Released in a timer callback, which outlives this call.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function hold(ms: number) {
  const redis = await pool.acquire();
  setTimeout(() => void pool.release(redis), ms);
}
`,
    // A promise chain holds the resource, not this function.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export function readPrice(symbol: string) {
  return pool.acquire().then((redis) => redis.get(\`price:\${symbol}\`));
}
`,
    // CommonJS: stored on the instance.
    {
      code: `
const { createPool } = require('generic-pool');
const Redis = require('ioredis');

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

class Session {
  async open() {
    this.redis = await pool.acquire();
  }
}
module.exports = Session;
`,
      ...commonjs,
    },

    // look-alikes that must stay silent
    // A user's own object with an `acquire` method is not a pool this rule knows.
    `
import { Redis } from 'ioredis';

const slots = {
  free: [new Redis()],
  async acquire() {
    return this.free.pop()!;
  },
};

export async function read(key: string) {
  const redis = await slots.acquire();
  return redis.get(key);
}
`,
    // A local `createPool` function is not generic-pool's.
    `
import { Redis } from 'ioredis';

function createPool() {
  return { acquire: async () => new Redis(), release: async (redis: Redis) => void (await redis.quit()) };
}
const pool = createPool();

export async function read(key: string) {
  const redis = await pool.acquire();
  return redis.get(key);
}
`,
    // `Pool` from `pg` is another library, even next to a generic-pool import.
    `
import { Pool } from 'pg';
import { createPool } from 'generic-pool';

export const workers = createPool({ create: async () => ({}), destroy: async () => {} });
const pg = new Pool();

export async function read(id: string) {
  const client = await pg.acquire();
  return client.query('SELECT 1');
}
`,
    // A parameter typed with `pg`'s `Pool` is not a generic-pool pool.
    `
import type { Pool } from 'pg';
import type { Factory } from 'generic-pool';

export async function read(pool: Pool, factory: Factory<unknown>) {
  const client = await pool.acquire();
  return client.query('SELECT 1');
}
`,
    // The parameter shadows the module's pool.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function read(pool: { acquire(): Promise<Redis> }, key: string) {
  const redis = await pool.acquire();
  return redis.get(key);
}
`,
    // At module scope the resource is held for the life of the process.
    `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export const subscriber = await pool.acquire();
await subscriber.subscribe('news');
`,
    // A mutex's `acquire()` is not a pool's.
    `
import { Mutex } from 'async-mutex';
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });
const mutex = new Mutex();

export async function critical() {
  const release = await mutex.acquire();
  await pool.use((redis) => redis.incr('counter'));
  release();
}
`,
    // A pool made by the user's own module is not known to be generic-pool without types.
    `
import { createPool } from './pool';

const pool = createPool();

export async function read(key: string) {
  const redis = await pool.acquire();
  return redis.get(key);
}
`,
    // An ioredis client has no leases, whatever its methods are called.
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function read(key: string) {
  const value = await redis.acquire(key);
  return value;
}
`,
    // CommonJS: a local `createPool` that shadows nothing from generic-pool.
    {
      code: `
const Redis = require('ioredis');

function createPool() {
  return { acquire: async () => new Redis() };
}
const pool = createPool();

exports.read = async (key) => {
  const redis = await pool.acquire();
  return redis.get(key);
};
`,
      ...commonjs,
    },
  ],
  invalid: [
    // Never released.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  const redis = await pool.acquire();
  return redis.get(\`price:\${symbol}\`);
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 8, column: 23, endLine: 8, endColumn: 37 }],
    },
    // Released only when `get` succeeds.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  const redis = await pool.acquire();
  const price = await redis.get(\`price:\${symbol}\`);
  await pool.release(redis);
  return price;
}
`,
      output: null,
      errors: [{ messageId: 'notReleasedOnError', line: 8, column: 23, endLine: 8, endColumn: 37 }],
    },
    // Destroyed only when `flushdb` succeeds.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function flush() {
  const redis = await pool.acquire();
  await redis.flushdb();
  await pool.destroy(redis);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notReleasedOnError',
          data: {
            name: 'redis',
            method: 'destroy',
            remedy: 'use `pool.use(…)`, which releases for you, or call `pool.release(…)` in a `finally` block',
          },
          line: 8,
          column: 23,
          endLine: 8,
          endColumn: 37,
        },
      ],
    },
    // An early `return` skips the release.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  const redis = await pool.acquire();
  if (!symbol) return null;
  await pool.release(redis);
  return symbol;
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 8, column: 23, endLine: 8, endColumn: 37 }],
    },
    // Released on one branch only.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function maybeRelease(done: boolean) {
  const redis = await pool.acquire();
  if (done) {
    await pool.release(redis);
  }
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 8, column: 23, endLine: 8, endColumn: 37 }],
    },
    // Destroyed on error, but never released after success.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  const redis = await pool.acquire();
  try {
    return await redis.get(\`price:\${symbol}\`);
  } catch (error) {
    await pool.destroy(redis);
    throw error;
  }
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 8, column: 23, endLine: 8, endColumn: 37 }],
    },
    // In a loop, each resource is released only when its `get` succeeds.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readAll(keys: string[]) {
  for (const key of keys) {
    const redis = await pool.acquire();
    console.log(await redis.get(key));
    await pool.release(redis);
  }
}
`,
      output: null,
      errors: [{ messageId: 'notReleasedOnError', line: 9, column: 25, endLine: 9, endColumn: 39 }],
    },
    // `continue` leaves the iteration without the release.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function touchAll(keys: string[]) {
  for (const key of keys) {
    const redis = await pool.acquire();
    if (!key) continue;
    try {
      await redis.expire(key, 60);
    } finally {
      await pool.release(redis);
    }
  }
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 9, column: 25, endLine: 9, endColumn: 39 }],
    },
    // Namespace import.
    {
      code: `
import * as genericPool from 'generic-pool';
import { Redis } from 'ioredis';

const pool = genericPool.createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  const redis = await pool.acquire();
  return redis.get(\`price:\${symbol}\`);
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 8, column: 23, endLine: 8, endColumn: 37 }],
    },
    // Default import, aliased pool variable.
    {
      code: `
import genericPool from 'generic-pool';
import { Redis } from 'ioredis';

const connections = genericPool.createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  const redis = await connections.acquire();
  return redis.get(\`price:\${symbol}\`);
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 8, column: 23, endLine: 8, endColumn: 44 }],
    },
    // Renamed named import, priority argument.
    {
      code: `
import { createPool as makePool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = makePool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) }, { priorityRange: 3 });

export async function readUrgent(key: string) {
  const redis = await pool.acquire(0);
  return redis.get(key);
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 8, column: 23, endLine: 8, endColumn: 38 }],
    },
    // A pool in a class field.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

export class Prices {
  private readonly pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

  async read(symbol: string) {
    const redis = await this.pool.acquire();
    const price = await redis.get(\`price:\${symbol}\`);
    await this.pool.release(redis);
    return price;
  }
}
`,
      output: null,
      errors: [
        {
          messageId: 'notReleasedOnError',
          data: {
            name: 'redis',
            method: 'release',
            remedy: 'use `this.pool.use(…)`, which releases for you, or call `this.pool.release(…)` in a `finally` block',
          },
          line: 9,
          column: 25,
          endLine: 9,
          endColumn: 44,
        },
      ],
    },
    // A pool assigned to a field in the constructor.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

export class Prices {
  pool;

  constructor(max: number) {
    this.pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) }, { max });
  }

  async read(symbol: string) {
    const redis = await this.pool.acquire();
    return redis.get(\`price:\${symbol}\`);
  }
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 13, column: 25, endLine: 13, endColumn: 44 }],
    },
    // A parameter annotated with generic-pool's `Pool<T>`.
    {
      code: `
import type { Pool } from 'generic-pool';
import type { Redis } from 'ioredis';

export async function readPrice(pool: Pool<Redis>, symbol: string) {
  const redis = await pool.acquire();
  return redis.get(\`price:\${symbol}\`);
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 6, column: 23, endLine: 6, endColumn: 37 }],
    },
    // A constructor parameter property typed through the namespace.
    {
      code: `
import type * as genericPool from 'generic-pool';
import type { Redis } from 'ioredis';

export class Prices {
  constructor(private readonly pool: genericPool.Pool<Redis>) {}

  async read(symbol: string) {
    const redis = await this.pool.acquire();
    const price = await redis.get(\`price:\${symbol}\`);
    await this.pool.release(redis);
    return price;
  }
}
`,
      output: null,
      errors: [{ messageId: 'notReleasedOnError', line: 9, column: 25, endLine: 9, endColumn: 44 }],
    },
    // Used once and dropped.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function readPrice(symbol: string) {
  return (await pool.acquire()).get(\`price:\${symbol}\`);
}
`,
      output: null,
      errors: [
        {
          messageId: 'notReleased',
          data: {
            name: 'pool.acquire()',
            library: 'generic-pool',
            remedy: 'use `pool.use(…)`, which releases for you, or call `pool.release(…)` in a `finally` block',
          },
          line: 8,
          column: 17,
          endLine: 8,
          endColumn: 31,
        },
      ],
    },
    // Acquired and dropped without being awaited.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export function warmUp() {
  pool.acquire();
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 8, column: 3, endLine: 8, endColumn: 17 }],
    },
    // Two resources, only the first released.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export async function copy(from: string, to: string) {
  const source = await pool.acquire();
  const target = await pool.acquire();
  try {
    await target.set(to, (await source.get(from)) ?? '', 'EX', 60);
  } finally {
    await pool.release(source);
  }
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 9, column: 24, endLine: 9, endColumn: 38 }],
    },
    // An object method.
    {
      code: `
import { createPool } from 'generic-pool';
import { Redis } from 'ioredis';

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

export const prices = {
  async read(symbol: string) {
    const redis = await pool.acquire();
    return redis.get(\`price:\${symbol}\`);
  },
};
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 9, column: 25, endLine: 9, endColumn: 39 }],
    },
    // A node-redis sentinel lease never released.
    {
      code: `
import { createSentinel } from 'redis';

const sentinel = createSentinel({ name: 'mymaster', sentinelRootNodes: [{ host: '127.0.0.1', port: 26379 }] });

export async function transfer(from: string, to: string) {
  const lease = await sentinel.acquire();
  await lease.watch(from);
  return lease.multi().decr(from).incr(to).exec();
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 7, column: 23, endLine: 7, endColumn: 41 }],
    },
    // A sentinel lease released only when the transaction succeeds.
    {
      code: `
import { createSentinel } from 'redis';

const sentinel = createSentinel({ name: 'mymaster', sentinelRootNodes: [{ host: '127.0.0.1', port: 26379 }] });

export async function transfer(from: string, to: string) {
  const lease = await sentinel.acquire();
  await lease.watch(from);
  const result = await lease.multi().decr(from).incr(to).exec();
  lease.release();
  return result;
}
`,
      output: null,
      errors: [
        {
          messageId: 'notReleasedOnError',
          data: { name: 'lease', method: 'release', remedy: 'call `release()` in a `finally` block' },
          line: 7,
          column: 23,
          endLine: 7,
          endColumn: 41,
        },
      ],
    },
    // A sentinel parameter annotated with node-redis' type.
    {
      code: `
import type { RedisSentinelType } from 'redis';

export async function readPrice(sentinel: RedisSentinelType, symbol: string) {
  const lease = await sentinel.acquire();
  return lease.get(\`price:\${symbol}\`);
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 5, column: 23, endLine: 5, endColumn: 41 }],
    },
    // CommonJS: destructured `require`, never released.
    {
      code: `
const { createPool } = require('generic-pool');
const Redis = require('ioredis');

const pool = createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });

async function readPrice(symbol) {
  const redis = await pool.acquire();
  return redis.get(\`price:\${symbol}\`);
}
module.exports = { readPrice };
`,
      ...commonjs,
      output: null,
      errors: [{ messageId: 'notReleased', line: 8, column: 23, endLine: 8, endColumn: 37 }],
    },
    // CommonJS: namespace `require`, a class field assigned in the constructor, released only on success.
    {
      code: `
const genericPool = require('generic-pool');
const Redis = require('ioredis');

class Prices {
  constructor() {
    this.pool = genericPool.createPool({ create: async () => new Redis(), destroy: async (redis) => void (await redis.quit()) });
  }

  async read(symbol) {
    const redis = await this.pool.acquire();
    const price = await redis.get(\`price:\${symbol}\`);
    await this.pool.release(redis);
    return price;
  }
}
module.exports = Prices;
`,
      ...commonjs,
      output: null,
      errors: [{ messageId: 'notReleasedOnError', line: 11, column: 25, endLine: 11, endColumn: 44 }],
    },
  ],
});

createTypedRuleTester().run('require-pool-release (typed)', rule, {
  valid: [
    // correct use
    // A pool typed through an alias, released in `finally`.
    `
import type { createPool } from 'generic-pool';
import type { Redis } from 'ioredis';

type RedisPool = ReturnType<typeof createPool<Redis>>;

export async function readPrice(pool: RedisPool, symbol: string) {
  const redis = await pool.acquire();
  try {
    return await redis.get(\`price:\${symbol}\`);
  } finally {
    await pool.release(redis);
  }
}
`,
    // handed on
    // The resource goes back to the caller.
    `
import type { Pool } from 'generic-pool';
import type { Redis } from 'ioredis';

interface Deps {
  pool: Pool<Redis>;
}

export async function borrow(deps: Deps) {
  const redis = await deps.pool.acquire();
  await redis.ping();
  return redis;
}
`,
    // look-alikes that must stay silent
    // The user's own class declares `acquire`, not generic-pool.
    `
import type { Redis } from 'ioredis';

class Slots {
  constructor(private readonly free: Redis[]) {}
  async acquire(): Promise<Redis> {
    return this.free.pop()!;
  }
}

export async function read(slots: Slots, key: string) {
  const redis = await slots.acquire();
  return redis.get(key);
}
`,
  ],
  invalid: [
    // A pool typed through an alias: only the type checker sees it.
    {
      code: `
import type { createPool } from 'generic-pool';
import type { Redis } from 'ioredis';

type RedisPool = ReturnType<typeof createPool<Redis>>;

export async function readPrice(pool: RedisPool, symbol: string) {
  const redis = await pool.acquire();
  const price = await redis.get(\`price:\${symbol}\`);
  await pool.release(redis);
  return price;
}
`,
      output: null,
      errors: [{ messageId: 'notReleasedOnError', line: 8, column: 23, endLine: 8, endColumn: 37 }],
    },
    // A pool reached through an interface property.
    {
      code: `
import type { Pool } from 'generic-pool';
import type { Redis } from 'ioredis';

interface Deps {
  pool: Pool<Redis>;
}

export async function readPrice(deps: Deps, symbol: string) {
  const redis = await deps.pool.acquire();
  return redis.get(\`price:\${symbol}\`);
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 10, column: 23, endLine: 10, endColumn: 42 }],
    },
    // A sentinel returned by the user's own function.
    {
      code: `
import type { RedisSentinelType } from 'redis';

declare function getSentinel(): RedisSentinelType;

export async function readPrice(symbol: string) {
  const lease = await getSentinel().acquire();
  return lease.get(\`price:\${symbol}\`);
}
`,
      output: null,
      errors: [{ messageId: 'notReleased', line: 7, column: 23, endLine: 7, endColumn: 46 }],
    },
  ],
});
