/*
 * The values the transforms' options take, checked the same way whether they come from
 * `redis-leaks fix` flags or from plain jscodeshift's `--name=value`: each parser throws a
 * message that says what to pass.
 */

/** The longest TTL taken: 2^31 - 1 seconds (68 years); anything longer is a typo. */
export const MAX_TTL_SECONDS = 2_147_483_647;

export type OptionValue = boolean | number | string;

/** A whole number of seconds, 1 to 2^31 - 1. */
export function parseTtlSeconds(value: OptionValue): number {
  const seconds = parseWholeNumber(value, 1);
  if (seconds > MAX_TTL_SECONDS) throw new Error(`expected at most ${MAX_TTL_SECONDS} seconds (68 years), got ${String(value)}.`);
  return seconds;
}

export function parsePositiveCount(value: OptionValue): number {
  return parseWholeNumber(value, 1);
}

export function parseNonNegativeCount(value: OptionValue): number {
  return parseWholeNumber(value, 0);
}

function parseWholeNumber(value: OptionValue, minimum: number): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isInteger(number) || number < minimum) throw new Error(`expected a whole number, ${minimum} or more, got ${String(value)}.`);
  return number;
}

/** Words JavaScript reserves, which cannot name a constant. */
const RESERVED_WORDS = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface ' +
    'package private protected public await arguments eval undefined NaN Infinity').split(' '),
);

/** A name a `const` can take. */
export function parseIdentifier(value: OptionValue): string {
  const text = String(value);
  if (!/^[A-Za-z_$][\w$]*$/.test(text)) throw new Error(`expected a JavaScript identifier, such as SESSION_TTL, got ${text}.`);
  if (RESERVED_WORDS.has(text)) throw new Error(`${text} is a reserved word in JavaScript; choose a constant name such as SESSION_TTL.`);
  return text;
}

/** `true`/`false`, as a flag or as jscodeshift's `--nx=false` text. */
export function parseBoolean(value: OptionValue): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`expected true or false, got ${String(value)}.`);
}
