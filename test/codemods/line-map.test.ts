import { describe, expect, it } from 'vitest';
import { mapLines } from '../../src/codemods/line-map';

const lines = (...text: string[]) => text.join('\n');

describe('mapLines', () => {
  it('keeps every line of an unchanged text', () => {
    const text = lines('a', 'b', 'c');
    expect([1, 2, 3].map(mapLines(text, text))).toEqual([1, 2, 3]);
  });

  it('maps lines below an inserted import and a wrapped, re-indented body to where they were', () => {
    const before = lines('import a;', 'function f() {', '  const c = open();', '  use(c);', '}', 'leak();');
    const after = lines('import a;', "import { LRUCache } from 'lru-cache';", 'function f() {', '  const c = open();', '  try {', '    use(c);', '  } finally {', '    c.quit();', '  }', '}', 'leak();');
    const toBefore = mapLines(after, before);
    expect(toBefore(1)).toBe(1);
    expect(toBefore(3)).toBe(2);
    expect(toBefore(4)).toBe(3);
    expect(toBefore(6)).toBe(4); // re-indented in the try
    expect(toBefore(10)).toBe(5);
    expect(toBefore(11)).toBe(6);
  });

  it('maps a written line to the line it replaced, or to the line it was put before', () => {
    const before = lines('a', 'redis.set(`k:${id}`, v);', 'b');
    const after = lines('a', 'const key = `k:${id}`;', 'redis.set(key, v);', 'redis.expire(key, 60);', 'b');
    const toBefore = mapLines(after, before);
    expect([1, 2, 3, 4, 5].map(toBefore)).toEqual([1, 2, 2, 2, 3]);
    expect(mapLines(lines('a', 'new', 'b'), lines('a', 'b'))(2)).toBe(2);
    // And the other way: each line of the text before, in the text after.
    expect([1, 2, 3].map(mapLines(before, after))).toEqual([1, 2, 5]);
  });

  it('maps lines past many changes spread over a long file', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
    const after = before.flatMap((line, i) => (i % 100 === 50 ? ['inserted', line.toUpperCase()] : [line]));
    const toBefore = mapLines(after.join('\n'), before.join('\n'));
    const last = after.length;
    expect(toBefore(last)).toBe(3000);
    expect(toBefore(after.indexOf('line 2999') + 1)).toBe(3000);
    expect(toBefore(after.indexOf('line 1234') + 1)).toBe(1235);
  });
});
