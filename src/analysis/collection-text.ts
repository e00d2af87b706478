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
  return names.size > 0 && isNameGrownNearby(text, names);
}

/** `.set`, `. add`, `['set'`: a growth call, wherever its receiver ends. */
const GROWTH_CALL = /(?:\.\s*|\[\s*['"`])(?:set|add)\b/g;
/** How far before a growth call its receiver's name may end: `(cache as Map<K, V>).set(`, `cache!\n  .set(`. */
const RECEIVER_REACH = 120;
/** A whole identifier (`#seen` with its `#`), not the tail of a longer one. */
const WHOLE_IDENTIFIER = /(?<![\w$#])#?[A-Za-z_$][\w$]*/g;

/**
 * Whether one of `names` ends at most {@link RECEIVER_REACH} characters before a growth call
 * (`cache.set(`, `this.#seen.add(`, `cache['add'](`). Each call looks back over its own
 * stretch of text only: most of a file lies near no growth call.
 */
function isNameGrownNearby(text: string, names: ReadonlySet<string>): boolean {
  for (const growth of text.matchAll(GROWTH_CALL)) {
    const reach = growth.index - RECEIVER_REACH;
    // Back to the start of the identifier that crosses the stretch's start, so it is read whole.
    let start = Math.max(0, reach);
    while (start > 0 && /[\w$#]/.test(text[start - 1]!)) start--;
    WHOLE_IDENTIFIER.lastIndex = start;
    for (let word = WHOLE_IDENTIFIER.exec(text); word && word.index < growth.index; word = WHOLE_IDENTIFIER.exec(text)) {
      if (word.index + word[0].length >= reach && names.has(word[0])) return true;
    }
  }
  return false;
}
