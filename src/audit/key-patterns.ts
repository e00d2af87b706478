import type { KeyPatternGroup } from './types';

/**
 * Turns sampled Redis keys into patterns (`sess:*:data`) and aggregates the sample
 * per pattern. Patterns are what the report shows and what the code-site matching
 * compares with the key prefixes written in the code.
 */

/** Characters that split a key into segments; they stay in the pattern. */
const SEPARATORS: ReadonlySet<string> = new Set([':', '-', '_', '/', '.', '|', '#', '{', '}']);

/** Separators inside one token (`10.0.0.1`, `555-1234`, `a_1_2`): a run of `*` joined by them collapses. */
const COLLAPSING_SEPARATORS: ReadonlySet<string> = new Set(['.', '-', '_']);

/**
 * Ids that contain separators themselves, tried at the start of each segment before
 * splitting. Each must end at a separator or at the end of the key.
 */
const COMPOUND_IDS: readonly RegExp[] = [
  // UUID, any version.
  /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}/i,
  // ISO date or timestamp: 2024-01-05, 2024-01, 2024-01-05T10:20:30.123Z, 2024-01-05 10:20:30+02:00.
  /^\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?/i,
  // Email address.
  /^[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/i,
  // IPv4 address, optionally with a port.
  /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?/,
  // Decimal number.
  /^\d+\.\d+/,
];

/** Characters of a key read into its pattern. */
const MAX_KEY_LENGTH = 512;
const INTEGER = /^\d+$/;
/** ≥ 8 hex characters with at least one digit (`deadbeef` is a word, `5f3a9c1e` an id). */
const HEX_ID = /^(?=[a-z]*\d)[\da-f]{8,}$|^(?=[A-Z]*\d)[\dA-F]{8,}$/;
/** Letters followed by a long number, `order12345`: the number varies (`v1`, `h264`, `sha256` stay words). */
const WORD_WITH_NUMBER = /^([a-z]+)\d{4,}$/i;
/** Tokens at least this long that mix letters and digits are random ids (ULID, nanoid, base64). */
const LONG_TOKEN_LENGTH = 16;
/** Letters and digits (base64 padding allowed), long enough to be random. */
const BASE62_TOKEN = /^[a-z\d+]{16,}=*$/i;
const LOWERCASE_WORD = /^[a-z]{2,}$/;
/** A fragment that reads like a word or a plain number: `user`, `HTTP`, `userId`, `Session`, `42`, `v2`, `shard12`. */
const PLAIN_FRAGMENT = /^(?:[a-z]+|[A-Z]+|[A-Z]?[a-z]+(?:[A-Z][a-z]+)*|\d+|[a-z]+\d{1,3})$/;

/**
 * The key with its varying parts replaced by `*`.
 *
 * The key is split on `:` `-` `_` `/` `.` `|` `#` `{` `}` (kept in the pattern), and a
 * segment becomes `*` when it looks like an id:
 * - integers and decimal numbers, IPv4 addresses;
 * - UUIDs, hex ids (≥ 8 hex characters with a digit), ISO dates and timestamps, emails;
 * - long tokens (≥ 16 characters mixing letters and digits: ULIDs, nanoids, base64url),
 *   also when they contain `-` or `_`, as long as some part of them does not read like a
 *   word (`user_profile_2024` keeps its words);
 * - shorter tokens (≥ 8 letters and digits) that switch between letters and digits at
 *   least 3 times (`k3j9x0a1b2`), unlike words with a number (`sha256sum`);
 * - the number of `order12345` (`order*`), from 4 digits on.
 *
 * Words stay, even with digits (`v2`, `oauth2`, `h264`) or with `_` (`epoch_batch_size:42`
 * gives `epoch_batch_size:*`). A run of `*` joined by `.`, `-` or `_` collapses into one
 * (`ip:10.0.0.1` and `tel:555-12-34` give `ip:*` and `tel:*`); `*` joined by `:`, `/`, `|`,
 * `#` or braces do not, so `a:1:2` gives `a:*:*`, a different shape from `a:*`.
 * Keys longer than 512 characters are read up to there, with `*` for the rest.
 */
export function toKeyPattern(key: string): string {
  // Huge keys are rare; their tail would only cost time, so it counts as one varying part.
  if (key.length > MAX_KEY_LENGTH) return `${toKeyPattern(key.slice(0, MAX_KEY_LENGTH))}*`;
  const parts: string[] = [];
  let index = 0;
  while (index < key.length) {
    const char = key[index]!;
    if (SEPARATORS.has(char)) {
      parts.push(char);
      index += 1;
      continue;
    }
    const rest = key.slice(index);
    const compound = matchCompoundId(rest) ?? matchLongToken(rest);
    if (compound !== undefined) {
      parts.push('*');
      index += compound;
      continue;
    }
    const end = segmentEnd(key, index);
    parts.push(patternOfSegment(key.slice(index, end)));
    index = end;
  }
  return collapseStars(parts).join('');
}

/** Length of a compound id at the start of `text`, when it ends at a separator. */
function matchCompoundId(text: string): number | undefined {
  for (const id of COMPOUND_IDS) {
    const match = id.exec(text);
    if (match && endsAtBoundary(text, match[0].length)) return match[0].length;
  }
  return undefined;
}

/**
 * Length of a random token made of letters, digits, `-` and `_` (base64url, nanoid), up to
 * the next structural separator: long, mixing letters and digits, and with at least
 * one fragment that is not a plain word or number. A leading lowercase word is never
 * swallowed (`cart_<token>` gives `cart_*`); the token is tried again after it.
 */
function matchLongToken(text: string): number | undefined {
  const token = /^[\w-]+/.exec(text)?.[0];
  if (!token || token.length < LONG_TOKEN_LENGTH || !endsAtBoundary(text, token.length)) return undefined;
  if (!/\d/.test(token) || !/[a-z]/i.test(token)) return undefined;
  const fragments = token.split(/[-_]/).filter((fragment) => fragment !== '');
  if (fragments.length === 1) return token.length;
  if (LOWERCASE_WORD.test(fragments[0]!)) return undefined;
  return fragments.some((fragment) => !PLAIN_FRAGMENT.test(fragment)) ? token.length : undefined;
}

function endsAtBoundary(text: string, length: number): boolean {
  return length === text.length || SEPARATORS.has(text[length]!);
}

function segmentEnd(key: string, start: number): number {
  let end = start;
  while (end < key.length && !SEPARATORS.has(key[end]!)) end += 1;
  return end;
}

function patternOfSegment(segment: string): string {
  if (INTEGER.test(segment) || HEX_ID.test(segment)) return '*';
  if (BASE62_TOKEN.test(segment) && /\d/.test(segment) && /[a-z]/i.test(segment)) return '*';
  if (isInterleavedToken(segment)) return '*';
  const numbered = WORD_WITH_NUMBER.exec(segment);
  if (numbered) return `${numbered[1]}*`;
  return segment;
}

/**
 * Shorter random tokens (`k3j9x0a1b2`, base36 ids): 8+ letters and digits that switch
 * between the two at least 3 times. Words with a number switch at most twice
 * (`sha256sum`, `base64url`, `x509cert`).
 */
function isInterleavedToken(segment: string): boolean {
  if (!/^[a-z\d]{8,}$/i.test(segment)) return false;
  const switches = segment.match(/[a-z](?=\d)|\d(?=[a-z])/gi)?.length ?? 0;
  return switches >= 3;
}

function collapseStars(parts: readonly string[]): string[] {
  const collapsed: string[] = [];
  for (const part of parts) {
    const length = collapsed.length;
    if (part === '*' && length >= 2 && collapsed[length - 2] === '*' && COLLAPSING_SEPARATORS.has(collapsed[length - 1]!)) {
      collapsed.pop();
      continue;
    }
    collapsed.push(part);
  }
  return collapsed;
}

/** One key as the SCAN pass saw it. */
export interface SampledKeyRecord {
  readonly key: string;
  /** `TYPE` reply: `string`, `hash`… */
  readonly type: string;
  /** `PTTL` reply: -1 when the key has no TTL. */
  readonly pttlMs: number;
  /** `OBJECT IDLETIME`, when it was allowed. */
  readonly idleSeconds?: number;
  /** `MEMORY USAGE`, for the keys measured. */
  readonly memoryBytes?: number;
}

export interface PatternAggregatorOptions {
  /** Distinct patterns kept; keys of any further pattern are counted under `(other)`. */
  readonly maxPatterns?: number;
}

export interface SampleTotals {
  /** Keys in the keyspace (`DBSIZE`), to scale the sample. */
  readonly totalKeys: number;
}

/** The pattern under which keys are counted once `maxPatterns` distinct patterns are kept. */
export const OTHER_PATTERN = '(other)';
const DEFAULT_MAX_PATTERNS = 10_000;
const MAX_EXAMPLES = 3;
/** Idle times kept per pattern for the median (a reservoir sample beyond that). */
const MAX_IDLE_VALUES = 1_000;

interface PatternTally {
  sampledKeys: number;
  keysWithoutTtl: number;
  types: Map<string, number>;
  examples: string[];
  measuredKeys: number;
  measuredBytes: number;
  idleSeen: number;
  idleValues: number[];
  idleMax: number;
}

/**
 * Counts sampled keys per pattern. Memory stays bounded on keyspaces of random keys:
 * at most `maxPatterns` patterns (10,000 by default), then `(other)`.
 */
export class PatternAggregator {
  private readonly tallies = new Map<string, PatternTally>();
  private readonly maxPatterns: number;
  private sampled = 0;
  private withoutTtl = 0;
  private measured = 0;

  constructor(options: PatternAggregatorOptions = {}) {
    this.maxPatterns = options.maxPatterns ?? DEFAULT_MAX_PATTERNS;
  }

  get sampledKeys(): number {
    return this.sampled;
  }

  get keysWithoutTtl(): number {
    return this.withoutTtl;
  }

  get measuredKeys(): number {
    return this.measured;
  }

  add(record: SampledKeyRecord): void {
    const tally = this.tallyFor(toKeyPattern(record.key));
    this.sampled += 1;
    tally.sampledKeys += 1;
    if (record.pttlMs === -1) {
      this.withoutTtl += 1;
      tally.keysWithoutTtl += 1;
    }
    tally.types.set(record.type, (tally.types.get(record.type) ?? 0) + 1);
    if (tally.examples.length < MAX_EXAMPLES) tally.examples.push(record.key);
    if (record.memoryBytes !== undefined) {
      this.measured += 1;
      tally.measuredKeys += 1;
      tally.measuredBytes += record.memoryBytes;
    }
    if (record.idleSeconds !== undefined) addIdle(tally, record.idleSeconds);
  }

  /** Groups sorted by estimated bytes, then by sampled keys, largest first; `(other)` last. */
  groups(totals: SampleTotals): KeyPatternGroup[] {
    const scale = this.sampled === 0 ? 0 : totals.totalKeys / this.sampled;
    const groups = [...this.tallies].map(([pattern, tally]) => toGroup(pattern, tally, scale, this.sampled));
    return groups.sort(
      (a, b) =>
        Number(a.pattern === OTHER_PATTERN) - Number(b.pattern === OTHER_PATTERN) ||
        (b.estimatedBytes ?? -1) - (a.estimatedBytes ?? -1) ||
        b.sampledKeys - a.sampledKeys ||
        a.pattern.localeCompare(b.pattern),
    );
  }

  private tallyFor(pattern: string): PatternTally {
    const known = this.tallies.get(pattern);
    if (known) return known;
    const key = this.tallies.size < this.maxPatterns ? pattern : OTHER_PATTERN;
    const tally = this.tallies.get(key) ?? emptyTally();
    this.tallies.set(key, tally);
    return tally;
  }
}

function emptyTally(): PatternTally {
  return { sampledKeys: 0, keysWithoutTtl: 0, types: new Map(), examples: [], measuredKeys: 0, measuredBytes: 0, idleSeen: 0, idleValues: [], idleMax: 0 };
}

/** Keeps a uniform sample of idle times (reservoir sampling) so the median stays fair when the group is large. */
function addIdle(tally: PatternTally, idleSeconds: number): void {
  tally.idleSeen += 1;
  tally.idleMax = Math.max(tally.idleMax, idleSeconds);
  if (tally.idleValues.length < MAX_IDLE_VALUES) {
    tally.idleValues.push(idleSeconds);
    return;
  }
  const slot = Math.floor(Math.random() * tally.idleSeen);
  if (slot < MAX_IDLE_VALUES) tally.idleValues[slot] = idleSeconds;
}

function toGroup(pattern: string, tally: PatternTally, scale: number, sampled: number): KeyPatternGroup {
  const estimatedKeys = Math.round(tally.sampledKeys * scale);
  const types = [...tally.types].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([type]) => type);
  return {
    pattern,
    sampledKeys: tally.sampledKeys,
    keysWithoutTtl: tally.keysWithoutTtl,
    estimatedKeys,
    share: sampled === 0 ? 0 : tally.sampledKeys / sampled,
    ...(tally.measuredKeys > 0 && { estimatedBytes: Math.round((tally.measuredBytes / tally.measuredKeys) * estimatedKeys) }),
    types,
    ...(tally.idleValues.length > 0 && { idleSeconds: { median: median(tally.idleValues), max: tally.idleMax } }),
    examples: [...tally.examples],
  };
}

/** Median of the values (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
