import { OTHER_PATTERN } from './key-patterns';
import type { AuditReport, KeyPatternGroup, KeyWriteSite } from './types';

// How the reports classify and order patterns; the text and HTML renderers share it, and
// `redis-leaks audit` counts keys without TTL the same way for its exit code.

/**
 * What the report says about one pattern:
 * - `leak`: keys without TTL, written by code that sets no expiry (or no code was given);
 * - `unexplained`: keys without TTL that no code site writes;
 * - `confirmed`: keys with a TTL, written by code that sets one;
 * - `ttl`: keys with a TTL and no matching code site (nothing to do).
 */
export type PatternStatus = 'leak' | 'unexplained' | 'confirmed' | 'ttl';

export interface PatternRow {
  readonly pattern: string;
  /** The sampled group; undefined for a code pattern the sample did not see. */
  readonly group?: KeyPatternGroup;
  readonly status: PatternStatus;
  readonly sites: readonly KeyWriteSite[];
}

/**
 * Every pattern of the report with its status and write sites, largest memory
 * first. Shared by the text and HTML renderers so both classify alike.
 */
export function describePatterns(report: AuditReport): PatternRow[] {
  const code = report.code;
  const leakSites = sitesByPattern(code?.leaks ?? []);
  const confirmedSites = sitesByPattern(code?.confirmed ?? []);
  const unexplained = new Set(code?.unexplained ?? []);
  const groups = new Map((report.keys?.patterns ?? []).map((group) => [group.pattern, group]));
  const patterns = new Set([...groups.keys(), ...leakSites.keys(), ...unexplained, ...confirmedSites.keys()]);
  const rows = [...patterns].map((pattern): PatternRow => {
    const group = groups.get(pattern);
    const sites = [...(leakSites.get(pattern) ?? []), ...(confirmedSites.get(pattern) ?? [])];
    return { pattern, group, status: statusOf(pattern, group), sites };
  });
  // `(other)` holds what did not fit under the pattern cap: last, whatever its size.
  return rows.sort((a, b) => Number(a.pattern === OTHER_PATTERN) - Number(b.pattern === OTHER_PATTERN) || compareByMemory(a.group, b.group));

  function statusOf(pattern: string, group: KeyPatternGroup | undefined): PatternStatus {
    if (leakSites.has(pattern)) return 'leak';
    if (unexplained.has(pattern)) return 'unexplained';
    if (confirmedSites.has(pattern)) return 'confirmed';
    return group && group.keysWithoutTtl > 0 ? 'leak' : 'ttl';
  }
}

/** The group's keys without TTL scaled to the whole keyspace, like `estimatedKeys`. */
export function estimatedKeysWithoutTtl(group: KeyPatternGroup): number {
  if (group.sampledKeys === 0) return 0;
  return Math.round((group.estimatedKeys * group.keysWithoutTtl) / group.sampledKeys);
}

/**
 * The memory a row is about: for a pattern without TTL, the part held by its keys without
 * TTL (the group's estimate scaled by their share of its sampled keys); else the whole group.
 */
export function rowBytes(row: PatternRow): number | undefined {
  const group = row.group;
  if (group?.estimatedBytes === undefined) return undefined;
  if (!isWithoutTtl(row) || group.sampledKeys === 0) return group.estimatedBytes;
  return (group.estimatedBytes * group.keysWithoutTtl) / group.sampledKeys;
}

/** The share of all sampled keys a row is about (its keys without TTL for a pattern without TTL). */
export function rowShare(row: PatternRow): number | undefined {
  const group = row.group;
  if (!group) return undefined;
  if (!isWithoutTtl(row) || group.sampledKeys === 0) return group.share;
  return (group.share * group.keysWithoutTtl) / group.sampledKeys;
}

function isWithoutTtl(row: PatternRow): boolean {
  return row.status === 'leak' || row.status === 'unexplained';
}

/** How a write site treats expiry, for a reader: `set without expiry`. */
export function describeSite(site: KeyWriteSite, status: PatternStatus): string {
  if (site.expiry === 'none') {
    return status === 'confirmed'
      ? `${site.command}: no expiry seen in the code, yet its keys carry a TTL (set elsewhere)`
      : `${site.command} without expiry`;
  }
  return status === 'leak'
    ? `${site.command} with expiry, yet the sampled keys have none: is the expiry skipped on some path, or the key rewritten without one?`
    : `${site.command} with expiry`;
}

function sitesByPattern(matches: readonly { pattern: string; sites: readonly KeyWriteSite[] }[]): Map<string, KeyWriteSite[]> {
  const sites = new Map<string, KeyWriteSite[]>();
  for (const match of matches) sites.set(match.pattern, [...(sites.get(match.pattern) ?? []), ...match.sites]);
  return sites;
}

/** Largest estimated memory first, unmeasured last; ties by estimated key count. */
function compareByMemory(a: KeyPatternGroup | undefined, b: KeyPatternGroup | undefined): number {
  const bytes = (b?.estimatedBytes ?? -1) - (a?.estimatedBytes ?? -1);
  return bytes !== 0 ? bytes : (b?.estimatedKeys ?? -1) - (a?.estimatedKeys ?? -1);
}
