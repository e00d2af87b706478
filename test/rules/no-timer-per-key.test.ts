import rule from '../../src/rules/no-timer-per-key';
import { createRuleTester, commonjs } from '../rule-tester';

const ruleTester = createRuleTester();

ruleTester.run('no-timer-per-key', rule, {
  valid: [
    // correct use
    // One sweeper for every key.
    `
const cache = new Map<string, { value: string; expiresAt: number }>();
export function put(key: string, value: string, ttlMs: number) {
  cache.set(key, { value, expiresAt: Date.now() + ttlMs });
}
setInterval(() => {
  const now = Date.now();
  for (const [key, entry] of cache) if (entry.expiresAt <= now) cache.delete(key);
}, 1000);
`,
    // A sweeper that reschedules itself: still one timer.
    `
const cache = new Map<string, number>();
setTimeout(function sweep() {
  for (const [key, expiresAt] of cache) if (expiresAt <= Date.now()) cache.delete(key);
  setTimeout(sweep, 1000);
}, 1000);
`,
    // A TTL cache expires keys itself.
    `
import TTLCache from '@isaacs/ttlcache';
const cache = new TTLCache<string, string>({ max: 10_000, ttl: 60_000 });
export function put(key: string, value: string) {
  cache.set(key, value);
}
`,
    // lru-cache with \`ttl\`.
    `
import { LRUCache } from 'lru-cache';
const sessions = new LRUCache<string, object>({ max: 5000, ttl: 30 * 60_000 });
export function login(id: string, session: object) {
  sessions.set(id, session);
}
`,
    // A debounce: one handle on the instance, replaced on each call.
    `
export class Autosave {
  private timer?: ReturnType<typeof setTimeout>;
  private dirty = new Map<string, string>();
  touch(key: string, value: string) {
    this.dirty.set(key, value);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.dirty.delete(key), 500);
  }
}
`,
    // A debounce with one handle in a module variable.
    `
const pending = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;
export function queue(key: string) {
  pending.add(key);
  clearTimeout(timer);
  timer = setTimeout(() => pending.delete(key), 100);
}
`,
    // A debounce with one handle on a module-level state object.
    `
const state = { timer: undefined as ReturnType<typeof setTimeout> | undefined };
export function queue(cache: Map<string, string>, key: string) {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => cache.delete(key), 100);
}
`,
    // The timer does not delete anything.
    `
export function remind(userId: string, notify: (id: string) => void) {
  setTimeout(() => notify(userId), 60_000);
}
`,
    // A fixed key: one timer, however often it runs.
    `
const cache = new Map<string, string>();
export function warmUp() {
  cache.set('warmup', 'yes');
  setTimeout(() => cache.delete('warmup'), 1000);
}
`,
    // A module constant as the key.
    `
const FLAG = 'maintenance';
const flags = new Set<string>();
export function enableMaintenance(minutes: number) {
  flags.add(FLAG);
  setTimeout(() => flags.delete(FLAG), minutes * 60_000);
}
`,
    // The instance's own key, not one per call.
    `
export class Lease {
  constructor(private registry: Map<string, Lease>, private key: string) {}
  renew(ms: number) {
    setTimeout(() => this.registry.delete(this.key), ms);
  }
}
`,
    // Clearing everything is a sweep, not a per-key expiry.
    `
const cache = new Map<string, string>();
export function put(key: string, value: string) {
  cache.set(key, value);
  setTimeout(() => cache.clear(), 60_000);
}
`,
    // A batch expiry: one timer deletes many keys.
    `
export function expireLater(cache: Map<string, string>, keys: string[]) {
  setTimeout(() => {
    for (const key of keys) cache.delete(key);
  }, 1000);
}
`,
    // A request timeout: it rejects the pending call.
    `
export class RpcClient {
  private pending = new Map<number, (value: unknown) => void>();
  call(id: number, send: () => void) {
    return new Promise((resolve, reject) => {
      this.pending.set(id, resolve);
      send();
      setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('timeout'));
      }, 5000);
    });
  }
}
`,
    // A request timeout that rejects through the stored entry.
    `
const pending = new Map<string, { reject(error: Error): void }>();
export function track(id: string, entry: { reject(error: Error): void }) {
  pending.set(id, entry);
  setTimeout(() => {
    pending.get(id)?.reject(new Error('timed out'));
    pending.delete(id);
  }, 10_000);
}
`,
    // CommonJS: one sweeper.
    {
      code: `
const cache = new Map();
function put(key, value) {
  cache.set(key, { value, at: Date.now() });
}
setInterval(function () {
  cache.forEach(function (entry, key) {
    if (Date.now() - entry.at > 60000) cache.delete(key);
  });
}, 5000).unref();
module.exports = { put };
`,
      ...commonjs,
    },

    // look-alikes that must stay silent
    // A local function named \`setTimeout\`, not the timer.
    `
function setTimeout(callback: () => void, _ms: number) {
  callback();
}
const cache = new Map<string, string>();
export function put(key: string) {
  setTimeout(() => cache.delete(key), 10);
}
`,
    // The promise-based \`setTimeout\` takes no callback.
    `
import { setTimeout } from 'node:timers/promises';
const cache = new Map<string, string>();
export async function expire(key: string) {
  await setTimeout(1000);
  cache.delete(key);
}
`,
    // A parameter named \`setTimeout\` (a test scheduler).
    `
export function schedule(setTimeout: (cb: () => void, ms: number) => void, cache: Map<string, string>, key: string) {
  setTimeout(() => cache.delete(key), 10);
}
`,
    // A scheduler object's method, not the global function.
    `
import { scheduler } from './scheduler';
export function put(cache: Map<string, string>, key: string) {
  scheduler.setTimeout(() => cache.delete(key), 10);
}
`,
    // An imported callback: its body is not in this file.
    `
import { expire } from './expiry';
export function put(key: string) {
  setTimeout(expire, 1000, key);
}
`,
    // A sleep: the callback resolves a promise.
    `
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
`,
    // \`delete obj.prop\` with a fixed property.
    `
export function hideBanner(ui: { banner?: string }, id: string) {
  setTimeout(() => {
    delete ui.banner;
    console.log(id);
  }, 3000);
}
`,
    // The key comes from the collection itself: a delayed eviction of the oldest entry.
    `
export function evictOldestLater(cache: Map<string, string>) {
  setTimeout(() => cache.delete(cache.keys().next().value!), 1000);
}
`,
    // A per-key debounce that forgets only its own handle: no cache entry expires.
    `
const timers = new Map<string, ReturnType<typeof setTimeout>>();
export function scheduleFlush(key: string, flush: (key: string) => void) {
  clearTimeout(timers.get(key));
  timers.set(key, setTimeout(() => {
    timers.delete(key);
    flush(key);
  }, 250));
}
`,
    // \`process.nextTick\` and \`queueMicrotask\` run once, right away: no timer waits.
    `
const cache = new Map<string, string>();
export function drop(key: string) {
  process.nextTick(() => cache.delete(key));
  queueMicrotask(() => cache.delete(key));
}
`,
    // A module variable as the key: not one per call.
    `
let current = 'a';
const cache = new Map<string, string>();
export function rotate(next: string) {
  setTimeout(() => cache.delete(current), 1000);
  current = next;
}
`,
    // Deleting a key computed from the time, not from the call.
    `
const buckets = new Map<number, number>();
export function hit() {
  const bucket = Math.floor(Date.now() / 60_000);
  buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
  setTimeout(() => buckets.delete(Math.floor(Date.now() / 60_000) - 5), 60_000);
}
`,
    // A redis \`del\` of a fixed key after start-up.
    `
import { Redis } from 'ioredis';
const redis = new Redis();
export function releaseStartupLock() {
  setTimeout(() => redis.del('startup-lock'), 30_000);
}
`,
    // A callback bound with \`.bind\`: out of sight.
    `
export class Cache {
  private entries = new Map<string, string>();
  put(key: string, value: string) {
    this.entries.set(key, value);
    setTimeout(this.expire.bind(this, key), 1000);
  }
  private expire(key: string) {
    this.entries.delete(key);
  }
}
`,
    // CommonJS: a promisified \`setTimeout\` from \`util\`, not the global.
    {
      code: `
const { promisify } = require('util');
const setTimeout = promisify(global.setTimeout);
const cache = new Map();
async function expire(key) {
  await setTimeout(1000);
  cache.delete(key);
}
module.exports = { expire };
`,
      ...commonjs,
    },

    // options
    // None: the rule takes no options.
  ],
  invalid: [
    // The incident: one expiry timer per cached key.
    {
      code: `
const cache = new Map<string, string>();
export function put(key: string, value: string, ttlMs: number) {
  cache.set(key, value);
  setTimeout(() => cache.delete(key), ttlMs);
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'cache' }, line: 5, column: 3, endLine: 5, endColumn: 45 }],
    },
    // A cache class that expires each entry with its own timer.
    {
      code: `
export class ExpiringCache {
  private store = new Map<string, string>();
  set(key: string, value: string, ttlMs: number) {
    this.store.set(key, value);
    setTimeout(() => {
      this.store.delete(key);
    }, ttlMs);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this.store' }, line: 6, column: 5, endLine: 8, endColumn: 14 }],
    },
    // A private field.
    {
      code: `
export class Sessions {
  #entries = new Map<string, object>();
  open(id: string, session: object) {
    this.#entries.set(id, session);
    setTimeout(() => this.#entries.delete(id), 30 * 60_000);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this.#entries' }, line: 6, column: 5, endLine: 6, endColumn: 60 }],
    },
    // \`delete obj[key]\` in a function expression.
    {
      code: `
const sessions: Record<string, number> = {};
export function login(id: string) {
  sessions[id] = Date.now();
  setTimeout(function () {
    delete sessions[id];
  }, 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'sessions' }, line: 5, column: 3, endLine: 7, endColumn: 13 }],
    },
    // A Redis-style \`del\` with a per-call key.
    {
      code: `
import { Redis } from 'ioredis';
const redis = new Redis();
export async function lock(name: string) {
  await redis.set(\`lock:\${name}\`, '1');
  setTimeout(() => redis.del(\`lock:\${name}\`), 5000);
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'redis' }, line: 6, column: 3, endLine: 6, endColumn: 52 }],
    },
    // Inside a top-level loop: one timer per key of the batch.
    {
      code: `
const cache = new Map<string, string>();
const keys = ['a', 'b', 'c'];
for (const key of keys) {
  setTimeout(() => cache.delete(key), 1000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 5, column: 3, endLine: 5, endColumn: 44 }],
    },
    // An indexed loop.
    {
      code: `
export function expireAll(cache: Map<string, string>, keys: string[]) {
  for (let i = 0; i < keys.length; i++) {
    setTimeout(() => cache.delete(keys[i]!), 1000 + i);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', line: 4, column: 5, endLine: 4, endColumn: 55 }],
    },
    // \`forEach\` over the keys.
    {
      code: `
export function expireEach(cache: Set<string>, keys: string[]) {
  keys.forEach((key) => setTimeout(() => cache.delete(key), 1000));
}
`,
      errors: [{ messageId: 'timerPerKey', line: 3, column: 25, endLine: 3, endColumn: 66 }],
    },
    // Loop destructuring.
    {
      code: `
export function scheduleAll(cache: Map<string, number>, ttls: Map<string, number>) {
  for (const [key, ttl] of ttls) setTimeout(() => cache.delete(key), ttl);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 3, column: 34, endLine: 3, endColumn: 74 }],
    },
    // A local function declaration as the callback.
    {
      code: `
const cache = new Map<string, string>();
export function put(key: string, value: string) {
  function expire() {
    cache.delete(key);
  }
  cache.set(key, value);
  setTimeout(expire, 1000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 8, column: 3, endLine: 8, endColumn: 27 }],
    },
    // A local arrow function as the callback.
    {
      code: `
const cache = new Map<string, string>();
export function put(key: string, value: string) {
  const expire = () => cache.delete(key);
  cache.set(key, value);
  setTimeout(expire, 1000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6, column: 3, endLine: 6, endColumn: 27 }],
    },
    // The key passed as an extra argument to a shared callback.
    {
      code: `
const cache = new Map<string, string>();
function expire(key: string) {
  cache.delete(key);
}
export function put(key: string, value: string) {
  cache.set(key, value);
  setTimeout(expire, 60_000, key);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 8, column: 3, endLine: 8, endColumn: 34 }],
    },
    // The key passed as an extra argument to an inline callback.
    {
      code: `
export function put(cache: Map<string, string>, id: string, value: string) {
  cache.set(id, value);
  setTimeout((key: string) => cache.delete(key), 60_000, id);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 4, column: 3, endLine: 4, endColumn: 61 }],
    },
    // A key derived from parameters.
    {
      code: `
const locks = new Set<string>();
export function lock(user: string, resource: string) {
  const key = \`\${user}:\${resource}\`;
  locks.add(key);
  setTimeout(() => locks.delete(key), 10_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6, column: 3, endLine: 6, endColumn: 46 }],
    },
    // A \`let\` derived from a parameter and never reassigned.
    {
      code: `
const cache = new Map<string, string>();
export function put(id: string, value: string) {
  let key = 'user:' + id;
  cache.set(key, value);
  setTimeout(() => cache.delete(key), 1000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6, column: 3, endLine: 6, endColumn: 44 }],
    },
    // A destructured parameter, with a type assertion on the key.
    {
      code: `
const seen = new Map<string, number>();
export function onMessage({ id }: { id: unknown }) {
  seen.set(id as string, Date.now());
  setTimeout(() => seen.delete(id as string), 5 * 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 5, column: 3, endLine: 5, endColumn: 58 }],
    },
    // The handle stored on the per-key entry is still one timer per key.
    {
      code: `
const cache = new Map<string, { value: string; timer?: ReturnType<typeof setTimeout> }>();
export function put(key: string, value: string) {
  const entry: { value: string; timer?: ReturnType<typeof setTimeout> } = { value };
  cache.set(key, entry);
  entry.timer = setTimeout(() => cache.delete(key), 1000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6, column: 17, endLine: 6, endColumn: 58 }],
    },
    // Handles kept per key next to the cache: a timer for every key.
    {
      code: `
const cache = new Map<string, string>();
const timers = new Map<string, ReturnType<typeof setTimeout>>();
export function put(key: string, value: string) {
  cache.set(key, value);
  clearTimeout(timers.get(key));
  timers.set(key, setTimeout(() => {
    cache.delete(key);
    timers.delete(key);
  }, 1000));
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'cache' }, line: 7, column: 19, endLine: 10, endColumn: 11 }],
    },
    // Handles in an object keyed by the key.
    {
      code: `
export class Expiring {
  private cache = new Map<string, string>();
  private timers: Record<string, ReturnType<typeof setTimeout>> = {};
  put(key: string, value: string) {
    this.cache.set(key, value);
    this.timers[key] = setTimeout(() => this.cache.delete(key), 1000);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', line: 7, column: 24, endLine: 7, endColumn: 70 }],
    },
    // One handle, overwritten in a loop: every timer still runs.
    {
      code: `
let timer: ReturnType<typeof setTimeout> | undefined;
export function expireAll(cache: Map<string, string>, keys: string[]) {
  for (const key of keys) {
    timer = setTimeout(() => cache.delete(key), 1000);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', line: 5, column: 13, endLine: 5, endColumn: 54 }],
    },
    // \`globalThis.setTimeout\` is the same timer.
    {
      code: `
export function put(cache: Map<string, string>, key: string, value: string) {
  cache.set(key, value);
  globalThis.setTimeout(() => cache.delete(key), 1000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 4, column: 3, endLine: 4, endColumn: 55 }],
    },
    // An async callback that deletes after an await.
    {
      code: `
export function put(cache: Map<string, string>, key: string, persist: (key: string) => Promise<void>) {
  setTimeout(async () => {
    await persist(key);
    cache.delete(key);
  }, 1000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 3, column: 3, endLine: 6, endColumn: 11 }],
    },
    // A deletion in a promise callback inside the timer.
    {
      code: `
export function put(cache: Map<string, string>, key: string, flush: () => Promise<void>) {
  setTimeout(() => {
    flush().then(() => cache.delete(key));
  }, 1000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 3, column: 3, endLine: 5, endColumn: 11 }],
    },
    // CommonJS, with \`.unref()\` on the handle.
    {
      code: `
const cache = new Map();
function put(key, value) {
  cache.set(key, value);
  setTimeout(function () { cache.delete(key); }, 60000).unref();
}
module.exports = { put };
`,
      ...commonjs,
      errors: [{ messageId: 'timerPerKey', line: 5, column: 3, endLine: 5, endColumn: 56 }],
    },
    // CommonJS: a method on \`exports\`, key from a loop.
    {
      code: `
var cache = {};
exports.expire = function (keys) {
  for (var i = 0; i < keys.length; i++) {
    var key = keys[i];
    setTimeout(function () { delete cache[key]; }, 1000);
  }
};
`,
      ...commonjs,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'cache' }, line: 6, column: 5, endLine: 6, endColumn: 57 }],
    },
  ],
});
