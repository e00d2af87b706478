/**
 * Display strings shared by the audit reports (text and HTML): numbers, sizes,
 * durations, and server text made safe to show. Deterministic: no locale
 * lookups, so the output is the same on every machine.
 */

/**
 * Bytes with 1024-based steps labelled `KB`, `MB`, `GB`, `TB`: the way Redis reads
 * `maxmemory 1gb` and prints `used_memory_human`, so the numbers line up with INFO.
 * `512 B`, `1.5 KB`, `180 MB`, `1.2 GB`.
 */
export function formatBytes(bytes: number): string {
  return scaled(bytes, 1024, BYTE_UNITS);
}

/**
 * Counts: exact with thousands separators below a million (`12,345`), compact
 * above (`1.2 M`, `3.4 bn`).
 */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return String(count);
  if (Math.abs(count) < 1_000_000) return formatInteger(count);
  return scaled(count, 1000, COUNT_UNITS);
}

/** An integer with `,` every three digits: `1,234,567`. Fractions are rounded. */
export function formatInteger(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/** The two largest units of a duration, rounded down: `3 d 4 h`, `2 h 5 min`, `45 s`, `3 d`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const whole = Math.max(0, Math.floor(seconds));
  const first = DURATION_UNITS.findIndex(([, size]) => whole >= size);
  if (first === -1) return '0 s';
  const [unit, size] = DURATION_UNITS[first]!;
  const text = `${Math.floor(whole / size)} ${unit}`;
  const next = DURATION_UNITS[first + 1];
  if (!next) return text;
  const [nextUnit, nextSize] = next;
  const nextAmount = Math.floor((whole % size) / nextSize);
  return nextAmount > 0 ? `${text} ${nextAmount} ${nextUnit}` : text;
}

/**
 * A 0..1 fraction as a percentage: `41.2%`, `100%`, `0%`; tiny but non-zero
 * shares show as `<0.1%` so they do not read as none.
 */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  const percent = fraction * 100;
  if (percent === 0) return '0%';
  if (percent > 0 && percent < 0.05) return '<0.1%';
  const text = percent.toFixed(1);
  return `${text.endsWith('.0') ? text.slice(0, -2) : text}%`;
}

/** Cuts `text` to `width` characters, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  return `${characters.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/**
 * Keys, client names and versions come from the server and may be written by an
 * attacker: control characters (ANSI escapes) and bidi overrides would let a key
 * rewrite the terminal or disguise itself, so both reports show them as `\x1b`-style
 * escapes. (HTML escaping is the HTML renderer's own job.)
 */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (character) => {
    const code = character.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;
const COUNT_UNITS = ['', 'K', 'M', 'bn', 'tn'] as const;
const DURATION_UNITS: readonly (readonly [string, number])[] = [
  ['d', 86_400],
  ['h', 3_600],
  ['min', 60],
  ['s', 1],
];

/** One decimal below 10, whole numbers above: at most three significant digits. */
function scaled(value: number, step: number, units: readonly string[]): string {
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? '-' : '';
  let amount = Math.abs(value);
  let unit = 0;
  while (amount >= step && unit < units.length - 1) {
    amount /= step;
    unit += 1;
  }
  let text = amount < 10 && unit > 0 ? amount.toFixed(1) : amount.toFixed(0);
  // Rounding can reach the next step (1023.6 B → `1024 B`): move up a unit instead.
  if (Number(text) >= step && unit < units.length - 1) {
    unit += 1;
    text = '1.0';
  }
  if (text.endsWith('.0')) text = text.slice(0, -2);
  return `${sign}${text} ${units[unit]}`.trimEnd();
}
