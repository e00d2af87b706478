import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-timer-per-key';
import { createRuleTester, commonjs } from '../rule-tester';

const ruleTester = createRuleTester();

ruleTester.run('no-timer-per-key', rule, {
  valid: [
    // short windows: a constant delay below \`minDelaySeconds\` (10) keeps only the keys of its last seconds pending
    // A 2-second tombstone of a removed room (colyseus' Lobby), against a race with late updates.
    `
const removedRoomIds = new Set<string>();
export function onRoomRemoved(roomId: string) {
  removedRoomIds.add(roomId);
  setTimeout(() => removedRoomIds.delete(roomId), 2000);
}
`,
    // A de-duplication window from a constant expression and a \`const\`.
    `
const DEDUP_WINDOW_MS = 5 * 1000;
const seen = new Map<string, number>();
export function isDuplicate(messageId: string) {
  if (seen.has(messageId)) return true;
  seen.set(messageId, Date.now());
  setTimeout(() => seen.delete(messageId), DEDUP_WINDOW_MS);
  setTimeout(() => seen.delete(messageId), 9_999);
  return false;
}
`,
    // No delay: the timer fires on the next turn of the event loop.
    `
const cache = new Map<string, string>();
export function put(key: string, value: string) {
  cache.set(key, value);
  setTimeout(() => cache.delete(key));
}
`,
    // \`undefined\` as the delay, the key passed after it: no delay, and '2000' is read as setTimeout reads it.
    `
const cache = new Map<string, string>();
function expire(key: string) {
  cache.delete(key);
}
export function put(key: string, value: string) {
  cache.set(key, value);
  setTimeout(expire, undefined, key);
  setTimeout(expire, '2000', key);
}
`,
    // A function that reads \`this\`, bound to another object: what it deletes from is out of sight.
    `
function expireEntry(this: Map<string, string>, key: string) {
  this.delete(key);
}
export class Cache {
  private entries = new Map<string, string>();
  private index = new Map<string, string>();
  put(key: string, value: string) {
    this.entries.set(key, value);
    setTimeout(expireEntry.bind(this.index, key), 60_000);
  }
}
`,
    // A longer window that the user declares short.
    {
      code: `
const recent = new Set<string>();
export function mark(id: string) {
  recent.add(id);
  setTimeout(() => recent.delete(id), 30_000);
}
`,
      options: [{ minDelaySeconds: 60 }],
    },
    // A clean-up set where an entry ends, not where it is written: one timer per disconnecting client, removing the entry the connection added.
    `
export class MqttProtocol {
  private readonly connections = new Map<object, { id: string }>();
  constructor(private readonly disconnectDelay: number) {}
  onConnection(client: object, id: string) {
    this.connections.set(client, { id });
  }
  onDisconnection(client: object) {
    if (!this.connections.has(client)) return;
    setTimeout(() => {
      this.connections.delete(client);
    }, this.disconnectDelay);
  }
}
`,
    // A retry after a failed read, scheduled in the read's callback: the timer calls the method that reads again.
    `
export class NodeWatcher {
  private readonly resolving = new Set<string>();
  constructor(private readonly read: (node: string) => Promise<boolean>) {}
  resolve(node: string): void {
    if (this.resolving.has(node)) return;
    this.resolving.add(node);
    void this.read(node).then((ok) => {
      if (ok) {
        this.resolving.delete(node);
        return;
      }
      setTimeout(() => {
        this.resolving.delete(node);
        this.resolve(node);
      }, 5000);
    });
  }
}
`,
    // A set of the pending timers' handles, kept to clear them all when the sandbox is torn down: each timer takes out its own handle.
    `
export function createSandbox() {
  const pending = new Set<ReturnType<typeof setTimeout>>();
  return {
    sleep(ms: number, done: () => void) {
      const handle = setTimeout(() => {
        pending.delete(handle);
        done();
      }, ms);
      pending.add(handle);
    },
    dispose() {
      for (const handle of pending) clearTimeout(handle);
      pending.clear();
    },
  };
}
`,
    // A leading-edge throttle per channel: the callback opens the next window itself, so a channel has one timer at a time, and it delivers, not expires.
    `
export class Notifier {
  #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #dirty = new Set<string>();
  constructor(private deliver: (channel: string) => void) {}
  notify(channel: string) {
    if (this.#timers.has(channel)) {
      this.#dirty.add(channel);
      return;
    }
    this.deliver(channel);
    this.#openWindow(channel);
  }
  #openWindow(channel: string) {
    const timer = setTimeout(() => {
      this.#timers.delete(channel);
      if (this.#dirty.delete(channel)) {
        this.deliver(channel);
        this.#openWindow(channel);
      }
    }, 250);
    this.#timers.set(channel, timer);
  }
}
`,
    // The same throttle window written as a function that schedules itself again.
    `
const timers = new Map<string, ReturnType<typeof setTimeout>>();
const dirty = new Set<string>();
declare function deliver(channel: string): void;
function openWindow(channel: string) {
  timers.set(
    channel,
    setTimeout(() => {
      timers.delete(channel);
      if (dirty.delete(channel)) {
        deliver(channel);
        openWindow(channel);
      }
    }, 250),
  );
}
export function notify(channel: string) {
  if (timers.has(channel)) dirty.add(channel);
  else {
    deliver(channel);
    openWindow(channel);
  }
}
`,
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
    // A method bound to another object: which method runs is out of sight.
    `
export class Cache {
  private entries = new Map<string, string>();
  put(key: string, value: string, other: { expire(key: string): void }) {
    this.entries.set(key, value);
    setTimeout(other.expire.bind(other, key), 1000);
  }
  private expire(key: string) {
    this.entries.delete(key);
  }
}
`,
    // A bound method that does the key's work, after its previous timer is cleared: a debounce.
    `
export class Flusher {
  private pending = new Map<string, string[]>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  add(key: string, value: string) {
    this.pending.set(key, [...(this.pending.get(key) ?? []), value]);
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(this.flush.bind(this, key), 1000));
  }
  private flush(key: string) {
    this.pending.delete(key);
    this.send(key);
  }
  private send(_key: string) {}
}
`,
    // A bound method's argument that is the same for every call: no key per call.
    `
export class Cache {
  private entries = new Map<string, string>();
  put(key: string, value: string) {
    this.entries.set(key, value);
    setTimeout(this.expire.bind(this, 'warmup'), 1000);
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

    // per-key debounces: the key's previous timer is cleared before a new one, and the callback does the key's work
    // A sliding expiry that also logs: the callback does more than delete, so it is read as a debounce.
    `
const cache = new Map<string, string>();
const timers = new Map<string, ReturnType<typeof setTimeout>>();
export function put(key: string, value: string, log: (message: string) => void) {
  cache.set(key, value);
  clearTimeout(timers.get(key));
  timers.set(key, setTimeout(() => {
    cache.delete(key);
    log(\`expired \${key}\`);
  }, 1000));
}
`,
    // Queries batched per user: the handle on the user's entry, cleared before the next one.
    `
const searches: Record<string, { timeoutId?: ReturnType<typeof setTimeout>; queries: string[] }> = {};
export function recordSearch(uid: string, query: string, save: (queries: string[]) => Promise<void>) {
  searches[uid] = searches[uid] || { queries: [] };
  searches[uid].queries.push(query);
  if (searches[uid].timeoutId) {
    clearTimeout(searches[uid].timeoutId);
  }
  searches[uid].timeoutId = setTimeout(async () => {
    const queries = searches[uid]!.queries;
    delete searches[uid];
    await save(queries);
  }, 5000);
}
`,
    // The previous entry read into a variable, its timer cleared, the new handle in an object literal.
    `
const timers = new Map<string, { start: number; timeout: ReturnType<typeof setTimeout> }>();
const running = new Map<string, Promise<unknown>>();
export function debounce(id: string, run: () => Promise<unknown>, wait: number) {
  const old = timers.get(id);
  if (old?.timeout) clearTimeout(old.timeout);
  timers.set(id, {
    start: old?.start ?? Date.now(),
    timeout: setTimeout(async () => {
      timers.delete(id);
      running.set(id, run());
      await running.get(id);
      running.delete(id);
    }, wait),
  });
}
`,
    // A keep-alive per task, cleared and set again on each renewal.
    `
export class TaskHandler {
  private keepAliveTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private locks = new Map<string, string>();
  keepAlive(lock: string, extend: () => Promise<void>) {
    clearTimeout(this.keepAliveTimers.get(lock));
    const timer = setTimeout(() => {
      extend().catch(() => this.locks.delete(lock));
    }, 10_000);
    this.keepAliveTimers.set(lock, timer);
  }
}
`,
    // The handle kept per key and cleared by a helper: the caller replaces or cancels a key's timer.
    `
const queued = new Map<string, string>();
const timers = new Map<string, ReturnType<typeof setTimeout>>();
function cancel(key: string) {
  clearTimeout(timers.get(key));
  timers.delete(key);
}
export function schedule(key: string, value: string, flush: (key: string, value: string) => void) {
  cancel(key);
  queued.set(key, value);
  timers.set(key, setTimeout(() => {
    queued.delete(key);
    flush(key, value);
  }, 200));
}
`,
    // A promise settled later per document, its handle and resolver kept together and replaced first.
    `
export class Store {
  private pending = new Map<string, { timeout: ReturnType<typeof setTimeout>; resolve: () => void }>();
  async afterStore(documentName: string, delay: number) {
    const previous = this.pending.get(documentName);
    if (previous) {
      clearTimeout(previous.timeout);
      previous.resolve();
    }
    let resolve: () => void = () => {};
    const done = new Promise<void>((settle) => {
      resolve = settle;
    });
    const timeout = setTimeout(() => {
      this.pending.delete(documentName);
      resolve();
    }, delay);
    this.pending.set(documentName, { timeout, resolve });
    await done;
  }
}
`,
    // CommonJS: a per-chat debounce that clears the chat's previous timer.
    {
      code: `
const debounced = {};
function onMessage(chatId, text, reply) {
  if (debounced[chatId]) {
    debounced[chatId].text += '\\n' + text;
    clearTimeout(debounced[chatId].timeoutId);
  } else {
    debounced[chatId] = { text: text, timeoutId: null };
  }
  debounced[chatId].timeoutId = setTimeout(function () {
    const message = debounced[chatId].text;
    delete debounced[chatId];
    reply(message);
  }, 1000);
}
module.exports = { onMessage };
`,
      ...commonjs,
    },

    // where the handles are kept: deleting from there is the timer's own bookkeeping
    // The handle in a variable, stored per key with what the timer needs later.
    `
export class ExportNotices {
  private notices = new Map<string, { noticeId: string; timeoutId: ReturnType<typeof setTimeout> }>();
  show(operationId: string, notify: (id: string) => void) {
    const noticeId = \`export-\${operationId}\`;
    const timeoutId = setTimeout(() => {
      notify(noticeId);
      this.notices.delete(operationId);
    }, 6000);
    this.notices.set(operationId, { noticeId, timeoutId });
  }
}
`,

    // bounded pools: one timer per pooled item, which closes it; the key goes when its list is empty
    `
type Pooled = { timer: ReturnType<typeof setTimeout>; socket: { end(): void } };
export class ConnectionPool {
  private pool = new Map<string, Pooled[]>();
  add(key: string, socket: { end(): void }, ttlSeconds: number) {
    const timer = setTimeout(() => {
      const list = this.pool.get(key) ?? [];
      const index = list.findIndex((entry) => entry.socket === socket);
      if (index >= 0) list.splice(index, 1);
      if (!list.length) this.pool.delete(key);
      socket.end();
    }, ttlSeconds * 1000);
    const entry = { timer, socket };
    const list = this.pool.get(key);
    if (list) list.push(entry);
    else this.pool.set(key, [entry]);
  }
}
`,
    // Idle sockets per host, the emptiness test written out.
    `
const idle = new Map<string, { destroy(): void }[]>();
export function release(host: string, socket: { destroy(): void }) {
  const list = idle.get(host) ?? [];
  list.push(socket);
  idle.set(host, list);
  setTimeout(() => {
    list.splice(list.indexOf(socket), 1);
    socket.destroy();
    if (list.length === 0) idle.delete(host);
  }, 30_000);
}
`,

    // browser UI code: a page's timers end with the page and grow with one user's clicks
    // A React component's module.
    `
import { useState } from 'react';
export function useRecentlySent() {
  const [sent, setSent] = useState(new Set<string>());
  const seen = new Set<string>();
  return (threadId: string) => {
    seen.add(threadId);
    setTimeout(() => seen.delete(threadId), 3 * 60_000);
    setSent(new Set([...sent, threadId]));
  };
}
`,
    // A store of a client app that imports \`react-dom\`.
    `
import { flushSync } from 'react-dom';
export class UiStore {
  private toasts = new Map<string, string>();
  showToast(id: string, text: string) {
    flushSync(() => this.toasts.set(id, text));
    setTimeout(() => this.toasts.delete(id), 6000);
  }
}
`,
    // A \`'use client'\` module.
    `
'use client';
const recentErrors = new Set<string>();
export function shouldShowToast(hash: string) {
  if (recentErrors.has(hash)) return false;
  recentErrors.add(hash);
  setTimeout(() => recentErrors.delete(hash), 5000);
  return true;
}
`,
    // A module that reads browser globals (\`document\`): it runs in a tab.
    `
const highlighted = new Set<string>();
export function flashRow(id: string) {
  highlighted.add(id);
  document.getElementById(id)?.classList.add('flash');
  setTimeout(() => highlighted.delete(id), 1500);
}
`,
    // A Vue composable.
    `
import { ref } from 'vue';
const highlighted = new Set<string>();
export function flash(id: string) {
  highlighted.add(id);
  setTimeout(() => highlighted.delete(id), 1500);
  return ref(id);
}
`,
    // \`window.setTimeout\` runs in a browser.
    `
const shown = new Set<string>();
export function showCard(key: string) {
  shown.add(key);
  window.setTimeout(() => shown.delete(key), 10_000);
}
`,

    // other shapes that are no per-key expiry
    // A collection the callback makes itself: a copy, not a cache.
    `
export function markSent(threadId: string, update: (change: (previous: Set<string>) => Set<string>) => void) {
  setTimeout(() => {
    update((previous) => {
      const next = new Set(previous);
      next.delete(threadId);
      return next;
    });
  }, 3 * 60_000);
}
`,
    // A callback that schedules its own successor: one timer pending at a time, one key after another.
    `
export function purgeExpired(next: (done: (id: string | null) => void) => void, store: Map<string, string>, delay: number) {
  const processNext = () => {
    next((id) => {
      if (id === null) return;
      store.delete(id);
      setTimeout(processNext, delay);
    });
  };
  processNext();
}
`,
    // \`del\` with an options object: no key.
    `
export function deleteLater(messages: { del(options: object, done: () => void): void }, messageData: { id: string }) {
  setTimeout(() => messages.del({ messageData, archive: true }, () => {}), 1000);
}
`,

    // options
    // None: the rule takes no options.
  ],
  invalid: [
    // A cast on both sides: the collection is named without it.
    {
      code: `
export class Store {
  private cache: unknown = new Map();
  put(key: string, value: string) {
    (this.cache as Map<string, string>).set(key, value);
    setTimeout(() => (this.cache as Map<string, string>).delete(key), 60_000);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this.cache' }, line: 6 }],
    },
    // A Map subclass that expires its own entries: \`super.set\` writes what \`this.delete\` expires.
    {
      code: `
export class ExpiringMap<K, V> extends Map<K, V> {
  constructor(private readonly ttlMs: number) {
    super();
  }
  override set(key: K, value: V) {
    super.set(key, value);
    setTimeout(() => this.delete(key), this.ttlMs);
    return this;
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'ExpiringMap' }, line: 8 }],
    },
    // A Redis write other than SET creates the key the timer deletes.
    {
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export async function join(room: string, member: string) {
  await redis.sadd(room, member);
  setTimeout(() => redis.del(room), 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'redis' }, line: 6 }],
    },
    // A cache's \`put\`, and the receiver spelled with \`!\` on one side and \`?.\` on the other.
    {
      code: `
export class Sessions {
  private cache?: { put(key: string, value: object): void; del(key: string): void };
  open(id: string, session: object, ttlMs: number) {
    this.cache!.put(id, session);
    setTimeout(() => this.cache?.del(id), ttlMs);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6 }],
    },
    // The expiry helper called from a callback of the writing method.
    {
      code: `
export class Loader {
  private readonly inflight = new Map<string, Promise<string>>();
  constructor(private readonly fetch: (key: string) => Promise<string>) {}
  load(key: string) {
    const pending = this.fetch(key);
    this.inflight.set(key, pending);
    void pending.then(() => this.scheduleEviction(key));
    return pending;
  }
  private scheduleEviction(key: string) {
    setTimeout(() => this.inflight.delete(key), 60_000);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this.inflight' }, line: 12 }],
    },
    // The expiry in a helper of its own, called by the method that writes the entry: still one timer per key written.
    {
      code: `
export class TeamFlags {
  private readonly flags = new Map<string, boolean>();
  remember(teamId: string, value: boolean) {
    this.flags.set(teamId, value);
    this.expireLater(teamId);
  }
  private expireLater(teamId: string) {
    setTimeout(() => this.flags.delete(teamId), 300_000);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this.flags' }, line: 9 }],
    },
    // A computed assignment writes the entry as `set` does.
    {
      code: `
export class Locks {
  private readonly lockPromises: Record<string, Promise<unknown>> = {};
  claim(name: string, lock: Promise<unknown>, ttlMs: number) {
    this.lockPromises[name] = lock;
    setTimeout(() => {
      delete this.lockPromises[name];
    }, ttlMs / 2);
    return lock;
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this.lockPromises' }, line: 6 }],
    },
    // Set in a callback of a read, the timer only expires the key: the method is not called again.
    {
      code: `
export class Lookups {
  private readonly found = new Map<string, string>();
  constructor(private readonly read: (id: string) => Promise<string>) {}
  lookup(id: string): void {
    void this.read(id).then((value) => {
      this.found.set(id, value);
      setTimeout(() => this.found.delete(id), 60_000);
    });
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this.found' }, line: 8 }],
    },
    // A set that also receives the keys it expires is no set of pending handles.
    {
      code: `
const seen = new Set<string>();
export function remember(id: string, ttlMs: number) {
  seen.add(id);
  const handle = setTimeout(() => seen.delete(id), ttlMs);
  seen.add(String(handle));
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'seen' }, line: 5 }],
    },
    // An imported function with the scheduling method's name is not the method.
    {
      code: `
import { notify } from './notifications';
export class Expiring {
  private seen = new Map<string, number>();
  notify(key: string, ttlMs: number) {
    this.seen.set(key, Date.now());
    setTimeout(() => {
      this.seen.delete(key);
      notify(\`expired \${key}\`);
    }, ttlMs);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this.seen' }, line: 7 }],
    },
    // Look-alikes of a throttle window: the callback calls something else, or a method of the same name on another object.
    {
      code: `
export class Cache extends EventTarget {
  private entries = new Map<string, string>();
  put(key: string, value: string, ttlMs: number) {
    this.entries.set(key, value);
    setTimeout(() => {
      this.entries.delete(key);
      this.expired(key);
    }, ttlMs);
  }
  expired(key: string) {
    this.dispatchEvent(new Event(key));
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this.entries' }, line: 6 }],
    },
    {
      code: `
declare const replica: { put(key: string, value: string, ttlMs: number): void };
const entries = new Map<string, string>();
export function put(key: string, value: string, ttlMs: number) {
  entries.set(key, value);
  setTimeout(() => {
    entries.delete(key);
    replica.put(key, value, ttlMs);
  }, ttlMs);
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'entries' }, line: 6 }],
    },
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
  setTimeout(() => redis.del(\`lock:\${name}\`), 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'redis' }, line: 6, column: 3, endLine: 6, endColumn: 54 }],
    },
    // A sliding expiry: the key's previous timer is cleared first, but the callback only deletes, so every live key holds a timer.
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
  }, 60_000));
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'cache' }, line: 7, column: 19, endLine: 10, endColumn: 13 }],
    },
    // An in-memory stand-in for Redis's EXPIRE (colyseus' LocalPresence): the handle kept by key, cleared and set again.
    {
      code: `
export class LocalPresence {
  private keys: Record<string, string> = {};
  private timeouts: Record<string, ReturnType<typeof setTimeout>> = {};
  setex(key: string, value: string, seconds: number) {
    this.keys[key] = value;
    this.expire(key, seconds);
  }
  expire(key: string, seconds: number) {
    if (this.timeouts[key]) {
      clearTimeout(this.timeouts[key]);
    }
    this.timeouts[key] = setTimeout(() => {
      delete this.keys[key];
      delete this.timeouts[key];
    }, seconds * 1000);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this.keys' }, line: 13, column: 26, endLine: 16, endColumn: 23 }],
    },
    // A method bound with \`.bind\`, the key bound with it.
    {
      code: `
export class Cache {
  private entries = new Map<string, string>();
  put(key: string, value: string) {
    this.entries.set(key, value);
    setTimeout(this.expire.bind(this, key), 60_000);
  }
  private expire(key: string) {
    this.entries.delete(key);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this.entries' }, line: 6, column: 5, endLine: 6, endColumn: 52 }],
    },
    // A Map subclass with a TTL (grist's MapWithTTL): a bound method that returns the deletion, the previous timer cleared.
    {
      code: `
export class MapWithTTL<K, V> extends Map<K, V> {
  private timeouts = new Map<K, ReturnType<typeof setTimeout>>();
  constructor(private ttlMs: number) {
    super();
  }
  set(key: K, value: V): this {
    const current = this.timeouts.get(key);
    if (current) clearTimeout(current);
    super.set(key, value);
    this.timeouts.set(key, setTimeout(this.expire.bind(this, key), this.ttlMs));
    return this;
  }
  expire(key: K): boolean {
    return this.delete(key);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'MapWithTTL' }, line: 11, column: 28, endLine: 11, endColumn: 79 }],
    },
    // A local function bound with \`null\` and the key.
    {
      code: `
const cache = new Map<string, string>();
function expire(key: string) {
  cache.delete(key);
}
export function put(key: string, value: string) {
  cache.set(key, value);
  setTimeout(expire.bind(null, key), 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'cache' }, line: 8, column: 3, endLine: 8, endColumn: 45 }],
    },
    // The tombstone again, with short windows reported too.
    {
      code: `
const removedRoomIds = new Set<string>();
export function onRoomRemoved(roomId: string) {
  removedRoomIds.add(roomId);
  setTimeout(() => removedRoomIds.delete(roomId), 2000);
}
`,
      options: [{ minDelaySeconds: 0 }],
      errors: [{ messageId: 'timerPerKey', data: { collection: 'removedRoomIds' }, line: 5, column: 3, endLine: 5, endColumn: 56 }],
    },
    // A constant delay of exactly \`minDelaySeconds\`, and one from a parameter however short its default: any length.
    {
      code: `
const cache = new Map<string, string>();
export function put(key: string, value: string, ttlMs = 1000) {
  cache.set(key, value);
  setTimeout(() => cache.delete(key), 10_000);
  setTimeout(() => cache.delete(key), ttlMs);
}
`,
      errors: [
        { messageId: 'timerPerKey', line: 5, column: 3, endLine: 5, endColumn: 46 },
        { messageId: 'timerPerKey', line: 6, column: 3, endLine: 6, endColumn: 45 },
      ],
    },
    // The same through an anonymous class: the collection is \`this\`.
    {
      code: `
export const cache = new (class extends Map<string, string> {
  override set(key: string, value: string) {
    super.set(key, value);
    setTimeout(() => this.delete(key), 60_000);
    return this;
  }
})();
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'this' }, line: 5, column: 5, endLine: 5, endColumn: 47 }],
    },
    // A delay read from a settings object may be any length, whatever it starts as.
    {
      code: `
const cache = new Map<string, string>();
export const settings = { ttlMs: 2000 };
export function put(key: string, value: string) {
  cache.set(key, value);
  setTimeout(() => cache.delete(key), settings.ttlMs);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6, column: 3, endLine: 6, endColumn: 54 }],
    },
    // Sliding expiries whose callback only deletes, however it is written: awaited, voided, caught, or followed by a plain \`return\`.
    {
      code: `
import { Redis } from 'ioredis';
const redis = new Redis();
const cache = new Map<string, string>();
const timers = new Map<string, ReturnType<typeof setTimeout>>();
export async function put(key: string, value: string) {
  await redis.set(key, value);
  cache.set(key, value);
  clearTimeout(timers.get(key));
  timers.set(key, setTimeout(async () => {
    await redis.del(key);
  }, 60_000));
  timers.set(key, setTimeout(() => void cache.delete(key), 60_000));
  timers.set(key, setTimeout(() => redis.del(key).catch(() => {}), 60_000));
  timers.set(key, setTimeout(() => {
    cache.delete(key);
    return true;
  }, 60_000));
}
`,
      errors: [
        { messageId: 'timerPerKey', data: { collection: 'redis' }, line: 10 },
        { messageId: 'timerPerKey', data: { collection: 'cache' }, line: 13 },
        { messageId: 'timerPerKey', data: { collection: 'redis' }, line: 14 },
        { messageId: 'timerPerKey', data: { collection: 'cache' }, line: 15 },
      ],
    },
    // Bound members of the class: a private method, an arrow-function field, an overloaded method, and a static one bound in a static method.
    {
      code: `
export class Cache {
  private entries = new Map<string, string>();
  private static shared = new Map<string, string>();
  put(key: string, value: string) {
    this.entries.set(key, value);
    setTimeout(this.#expire.bind(this, key), 60_000);
    setTimeout(this.drop.bind(this, key), 60_000);
    setTimeout(this.evict.bind(this, key), 60_000);
  }
  static share(key: string, value: string) {
    Cache.shared.set(key, value);
    setTimeout(this.unshare.bind(this, key), 60_000);
  }
  #expire(key: string) {
    this.entries.delete(key);
  }
  drop = (key: string) => this.entries.delete(key);
  evict(key: string): void;
  evict(key: string, reason: string): void;
  evict(key: string) {
    this.entries.delete(key);
  }
  static unshare(key: string) {
    Cache.shared.delete(key);
  }
  unshare(_key: string) {}
}
`,
      errors: [
        { messageId: 'timerPerKey', data: { collection: 'this.entries' }, line: 7 },
        { messageId: 'timerPerKey', data: { collection: 'this.entries' }, line: 8 },
        { messageId: 'timerPerKey', data: { collection: 'this.entries' }, line: 9 },
        { messageId: 'timerPerKey', data: { collection: 'Cache.shared' }, line: 13 },
      ],
    },
    // No delay is reported when \`minDelaySeconds\` is 0.
    {
      code: `
const cache = new Map<string, string>();
export function put(key: string, value: string) {
  cache.set(key, value);
  setTimeout(() => cache.delete(key));
}
`,
      options: [{ minDelaySeconds: 0 }],
      errors: [{ messageId: 'timerPerKey', line: 5, column: 3, endLine: 5, endColumn: 38 }],
    },
    // Inside a top-level loop: one timer per key of the batch.
    {
      code: `
const cache = new Map<string, string>();
const keys = ['a', 'b', 'c'];
for (const key of keys) {
  setTimeout(() => cache.delete(key), 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 5, column: 3, endLine: 5, endColumn: 46 }],
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
  keys.forEach((key) => setTimeout(() => cache.delete(key), 60_000));
}
`,
      errors: [{ messageId: 'timerPerKey', line: 3, column: 25, endLine: 3, endColumn: 68 }],
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
  setTimeout(expire, 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 8, column: 3, endLine: 8, endColumn: 29 }],
    },
    // A local arrow function as the callback.
    {
      code: `
const cache = new Map<string, string>();
export function put(key: string, value: string) {
  const expire = () => cache.delete(key);
  cache.set(key, value);
  setTimeout(expire, 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6, column: 3, endLine: 6, endColumn: 29 }],
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
  setTimeout(() => cache.delete(key), 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6, column: 3, endLine: 6, endColumn: 46 }],
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
  entry.timer = setTimeout(() => cache.delete(key), 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6, column: 17, endLine: 6, endColumn: 60 }],
    },
    // The incident at scale: 10,000 keys, each with its own timer.
    {
      code: `
const cache = new Map<string, string>();
function put(key: string, value: string, ttlMs: number) {
  cache.set(key, value);
  setTimeout(() => cache.delete(key), ttlMs);
}
for (let i = 0; i < 10_000; i++) put(\`user:\${i}\`, 'profile', 60_000);
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'cache' }, line: 5, column: 3, endLine: 5, endColumn: 45 }],
    },
    // A cache whose records keep their timer: \`del\` clears it, but \`put\` schedules one per key all the same.
    {
      code: `
export class InMemoryCache {
  private cache: Record<string, { value: unknown; timeout?: ReturnType<typeof setTimeout> }> = Object.create(null);
  put(key: string, value: unknown, ttl: number) {
    const record: { value: unknown; timeout?: ReturnType<typeof setTimeout> } = { value };
    record.timeout = setTimeout(() => {
      this.del(key);
    }, ttl);
    this.cache[key] = record;
  }
  del(key: string) {
    const record = this.cache[key];
    if (record?.timeout) clearTimeout(record.timeout);
    delete this.cache[key];
  }
}
`,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'InMemoryCache' }, line: 6, column: 22, endLine: 8, endColumn: 12 }],
    },
    // Clearing a timer that is not the key's own is no debounce.
    {
      code: `
let sweeper: ReturnType<typeof setTimeout> | undefined;
const cache = new Map<string, string>();
export function put(key: string, value: string) {
  clearTimeout(sweeper);
  cache.set(key, value);
  setTimeout(() => cache.delete(key), 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 7, column: 3, endLine: 7, endColumn: 46 }],
    },
    // A \`clearTimeout\` after the new timer clears nothing of the key's.
    {
      code: `
const cache = new Map<string, string>();
const timers = new Map<string, ReturnType<typeof setTimeout>>();
export function put(key: string, value: string) {
  cache.set(key, value);
  setTimeout(() => cache.delete(key), 60_000);
  clearTimeout(timers.get(key));
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6, column: 3, endLine: 6, endColumn: 46 }],
    },
    // A compare-and-delete is still the key's own expiry: only an emptiness test means a shared entry.
    {
      code: `
const cache = new Map<string, { value: string; at: number }>();
export function put(key: string, value: string) {
  const entry = { value, at: Date.now() };
  cache.set(key, entry);
  setTimeout(() => {
    if (cache.get(key) === entry) cache.delete(key);
  }, 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6, column: 3, endLine: 8, endColumn: 13 }],
    },
    // A test of the key's length is no test that the entry is empty.
    {
      code: `
const cache = new Map<string, string>();
export function put(key: string, value: string) {
  cache.set(key, value);
  setTimeout(() => {
    if (key.length > 0) cache.delete(key);
  }, 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 5, column: 3, endLine: 7, endColumn: 13 }],
    },
    // A server module that renders e-mail with React is no browser UI.
    {
      code: `
import { render } from '@react-email/render';
const sent = new Map<string, string>();
export async function sendOnce(userId: string, template: Parameters<typeof render>[0]) {
  sent.set(userId, await render(template));
  setTimeout(() => sent.delete(userId), 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 6, column: 3, endLine: 6, endColumn: 48 }],
    },
    // CommonJS: a cache of certificates by URL, each entry with its own timer (the parse-server shape).
    {
      code: `
const cache = {};
async function getCertificate(url, fetchCertificate) {
  if (cache[url]) return cache[url];
  const { certificate, maxAge } = await fetchCertificate(url);
  cache[url] = certificate;
  setTimeout(() => {
    delete cache[url];
  }, maxAge * 1000);
  return certificate;
}
module.exports = { getCertificate };
`,
      ...commonjs,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'cache' }, line: 7, column: 3, endLine: 9, endColumn: 20 }],
    },
    // Handles in an object keyed by the key, never cleared: every timer still runs.
    {
      code: `
export class Expiring {
  private cache = new Map<string, string>();
  private timers: Record<string, ReturnType<typeof setTimeout>> = {};
  put(key: string, value: string) {
    this.cache.set(key, value);
    this.timers[key] = setTimeout(() => this.cache.delete(key), 60_000);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', line: 7, column: 24, endLine: 7, endColumn: 72 }],
    },
    // One handle, overwritten in a loop: every timer still runs.
    {
      code: `
let timer: ReturnType<typeof setTimeout> | undefined;
export function expireAll(cache: Map<string, string>, keys: string[]) {
  for (const key of keys) {
    timer = setTimeout(() => cache.delete(key), 60_000);
  }
}
`,
      errors: [{ messageId: 'timerPerKey', line: 5, column: 13, endLine: 5, endColumn: 56 }],
    },
    // \`globalThis.setTimeout\` is the same timer.
    {
      code: `
export function put(cache: Map<string, string>, key: string, value: string) {
  cache.set(key, value);
  globalThis.setTimeout(() => cache.delete(key), 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 4, column: 3, endLine: 4, endColumn: 57 }],
    },
    // An async callback that deletes after an await.
    {
      code: `
export function put(cache: Map<string, string>, key: string, value: string, persist: (key: string) => Promise<void>) {
  cache.set(key, value);
  setTimeout(async () => {
    await persist(key);
    cache.delete(key);
  }, 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 4, column: 3, endLine: 7, endColumn: 13 }],
    },
    // A deletion in a promise callback inside the timer.
    {
      code: `
export function put(cache: Map<string, string>, key: string, value: string, flush: () => Promise<void>) {
  cache.set(key, value);
  setTimeout(() => {
    flush().then(() => cache.delete(key));
  }, 60_000);
}
`,
      errors: [{ messageId: 'timerPerKey', line: 4, column: 3, endLine: 6, endColumn: 13 }],
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
    setTimeout(function () { delete cache[key]; }, 60_000);
  }
};
`,
      ...commonjs,
      errors: [{ messageId: 'timerPerKey', data: { collection: 'cache' }, line: 6, column: 5, endLine: 6, endColumn: 59 }],
    },
  ],
});

describe('no-timer-per-key options', () => {
  const lint = (minDelaySeconds: unknown) =>
    new Linter().verify('setTimeout(() => {}, 1000);', [{ plugins: { 'redis-leaks': { rules: { 'no-timer-per-key': rule } } as never }, rules: { 'redis-leaks/no-timer-per-key': ['warn', { minDelaySeconds }] } }]);

  it('rejects a minDelaySeconds that is not a number of seconds, naming the rule', () => {
    expect(() => lint(-1)).toThrow(/redis-leaks\/no-timer-per-key[^]*should be >= 0/);
    expect(() => lint('10')).toThrow(/redis-leaks\/no-timer-per-key[^]*should be number/);
    expect(lint(0)).toEqual([]);
  });
});
