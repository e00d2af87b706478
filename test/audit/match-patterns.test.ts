import { describe, expect, it } from 'vitest';
import { findMostSpecificSites, getPrefixMatchScore, matchPatternsToSites } from '../../src/audit/match-patterns';
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

function site(keyPrefix: string, line: number, expiry: KeyWriteSite['expiry'] = 'none'): KeyWriteSite {
  return { file: 'src/app.ts', line, column: 15, command: 'set', keyPrefix, keyText: `${keyPrefix}\${id}`, expiry };
}

describe('getPrefixMatchScore', () => {
  it('matches a prefix that the pattern starts with, scored by the characters shared with its literal start', () => {
    expect(getPrefixMatchScore('epoch_batch_size:', 'epoch_batch_size:*')).toBe(17);
    // the prefix may stop inside the pattern's literal text
    expect(getPrefixMatchScore('epoch_batch_', 'epoch_batch_size:*')).toBe(12);
    expect(getPrefixMatchScore('user:', 'user:*:profile')).toBe(5);
    expect(getPrefixMatchScore('sess:', 'sess:*:data')).toBe(5);
  });

  it('lets a `*` stand for constant text of the prefix, scoring only the literal start', () => {
    // `*` takes `user`
    expect(getPrefixMatchScore('cache:user:', 'cache:*:*')).toBe(6);
    expect(getPrefixMatchScore('sess:admin:', 'sess:*')).toBe(5);
    expect(getPrefixMatchScore('sess:admin:x', 'sess:*:data')).toBe(5);
    // `*` may also stand for nothing
    expect(getPrefixMatchScore('app:sess', 'app:*sess:*')).toBe(4);
    // a `*` can take all the rest of a longer prefix
    expect(getPrefixMatchScore('user:1:profile:', 'user:*:profile')).toBe(5);
    // but without a `*` there is no rest to take
    expect(getPrefixMatchScore('lock:job:', 'lock:job')).toBeUndefined();
    expect(getPrefixMatchScore('lock:', 'lock:job')).toBe(5);
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
    const admin = site('sess:admin:', 2);
    const user = site('sess:user:', 3);
    expect(findMostSpecificSites('sess:*', [set, admin, user])).toEqual([set, admin, user]);
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
      // both share `sess:` with the pattern's literal start, so both are kept
      { pattern: 'sess:*:data', sites: [general, admin] },
    ]);
  });

  it('orders leaks by estimated bytes, then estimated keys, unmeasured last', () => {
    const sites = [site('a:', 1), site('b:', 2), site('c:', 3), site('d:', 4)];
    const patterns = [group('a:*', 1, { keys: 10, bytes: 100 }), group('b:*', 1, { keys: 5000 }), group('c:*', 1, { keys: 20, bytes: 100 }), group('d:*', 1, { bytes: 900 })];
    expect(matchPatternsToSites(patterns, sites).leaks.map((leak) => leak.pattern)).toEqual(['d:*', 'c:*', 'a:*', 'b:*']);
  });
});
