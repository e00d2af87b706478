/** What a suggested `LRUCache` keeps: `max` entries, each for `ttlSeconds` (0: no `ttl`). */
export interface LruCacheBounds {
  readonly max: number;
  readonly ttlSeconds: number;
}

/** `{ max: 1000, ttl: 30 * 60 * 1000 }`: lru-cache counts `ttl` in milliseconds, written as seconds, minutes or hours times 1000. */
export function formatLruOptions({ max, ttlSeconds }: LruCacheBounds): string {
  const bound = `max: ${formatInteger(max)}`;
  return ttlSeconds === 0 ? `{ ${bound} }` : `{ ${bound}, ttl: ${formatMilliseconds(ttlSeconds)} }`;
}

// - 1800 s → `30 * 60 * 1000`, 3600 s → `60 * 60 * 1000`, 86400 s → `24 * 60 * 60 * 1000`
// - 45 s → `45 * 1000`
function formatMilliseconds(seconds: number): string {
  const [count, unit] = seconds % 3600 === 0 ? [seconds / 3600, '60 * 60 * 1000'] : seconds % 60 === 0 ? [seconds / 60, '60 * 1000'] : [seconds, '1000'];
  return count === 1 ? unit : `${formatInteger(count)} * ${unit}`;
}

/** `100000` → `100_000`: separators from five digits on. */
function formatInteger(value: number): string {
  return value >= 10_000 ? String(value).replace(/\B(?=(\d{3})+$)/g, '_') : String(value);
}
