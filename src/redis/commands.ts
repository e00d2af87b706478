import type { ClientDialect } from './types';

/**
 * Commands that create a key and give it no expiry, by lower-cased method name
 * (`hSet`, `HSET` and `hset` are all `hset`). Those that take an expiry option
 * of their own are listed in {@link SET_EXPIRY_OPTIONS}.
 */
export const KEY_CREATING_COMMANDS: ReadonlySet<string> = new Set([
  'set', 'setnx', 'getset', 'mset', 'msetnx',
  'hset', 'hmset', 'hsetnx',
  'sadd', 'lpush', 'rpush', 'zadd',
  'incr', 'incrby', 'incrbyfloat', 'decr', 'decrby',
  'xadd', 'pfadd', 'geoadd',
]);

/** Commands whose arguments name several keys (`mset(k1, v1, k2, v2)`, `mSet({ k: v })`). */
export const MULTI_KEY_COMMANDS: ReadonlySet<string> = new Set(['mset', 'msetnx']);

/** Commands that give an existing key a time to live. */
export const EXPIRE_COMMANDS: ReadonlySet<string> = new Set(['expire', 'pexpire', 'expireat', 'pexpireat']);

/** How `set` is told to expire the key, per dialect. */
export type SetExpiryOptions =
  /** Positional tokens after the value, in any order and any case (`'EX', 60`). */
  | { readonly style: 'tokens'; readonly tokens: ReadonlySet<string>; readonly suggestion: string }
  /** Keys of an options object after the value (`{ EX: 60 }`). */
  | { readonly style: 'object'; readonly keys: ReadonlySet<string>; readonly suggestion: string };

/**
 * `suggestion` is what an editor fix adds, with `TTL` standing for the seconds.
 * glide has none: its expiry needs the `TimeUnit` import, which the codemod adds.
 */
export const SET_EXPIRY_OPTIONS: Readonly<Record<Exclude<ClientDialect, 'bullmq'>, SetExpiryOptions>> = {
  ioredis: { style: 'tokens', tokens: new Set(['ex', 'px', 'exat', 'pxat', 'keepttl']), suggestion: "'EX', TTL" },
  // v4 understands only the upper-case keys; v5+ also `expiration`. Lower-case keys are silently ignored.
  'node-redis': { style: 'object', keys: new Set(['EX', 'PX', 'EXAT', 'PXAT', 'KEEPTTL', 'expiration']), suggestion: 'EX: TTL' },
  upstash: { style: 'object', keys: new Set(['ex', 'px', 'exat', 'pxat', 'keepTtl']), suggestion: 'ex: TTL' },
  glide: { style: 'object', keys: new Set(['expiry']), suggestion: '' },
};

