import type { KeyPatternGroup } from './types';

/**
 * Turns sampled Redis keys into patterns (`sess:*:data`) and aggregates the sample
 * per pattern. Patterns are what the report shows and what the code-site matching
 * compares with the key prefixes written in the code.
 *
 * Two layers keep one leak in one pattern:
 * - `toKeyPattern` recognises the usual id formats in each key on its own;
 * - `PatternAggregator` folds the ids no rule recognises: once 50 distinct patterns
 *   differ only in one `:` field, that field is `*` for all of them, and a word that
 *   has the very shape of the ids already counted in a field (`color:facade` among
 *   `color:a3f09b`) joins them.
 *
 * Over 500 lines on purpose: the id recognisers share one character table and one set of
 * word lists with the aggregator, and they are tuned together against the same key samples
 * (test/audit/key-patterns.test.ts); split, each half would need the other's tables.
 */

/** Characters that split a key into segments; they stay in the pattern. */
export const KEY_SEPARATORS: ReadonlySet<string> = new Set([':', '-', '_', '/', '.', '|', '#', '{', '}', ' ']);
const SEPARATORS = KEY_SEPARATORS;

/** Separators inside one token (`10.0.0.1`, `555-1234`, `a_1_2`): a run of `*` joined by them collapses. */
const COLLAPSING_SEPARATORS: ReadonlySet<string> = new Set(['.', '-', '_']);

/** Separators that never occur inside an id: they bound the fields that whole-field rules read (base64, session ids). */
const FIELD_BOUNDARIES: ReadonlySet<string> = new Set([':', '|', '#', '{', '}', ' ']);

/** Per ASCII code: 1 separator, 2 field boundary. */
const CHAR_KINDS = new Uint8Array(128);
for (const char of SEPARATORS) CHAR_KINDS[char.charCodeAt(0)]! |= 1;
for (const char of FIELD_BOUNDARIES) CHAR_KINDS[char.charCodeAt(0)]! |= 2;

function isSeparatorCode(code: number): boolean {
  return code < 128 && (CHAR_KINDS[code]! & 1) !== 0;
}

function isFieldBoundaryCode(code: number): boolean {
  return code < 128 && (CHAR_KINDS[code]! & 2) !== 0;
}

function isHexCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

/**
 * Ids that contain separators themselves, tried at the start of each segment before
 * splitting (sticky: matched at `lastIndex`). Each must end at a separator or at the end of the key.
 */
// UUID, any version.
const UUID = /[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}/iy;
// ISO date or timestamp: 2024-01-05, 2024-01, 2024-01-05T10:20:30.123Z, 2024-01-05 10:20:30+02:00.
const ISO_DATE = /\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?/iy;
// Email address.
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/iy;
// IPv4 address, optionally with a port (`rate:1.2.3.4:60` gives `rate:*`: the port or window goes with the address).
const IPV4 = /\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?/y;
// Phone number in E.164 form, `+` and 7 to 15 digits, maybe grouped: +15551234567, +1 555 123 4567, +44-20-7946-0958.
const PHONE = /\+\d(?:[ .-]?\d){6,14}/y;
// Decimal number.
const DECIMAL = /\d+\.\d+/y;
// IPv6 address in brackets, maybe with a zone and a port: [2001:db8::1]:443 (the address is checked by `isIpv6`).
const BRACKETED_IPV6 = /\[([\da-f:]+)(?:%[\w.]+)?\](?::\d{1,5})?/iy;
// The zone of an IPv6 address: fe80::1%eth0.
const IPV6_ZONE = /%[\w.]+/y;

/** Characters of a key read into its pattern. */
const MAX_KEY_LENGTH = 512;
/** Hex ids have at least this many characters, with a digit (`deadbeef`, `facade` are words, `a3f09b`, `5f3a9c1e` ids). */
const HEX_ID_LENGTH = 6;
/** Tokens at least this long that mix letters and digits are random ids (ULID, nanoid, base64). */
const LONG_TOKEN_LENGTH = 16;
/** Letters only in both cases are read as a random token from this length on, unless they read as a camelCase name. */
const RANDOM_LETTERS_LENGTH = 12;
/** Shortest whole field read as one token with its own `-` and `_` (nanoid-10 `V1St-GX_R8`). */
const SHORT_TOKEN_LENGTH = 8;
/** Letters and digits (base64 padding allowed), long enough to be random. */
const BASE62_TOKEN = /^[a-z\d+]{16,}=*$/i;
const LOWERCASE_WORD = /^[a-z]{2,}$/;
/** The prefix of a prefixed id, before its `_`: `cus`, `pi`, `live` (of `sk_live_`). */
const ID_PREFIX = /^[a-z]{2,8}$/;
/** A fragment that reads like a word or a plain number: `user`, `HTTP`, `userId`, `Session`, `42`, `v2`, `shard12`, `Q1`. */
const PLAIN_FRAGMENT = /^(?:[a-z]+|[A-Z]+|[A-Z]?[a-z]+(?:[A-Z][a-z]+)*|\d+|[a-z]+\d{1,3}|[A-Z]+\d{1,3})$/;
/** A whole field of base64 or base64url, maybe `=` padded (16+ characters in all). */
const BASE64_FIELD = /^[A-Za-z\d+/_-]{12,}={0,2}$/;
/** A path step before the last: `api`, `v2`, `users` (not `d`, `98`, `j0`: base64 cut by its `/`). */
const PATH_STEP = /^(?:[a-z]{3,}\d{0,3}|v\d{1,3})$/;
/** The field before a session id: `sess:<id>`, `session:<id>`, `token:<id>`… */
const SESSION_FIELDS: ReadonlySet<string> = new Set(['sess', 'session', 'sessions', 'sid', 'token', 'tokens', 'csrf', 'jwt', 'nonce', 'refresh', 'refresh_token', 'access_token', 'apikey', 'api_key', 'auth']);
/** A session id after such a field: 20+ url-safe characters, leading `_` or `-` included. */
const SESSION_ID = /^[\w-]{20,}$/;
/**
 * Numbers that make a word, not an id, after letters: bit and key sizes (`base64`, `sha256`,
 * `int32`, `rsa2048`). With the words below, `word` + 2 or more digits stays whole.
 */
const TECH_NUMBERS: ReadonlySet<string> = new Set(['16', '32', '64', '128', '192', '224', '256', '384', '512', '1024', '2048', '3072', '4096']);
/** Names ending in 2+ digits that stay whole, unlike numbered things (`erin23` gives `erin*`, `shard12` `shard*`). */
const TECH_WORDS: ReadonlySet<string> = new Set([
  'ed25519', 'ed448', 'x25519', 'iso8601', 'rfc3339', 'rfc2822', 'tls12', 'tls13', 'http11', 'cp1252', 'win1252', 'iso88591', 'office365', 'ucs32',
  ...Array.from({ length: 12 }, (_, index) => `es${2015 + index}`),
]);
/**
 * Letters and a number that make a technical name, which may go on with more letters
 * (`md5sum`, `s3bucket`, `oauth2client`); numbers in `TECH_NUMBERS` too (`sha256sum`, `base64url`).
 */
const TECH_STEMS: ReadonlySet<string> = new Set(
  's3 ec2 k8 md5 sha1 sha3 utf8 ipv4 ipv6 web3 oauth1 oauth2 http2 http3 mp3 mp4 h264 h265 x264 x265 x509 vp8 vp9 av1 es5 es6 p2p'.split(' '),
);
/** Letters and digits in four or more runs, that are still names: `utf8mb4`. */
const MIXED_WORDS: ReadonlySet<string> = new Set(['utf8mb4', 'utf8mb3']);
/** Two-letter words of camelCase names (`userIdByEmail`); other two-letter pieces look random in a 12+ letter token. */
const TWO_LETTER_WORDS: ReadonlySet<string> = new Set(
  'id by to of on in at or is as up db js io ui qa ok un my no if do go me we us be an so os pi ip ai ci cd tv pc vm ws ms tx rx'.split(' '),
);
/** Vowel-less abbreviations of camelCase names: `HttpCache`, `MsgQueue`. */
const ABBREVIATIONS: ReadonlySet<string> = new Set(
  'http xml msg ctx cfg src dst tmp str pwd svc mgr cmd rpc sql dns ssl tls html css png jpg gif svg pdf csv tsv txt md js ts jwt px rgb cnt pkg lib crm cms sms mms dm nth'.split(' '),
);
/** Character classes, as bits: digit, a-f, g-z, A-F, G-Z, `-`, `_`, `+`, `/`, `=`, `.`, anything else. */
const DIGIT = 1;
const LOWER = 2 | 4;
const UPPER = 8 | 16;
const LETTERS = LOWER | UPPER;
const ALPHANUMERIC = DIGIT | LETTERS;
const DOT_OR_OTHER = 1024 | 2048;
const PUNCTUATION_CLASSES: ReadonlyMap<number, number> = new Map([
  [45, 32], // -
  [95, 64], // _
  [43, 128], // +
  [47, 256], // /
  [61, 512], // =
  [46, 1024], // .
]);

function characterClass(code: number): number {
  if (code >= 48 && code <= 57) return DIGIT;
  if (code >= 97 && code <= 102) return 2;
  if (code >= 103 && code <= 122) return 4;
  if (code >= 65 && code <= 70) return 8;
  if (code >= 71 && code <= 90) return 16;
  return PUNCTUATION_CLASSES.get(code) ?? 2048;
}

function characterClasses(text: string): number {
  let classes = 0;
  for (let index = 0; index < text.length; index += 1) classes |= characterClass(text.charCodeAt(index));
  return classes;
}

/** camelCase words: an acronym (maybe plural) before a capitalised word or at the end, a capitalised word, a lowercase run, a capital alone. */
const CAMEL_WORDS = /[A-Z]{2,}s(?=[A-Z]|$)|[A-Z]{2,}(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+|[A-Z]/g;

/**
 * The key with its varying parts replaced by `*`.
 *
 * The key is split on `:` `-` `_` `/` `.` `|` `#` `{` `}` and spaces (kept in the pattern),
 * and a segment becomes `*` when it looks like an id:
 * - integers and decimal numbers, IPv4 and IPv6 addresses, phone numbers (`+` and 7 to 15 digits);
 * - UUIDs, hex ids (≥ 6 hex characters with a digit), ISO dates and timestamps, emails;
 * - long tokens (≥ 16 characters mixing letters and digits, or upper and lower case at
 *   random: ULIDs, nanoids, base64url), also when they contain `-` or `_`, as long as some
 *   part of them does not read like a word (`user_profile_2024` keeps its words);
 * - a whole field (between `:`, `|`, `#`, braces or spaces) of base64 with `+`, `/` or `=`,
 *   or starting with `-` or `_` (`tok:/x9+Ab…==`, `tok:_a8…`), unless it reads as a path (`api/v2/<id>`);
 * - a whole field of 20+ url-safe characters after a session field (`sess:`, `session:`,
 *   `token:`…), whatever its first characters (`sess:_a8…`, `sess:-Kd…`, `sess:abc_…`);
 * - a whole field of 8+ url-safe characters cut by its own `-` or `_` (nanoid `V1St-GX_R8`);
 * - shorter codes of letters and digits (≥ 6 characters with both: `k3j9x0`, `9xk2ab`,
 *   `lguo6i`, `Nf3kP2x9QaZ`), unless they read as a word and a number (below) or as a
 *   technical name with more letters (`sha256sum`, `x509cert`, `base64url`, `md5sum`, `utf8mb4`);
 * - 12+ letters in both cases that do not read as a camelCase name (`QxZkVbTrWpLm`, not
 *   `NotificationSettings`), from 8 after an id prefix;
 * - prefixed ids keep their prefix (`cus_Nf3kP2x9QaZ` gives `cus_*`, `sk_live_…` `sk_live_*`);
 * - the number of a word followed by 2 or more digits (`erin23` gives `erin*`, `order12345`
 *   `order*`), except technical names: one letter (`v10`, `h264`, `x509`), one digit
 *   (`oauth2`, `ipv6`, `erin7`), bit sizes (`base64`, `sha256`, `int32`, `rsa2048`) and a few
 *   more (`ed25519`, `iso8601`, `es2015`).
 *
 * Words stay, even with digits (`v2`, `oauth2`, `h264`, `s3`) or with `_` (`epoch_batch_size:42`
 * gives `epoch_batch_size:*`). A run of `*` joined by `.`, `-` or `_` collapses into one
 * (`ip:10.0.0.1` and `tel:555-12-34` give `ip:*` and `tel:*`); `*` joined by `:`, `/`, `|`,
 * `#`, braces or spaces do not, so `a:1:2` gives `a:*:*`, a different shape from `a:*`.
 * Keys longer than 512 characters are read up to there, with `*` for the rest.
 */
export function toKeyPattern(key: string): string {
  // Huge keys are rare; their tail would only cost time, so it counts as one varying part.
  if (key.length > MAX_KEY_LENGTH) return `${toKeyPattern(key.slice(0, MAX_KEY_LENGTH))}*`;
  const pattern = new PatternBuilder();
  const hasAt = key.includes('@');
  // End of the run of letters, digits, `-` and `_` the current position is in (a long token ends there).
  let tokenEnd = 0;
  let index = 0;
  while (index < key.length) {
    const code = key.charCodeAt(index);
    if (index >= tokenEnd) tokenEnd = wordRunEnd(key, index);
    const separator = isSeparatorCode(code);
    const fieldStart = !isFieldBoundaryCode(code) && (index === 0 || isFieldBoundaryCode(key.charCodeAt(index - 1)));
    const id =
      (separator ? undefined : (matchCompoundId(key, index, code, hasAt) ?? matchIpv6(key, index, code))) ??
      (fieldStart ? matchWholeField(key, index) : undefined) ??
      (separator ? undefined : matchLongToken(key, index, tokenEnd));
    if (id !== undefined) {
      pattern.push('*');
      index += id;
      continue;
    }
    if (separator) {
      pattern.push(key[index]!);
      index += 1;
      continue;
    }
    const end = segmentEnd(key, index);
    pattern.push(patternOfSegment(key.slice(index, end), pattern.afterPrefix()));
    index = end;
  }
  return pattern.text;
}

/** The pattern's parts joined, where a `*` after `*` and `.`, `-` or `_` is dropped with that separator (`*.*` is `*`). */
class PatternBuilder {
  text = '';
  private last = '';
  private beforeLast = '';

  push(part: string): void {
    if (part === '*' && this.beforeLast === '*' && COLLAPSING_SEPARATORS.has(this.last)) {
      this.text = this.text.slice(0, -1);
      this.last = '*';
      this.beforeLast = '';
      return;
    }
    this.text += part;
    this.beforeLast = this.last;
    this.last = part;
  }

  /** Whether the next segment follows the prefix of a prefixed id: a short lowercase word and `_` (`cus_`, `sk_live_`). */
  afterPrefix(): boolean {
    return this.last === '_' && ID_PREFIX.test(this.beforeLast);
  }
}

/** Length of the field at `start` when the whole field is one id: a session id, base64 with `+`, `/` or `=`, a nanoid with `-` or `_`. */
function matchWholeField(key: string, start: number): number | undefined {
  let end = start;
  let classes = 0;
  for (; end < key.length; end += 1) {
    const code = key.charCodeAt(end);
    if (isFieldBoundaryCode(code)) break;
    classes |= characterClass(code);
  }
  // Each kind is letters with digits or both cases, and none has `.` or other characters.
  if (end - start < SHORT_TOKEN_LENGTH || (classes & DOT_OR_OTHER) !== 0 || (classes & LETTERS) === 0) return undefined;
  if ((classes & DIGIT) === 0 && ((classes & LOWER) === 0 || (classes & UPPER) === 0)) return undefined;
  const field = key.slice(start, end);
  return isSessionId(field, key, start) || isBase64Field(field) || isUrlSafeToken(field) ? field.length : undefined;
}

/**
 * A nanoid or base64url field cut by its own `-` and `_` (`V1St-GX_R8`, `_a8Kd3j-x`): 8+
 * characters, some part of which does not read as a word or number, and not led by a
 * lowercase word (`my-service-v2`, `cart_<id>` keep their words).
 */
function isUrlSafeToken(field: string): boolean {
  if (!/^[\w-]+$/.test(field) || !/[-_]/.test(field) || !/[a-z]/i.test(field) || !(/\d/.test(field) || hasBothCases(field))) return false;
  const fragments = field.split(/[-_]/);
  if (LOWERCASE_WORD.test(fragments[0]!)) return false;
  return fragments.some((fragment) => fragment !== '' && !PLAIN_FRAGMENT.test(fragment));
}

function isSessionId(field: string, key: string, start: number): boolean {
  if (start === 0 || !SESSION_ID.test(field) || !/[a-z]/i.test(field) || !(/\d/.test(field) || hasBothCases(field))) return false;
  let before = start - 1;
  while (before > 0 && !FIELD_BOUNDARIES.has(key[before - 1]!)) before -= 1;
  return SESSION_FIELDS.has(key.slice(before, start - 1).toLowerCase());
}

/**
 * Base64 that the usual splitting would cut apart: with `+`, `/` or `=`, or starting with
 * `-` or `_` (base64url). A path (`api/v2/<id>`, `/api/users/<id>`) is not one.
 */
function isBase64Field(field: string): boolean {
  if (field.length < LONG_TOKEN_LENGTH || !BASE64_FIELD.test(field)) return false;
  const padded = /[+=]/.test(field);
  if (!padded && !field.includes('/') && !/^[-_]/.test(field)) return false;
  const body = field.replace(/=+$/, '');
  if (!/[a-z]/i.test(body)) return false;
  if (padded) return /\d/.test(body) || hasBothCases(body);
  if (body.includes('/')) {
    if (looksLikePath(body)) return false;
    if (/\d/.test(body)) return true;
  }
  return body.split(/[-_/]+/).some((fragment) => fragment !== '' && isRandomFragment(fragment));
}

/** `api/v2/<id>`, `/api/users/<id>`: every step before the last is a word of 3+ letters or a version. */
function looksLikePath(text: string): boolean {
  const steps = text.split('/');
  const inner = steps[0] === '' ? steps.slice(1, -1) : steps.slice(0, -1);
  return inner.length > 0 && inner.every((step) => PATH_STEP.test(step));
}

/** Length of a compound id at `start` in `key`, when it ends at a separator; `code` is the first character, `hasAt` whether the key has a `@`. */
function matchCompoundId(key: string, start: number, code: number, hasAt: boolean): number | undefined {
  const digit = code >= 48 && code <= 57;
  return (
    (isHexCode(code) ? matchAt(UUID, key, start) : undefined) ??
    (digit ? matchAt(ISO_DATE, key, start) : undefined) ??
    (hasAt ? matchAt(EMAIL, key, start) : undefined) ??
    (digit ? (matchAt(IPV4, key, start) ?? matchAt(DECIMAL, key, start)) : undefined) ??
    (code === 43 ? matchAt(PHONE, key, start) : undefined)
  );
}

/** Length of the match of a sticky regex at `start`, when it ends at a separator. */
function matchAt(id: RegExp, key: string, start: number): number | undefined {
  id.lastIndex = start;
  const match = id.exec(key);
  return match && endsAtBoundary(key, start + match[0].length) ? match[0].length : undefined;
}

/**
 * Length of an IPv6 address at `start` in `key` (`2001:db8::1`, `fe80::1%eth0`,
 * `[2001:db8::1]:443`), the longest one that ends at a separator. It must have a digit and a
 * group of 3+ characters, so `a:1:2:3:4:5:6:7` or `ab::cd` stay keys.
 */
function matchIpv6(key: string, start: number, code: number): number | undefined {
  if (code === 91) {
    BRACKETED_IPV6.lastIndex = start;
    const match = BRACKETED_IPV6.exec(key);
    return match && isIpv6(match[1]!) && endsAtBoundary(key, start + match[0].length) ? match[0].length : undefined;
  }
  // Hex digits and colons, at least two of them (`fe80::1`).
  let runEnd = start;
  let colons = 0;
  for (; runEnd < key.length; runEnd += 1) {
    const next = key.charCodeAt(runEnd);
    if (next === 58) colons += 1;
    else if (!isHexCode(next)) break;
  }
  if (colons < 2) return undefined;
  const run = key.slice(start, runEnd);
  for (let end = run.length; end > 0; end = run.lastIndexOf(':', end - 1)) {
    if (!isIpv6(run.slice(0, end))) continue;
    let length = end;
    if (end === run.length) {
      IPV6_ZONE.lastIndex = start + end;
      length += IPV6_ZONE.exec(key)?.[0].length ?? 0;
    }
    if (endsAtBoundary(key, start + length)) return length;
  }
  return undefined;
}

function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!groups.every((group) => /^[\da-f]{1,4}$/i.test(group))) return false;
  if (halves.length === 2 ? groups.length > 7 : groups.length !== 8) return false;
  return /\d/.test(text) && groups.some((group) => group.length >= 3);
}

/**
 * Length of a random token made of letters, digits, `-` and `_` (base64url, nanoid), up to
 * the next structural separator: long, and with at least one fragment that is not a plain
 * word or number. A leading lowercase word is never swallowed (`cart_<token>` gives
 * `cart_*`); the token is tried again after it.
 */
function matchLongToken(key: string, start: number, end: number): number | undefined {
  if (end - start < LONG_TOKEN_LENGTH || !endsAtBoundary(key, end)) return undefined;
  const token = key.slice(start, end);
  if (!/[a-z]/i.test(token) || !(/\d/.test(token) || hasBothCases(token))) return undefined;
  const fragments = token.split(/[-_]/).filter((fragment) => fragment !== '');
  if (fragments.length === 1) return patternOfSegment(token) === '*' ? token.length : undefined;
  if (LOWERCASE_WORD.test(fragments[0]!)) return undefined;
  return fragments.some(isRandomFragment) ? token.length : undefined;
}

/** End of the run of letters, digits, `-` and `_` from `start` (`start` itself when there is none). */
function wordRunEnd(key: string, start: number): number {
  let end = start;
  while (end < key.length && (characterClass(key.charCodeAt(end)) & (ALPHANUMERIC | 32 | 64)) !== 0) end += 1;
  return Math.max(end, start + 1);
}

/** A fragment of a token (letters and digits) that does not read as a word or a number. */
function isRandomFragment(fragment: string): boolean {
  if (!PLAIN_FRAGMENT.test(fragment)) return true;
  return fragment.length >= 12 && looksRandomLetters(fragment);
}

/** Whether the text at `end` of `key` ends there: at the end of the key or at a separator. */
function endsAtBoundary(key: string, end: number): boolean {
  return end === key.length || isSeparatorCode(key.charCodeAt(end));
}

function segmentEnd(key: string, start: number): number {
  let end = start;
  while (end < key.length && !isSeparatorCode(key.charCodeAt(end))) end += 1;
  return end;
}

/**
 * `afterPrefix`: the segment follows `cus_`, `pi_`, `sk_live_`…, where a token of letters in
 * both cases is an id from 12 characters on, and from 8 when it does not read as a camelCase name.
 */
function patternOfSegment(segment: string, afterPrefix = false): string {
  const classes = characterClasses(segment);
  if (classes === DIGIT) return '*';
  if ((classes & ~ALPHANUMERIC) !== 0) {
    // Base64 pieces: letters, digits, `+` and `=` padding.
    return BASE62_TOKEN.test(segment) && (classes & DIGIT) !== 0 ? '*' : segment;
  }
  // After an id prefix, 12+ letters and digits or letters in both cases are the id (Stripe's are 14+ characters).
  if (afterPrefix && segment.length >= RANDOM_LETTERS_LENGTH && ((classes & DIGIT) !== 0 || ((classes & LOWER) !== 0 && (classes & UPPER) !== 0))) return '*';
  if ((classes & DIGIT) === 0) {
    // Letters in both cases: a random token when long, or after an id prefix when not a camelCase name.
    const minLength = afterPrefix ? SHORT_TOKEN_LENGTH : RANDOM_LETTERS_LENGTH;
    return segment.length >= minLength && looksRandomLetters(segment) ? '*' : segment;
  }
  if (TECH_WORDS.has(segment.toLowerCase())) return segment;
  // Hex, in one case: `a3f09b`, `5F3A9C1E`.
  if (segment.length >= HEX_ID_LENGTH && ((classes & ~(DIGIT | 2)) === 0 || (classes & ~(DIGIT | 8)) === 0)) return '*';
  return patternOfLettersAndDigits(segment);
}

/** A segment of letters and at least one digit (integers and hex ids are handled before). */
function patternOfLettersAndDigits(segment: string): string {
  if (segment.length >= LONG_TOKEN_LENGTH) return '*';
  const runs = segment.match(/\d+|[a-z]+/gi)!;
  const lettersFirst = !/^\d/.test(segment);
  if (runs.length === 2 && lettersFirst && READABLE_LETTERS.test(runs[0]!)) return patternOfNumberedWord(segment, runs[0]!, runs[1]!);
  if (segment.length < 6 || MIXED_WORDS.has(segment.toLowerCase())) return segment;
  // A technical name with more letters: `sha256sum`, `x509cert`, `base64url`, `OAuth2Token` (not `lguo6i`, `htbg11kl`).
  if (runs.length === 3 && lettersFirst && READABLE_LETTERS.test(runs[2]!) && isTechName(runs[0]!, runs[1]!)) return segment;
  return '*';
}

/** Letters that read as a word or an acronym: `sha`, `Token`, `OAuth`, `HTTP`; not `QxZk`, `BTVUbx`. */
const READABLE_LETTERS = /^(?:[a-z]+|[A-Z]{1,2}[a-z]+|[A-Z]{1,5})$/;

function isTechName(letters: string, digits: string): boolean {
  return READABLE_LETTERS.test(letters) && (TECH_NUMBERS.has(digits) || TECH_STEMS.has(`${letters}${digits}`.toLowerCase()));
}

/** `erin23` gives `erin*`, `order12345` `order*`; `v10`, `oauth2`, `sha256`, `rsa2048`, `ed25519` stay. */
function patternOfNumberedWord(segment: string, letters: string, digits: string): string {
  if (TECH_NUMBERS.has(digits) || TECH_WORDS.has(segment.toLowerCase())) return segment;
  if (digits.length >= 4 || (letters.length >= 2 && digits.length >= 2)) return `${letters}*`;
  return segment;
}

function hasBothCases(text: string): boolean {
  return /[a-z]/.test(text) && /[A-Z]/.test(text);
}

/**
 * Letters in both cases that do not read as a camelCase name (`QxZkVbTrWpLm`, not
 * `NotificationSettings`, `getUserIdByEmail`, `XMLHttpRequest`, `OAuthToken`): a name's
 * words have vowels (or are common abbreviations), its two-letter words are real ones
 * (`Id`, `By`), its acronyms are few and short.
 */
function looksRandomLetters(text: string): boolean {
  if (!hasBothCases(text)) return false;
  const words = text.match(CAMEL_WORDS) ?? [];
  let acronyms = 0;
  let capitals = 0;
  for (const [index, word] of words.entries()) {
    if (/^(?:[A-Z]{2,}s?|[A-Z])$/.test(word)) {
      if (word.length === 1) {
        // A capital alone is an initial before a word (`OAuth`, `IsAUser`), once.
        const next = words[index + 1];
        if ((next !== undefined && !/^[A-Z][a-z]/.test(next)) || ++capitals > 1) return true;
      } else if (word.length > 6 || ++acronyms > 2) return true;
      continue;
    }
    const lower = word.toLowerCase();
    if (word.length <= 2) {
      // `iPhone`, `eBay`: one lowercase letter first.
      if (!(index === 0 && word.length === 1) && !TWO_LETTER_WORDS.has(lower)) return true;
    } else if (!/[aeiouy]/.test(lower) && !ABBREVIATIONS.has(lower)) return true;
  }
  return false;
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
  /** Distinct patterns that differ in one field only at which that field becomes `*` for all of them (50). */
  readonly collapseAt?: number;
}

export interface SampleTotals {
  /** Keys in the keyspace (`DBSIZE`), to scale the sample. */
  readonly totalKeys: number;
}

/** The pattern under which keys are counted once `maxPatterns` distinct patterns are kept. */
export const OTHER_PATTERN = '(other)';
const DEFAULT_MAX_PATTERNS = 10_000;
/** Above BullMQ's ~15 fixed keys per queue (`bull:q:wait`, `bull:q:meta`…), far below a leak's thousands of ids. */
const DEFAULT_COLLAPSE_AT = 50;
const MAX_EXAMPLES = 3;
/** Idle times kept per pattern for the median (a reservoir sample beyond that). */
const MAX_IDLE_VALUES = 1_000;
/** Fields of a pattern, split on `:` `|` `#` and braces; the text between two of them may collapse. */
const FIELD_SPLIT = /([:|#{}])/;
/** Fields read for collapsing; the rest of a longer key stays as it is. */
const MAX_FIELDS = 16;
/** Sibling patterns remembered (across generalisations) per pattern kept, to bound memory. */
const SIBLINGS_PER_PATTERN = 4;
/** Keys per pattern whose `*` fields are read for their shape (length, characters). */
const SHAPE_KEYS = 1_000;
/** Keys read in a `*` field before a literal of the same shape joins it. */
const SHAPE_MIN_KEYS = 20;
/** Keys read in a `*` field at which the literals kept so far are checked against its shape. */
const SHAPE_CHECKS: ReadonlySet<number> = new Set([SHAPE_MIN_KEYS, 100, SHAPE_KEYS]);
/** Shortest ids a literal may join by shape: shorter ones are too often real words. */
const SHAPE_MIN_LENGTH = 6;
/** Most difference between the shortest and the longest id of a field for a literal to join by shape. */
const SHAPE_MAX_SPREAD = 4;

/** What the raw text of a `*` field looked like: lengths and character classes. */
interface FieldShape {
  keys: number;
  minLength: number;
  maxLength: number;
  classes: number;
}

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
  /** How many pieces the pattern splits into (`FIELD_SPLIT`, separators kept: fields at even indexes). */
  readonly pieces: number;
  /** Shapes of the `*` fields (by piece index) that may collapse; undefined when there are none. */
  readonly shapes: Map<number, FieldShape> | undefined;
  shapeKeys: number;
}

/**
 * Counts sampled keys per pattern, folding the patterns of ids that `toKeyPattern` does
 * not recognise:
 * - collapse: when `collapseAt` (50) distinct patterns differ only in one field (text
 *   between `:` `|` `#` or braces, never the first field, which names the keys), such as
 *   `inv:qwerty`, `inv:zxcvbn`…, that field becomes `*`: the patterns are merged into
 *   `inv:*` (counts, bytes, idle times, examples) and every later key of that shape is
 *   counted there. BullMQ's ~15 fixed keys per queue stay apart;
 * - shape: once 20 keys of a pattern were read, a literal in one of its `*` fields joins it
 *   when it has the shape of the ids seen there (ids of 6+ characters mixing letters and
 *   digits, lengths within 4 of each other, the same character classes): `color:facade`
 *   joins `color:*` of `color:a3f09b`, while `bull:q:wait` stays apart from `bull:q:*` of numeric jobs.
 *
 * Memory stays bounded: at most `maxPatterns` patterns (10,000 by default), then
 * `(other)`; the collapse happens before, so a leak of random ids ends as one pattern.
 */
export class PatternAggregator {
  private readonly tallies = new Map<string, PatternTally>();
  /** Patterns merged into another one, and where their keys go now. */
  private readonly folded = new Map<string, string>();
  /** Generalisations (`inv:*`) whose one-field variants are all counted there. */
  private readonly promoted = new Set<string>();
  /** The distinct patterns seen per generalisation not promoted yet. */
  private readonly siblings = new Map<string, string[]>();
  private siblingEntries = 0;
  private readonly maxPatterns: number;
  private readonly collapseAt: number;
  private sampled = 0;
  private withoutTtl = 0;
  private measured = 0;

  constructor(options: PatternAggregatorOptions = {}) {
    this.maxPatterns = options.maxPatterns ?? DEFAULT_MAX_PATTERNS;
    this.collapseAt = Math.max(2, options.collapseAt ?? DEFAULT_COLLAPSE_AT);
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
    const pattern = this.place(toKeyPattern(record.key), record.key);
    const tally = this.tallies.get(pattern)!;
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
    if (tally.shapes !== undefined && tally.shapeKeys < SHAPE_KEYS) this.readShape(pattern, tally, record.key);
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

  /** The pattern a key of `pattern` is counted under, kept by now. */
  private place(pattern: string, key: string): string {
    if (this.tallies.has(pattern)) return pattern;
    const folded = this.folded.get(pattern);
    if (folded !== undefined) return this.resolve(folded);
    const pieces = pattern.split(FIELD_SPLIT);
    const fields = collapsibleFields(pieces);
    for (const field of fields) {
      const general = generalise(pieces, field);
      if (this.promoted.has(general) || this.folded.has(general)) return this.resolve(general);
    }
    return this.matchShape(pieces, fields, key) ?? this.create(pattern, pieces, fields);
  }

  private resolve(pattern: string): string {
    let current = pattern;
    for (let next = this.folded.get(current); next !== undefined; next = this.folded.get(current)) current = next;
    return current;
  }

  /** A kept pattern with `*` in one of the fields where this key has a literal of the shape of the ids there. */
  private matchShape(pieces: readonly string[], fields: readonly number[], key: string): string | undefined {
    let keyPieces: string[] | undefined;
    for (const field of fields) {
      const general = generalise(pieces, field);
      const shape = this.tallies.get(general)?.shapes?.get(field);
      if (shape === undefined || shape.keys < SHAPE_MIN_KEYS) continue;
      keyPieces ??= key.split(FIELD_SPLIT);
      if (keyPieces.length !== pieces.length) return undefined;
      if (fitsShape(shape, keyPieces[field]!)) return general;
    }
    return undefined;
  }

  /** Counts a new pattern among its siblings (collapsing them when they are many), then keeps it, or counts it as `(other)`. */
  private create(pattern: string, pieces: readonly string[], fields: readonly number[]): string {
    const promoted = this.register(pattern, pieces, fields);
    if (promoted !== undefined) return promoted;
    if (this.tallies.size >= this.maxPatterns) {
      if (!this.tallies.has(OTHER_PATTERN)) this.tallies.set(OTHER_PATTERN, emptyTally([]));
      return OTHER_PATTERN;
    }
    this.tallies.set(pattern, emptyTally(pieces));
    return pattern;
  }

  /** Records `pattern` under each of its generalisations; the pattern it now belongs to when one of them reached `collapseAt`. */
  private register(pattern: string, pieces: readonly string[], fields: readonly number[]): string | undefined {
    for (const field of fields) {
      if (this.siblingEntries >= this.maxPatterns * SIBLINGS_PER_PATTERN) return undefined;
      const general = generalise(pieces, field);
      if (this.promoted.has(general)) return this.resolve(general);
      let members = this.siblings.get(general);
      if (members === undefined) {
        members = [];
        this.siblings.set(general, members);
      }
      members.push(pattern);
      this.siblingEntries += 1;
      if (members.length >= this.collapseAt) return this.promote(general, members);
    }
    return undefined;
  }

  /** Makes `general` the pattern of all its one-field variants, merging those kept so far. */
  private promote(general: string, members: readonly string[]): string {
    this.siblings.delete(general);
    this.siblingEntries -= members.length;
    this.promoted.add(general);
    const target = this.resolve(general);
    let tally = this.tallies.get(target);
    const created = tally === undefined;
    if (tally === undefined) {
      tally = emptyTally(target.split(FIELD_SPLIT));
      this.tallies.set(target, tally);
    }
    for (const member of members) this.fold(member, target, tally);
    if (!created) return target;
    // The new pattern may itself be one of many (`a:*:x`, `a:*:y`… collapse into `a:*:*`).
    const pieces = target.split(FIELD_SPLIT);
    const further = this.register(target, pieces, collapsibleFields(pieces));
    if (further === undefined) return target;
    const resolved = this.resolve(further);
    if (resolved !== target) this.fold(target, resolved, this.tallies.get(resolved)!);
    return resolved;
  }

  private fold(member: string, target: string, into: PatternTally): void {
    const source = member === target ? undefined : this.tallies.get(member);
    if (source === undefined || member === OTHER_PATTERN) return;
    mergeTally(into, source);
    this.tallies.delete(member);
    this.folded.set(member, target);
  }

  /** Reads the raw text of the `*` fields of a key of `pattern`; once a field is known, folds the literals of its shape kept so far. */
  private readShape(pattern: string, tally: PatternTally, key: string): void {
    tally.shapeKeys += 1;
    const keyPieces = key.split(FIELD_SPLIT);
    if (keyPieces.length !== tally.pieces) return;
    for (const [field, shape] of tally.shapes!) {
      const text = keyPieces[field]!;
      shape.keys += 1;
      shape.minLength = Math.min(shape.minLength, text.length);
      shape.maxLength = Math.max(shape.maxLength, text.length);
      shape.classes |= characterClasses(text);
      // Once known, and again as more keys show more of the ids' characters and lengths.
      if (SHAPE_CHECKS.has(shape.keys)) this.foldByShape(pattern, tally, field, shape);
    }
  }

  /** Folds into `pattern` its siblings kept so far whose literal in `field` has the shape of the ids there (judged on their examples). */
  private foldByShape(pattern: string, tally: PatternTally, field: number, shape: FieldShape): void {
    const members = this.siblings.get(pattern);
    if (members === undefined) return;
    const pieces = pattern.split(FIELD_SPLIT);
    for (const member of members) {
      const source = this.tallies.get(member);
      if (source === undefined || member === pattern || generalise(member.split(FIELD_SPLIT), field) !== pattern) continue;
      const fits = source.examples.every((example) => {
        const keyPieces = example.split(FIELD_SPLIT);
        return keyPieces.length === pieces.length && fitsShape(shape, keyPieces[field]!);
      });
      if (fits) this.fold(member, pattern, tally);
    }
  }
}

/** Piece indexes of the fields that may collapse: not the first non-empty field (it names the keys), not already `*`. */
function collapsibleFields(pieces: readonly string[]): number[] {
  const fields: number[] = [];
  let named = false;
  for (let index = 0; index < pieces.length && index < MAX_FIELDS * 2; index += 2) {
    const field = pieces[index]!;
    if (field === '') continue;
    if (named && field !== '*') fields.push(index);
    named = true;
  }
  return fields;
}

/** The pattern with `*` for the field at piece `field`. */
function generalise(pieces: readonly string[], field: number): string {
  let text = '';
  for (let index = 0; index < pieces.length; index += 1) text += index === field ? '*' : pieces[index]!;
  return text;
}

function fitsShape(shape: FieldShape, text: string): boolean {
  return (
    text.length >= SHAPE_MIN_LENGTH &&
    text.length >= shape.minLength &&
    text.length <= shape.maxLength &&
    shape.maxLength - shape.minLength <= SHAPE_MAX_SPREAD &&
    (shape.classes & DIGIT) !== 0 &&
    (shape.classes & LETTERS) !== 0 &&
    (characterClasses(text) & ~shape.classes) === 0
  );
}

function emptyTally(pieces: readonly string[]): PatternTally {
  const starFields = collapsibleStars(pieces);
  return {
    sampledKeys: 0,
    keysWithoutTtl: 0,
    types: new Map(),
    examples: [],
    measuredKeys: 0,
    measuredBytes: 0,
    idleSeen: 0,
    idleValues: [],
    idleMax: 0,
    pieces: pieces.length,
    shapes: starFields.length === 0 ? undefined : new Map(starFields.map((field) => [field, { keys: 0, minLength: Infinity, maxLength: 0, classes: 0 }])),
    shapeKeys: 0,
  };
}

/** Piece indexes of the `*` fields after the first. */
function collapsibleStars(pieces: readonly string[]): number[] {
  const stars: number[] = [];
  let named = false;
  for (let index = 0; index < pieces.length && index < MAX_FIELDS * 2; index += 2) {
    const field = pieces[index]!;
    if (field === '') continue;
    if (named && field === '*') stars.push(index);
    named = true;
  }
  return stars;
}

/** Adds the counts of `from` to `into`; idle times are resampled in proportion to the keys each side saw. */
function mergeTally(into: PatternTally, from: PatternTally): void {
  into.sampledKeys += from.sampledKeys;
  into.keysWithoutTtl += from.keysWithoutTtl;
  for (const [type, count] of from.types) into.types.set(type, (into.types.get(type) ?? 0) + count);
  for (const example of from.examples) if (into.examples.length < MAX_EXAMPLES) into.examples.push(example);
  into.measuredKeys += from.measuredKeys;
  into.measuredBytes += from.measuredBytes;
  into.idleMax = Math.max(into.idleMax, from.idleMax);
  const seen = into.idleSeen + from.idleSeen;
  if (into.idleValues.length + from.idleValues.length <= MAX_IDLE_VALUES) {
    into.idleValues.push(...from.idleValues);
  } else {
    const fromInto = Math.min(into.idleValues.length, Math.round((MAX_IDLE_VALUES * into.idleSeen) / seen));
    const fromOther = Math.min(from.idleValues.length, MAX_IDLE_VALUES - fromInto);
    into.idleValues = [...pickRandom(into.idleValues, MAX_IDLE_VALUES - fromOther), ...pickRandom(from.idleValues, fromOther)];
  }
  into.idleSeen = seen;
}

/** `count` values of `values` at random (a partial Fisher–Yates shuffle of a copy). */
function pickRandom(values: readonly number[], count: number): number[] {
  const copy = [...values];
  const taken = Math.min(count, copy.length);
  for (let index = 0; index < taken; index += 1) {
    const other = index + Math.floor(Math.random() * (copy.length - index));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy.slice(0, taken);
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
