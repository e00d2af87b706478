import { describe, expect, it } from 'vitest';
import { mayGrowCollection } from '../../src/analysis';

// The pre-check must never drop a file the rule reports: the rule's tests and the
// bound-cache fixtures run every finding through it. These pin the shapes it keeps
// and the files it may skip.
describe('mayGrowCollection', () => {
  it.each([
    ['a module-level Map', 'const cache = new Map();\nexport function put(k, v) { cache.set(k, v); }'],
    ['a typed class field', 'class A {\n  private readonly cache: Map<string, number> = new Map();\n  put(k: string) { this.cache.set(k, 1); }\n}'],
    ['a private field', 'class A {\n  #seen = new Set();\n  mark(id) { this.#seen.add(id); }\n}'],
    ['a constructor assignment', 'class A {\n  constructor() { this.byId = new Map(); }\n  put(x) { this.byId.set(x.id, x); }\n}'],
    ['a closure', 'function make() {\n  const seen = new Set();\n  return (id) => seen.add(id);\n}'],
    ['growth through a cast', 'let cache = new Map();\nexport const put = (k: string) => (cache as Map<string, number>).set(k, 1);'],
    ['growth on the next line', 'const cache = new Map();\nexport const put = (k) => cache\n  .set(k, 1);'],
    ['a computed growth call', "const cache = new Map();\nexport const put = (k) => cache['set'](k, 1);"],
    ['a `$` in the name', 'const $cache = new Map();\nexport const put = (k) => $cache.set(k, 1);'],
    ['globalThis.Map', 'const cache = new globalThis.Map();\nexport const put = (k) => cache.set(k, 1);'],
    // No name to test against: kept.
    ['a type with braces before the creation', 'const cache: Map<string, { n: number }> = new Map();\nexport const put = (c) => c.set("k", { n: 1 });'],
    ['a declaration longer than the look-back', `const cache: Map<${'A | '.repeat(60)}B, number> = new Map();\nfunction put(c) { c.set(1, 2); }`],
  ])('keeps %s', (_, text) => {
    expect(mayGrowCollection(text)).toBe(true);
  });

  it.each([
    ['no Map or Set at all', 'export const add = (a, b) => a + b;'],
    ['a Set that is only read', 'const KINDS = new Set(["a", "b"]);\nexport const isKind = (k) => KINDS.has(k);'],
    ['growth of other objects only, away from the collection', `const names = new Map([["a", 1]]);\n${'// …\n'.repeat(40)}export const f = (headers) => headers.set("x", 1);`],
    ['a name that only appears inside a longer one', `const seen = new Set();\n${'// …\n'.repeat(40)}export const f = (seenBefore) => seenBefore.add(1);`],
  ])('skips %s', (_, text) => {
    expect(mayGrowCollection(text)).toBe(false);
  });

});
