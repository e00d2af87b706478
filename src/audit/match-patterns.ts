import { KEY_SEPARATORS, toKeyPattern } from './key-patterns';
import type { AuditReport, KeyPatternGroup, KeyWriteSite, PatternMatch } from './types';

export type CodeMatches = Omit<NonNullable<AuditReport['code']>, 'files'>;

/**
 * Ties the server's key patterns to the code sites that write such keys.
 * - `leaks`: patterns with keys without a TTL and at least one matching site, the
 *   largest first (estimated bytes, then keys). Every matching site is listed,
 *   those without an expiry first. A leak whose sites all set an expiry is kept:
 *   the keys lost it anyway (another writer, an `expire` that failed or ran too
 *   early, `KEEPTTL` on a new key), and those sites are where to look.
 * - `confirmed`: patterns whose sampled keys all carry a TTL and that sites write.
 * - `unexplained`: patterns with keys without a TTL that no site matches.
 */
export function matchPatternsToSites(patterns: readonly KeyPatternGroup[], sites: readonly KeyWriteSite[]): CodeMatches {
  const leaks: PatternMatch[] = [];
  const confirmed: PatternMatch[] = [];
  const unexplained: string[] = [];
  for (const group of [...patterns].sort(byEstimatedSize)) {
    const matching = findMostSpecificSites(group.pattern, sites);
    if (group.keysWithoutTtl > 0) {
      if (matching.length === 0) unexplained.push(group.pattern);
      else leaks.push({ pattern: group.pattern, sites: [...matching].sort(byMissingExpiryFirst) });
    } else if (group.sampledKeys > 0 && matching.length > 0) {
      confirmed.push({ pattern: group.pattern, sites: matching });
    }
  }
  return { sites, leaks, confirmed, unexplained };
}

/**
 * The sites that write keys of `pattern`, most specific first:
 * - sites whose full key shape is known (`keyPattern`) match only the pattern equal to
 *   it, and when there are any, they are the answer: `order:${id}:items` is listed under
 *   `order:*:items` alone, and `user:profile:${id}` never under `user:*`;
 * - else the sites whose key pattern covers it once a `*` holds a word
 *   ({@link keyPatternCovers}): `cache:${kind}:${id}` under `cache:user:*`;
 * - otherwise the sites without a `keyPattern` whose key prefix fits the pattern
 *   ({@link getPrefixMatchScore}) and agrees with it furthest: `sess:admin:` wins over
 *   `sess:` for `sess:admin:*`, while `sess:a` and `sess:b` (of `` `sess:a${id}` ``) tie for `sess:*`.
 */
export function findMostSpecificSites(pattern: string, sites: readonly KeyWriteSite[]): KeyWriteSite[] {
  const exact = sites.filter((site) => site.keyPattern === pattern);
  if (exact.length > 0) return exact;
  // `cache:${kind}:${id}` gives `cache:*:*`, and `kind` may hold words: the server sees `cache:user:*`.
  const covering = sites.filter((site) => site.keyPattern !== undefined && keyPatternCovers(site.keyPattern, pattern));
  if (covering.length > 0) return covering;
  let best: KeyWriteSite[] = [];
  let bestScore = 0;
  for (const site of sites) {
    if (site.keyPattern !== undefined) continue;
    const score = getPrefixMatchScore(site.keyPrefix, pattern);
    if (score === undefined || score < bestScore) continue;
    if (score > bestScore) [best, bestScore] = [[], score];
    best.push(site);
  }
  return best;
}

/**
 * Whether a site's key pattern may produce the server's `pattern` when a varying part holds
 * a word rather than an id: each `*` of the site stands for any text within one segment
 * (up to the next `:`, `/`, `|`, `#` or brace), literal text must be equal. A site pattern
 * that starts with `*` covers nothing (it would cover every pattern of its shape).
 */
export function keyPatternCovers(sitePattern: string, pattern: string): boolean {
  if (sitePattern.startsWith('*') || !sitePattern.includes('*')) return false;
  const source = sitePattern
    .split('*')
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('[^:/|#{}]+');
  return new RegExp(`^${source}$`).test(pattern);
}

/**
 * Whether a key starting with the literal `prefix` can have the shape `pattern`, scored
 * by how many characters it shares with the pattern's literal start (the text before
 * its first `*`); `undefined` when it cannot.
 * - `epoch_batch_size:` (17) and `epoch_batch_` (12) fit `epoch_batch_size:*`;
 * - `user:` fits `user:*:profile`; `user:42:` fits `user:*:*` and `user:*:profile` (5).
 *
 * A `*` stands for one id as `toKeyPattern` sees it, so the prefix text it would have to
 * take must read as one: `user:profile:` does not fit `user:*` (`profile` is a word,
 * never `*`), nor does `user:1:profile:` fit `user:*:profile` (the key goes on after
 * `profile`). The last, unfinished segment of the prefix may still grow into an id
 * (`user:p` fits `user:*`), and a `*` may take it together with the rest of the key.
 *
 * Two guards keep the noise out: an empty prefix (a key that starts varying) fits
 * nothing, and neither does any prefix a pattern that starts with `*` (`*`, `*:profile`):
 * a constant start in the code and a varying one on the server are not the same keys.
 */
export function getPrefixMatchScore(prefix: string, pattern: string): number | undefined {
  const star = pattern.indexOf('*');
  const start = star === -1 ? pattern : pattern.slice(0, star);
  const score = Math.min(prefix.length, start.length);
  if (score === 0) return undefined;
  if (prefix.length <= start.length) return start.startsWith(prefix) ? score : undefined;
  if (star === -1 || !prefix.startsWith(start)) return undefined;
  return new PrefixFit(prefix, pattern).fits(start.length, star) ? score : undefined;
}

/** The characters `toKeyPattern` splits keys on: a varying part between two of them, or the ends of the key, is a whole segment. */
const SEPARATORS = KEY_SEPARATORS;

/** What a varying part of a site's key becomes before `toKeyPattern` reads it: an integer, always `*`. */
const VARYING_PART = '1000001';

/**
 * The pattern the server would show for the keys of a site, from the key's shape
 * (its literal text around the varying parts, `['order:', ':items']`), by running
 * `toKeyPattern` on the shape with an integer for each varying part. `undefined` when
 * a varying part is glued to literal text or another varying part (`user${id}`, whose
 * pattern depends on the id's form) or when the key is nothing but varying parts (a
 * key variable the analysis cannot follow); such sites are matched by their prefix.
 * - `['order:', ':items']` gives `order:*:items`; `['user:profile:', '']` gives `user:profile:*`;
 * - `['epoch_batch_size:', '']` gives `epoch_batch_size:*`; `['ip:', '.', '']` gives `ip:*`, as `ip:10.0.0.1` does.
 */
export function getSiteKeyPattern(shape: readonly string[]): string | undefined {
  if (shape.every((literal) => literal === '')) return undefined;
  for (let index = 1; index < shape.length; index += 1) {
    // The varying part between `shape[index - 1]` and `shape[index]`.
    const before = shape[index - 1]!;
    const after = shape[index]!;
    const startsSegment = before === '' ? index === 1 : SEPARATORS.has(before.at(-1)!);
    const endsSegment = after === '' ? index === shape.length - 1 : SEPARATORS.has(after[0]!);
    if (!startsSegment || !endsSegment) return undefined;
  }
  return toKeyPattern(shape.join(VARYING_PART));
}

/** Whether the rest of a prefix can follow the rest of a pattern, a `*` taking text that `toKeyPattern` reads as one id. */
class PrefixFit {
  private readonly known = new Map<number, boolean>();

  constructor(
    private readonly prefix: string,
    private readonly pattern: string,
  ) {}

  /** Whether `prefix` from `at` fits `pattern` from `from`. */
  fits(at: number, from: number): boolean {
    const { prefix, pattern } = this;
    // The key goes on after the prefix, with anything the pattern asks for.
    if (at === prefix.length) return true;
    if (from === pattern.length) return false;
    if (pattern[from] !== '*') return prefix[at] === pattern[from] && this.fits(at + 1, from + 1);
    const slot = at * (pattern.length + 1) + from;
    let fits = this.known.get(slot);
    if (fits === undefined) {
      fits = this.starTakesRest(at) || this.starEndsInside(at, from);
      this.known.set(slot, fits);
    }
    return fits;
  }

  /** The `*` takes the rest of the prefix and goes on into the varying part: what the prefix finishes of it must read as an id. */
  private starTakesRest(at: number): boolean {
    const taken = this.prefix.slice(at);
    // The finished part ends before the last separator; after it, the unfinished segment may still become anything.
    let end = taken.length;
    while (end > 0 && !SEPARATORS.has(taken[end - 1]!)) end -= 1;
    return end === 0 || isOneId(taken.slice(0, end - 1));
  }

  /** The `*` takes a finished id of the prefix, and the pattern's next literal text follows inside the prefix. */
  private starEndsInside(at: number, from: number): boolean {
    const next = this.pattern[from + 1];
    for (let end = at + 1; end < this.prefix.length; end += 1) {
      if (next !== '*' && this.prefix[end] !== next) continue;
      if (isOneId(this.prefix.slice(at, end)) && this.fits(end, from + 1)) return true;
    }
    return false;
  }
}

/** Whether `toKeyPattern` reads the whole text as one id: `42`, `5f3a9c1e`, `10.0.0.1`; not `profile`, `42:7` or ``. */
function isOneId(text: string): boolean {
  return text !== '' && toKeyPattern(text) === '*';
}

/** Largest first: estimated bytes (unmeasured last), then estimated keys. */
function byEstimatedSize(a: KeyPatternGroup, b: KeyPatternGroup): number {
  return (b.estimatedBytes ?? -1) - (a.estimatedBytes ?? -1) || b.estimatedKeys - a.estimatedKeys;
}

function byMissingExpiryFirst(a: KeyWriteSite, b: KeyWriteSite): number {
  return Number(a.expiry === 'present') - Number(b.expiry === 'present');
}
