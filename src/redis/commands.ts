import type { ClientDialect, CommandDialect } from './types';

/**
 * Commands that create a key and give it no expiry, by lower-cased method name
 * (`hSet`, `HSET` and `hset` are all `hset`). `set` takes an expiry option of
 * its own, described per dialect in {@link EXPIRY_DIALECTS}.
 */
export const KEY_CREATING_COMMANDS: ReadonlySet<string> = new Set([
  'set', 'setnx', 'getset', 'mset', 'msetnx',
  'hset', 'hmset', 'hsetnx',
  'sadd', 'lpush', 'rpush', 'zadd',
  'incr', 'incrby', 'incrbyfloat', 'decr', 'decrby',
  'hincrby', 'hincrbyfloat', 'zincrby', 'append', 'setrange',
  'xadd', 'pfadd', 'geoadd',
]);

/** Commands whose arguments name several keys (`mset(k1, v1, k2, v2)`, `mSet({ k: v })`). */
export const MULTI_KEY_COMMANDS: ReadonlySet<string> = new Set(['mset', 'msetnx']);

/** Commands that give an existing key a time to live, by lower-cased method name (`pExpireAt` is `pexpireat`). */
export const EXPIRE_COMMANDS: ReadonlySet<string> = new Set(['expire', 'pexpire', 'expireat', 'pexpireat']);

/** How `set` is told to expire the key. */
export type SetExpiryOptions =
  /** Positional tokens after the value, in any order and any case (`'EX', 60`), lower-cased here. */
  | { readonly style: 'tokens'; readonly tokens: ReadonlySet<string> }
  /** Keys of an options object after the value (`{ EX: 60 }`), spelled exactly. */
  | { readonly style: 'object'; readonly keys: ReadonlySet<string> };

/** How a dialect gives a key its time to live, and what a fix writes (`TTL` stands for the seconds). */
export interface ExpiryDialect {
  readonly set: SetExpiryOptions;
  /** The expiry `set` takes: tokens after the value, or a property of its options object. */
  readonly setOption: string;
  /** A newer spelling of `setOption` and the first major version of the library's `versionPackage` that has it (node-redis 5: `expiration`). */
  readonly currentSetOption?: { readonly option: string; readonly sinceMajor: number };
  /** Tokens that may follow the expiry in a `set`, ranked in the order the typings accept them (ioredis: condition, then `GET`). */
  readonly setTokenOrder?: Readonly<Record<string, number>>;
  /** The arguments after the key of a follow-up `expire` that sets a TTL only on a key with none (Redis 7.0+). */
  readonly expireNxArguments: string;
  /** Exports of the client library that these templates name (glide's `TimeUnit.Seconds`): a fix imports them. */
  readonly libraryExports: readonly string[];
}

export const EXPIRY_DIALECTS: Readonly<Record<CommandDialect, ExpiryDialect>> = {
  // Redis accepts the tokens in any order and case, even where the typings do not.
  ioredis: {
    set: { style: 'tokens', tokens: new Set(['ex', 'px', 'exat', 'pxat', 'keepttl']) },
    setOption: "'EX', TTL",
    setTokenOrder: { nx: 0, xx: 0, get: 1 },
    expireNxArguments: "TTL, 'NX'",
    libraryExports: [],
  },
  // v4 understands only the upper-case keys; v5+ also `expiration`. Lower-case keys are silently ignored.
  'node-redis': {
    set: { style: 'object', keys: new Set(['EX', 'PX', 'EXAT', 'PXAT', 'KEEPTTL', 'expiration']) },
    setOption: 'EX: TTL',
    // `EX` is deprecated from 5 on, and 4 silently ignores `expiration`.
    currentSetOption: { option: "expiration: { type: 'EX', value: TTL }", sinceMajor: 5 },
    expireNxArguments: "TTL, 'NX'",
    libraryExports: [],
  },
  upstash: {
    set: { style: 'object', keys: new Set(['ex', 'px', 'exat', 'pxat', 'keepTtl']) },
    setOption: 'ex: TTL',
    expireNxArguments: "TTL, 'NX'",
    libraryExports: [],
  },
  // Tokens as ioredis; `expire(key, seconds)` is typed without a mode, so the follow-up is a plain EXPIRE
  // (each write restarts the TTL) rather than code that does not compile.
  bun: {
    set: { style: 'tokens', tokens: new Set(['ex', 'px', 'exat', 'pxat', 'keepttl']) },
    setOption: "'EX', TTL",
    expireNxArguments: 'TTL',
    libraryExports: [],
  },
  glide: {
    set: { style: 'object', keys: new Set(['expiry']) },
    setOption: 'expiry: { type: TimeUnit.Seconds, count: TTL }',
    expireNxArguments: 'TTL, { expireOption: ExpireOptions.HasNoExpiry }',
    libraryExports: ['TimeUnit', 'ExpireOptions'],
  },
};

/** Whether a library sends Redis commands itself (not BullMQ's queues or generic-pool's pools). */
export function isCommandDialect(dialect: ClientDialect): dialect is CommandDialect {
  return Object.hasOwn(EXPIRY_DIALECTS, dialect);
}
