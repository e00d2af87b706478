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
    // Spaces make a phrase, not a token.
    expect(toKeyPattern('label:hello world 2 times')).toBe('label:hello world 2 times');
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
