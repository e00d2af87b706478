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
      errors: [{ messageId: 'notClosed', line: 9, data: { library: 'ioredis', name: 'probe', method: 'quit' }, suggestions: [{ messageId: 'closeInFinally', output: `
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
      errors: [{ messageId: 'notClosed', line: 7, data: { library: 'node-redis', name: 'client', method: 'close' }, suggestions: [{ messageId: 'closeInFinally', output: `
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
  valid: [],
  invalid: [
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
