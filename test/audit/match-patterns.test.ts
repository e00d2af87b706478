import { describe, expect, it } from 'vitest';
import { findMostSpecificSites, getPrefixMatchScore, getSiteKeyPattern, keyPatternCovers, matchPatternsToSites } from '../../src/audit/match-patterns';
import type { KeyPatternGroup, KeyWriteSite } from '../../src/audit/types';

/** A pattern group of `sampledKeys` keys, `keysWithoutTtl` of them without a TTL. */
function group(pattern: string, keysWithoutTtl: number, size: { keys?: number; bytes?: number } = {}): KeyPatternGroup {
  const sampledKeys = Math.max(keysWithoutTtl, 10);
  return {
    pattern,
    sampledKeys,
    keysWithoutTtl,
    estimatedKeys: size.keys ?? sampledKeys * 100,
    share: 0.1,
    estimatedBytes: size.bytes,
    types: ['string'],
    examples: [],
  };
}

/** A site matched by its key prefix alone: the code does not show the whole key (`` `${keyPrefix}${rest}` ``). */
function site(keyPrefix: string, line: number, expiry: KeyWriteSite['expiry'] = 'none'): KeyWriteSite {
  return { file: 'src/app.ts', line, column: 15, command: 'set', keyPrefix, keyText: `${keyPrefix}\${rest}`, expiry };
}

/** A site whose whole key the code shows, `keyText` with `${id}` for each varying part. */
function shaped(keyText: string, line: number, expiry: KeyWriteSite['expiry'] = 'none'): KeyWriteSite {
  const shape = keyText.split('${id}');
  return { file: 'src/app.ts', line, column: 15, command: 'set', keyPrefix: shape[0]!, keyPattern: getSiteKeyPattern(shape), keyText, expiry };
}

describe('getSiteKeyPattern', () => {
  it('gives the pattern toKeyPattern gives the keys, when every varying part is a whole segment', () => {
    expect(getSiteKeyPattern(['order:', ':items'])).toBe('order:*:items');
    expect(getSiteKeyPattern(['user:profile:', ''])).toBe('user:profile:*');
    expect(getSiteKeyPattern(['epoch_batch_size:', ''])).toBe('epoch_batch_size:*');
    expect(getSiteKeyPattern(['{cart:', '}:lines'])).toBe('{cart:*}:lines');
    expect(getSiteKeyPattern(['', ':sess'])).toBe('*:sess');
    expect(getSiteKeyPattern(['a:', ':', ''])).toBe('a:*:*');
    // literal ids of the code become `*` as on the server: `shard:42:` + id
    expect(getSiteKeyPattern(['shard:42:', ''])).toBe('shard:*:*');
    // `*` joined by `.` collapse, as `ip:10.0.0.1` does
    expect(getSiteKeyPattern(['ip:', '.', ''])).toBe('ip:*');
    // a constant key
    expect(getSiteKeyPattern(['config'])).toBe('config');
  });

  it('gives none when a varying part is glued to literal text or to another varying part', () => {
    expect(getSiteKeyPattern(['user', ''])).toBeUndefined();
    expect(getSiteKeyPattern(['user:', 'x'])).toBeUndefined();
    expect(getSiteKeyPattern(['order', ':items'])).toBeUndefined();
    expect(getSiteKeyPattern(['tag:', '', ''])).toBeUndefined();
  });

  it('gives none for a key that is nothing but varying parts', () => {
    expect(getSiteKeyPattern(['', ''])).toBeUndefined();
    expect(getSiteKeyPattern(['', '', ''])).toBeUndefined();
  });
});

describe('getPrefixMatchScore', () => {
  it('matches a prefix that the pattern starts with, scored by the characters shared with its literal start', () => {
    expect(getPrefixMatchScore('epoch_batch_size:', 'epoch_batch_size:*')).toBe(17);
    // the prefix may stop inside the pattern's literal text
    expect(getPrefixMatchScore('epoch_batch_', 'epoch_batch_size:*')).toBe(12);
    expect(getPrefixMatchScore('user:', 'user:*:profile')).toBe(5);
    expect(getPrefixMatchScore('sess:', 'sess:*:data')).toBe(5);
  });

  it('lets a `*` stand for an id in the prefix, scoring only the literal start', () => {
    // `*` takes `42`
    expect(getPrefixMatchScore('cache:42:', 'cache:*:*')).toBe(6);
    expect(getPrefixMatchScore('user:1:profile', 'user:*:profile')).toBe(5);
    expect(getPrefixMatchScore('user:1:', 'user:*:profile')).toBe(5);
    expect(getPrefixMatchScore('ip:10.0.0.1:', 'ip:*:*')).toBe(3);
    expect(getPrefixMatchScore('job:5f3a9c1e:', 'job:*:*')).toBe(4);
    // the prefix's last segment is unfinished: it may still become an id (`sess:a3f9…`)
    expect(getPrefixMatchScore('sess:a', 'sess:*')).toBe(5);
    expect(getPrefixMatchScore('app:sess', 'app:*sess:*')).toBe(4);
    // without a `*` there is no rest to take
    expect(getPrefixMatchScore('lock:job:', 'lock:job')).toBeUndefined();
    expect(getPrefixMatchScore('lock:', 'lock:job')).toBe(5);
  });

  it('rejects prefixes whose finished segments a `*` cannot stand for', () => {
    // `profile` and `admin` are words, never `*`: `user:profile:x` is no `user:*` key
    expect(getPrefixMatchScore('user:profile:', 'user:*')).toBeUndefined();
    expect(getPrefixMatchScore('sess:admin:', 'sess:*')).toBeUndefined();
    expect(getPrefixMatchScore('sess:admin:x', 'sess:*:data')).toBeUndefined();
    expect(getPrefixMatchScore('cache:user:', 'cache:*:*')).toBeUndefined();
    // the key goes on after `profile`, where the pattern ends
    expect(getPrefixMatchScore('user:1:profile:', 'user:*:profile')).toBeUndefined();
    // one `*` is one id: `42:7` is two
    expect(getPrefixMatchScore('user:42:7:', 'user:*')).toBeUndefined();
    // but a word fits a pattern that names it after the `*`
    expect(getPrefixMatchScore('user:', 'user:*:profile')).toBe(5);
  });

  it('matches nothing with an empty prefix (a key that starts varying)', () => {
    expect(getPrefixMatchScore('', 'epoch_batch_size:*')).toBeUndefined();
    expect(getPrefixMatchScore('', '*')).toBeUndefined();
  });

  it('does not tie a pattern that starts varying to a constant prefix', () => {
    expect(getPrefixMatchScore('sess:', '*')).toBeUndefined();
    expect(getPrefixMatchScore('sess:', '*:data')).toBeUndefined();
  });

  it('rejects prefixes that contradict the pattern', () => {
    expect(getPrefixMatchScore('session:', 'sess:*')).toBeUndefined();
    expect(getPrefixMatchScore('epoch_batch_count:', 'epoch_batch_size:*')).toBeUndefined();
    expect(getPrefixMatchScore('Sess:', 'sess:*')).toBeUndefined();
  });
});

describe('findMostSpecificSites', () => {
  it('keeps only the sites whose prefix the pattern matches furthest', () => {
    const general = site('sess:', 1);
    const admin = site('sess:admin:', 2);
    expect(findMostSpecificSites('sess:admin:*', [general, admin])).toEqual([admin]);
    expect(findMostSpecificSites('epoch_batch_size:*', [site('epoch_batch_', 3), site('epoch_batch_size:', 4)])).toEqual([site('epoch_batch_size:', 4)]);
  });

  it('keeps every site that matches equally well', () => {
    const set = site('sess:', 1, 'present');
    const a = site('sess:a', 2);
    const b = site('sess:b', 3);
    expect(findMostSpecificSites('sess:*', [set, a, b])).toEqual([set, a, b]);
  });

  it('does not tie a pattern to prefixes with a word where it has a `*`', () => {
    const general = site('sess:', 1);
    const admin = site('sess:admin:', 2);
    expect(findMostSpecificSites('sess:*', [general, admin])).toEqual([general]);
    expect(findMostSpecificSites('sess:*:data', [general, admin])).toEqual([general]);
  });

  it('ties a site whose key shape is known to the one pattern equal to it, and to no other', () => {
    const items = shaped('order:${id}:items', 1);
    const meta = shaped('order:${id}:meta', 2);
    expect(findMostSpecificSites('order:*:items', [items, meta])).toEqual([items]);
    expect(findMostSpecificSites('order:*:meta', [items, meta])).toEqual([meta]);
    // no prefix fallback for them
    expect(findMostSpecificSites('order:*', [items, meta])).toEqual([]);
    expect(findMostSpecificSites('order:*:items:*', [items, meta])).toEqual([]);
    const profile = shaped('user:profile:${id}', 3, 'present');
    expect(findMostSpecificSites('user:*', [profile])).toEqual([]);
    expect(findMostSpecificSites('user:profile:*', [profile])).toEqual([profile]);
  });

  it('prefers sites matching exactly to sites matching by prefix', () => {
    const exact = shaped('user:${id}', 1);
    const glued = site('user', 2);
    const opaque = site('user:', 3);
    expect(findMostSpecificSites('user:*', [glued, exact, opaque])).toEqual([exact]);
    // without an exact site, the prefixes compete as before: `user:` agrees further than `user`
    expect(findMostSpecificSites('user:*:cart', [glued, exact, opaque])).toEqual([opaque]);
    // a glued id: `user${id}` gives `user12345`, which the server shows as `user*`
    expect(findMostSpecificSites('user*', [glued, exact, opaque])).toEqual([glued]);
  });
});

describe('matchPatternsToSites', () => {
  it('sorts patterns into leaks, confirmed and unexplained, and passes the sites through', () => {
    const epoch = site('epoch_batch_size:', 225);
    const cache = site('cache:', 230, 'present');
    const dynamic = site('', 240);
    const sites = [epoch, cache, dynamic];
    expect(matchPatternsToSites([group('epoch_batch_size:*', 40), group('cache:*', 0), group('lua:*', 12), group('other:*', 0)], sites)).toEqual({
      sites,
      leaks: [{ pattern: 'epoch_batch_size:*', sites: [epoch] }],
      confirmed: [{ pattern: 'cache:*', sites: [cache] }],
      // a key that starts varying (prefix '') explains nothing; `other:*` carries TTLs and has no site, so it is in no list
      unexplained: ['lua:*'],
    });
  });

  it('keeps a leak whose sites all set an expiry, and lists sites without expiry first', () => {
    const withExpiry = site('sess:', 10, 'present');
    const without = site('sess:', 20);
    expect(matchPatternsToSites([group('sess:*', 5)], [withExpiry]).leaks).toEqual([{ pattern: 'sess:*', sites: [withExpiry] }]);
    expect(matchPatternsToSites([group('sess:*', 5)], [withExpiry, without]).leaks).toEqual([{ pattern: 'sess:*', sites: [without, withExpiry] }]);
  });

  it('ties each pattern to its most specific sites', () => {
    const general = site('sess:', 1);
    const admin = site('sess:admin:', 2);
    const { leaks } = matchPatternsToSites([group('sess:admin:*', 3, { bytes: 2000 }), group('sess:*:data', 3, { bytes: 1000 })], [general, admin]);
    expect(leaks).toEqual([
      { pattern: 'sess:admin:*', sites: [admin] },
      // `admin` is a word where the pattern has `*`: only `sess:` can write `sess:42:data`
      { pattern: 'sess:*:data', sites: [general] },
    ]);
  });

  it('does not blame a site with an expiry for a pattern its keys cannot have', () => {
    // `user:profile:${id}` with 'EX' and `user:${id}` without; the server has `user:42` without TTL, `user:profile:42` with one
    const plain = shaped('user:${id}', 10);
    const profile = shaped('user:profile:${id}', 20, 'present');
    const admin = site('sess:admin:', 30, 'present');
    const sess = site('sess:', 40);
    expect(matchPatternsToSites([group('user:*', 5, { bytes: 300 }), group('user:profile:*', 0, { bytes: 200 }), group('sess:*', 5, { bytes: 100 })], [plain, profile, admin, sess])).toEqual({
      sites: [plain, profile, admin, sess],
      leaks: [
        { pattern: 'user:*', sites: [plain] },
        { pattern: 'sess:*', sites: [sess] },
      ],
      confirmed: [{ pattern: 'user:profile:*', sites: [profile] }],
      unexplained: [],
    });
  });

  it('lists each key shape under its own pattern only', () => {
    const items = shaped('order:${id}:items', 1);
    const meta = shaped('order:${id}:meta', 2, 'present');
    const { leaks, confirmed } = matchPatternsToSites([group('order:*:items', 4, { bytes: 200 }), group('order:*:meta', 0, { bytes: 100 })], [items, meta]);
    expect(leaks).toEqual([{ pattern: 'order:*:items', sites: [items] }]);
    expect(confirmed).toEqual([{ pattern: 'order:*:meta', sites: [meta] }]);
  });

  it('leaves a pattern unexplained when the only sites of its prefix have another shape', () => {
    const profile = shaped('user:profile:${id}', 1, 'present');
    expect(matchPatternsToSites([group('user:*', 3)], [profile])).toEqual({ sites: [profile], leaks: [], confirmed: [], unexplained: ['user:*'] });
  });

  it('orders leaks by estimated bytes, then estimated keys, unmeasured last', () => {
    const sites = [site('a:', 1), site('b:', 2), site('c:', 3), site('d:', 4)];
    const patterns = [group('a:*', 1, { keys: 10, bytes: 100 }), group('b:*', 1, { keys: 5000 }), group('c:*', 1, { keys: 20, bytes: 100 }), group('d:*', 1, { bytes: 900 })];
    expect(matchPatternsToSites(patterns, sites).leaks.map((leak) => leak.pattern)).toEqual(['d:*', 'c:*', 'a:*', 'b:*']);
  });
});

describe('keyPatternCovers (a varying part that holds a word)', () => {
  it('lets a site * stand for a word within one segment', () => {
    expect(keyPatternCovers('cache:*:*', 'cache:user:*')).toBe(true);
    expect(keyPatternCovers('cache:*:*', 'cache:user_profile:*')).toBe(true);
    expect(keyPatternCovers('cache:*:*', 'cache:*:*')).toBe(true);
  });

  it('keeps literal text and segment counts', () => {
    expect(keyPatternCovers('cache:*:*', 'cache:user')).toBe(false);
    expect(keyPatternCovers('cache:*:*', 'cache:user:*:extra')).toBe(false);
    expect(keyPatternCovers('order:*:items', 'order:*:meta')).toBe(false);
    expect(keyPatternCovers('cache:*', 'store:user')).toBe(false);
  });

  it('covers nothing from a site pattern that starts varying or has no *', () => {
    expect(keyPatternCovers('*:*', 'sess:*')).toBe(false);
    expect(keyPatternCovers('config', 'config')).toBe(false);
  });

  it('ties cache:${kind}:${id} to the word patterns the server shows, after exact matches', () => {
    const wordSite: KeyWriteSite = { file: 'src/cache.ts', line: 3, column: 9, command: 'set', keyPrefix: 'cache:', keyText: '`cache:${kind}:${id}`', expiry: 'none', keyPattern: 'cache:*:*' };
    const userSite: KeyWriteSite = { ...wordSite, line: 9, keyPrefix: 'cache:user:', keyText: '`cache:user:${id}`', keyPattern: 'cache:user:*' };
    expect(findMostSpecificSites('cache:post:*', [wordSite, userSite])).toEqual([wordSite]);
    expect(findMostSpecificSites('cache:user:*', [wordSite, userSite])).toEqual([userSite]);
  });
});
