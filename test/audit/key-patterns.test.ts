import { describe, expect, it } from 'vitest';
import { OTHER_PATTERN, PatternAggregator, median, toKeyPattern } from '../../src/audit/key-patterns';

describe('toKeyPattern', () => {
  it('replaces numbers with *', () => {
    expect(toKeyPattern('epoch_batch_size:42')).toBe('epoch_batch_size:*');
    expect(toKeyPattern('user:1234:profile')).toBe('user:*:profile');
    expect(toKeyPattern('price:3.14')).toBe('price:*');
    expect(toKeyPattern('1234')).toBe('*');
    expect(toKeyPattern('order12345')).toBe('order*');
  });

  it('replaces ids with *', () => {
    expect(toKeyPattern('sess:5f3a9c1e-8b7d-4a5f-9e3d-2c1b0a9f8e7d:data')).toBe('sess:*:data');
    expect(toKeyPattern('user:5f3a9c1e')).toBe('user:*');
    expect(toKeyPattern('doc:507F1F77BCF86CD799439011')).toBe('doc:*');
    expect(toKeyPattern('job:01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe('job:*');
    expect(toKeyPattern('token:V1StGXR8_Z5jdHi6B-myT')).toBe('token:*');
    expect(toKeyPattern('cart_5f3a9c1e8b7d6a5f4e3d2c1b')).toBe('cart_*');
    expect(toKeyPattern('jwt:aGVsbG8gd29ybGQ1MjM0NTY3OA==')).toBe('jwt:*');
    expect(toKeyPattern('short:k3j9x0a1b2')).toBe('short:*');
    expect(toKeyPattern('short:A1b2C3d4')).toBe('short:*');
    expect(toKeyPattern('session_Ab3xY9kQ')).toBe('session_*');
  });

  it('replaces emails, addresses, dates and timestamps with *', () => {
    expect(toKeyPattern('prefs:john.doe+news@example.co.uk:email')).toBe('prefs:*:email');
    expect(toKeyPattern('ratelimit:10.0.0.1')).toBe('ratelimit:*');
    expect(toKeyPattern('ratelimit:10.0.0.1:8080:hits')).toBe('ratelimit:*:hits');
    expect(toKeyPattern('stats:2024-01-05')).toBe('stats:*');
    expect(toKeyPattern('stats:2024-01')).toBe('stats:*');
    expect(toKeyPattern('event:2024-01-05T10:20:30.123Z:payload')).toBe('event:*:payload');
    expect(toKeyPattern('event:2024-01-05T10:20:30+02:00')).toBe('event:*');
  });

  it('keeps the separators and the structure around the ids', () => {
    expect(toKeyPattern('{user:42}:cart')).toBe('{user:*}:cart');
    expect(toKeyPattern('app|tenant#7/items.9')).toBe('app|tenant#*/items.*');
    expect(toKeyPattern('bull:emails:123')).toBe('bull:emails:*');
    expect(toKeyPattern('')).toBe('');
    expect(toKeyPattern('::')).toBe('::');
  });

  it('collapses * joined by . - _ but not by structural separators', () => {
    expect(toKeyPattern('tel:555-12-34')).toBe('tel:*');
    expect(toKeyPattern('version:1.2.3')).toBe('version:*');
    expect(toKeyPattern('grid_3_4')).toBe('grid_*');
    expect(toKeyPattern('a:1:2:3')).toBe('a:*:*:*');
    expect(toKeyPattern('path/1/2')).toBe('path/*/*');
  });

  it('reads at most 512 characters of a key', () => {
    expect(toKeyPattern(`big:${'word:'.repeat(200)}`)).toBe(`big:${'word:'.repeat(101)}wor*`);
  });

  // look-alikes that must stay words
  it('keeps words with underscores, digits or hex letters', () => {
    // `_` splits, but `batch` and `size` are words.
    expect(toKeyPattern('epoch_batch_size')).toBe('epoch_batch_size');
    // Hex letters only, no digit: a word.
    expect(toKeyPattern('user:deadbeef')).toBe('user:deadbeef');
    expect(toKeyPattern('cafe:facade')).toBe('cafe:facade');
    // Short words with digits.
    expect(toKeyPattern('api:v1:users')).toBe('api:v1:users');
    expect(toKeyPattern('oauth2:h264:sha256:utf8')).toBe('oauth2:h264:sha256:utf8');
    // Words with one number switch between letters and digits at most twice.
    expect(toKeyPattern('tools:sha256sum:base64url:x509cert')).toBe('tools:sha256sum:base64url:x509cert');
    expect(toKeyPattern('i18n:en-US')).toBe('i18n:en-US');
    // Long snake_case names with a year are words and a number.
    expect(toKeyPattern('user_profile_2024')).toBe('user_profile_*');
    expect(toKeyPattern('my-service-v2-worker-1')).toBe('my-service-v2-worker-*');
    // 16+ characters without digits.
    expect(toKeyPattern('notificationsettings')).toBe('notificationsettings');
    // A domain is not an email.
    expect(toKeyPattern('cache:example.com:home')).toBe('cache:example.com:home');
    // Spaces split words, they do not make a token: the words stay, the number varies.
    expect(toKeyPattern('label:hello world 2 times')).toBe('label:hello world * times');
  });

  it('replaces phone numbers and IPv6 addresses with *', () => {
    expect(toKeyPattern('otp:+15551234567')).toBe('otp:*');
    expect(toKeyPattern('otp:+1 555 123 4567:tries')).toBe('otp:*:tries');
    expect(toKeyPattern('otp:+44-20-7946-0958')).toBe('otp:*');
    expect(toKeyPattern('rate:2001:db8::8a2e:370')).toBe('rate:*');
    expect(toKeyPattern('rate:2001:0db8:85a3:0000:0000:8a2e:0370:7334:hits')).toBe('rate:*:hits');
    expect(toKeyPattern('rate:fe80::1%eth0:hits')).toBe('rate:*:hits');
    expect(toKeyPattern('rate:[2001:db8::1]:443')).toBe('rate:*');
    // A port or a window after an address goes with it.
    expect(toKeyPattern('rate:1.2.3.4:60')).toBe('rate:*');
    expect(toKeyPattern('rate:2001:db8::1:60')).toBe('rate:*');
    // Not addresses: too few groups, no `::`, no digit or no group of 3+ characters.
    expect(toKeyPattern('time:12:30:45')).toBe('time:*:*:*');
    expect(toKeyPattern('a:1:2:3:4:5:6:7')).toBe('a:*:*:*:*:*:*:*');
    expect(toKeyPattern('cafe::face')).toBe('cafe::face');
  });

  it('replaces base64, base64url and session ids with *, whatever their first character', () => {
    expect(toKeyPattern('tok:q3+/Zk9aB0xYwQ==')).toBe('tok:*');
    expect(toKeyPattern('tok:/x9Ab+Qk2LmZpWvN')).toBe('tok:*');
    expect(toKeyPattern('tok:_a8Kd93jfhHd83jfHDj3kd')).toBe('tok:*');
    expect(toKeyPattern('job:V1St-GX_R8')).toBe('job:*');
    expect(toKeyPattern('sess:EHPInykYymVdQXpafYELV_uzlrLkuoWI')).toBe('sess:*');
    expect(toKeyPattern('sess:_a8Kd93jfhHd83jfHDj3kd9Fj3kdD')).toBe('sess:*');
    expect(toKeyPattern('sess:-Kd93jfhHd83jfHDj3kdxFj3kdDab')).toBe('sess:*');
    // After a session field, a leading lowercase piece is part of the id.
    expect(toKeyPattern('sess:abc_Kd93jfhHd83jfHDj3kdxFj3kdD')).toBe('sess:*');
    expect(toKeyPattern('tok:djLDBFYpuIwkdIwxQ')).toBe('tok:*');
    // Paths keep their steps.
    expect(toKeyPattern('cache:/api/users/5f3a9c1e8b7d6a5f')).toBe('cache:/api/users/*');
    expect(toKeyPattern('cache:api/v2/users/profile')).toBe('cache:api/v2/users/profile');
  });

  it('keeps the prefix of prefixed ids', () => {
    expect(toKeyPattern('cus_Nf3kP2x9QaZ')).toBe('cus_*');
    expect(toKeyPattern('cus_QxZkVbTr')).toBe('cus_*');
    expect(toKeyPattern('stripe:pi_3MtwBwLkdIwHu7ix28a3tqPa:charge')).toBe('stripe:pi_*:charge');
    expect(toKeyPattern('keys:sk_live_51HxYzAbCdEfGhIjKlMnOpQr')).toBe('keys:sk_live_*');
    // A camelCase name is not an id.
    expect(toKeyPattern('cus_UserName')).toBe('cus_UserName');
  });

  it('replaces short codes with *, and the number of a word followed by 2+ digits', () => {
    expect(toKeyPattern('inv:k3j9x0')).toBe('inv:*');
    expect(toKeyPattern('inv:9xk2ab')).toBe('inv:*');
    expect(toKeyPattern('inv:lguo6i')).toBe('inv:*');
    expect(toKeyPattern('code:htbg11kl')).toBe('code:*');
    expect(toKeyPattern('color:a3f09b')).toBe('color:*');
    expect(toKeyPattern('user:erin23:profile')).toBe('user:erin*:profile');
    expect(toKeyPattern('db:shard12')).toBe('db:shard*');
    // Technical names stay: one letter, one digit, bit sizes, a few known names.
    for (const word of ['v2', 'v10', 's3', 'ec2', 'h264', 'x509', 'oauth2', 'ipv6', 'erin7', 'base64', 'sha256', 'int32', 'rsa2048', 'ed25519', 'iso8601', 'es2015'])
      expect(toKeyPattern(`x:${word}`)).toBe(`x:${word}`);
    for (const word of ['sha256sum', 'md5sum', 'x509cert', 'base64url', 'OAuth2Token', 'utf8mb4', 's3bucket', 'i18n', 'k8s'])
      expect(toKeyPattern(`x:${word}`)).toBe(`x:${word}`);
  });

  it('keeps camelCase names and look-alike words', () => {
    for (const word of ['NotificationSettings', 'getUserIdByEmail', 'XMLHttpRequestHandler', 'getHTTPResponseCode', 'OAuthToken', 'PostgreSQL', 'userIDs'])
      expect(toKeyPattern(`x:${word}`)).toBe(`x:${word}`);
    expect(toKeyPattern('epoch_batch_size:42')).toBe('epoch_batch_size:*');
    expect(toKeyPattern('bull:queue:wait')).toBe('bull:queue:wait');
    expect(toKeyPattern('bull:queue:stalled-check')).toBe('bull:queue:stalled-check');
    expect(toKeyPattern('bull:queue:123')).toBe('bull:queue:*');
    expect(toKeyPattern('key with spaces 3')).toBe('key with spaces *');
  });
});

/** A seeded PRNG (mulberry32), so the random keys are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const chars = (random: Random, alphabet: string, length: number) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
const bytes = (random: Random, length: number) => Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const NANOID = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';
const NAMES = 'erin bob alice carol dave eve frank grace heidi ivan judy mallory niaj olivia peggy rupert sybil trent victor walter zoe liam noah emma ava mia lucas mason ethan harper ella leo jack levi luna nora owen ruby sam tom uma vera will xena yara zack anna ben chris dana ed fay gus hana iris jon kai lea max ned omar paul quinn rosa sara tina'.split(' ');

function ipv6(random: Random): string {
  const group = () => between(random, 0, 0xffff).toString(16);
  const groups = (count: number) => Array.from({ length: count }, group).join(':');
  const kind = random();
  if (kind < 0.4) return `2001:db8::${groups(between(random, 1, 3))}`;
  if (kind < 0.7) return groups(8);
  const left = between(random, 1, 3);
  return `${groups(left)}::${groups(between(random, 1, 6 - left))}`;
}

/** The id families a reviewer measured, before: distinct patterns per 1,000 keys (20,000 for sessions) with `toKeyPattern` alone. */
const FAMILIES: Record<string, { readonly key: (random: Random) => string; readonly pattern: string; readonly keys?: number }> = {
  'E.164 phone numbers (1,000 before)': { key: (random) => `otp:+${between(random, 1, 9)}${chars(random, '0123456789', between(random, 6, 14))}`, pattern: 'otp:*' },
  'IPv6 addresses (976)': { key: (random) => `rate:${ipv6(random)}`, pattern: 'rate:*' },
  '6-character base36 invite codes (1,000)': { key: (random) => `inv:${chars(random, BASE36, 6)}`, pattern: 'inv:*' },
  '6-hex ids (894)': { key: (random) => `color:${chars(random, '0123456789abcdef', 6)}`, pattern: 'color:*' },
  'base64 of 12 bytes (253)': { key: (random) => `tok:${bytes(random, 12).toString('base64')}`, pattern: 'tok:*' },
  'nanoid-10 (686)': { key: (random) => `job:${chars(random, NANOID, 10)}`, pattern: 'job:*' },
  'Stripe-style ids (732)': { key: (random) => `cus_${chars(random, BASE62, 14)}`, pattern: 'cus_*' },
  '8-character base36 (445)': { key: (random) => `code:${chars(random, BASE36, 8)}`, pattern: 'code:*' },
  'usernames with a number (492)': { key: (random) => `user:${NAMES[between(random, 0, NAMES.length - 1)]}${between(random, 0, 999)}:profile`, pattern: 'user:*:profile' },
  'express-session ids (283 per 20,000)': { key: (random) => `sess:${bytes(random, 24).toString('base64url')}`, pattern: 'sess:*', keys: 20_000 },
};

describe('id families', () => {
  for (const [name, family] of Object.entries(FAMILIES)) {
    it(`counts random ${name} as one pattern`, () => {
      const random = seeded(42);
      const aggregator = new PatternAggregator();
      const count = family.keys ?? 1_000;
      for (let index = 0; index < count; index += 1) aggregator.add({ key: family.key(random), type: 'string', pttlMs: -1 });
      const groups = aggregator.groups({ totalKeys: count });
      expect(groups.map((group) => [group.pattern, group.sampledKeys])).toEqual([[family.pattern, count]]);
    });
  }

  it('recognises phone numbers, IPv6 addresses, session and Stripe ids key by key', () => {
    for (const name of ['E.164 phone numbers (1,000 before)', 'IPv6 addresses (976)', 'Stripe-style ids (732)', 'express-session ids (283 per 20,000)']) {
      const random = seeded(7);
      const patterns = new Set(Array.from({ length: 5_000 }, () => toKeyPattern(FAMILIES[name]!.key(random))));
      expect([...patterns]).toEqual([FAMILIES[name]!.pattern]);
    }
  });
});

describe('PatternAggregator', () => {
  it('counts keys, TTLs, types and examples per pattern and scales them to the keyspace', () => {
    const aggregator = new PatternAggregator();
    aggregator.add({ key: 'user:1', type: 'hash', pttlMs: -1, idleSeconds: 10, memoryBytes: 100 });
    aggregator.add({ key: 'user:2', type: 'hash', pttlMs: -1, idleSeconds: 30 });
    aggregator.add({ key: 'user:3', type: 'string', pttlMs: 5_000, idleSeconds: 20, memoryBytes: 300 });
    aggregator.add({ key: 'user:4', type: 'hash', pttlMs: -1 });
    aggregator.add({ key: 'sess:abc', type: 'string', pttlMs: 1_000 });

    expect(aggregator.sampledKeys).toBe(5);
    expect(aggregator.keysWithoutTtl).toBe(3);
    expect(aggregator.measuredKeys).toBe(2);
    expect(aggregator.groups({ totalKeys: 50 })).toEqual([
      {
        pattern: 'user:*',
        sampledKeys: 4,
        keysWithoutTtl: 3,
        estimatedKeys: 40,
        share: 0.8,
        // Mean of the measured keys (200 bytes) × estimated keys.
        estimatedBytes: 8_000,
        types: ['hash', 'string'],
        idleSeconds: { median: 20, max: 30 },
        examples: ['user:1', 'user:2', 'user:3'],
      },
      {
        pattern: 'sess:abc',
        sampledKeys: 1,
        keysWithoutTtl: 0,
        estimatedKeys: 10,
        share: 0.2,
        types: ['string'],
        examples: ['sess:abc'],
      },
    ]);
  });

  it('sorts by estimated bytes, then by sampled keys', () => {
    const aggregator = new PatternAggregator();
    aggregator.add({ key: 'small:1', type: 'string', pttlMs: -1, memoryBytes: 10 });
    aggregator.add({ key: 'small:2', type: 'string', pttlMs: -1, memoryBytes: 10 });
    aggregator.add({ key: 'big:1', type: 'hash', pttlMs: -1, memoryBytes: 5_000 });
    aggregator.add({ key: 'unmeasured:1', type: 'set', pttlMs: -1 });
    aggregator.add({ key: 'unmeasured:2', type: 'set', pttlMs: -1 });
    aggregator.add({ key: 'lonely', type: 'set', pttlMs: -1 });

    expect(aggregator.groups({ totalKeys: 6 }).map((group) => group.pattern)).toEqual(['big:*', 'small:*', 'unmeasured:*', 'lonely']);
  });

  it('folds patterns beyond maxPatterns into (other), listed last', () => {
    const aggregator = new PatternAggregator({ maxPatterns: 2 });
    aggregator.add({ key: 'a:1', type: 'string', pttlMs: -1 });
    aggregator.add({ key: 'b:1', type: 'string', pttlMs: -1 });
    aggregator.add({ key: 'c:1', type: 'string', pttlMs: -1 });
    aggregator.add({ key: 'd:1', type: 'list', pttlMs: 10 });
    // Known patterns keep counting.
    aggregator.add({ key: 'a:2', type: 'string', pttlMs: -1 });

    const groups = aggregator.groups({ totalKeys: 5 });
    expect(groups.map((group) => [group.pattern, group.sampledKeys])).toEqual([
      ['a:*', 2],
      ['b:*', 1],
      [OTHER_PATTERN, 2],
    ]);
    expect(groups.find((group) => group.pattern === OTHER_PATTERN)).toMatchObject({ keysWithoutTtl: 1, types: ['list', 'string'], examples: ['c:1', 'd:1'] });
  });

  it('collapses 50 patterns that differ in one field into one, merging their counts', () => {
    const random = seeded(1);
    const aggregator = new PatternAggregator();
    for (let index = 0; index < 60; index += 1) {
      // Letters only: no rule reads `cart:qwhzkfpa:items` as an id.
      aggregator.add({ key: `cart:${chars(random, 'abcdefghijklmnopqrstuvwxyz', 8)}:items`, type: index % 2 ? 'hash' : 'string', pttlMs: index < 45 ? -1 : 1_000, idleSeconds: index, memoryBytes: 100 });
    }
    const [group, ...rest] = aggregator.groups({ totalKeys: 600 });
    expect(rest).toEqual([]);
    expect(group).toMatchObject({ pattern: 'cart:*:items', sampledKeys: 60, keysWithoutTtl: 45, estimatedKeys: 600, share: 1, estimatedBytes: 60_000, types: ['hash', 'string'] });
    expect(group!.idleSeconds).toEqual({ median: 29.5, max: 59 });
    expect(group!.examples).toHaveLength(3);
    expect(aggregator).toMatchObject({ sampledKeys: 60, keysWithoutTtl: 45, measuredKeys: 60 });
  });

  it('keeps fixed keys apart: 20 BullMQ suffixes stay 20 patterns, next to the jobs', () => {
    const suffixes = ['wait', 'active', 'paused', 'completed', 'failed', 'delayed', 'prioritized', 'meta', 'events', 'id', 'stalled', 'stalled-check', 'limiter', 'marker', 'repeat', 'pc', 'de', 'waiting-children', 'metrics', 'lock'];
    const aggregator = new PatternAggregator();
    for (const suffix of suffixes) aggregator.add({ key: `bull:emails:${suffix}`, type: 'list', pttlMs: -1 });
    for (let job = 0; job < 1_000; job += 1) aggregator.add({ key: `bull:emails:${job}`, type: 'hash', pttlMs: -1 });
    const patterns = aggregator.groups({ totalKeys: 1_020 }).map((group) => group.pattern);
    expect(patterns).toHaveLength(21);
    expect(patterns).toEqual(expect.arrayContaining(['bull:emails:*', ...suffixes.map((suffix) => `bull:emails:${suffix}`)]));
  });

  it('collapses two unknown fields in turn', () => {
    const random = seeded(5);
    const names = Array.from({ length: 80 }, () => chars(random, 'abcdefghijklmnopqrstuvwxyz', 7));
    const fields = Array.from({ length: 70 }, () => chars(random, 'abcdefghijklmnopqrstuvwxyz', 5));
    const aggregator = new PatternAggregator();
    for (let index = 0; index < 20_000; index += 1) {
      aggregator.add({ key: `user:${names[between(random, 0, 79)]}:${fields[between(random, 0, 69)]}`, type: 'hash', pttlMs: -1 });
    }
    expect(aggregator.groups({ totalKeys: 20_000 }).map((group) => [group.pattern, group.sampledKeys])).toEqual([['user:*:*', 20_000]]);
  });

  it('never collapses the first field, which names the keys', () => {
    const random = seeded(2);
    const aggregator = new PatternAggregator();
    for (let index = 0; index < 60; index += 1) aggregator.add({ key: `${chars(random, 'abcdefghijklmnopqrstuvwxyz', 8)}:items`, type: 'set', pttlMs: -1 });
    expect(aggregator.groups({ totalKeys: 60 })).toHaveLength(60);
  });

  it('counts a literal with the shape of the ids of a field as one of them, before or after they are known', () => {
    const random = seeded(3);
    const aggregator = new PatternAggregator();
    // Hex without a digit reads as a word, alone.
    aggregator.add({ key: 'color:facade', type: 'string', pttlMs: -1 });
    for (let index = 0; index < 100; index += 1) aggregator.add({ key: `color:${chars(random, '0123456789', 2)}${chars(random, '0123456789abcdef', 4)}`, type: 'string', pttlMs: -1 });
    aggregator.add({ key: 'color:bedded', type: 'string', pttlMs: -1 });
    // Not hex, or not the length of the ids: a different key.
    aggregator.add({ key: 'color:yellow', type: 'string', pttlMs: -1 });
    aggregator.add({ key: 'color:default', type: 'string', pttlMs: -1 });
    expect(aggregator.groups({ totalKeys: 104 }).map((group) => [group.pattern, group.sampledKeys])).toEqual([
      ['color:*', 102],
      ['color:default', 1],
      ['color:yellow', 1],
    ]);
  });

  it('ends a 200,000-key leak of one id format as one pattern, not 10,000 and (other)', () => {
    for (const key of [
      (random: Random) => `otp:+${between(random, 1, 9)}${chars(random, '0123456789', between(random, 6, 14))}`,
      // A format no rule recognises.
      (random: Random) => `cart:${chars(random, 'abcdefghijklmnopqrstuvwxyz', 12)}:items`,
    ]) {
      const random = seeded(4);
      const aggregator = new PatternAggregator();
      for (let index = 0; index < 200_000; index += 1) {
        aggregator.add({ key: key(random), type: 'string', pttlMs: index % 4 === 0 ? 5_000 : -1, ...(index % 100 === 0 && { memoryBytes: 80 }) });
      }
      const groups = aggregator.groups({ totalKeys: 400_000 });
      expect(groups).toHaveLength(1);
      expect(groups[0]).toMatchObject({ sampledKeys: 200_000, keysWithoutTtl: 150_000, estimatedKeys: 400_000, estimatedBytes: 32_000_000, share: 1 });
    }
  });

  it('reports nothing for an empty sample', () => {
    expect(new PatternAggregator().groups({ totalKeys: 100 })).toEqual([]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
