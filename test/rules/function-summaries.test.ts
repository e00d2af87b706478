import noUnclosedClient from '../../src/rules/no-unclosed-client';
import requireExpiry from '../../src/rules/require-expiry';
import { commonjs, createRuleTester } from '../rule-tester';

// Functions of the file that return clients: a factory's call opens a client, a getter's is a receiver.

createRuleTester().run('no-unclosed-client (local factories)', noUnclosedClient, {
  valid: [
    // a getter of a shared client: the caller must not close it
    `
import { Redis } from 'ioredis';
let shared: Redis | undefined;
function getRedis() {
  if (!shared) shared = new Redis();
  return shared;
}
export async function read(key: string) {
  const redis = getRedis();
  return redis.get(key);
}
`,
    // a factory whose client is closed
    `
import { Redis } from 'ioredis';
const connectRedis = (url: string) => new Redis(url);
export async function read(url: string, key: string) {
  const conn = connectRedis(url);
  try {
    return await conn.get(key);
  } finally {
    await conn.quit();
  }
}
`,
    // a function that may return nothing is no factory
    `
import { Redis } from 'ioredis';
function maybeConnect(url?: string) {
  if (!url) return;
  return new Redis(url);
}
export async function read(key: string) {
  const conn = maybeConnect(process.env.URL);
  return conn?.get(key);
}
`,
    // a factory of BullMQ workers: consumers that run until the process stops, left open by design
    `
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
const connection = new Redis({ maxRetriesPerRequest: null });
function startWorker(name: string) {
  const worker = new Worker(name, async () => {}, { connection });
  worker.on('error', () => {});
  return worker;
}
export async function startAll(names: string[]) {
  for (const name of names) startWorker(name);
}
`,
    // a function that returns a client or null (Redis left unconfigured) opens none for the rules
    `
import { Redis } from 'ioredis';
function initializeRedis(): Redis | null {
  const url = process.env.REDIS_URL;
  if (!url) return null;
  return new Redis(url);
}
export async function read(key: string) {
  const conn = initializeRedis();
  return conn?.get(key);
}
`,
    // nor one handed to a helper the file cannot see into: what it gives back is used, not owned
    `
import { Redis } from 'ioredis';
import { singleton } from './singleton';
export async function read(key: string) {
  const conn = singleton('redis', () => new Redis());
  return conn.get(key);
}
`,
    // a factory called at module level makes the process's client
    `
import { Redis } from 'ioredis';
function connectRedis() {
  return new Redis();
}
export const redis = connectRedis();
`,
  ],
  invalid: [
    {
      code: `
import { Redis } from 'ioredis';
function connectRedis(url: string) {
  const client = new Redis(url);
  client.on('error', console.error);
  return client;
}
export async function health(url: string) {
  const probe = connectRedis(url);
  return probe.ping();
}
`,
      errors: [{ messageId: 'notClosed', line: 9, data: { library: 'ioredis', name: 'probe', method: 'quit', leak: 'a connection' }, suggestions: [{ messageId: 'closeInFinally', output: `
import { Redis } from 'ioredis';
function connectRedis(url: string) {
  const client = new Redis(url);
  client.on('error', console.error);
  return client;
}
export async function health(url: string) {
  const probe = connectRedis(url);

  try {
    return await probe.ping();
  } finally {
    await probe.quit();
  }
}
` }] }],
    },
    {
      code: `
const { createClient } = require('redis');
async function getRedisClient(options) {
  return createClient(options).connect();
}
async function count(options) {
  const client = await getRedisClient(options);
  return client.dbSize();
}
module.exports = { count };
`,
      ...commonjs,
      errors: [{ messageId: 'notClosed', line: 7, data: { library: 'node-redis', name: 'client', method: 'close', leak: 'a connection' }, suggestions: [{ messageId: 'closeInFinally', output: `
const { createClient } = require('redis');
async function getRedisClient(options) {
  return createClient(options).connect();
}
async function count(options) {
  const client = await getRedisClient(options);

  try {
    return await client.dbSize();
  } finally {
    await client.close();
  }
}
module.exports = { count };
` }] }],
    },
    {
      code: `
import { Redis } from 'ioredis';
class Reports {
  open() {
    return new Redis();
  }
  async run() {
    const redis = this.open();
    await redis.get('k');
  }
}
export { Reports };
`,
      errors: [{ messageId: 'notClosed', line: 8, suggestions: [{ messageId: 'closeInFinally', output: `
import { Redis } from 'ioredis';
class Reports {
  open() {
    return new Redis();
  }
  async run() {
    const redis = this.open();

    try {
      await redis.get('k');
    } finally {
      await redis.quit();
    }
  }
}
export { Reports };
` }] }],
    },
  ],
});

createRuleTester().run('require-expiry (local getters)', requireExpiry, {
  valid: [
    // a singleton() handed a function that returns a Map gives no client
    `
import { Redis } from 'ioredis';
import { singleton } from './singleton';
export const redis = new Redis();
const sessions = singleton('sessions', () => new Map<string, string>());
export function remember(id: string, data: string) {
  sessions.set(\`sess:\${id}\`, data);
}
`,
    // other helpers handed a function that returns a client may return anything: a cache, an app, a limiter
    `
import { Redis } from 'ioredis';
import { createCache } from 'some-cache';
import { makeLimiter } from './limiter';
const redis = new Redis();
function getRedis() {
  return redis;
}
const cache = createCache(() => redis);
const limiter = makeLimiter(getRedis);
export async function remember(id: string) {
  cache.set(\`k:\${id}\`, 1);
  await limiter.set(\`rate:\${id}\`, 1);
}
`,
    // a helper of this file whose body returns no client is no wrapper of the client it is handed
    `
import { Redis } from 'ioredis';
function track(open: () => Redis) {
  open();
  return new Map<string, string>();
}
const seen = track(() => new Redis());
export function remember(id: string) {
  seen.set(\`seen:\${id}\`, '1');
}
`,
  ],
  invalid: [
    {
      // a getter that gives nothing when Redis is not configured still gives a client to write to
      code: `
import { Redis } from 'ioredis';
let shared: Redis | undefined;
export function getRedisClient(): Redis | null {
  if (!process.env.REDIS_URL) return null;
  shared ??= new Redis(process.env.REDIS_URL);
  return shared;
}
export async function countVisit(userId: string) {
  const redis = getRedisClient();
  if (!redis) return;
  await redis.set(\`visits:\${userId}\`, '1');
}
`,
      errors: [{ messageId: 'missingExpiry', line: 12, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
let shared: Redis | undefined;
export function getRedisClient(): Redis | null {
  if (!process.env.REDIS_URL) return null;
  shared ??= new Redis(process.env.REDIS_URL);
  return shared;
}
export async function countVisit(userId: string) {
  const redis = getRedisClient();
  if (!redis) return;
  await redis.set(\`visits:\${userId}\`, '1', 'EX', 86400);
}
` }] }],
    },
    {
      // a project's singleton() helper, handed a function that makes the client or none
      code: `
import { Redis } from 'ioredis';
import { singleton } from '~/utils/singleton';
function initializeRedis(): Redis | undefined {
  const host = process.env.CACHE_REDIS_HOST;
  if (!host) return undefined;
  return new Redis({ host });
}
const redis = singleton('counter', initializeRedis);
export async function markSeen(userId: string) {
  if (!redis) return;
  await redis.set(\`seen:\${userId}\`, '1');
}
`,
      errors: [{ messageId: 'missingExpiry', line: 12, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
import { singleton } from '~/utils/singleton';
function initializeRedis(): Redis | undefined {
  const host = process.env.CACHE_REDIS_HOST;
  if (!host) return undefined;
  return new Redis({ host });
}
const redis = singleton('counter', initializeRedis);
export async function markSeen(userId: string) {
  if (!redis) return;
  await redis.set(\`seen:\${userId}\`, '1', 'EX', 86400);
}
` }] }],
    },
    {
      // the same with the function written inline, and a conditional return
      code: `
import { Redis } from 'ioredis';
import { singleton } from '~/utils/singleton';
const redis = singleton('sso', () => (process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null));
export async function markSeen(userId: string) {
  await redis?.set(\`sso:\${userId}\`, '1');
}
`,
      // no suggestion through an optional call (`redis?.set`)
      errors: [{ messageId: 'missingExpiry', line: 6 }],
    },
    {
      code: `
import { Redis } from 'ioredis';
let shared: Redis | undefined;
function getRedis() {
  shared ??= new Redis();
  return shared;
}
export async function saveSession(id: string, data: string) {
  await getRedis().set(\`sess:\${id}\`, data);
}
`,
      errors: [{ messageId: 'missingExpiry', line: 9, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
let shared: Redis | undefined;
function getRedis() {
  shared ??= new Redis();
  return shared;
}
export async function saveSession(id: string, data: string) {
  await getRedis().set(\`sess:\${id}\`, data, 'EX', 86400);
}
` }] }],
    },
  ],
});

createRuleTester().run('no-unclosed-client (callbacks of local helpers)', noUnclosedClient, {
  valid: [
    // a helper that keeps the callback for later: the client may be closed there
    `
import { Redis } from 'ioredis';
const pending: (() => Promise<unknown>)[] = [];
function later(fn: () => Promise<unknown>) {
  pending.push(fn);
}
export function schedule(url: string) {
  const probe = new Redis(url);
  later(() => probe.ping());
}
`,
  ],
  invalid: [
    {
      // retry() only calls the closure: the client does not escape, and is never closed
      code: `
import { Redis } from 'ioredis';
async function retry<T>(fn: () => Promise<T>, times = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= times) throw error;
    }
  }
}
export async function health(url: string) {
  const probe = new Redis(url);
  await retry(() => probe.set('health', '1'));
  return 'ok';
}
`,
      errors: [{ messageId: 'notClosed', line: 13, suggestions: [{ messageId: 'closeInFinally', output: `
import { Redis } from 'ioredis';
async function retry<T>(fn: () => Promise<T>, times = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= times) throw error;
    }
  }
}
export async function health(url: string) {
  const probe = new Redis(url);

  try {
    await retry(() => probe.set('health', '1'));
    return 'ok';
  } finally {
    await probe.quit();
  }
}
` }] }],
    },
  ],
});
