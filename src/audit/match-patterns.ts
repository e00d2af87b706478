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
 * The sites whose key prefix fits `pattern` most closely: the longest agreement with
 * the pattern's literal start, so `sess:admin:` wins over `sess:` for `sess:admin:*`,
 * while `sess:admin:` and `sess:user:` tie for `sess:*`.
 */
export function findMostSpecificSites(pattern: string, sites: readonly KeyWriteSite[]): KeyWriteSite[] {
  let best: KeyWriteSite[] = [];
  let bestScore = 0;
  for (const site of sites) {
    const score = getPrefixMatchScore(site.keyPrefix, pattern);
    if (score === undefined || score < bestScore) continue;
    if (score > bestScore) [best, bestScore] = [[], score];
    best.push(site);
  }
  return best;
}

/**
 * Whether a key starting with the literal `prefix` can have the shape `pattern`
 * (`*` standing for any run of text), scored by how many characters it shares with
 * the pattern's literal start (the text before its first `*`); `undefined` when it cannot.
 * As a `*` can take all the rest, only that literal start can disagree:
 * - `epoch_batch_size:` (17) and `epoch_batch_` (12) fit `epoch_batch_size:*`;
 * - `user:` fits `user:*:profile`; `cache:user:` fits `cache:*:*` (the `*` takes `user…`), scoring 6.
 *
 * Two guards keep the noise out: an empty prefix (a key that starts varying) fits
 * nothing, and neither does any prefix a pattern that starts with `*` (`*`, `*:profile`):
 * a constant start in the code and a varying one on the server are not the same keys.
 */
export function getPrefixMatchScore(prefix: string, pattern: string): number | undefined {
  const star = pattern.indexOf('*');
  const start = star === -1 ? pattern : pattern.slice(0, star);
  const fits = prefix.length <= start.length ? start.startsWith(prefix) : star !== -1 && prefix.startsWith(start);
  const score = Math.min(prefix.length, start.length);
  return fits && score > 0 ? score : undefined;
}

/** Largest first: estimated bytes (unmeasured last), then estimated keys. */
function byEstimatedSize(a: KeyPatternGroup, b: KeyPatternGroup): number {
  return (b.estimatedBytes ?? -1) - (a.estimatedBytes ?? -1) || b.estimatedKeys - a.estimatedKeys;
}

function byMissingExpiryFirst(a: KeyWriteSite, b: KeyWriteSite): number {
  return Number(a.expiry === 'present') - Number(b.expiry === 'present');
}
