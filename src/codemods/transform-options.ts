/*
 * The values the transforms' options take, checked the same way whether they come from
 * `redis-leaks fix` flags or from plain jscodeshift's `--name=value`: each parser throws a
 * message that says what to pass.
 */

import { IDENTIFIER_PATTERN, MAX_TTL_SECONDS, RESERVED_WORDS } from 'eslint-plugin-redis-leaks/internal';

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

/** A name a `const` can take. */
export function parseIdentifier(value: OptionValue): string {
  const text = String(value);
  if (!new RegExp(IDENTIFIER_PATTERN).test(text)) throw new Error(`expected a JavaScript identifier, such as SESSION_TTL, got ${text}.`);
  if (RESERVED_WORDS.includes(text)) throw new Error(`${text} is a reserved word in JavaScript; choose a constant name such as SESSION_TTL.`);
  return text;
}

/** `true`/`false`, as a flag or as jscodeshift's `--nx=false` text. */
export function parseBoolean(value: OptionValue): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`expected true or false, got ${String(value)}.`);
}
