import noUnboundedCache from '../../src/rules/no-unbounded-cache';
import { createRuleTester, fixtureProject } from '../rule-tester';

// The project in fixtures/callers: exported functions fill a module-level collection from their
// parameters, and the project's other files show what every call passes.
const { lint, read } = fixtureProject('callers');
// A read-through cache: the suggestion bounds it.
const bounded = (file: string, type: string) => [
  { messageId: 'boundWithLruCache' as const, output: `import { LRUCache } from 'lru-cache';\n\n${read(file).replace(`new Map<${type}>()`, `new LRUCache<${type}>({ max: 1000, ttl: 30 * 60 * 1000 })`)}` },
];

createRuleTester().run('no-unbounded-cache (keys its callers in other files write in the code)', noUnboundedCache, {
  valid: [
    // src/theme.ts and src/account.ts pass object literals of literals and a module constant
    lint('flags.ts'),
    // src/virtual-table.ts calls it with no symbol (directly and bound to `undefined`) and reads `VirtualId.PREFIX`; a test passes 'test'
    lint('virtual-ids.ts'),
    // a rest parameter: src/catalog.ts passes three literals
    lint('tags.ts'),
  ],
  invalid: [
    // src/routes.ts passes `ip:${req.ip}` in one of its two calls
    { ...lint('rate-limit.ts'), errors: [{ messageId: 'unbounded', line: 1, data: { name: 'hits', kind: 'Map', method: 'set', lifetime: 'module-level', evidence: 'on every call of `checkRateLimit()` (keys from `key`)', weakKind: 'WeakMap' } }] },
    // src/metrics.ts passes a literal once, and hands the function to an emitter
    { ...lint('labels.ts'), errors: [{ messageId: 'unbounded', line: 1 }] },
    // exported under another name too: the calls under that name are not found
    { ...lint('formats.ts'), errors: [{ messageId: 'unbounded', line: 1, suggestions: bounded('formats.ts', 'string, RegExp') }] },
    // src/track-all.ts binds it without the id, which each element of a list then becomes
    { ...lint('tracks.ts'), errors: [{ messageId: 'unbounded', line: 1 }] },
    // it calls itself with an alias it computes from its parameter
    { ...lint('lookups.ts'), errors: [{ messageId: 'unbounded', line: 1, suggestions: bounded('lookups.ts', 'string, string') }] },
    // src/warm-quotes.ts calls it in a loop: `SYM${i}` for a counter bounded by a constant is no value written in the code
    { ...lint('quotes.ts'), errors: [{ messageId: 'unbounded', line: 1, suggestions: bounded('quotes.ts', 'string, number') }] },
    // the file alone, as an editor buffer that adds a caller with run-time data
    {
      ...lint('flags.ts', `${read('flags.ts')}\nexport async function flagFromQuery(query: { key: string }): Promise<unknown> {\n  return cachedFlag({ key: query.key, defaultValue: false });\n}\n`),
      errors: [{ messageId: 'unbounded', line: 1 }],
    },
    // a rest parameter given a run-time value after a literal
    {
      ...lint('tags.ts', `${read('tags.ts')}\nexport function tagFromQuery(query: { tag: string }): number {\n  return tagAll('books', query.tag);\n}\n`),
      errors: [{ messageId: 'unbounded', line: 1 }],
    },
  ],
});
