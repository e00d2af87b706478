import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { findLongLivedCollection, getReadThroughProblem } from '../../src/analysis';

/** `getReadThroughProblem` for each long-lived collection of `code`, by name. */
function problems(code: string): Record<string, string | undefined> {
  const found: Record<string, string | undefined> = {};
  const rule: TSESLint.RuleModule<string> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: {}, schema: [] },
    create: (context) => ({
      NewExpression(node) {
        const collection = findLongLivedCollection(context.sourceCode, node);
        if (collection) found[collection.name] = getReadThroughProblem(context.sourceCode, collection);
      },
    }),
  };
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { test: { rules: { probe: rule as never } } }, rules: { 'test/probe': 'error' } }],
    'file.ts',
  );
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  return found;
}

describe('getReadThroughProblem: certainly a cache', () => {
  it.each([
    [
      'get, check, compute, set',
      `const c = new Map<string, number>();
export function f(k: string) {
  let v = c.get(k);
  if (v === undefined) {
    v = k.length;
    c.set(k, v);
  }
  return v;
}`,
    ],
    [
      'an early return on a hit',
      `const c = new Map<string, string>();
export async function f(k: string, load: (k: string) => Promise<string>) {
  const hit = c.get(k);
  if (hit) return hit;
  const v = await load(k);
  c.set(k, v);
  return v;
}`,
    ],
    ['`if (!has) set; return get()!`', `const c = new Map<string, number>();\nexport function f(k: string) {\n  if (!c.has(k)) c.set(k, k.length);\n  return c.get(k)!;\n}`],
    ['`has || set`', `const c = new Map<string, number>();\nexport function f(k: string) {\n  c.has(k) || c.set(k, k.length);\n  return c.get(k);\n}`],
    ['plain data given to a `let` after a miss', `const c = new Map<string, { n: number }>();\nexport function f(k: string) {\n  let v = c.get(k);\n  if (!v) {\n    v = { n: k.length };\n    c.set(k, v);\n  }\n  return v;\n}`],
    ['a value computed in a `.then()`', `const c = new Map<string, string>();\nexport function f(k: string, load: (k: string) => Promise<string>) {\n  if (c.has(k)) return;\n  load(k).then((v) => { c.set(k, v.trim()); });\n}\nexport const read = (k: string) => c.get(k);`],
  ])('%s', (_, code) => {
    expect(Object.values(problems(code))).toEqual([undefined]);
  });
});

/** Why a Set `s` is never a cache, whatever it filters: its `add()` is on `line`. */
const SET_REASON = (line: number) => new RegExp(`^\`s\` is a \`Set\` \\(line ${line}\\): an evicted member lets a repeat through `);

describe('getReadThroughProblem: not a cache', () => {
  it.each([
    ['a lock table: only asked has(), its values never read', `const c = new Map<string, number>();\nexport function acquire(k: string) {\n  if (c.has(k)) return false;\n  c.set(k, Date.now());\n  return true;\n}`, /only asked `has\(\)`, never `get\(\)`: it records which keys were seen/],
    ['a store: no miss before the set', `const c = new Map<string, number>();\nexport function f(k: string, v: number) {\n  c.set(k, v);\n}`, /does not fill a key that `get\(\)`\/`has\(\)` just missed/],
    ['a miss on another key', `const c = new Map<string, number>();\nexport function f(a: string, b: string) {\n  if (!c.has(a)) c.set(b, b.length);\n}`, /does not fill a key/],
    ['a registry that throws on a duplicate', `const c = new Map<string, object>();\nexport function f(k: string) {\n  if (c.has(k)) throw new Error('twice');\n  c.set(k, {});\n}`, /a key already in `c` throws \(line 3\): it is a registry/],
    ['a table that throws on a missing key', `const c = new Map<string, object>();\nexport function f(k: string) {\n  if (!c.has(k)) c.set(k, Object.create(null));\n}\nexport function g(k: string) {\n  const v = c.get(k);\n  if (!v) throw new Error('missing');\n  return v;\n}`, /a missing key of `c` throws \(line 7\)/],
    ['`get(k).x`', `const c = new Map<string, { n: number }>();\nexport function f(k: string) {\n  if (!c.has(k)) c.set(k, { n: k.length });\n}\nexport const g = (k: string) => c.get(k)?.n;\nexport const h = (k: string) => (c.get(k) as { n: number }).n;`, /read as if the key must be there \(line 6, a member of it\)/],
    ['iterating `get(k)`', `const c = new Map<string, string[]>();\nexport function f(k: string) {\n  if (!c.has(k)) c.set(k, k.split(','));\n  return c.get(k)!.length;\n}\nexport function g(k: string) {\n  for (const x of c.get(k)!) console.info(x);\n}`, /line 7, `!`/],
    ['a counter', `const c = new Map<string, number>();\nexport function f(k: string) {\n  if (!c.has(k)) c.set(k, (c.get(k) ?? 0) + 1);\n}`, /not computed from the key/],
    ['a literal', `const c = new Map<string, boolean>();\nexport function f(k: string) {\n  if (!c.has(k)) c.set(k, true);\n}`, /not computed from the key/],
    ['promises', `const c = new Map<string, Promise<string>>();\nexport function f(k: string) {\n  if (!c.has(k)) c.set(k, fetch(k).then((r) => r.text()));\n  return c.get(k);\n}`, /holds promises of work in flight/],
    ['an un-awaited async call', `async function load(k: string) { return k; }\nconst c = new Map();\nexport function f(k: string) {\n  if (!c.has(k)) c.set(k, load(k));\n  return c.get(k);\n}`, /holds promises/],
    ['timers', `const c = new Map<string, ReturnType<typeof setTimeout>>();\nexport function f(k: string) {\n  if (!c.has(k)) c.set(k, setTimeout(() => {}, 10));\n}`, /holds timers/],
    ['clients', `import Redis from 'ioredis';\nconst c = new Map<string, Redis>();\nexport function f(k: string) {\n  if (!c.has(k)) c.set(k, new Redis(k));\n  return c.get(k);\n}`, /holds things to close/],
    ['agents given to a `let` after a miss', `import http from 'node:http';\nconst c = new Map();\nexport function f(k: string) {\n  let v = c.get(k);\n  if (!v) {\n    v = { agent: new http.Agent({ keepAlive: true }) };\n    c.set(k, v);\n  }\n  return v;\n}`, /holds things to close \(clients, connections, queues\): an evicted one is dropped open \(a `new Agent\(\)` \(line 6\)\)/],
    ['a value type whose member is an agent', `import type http from 'node:http';\ndeclare function build(k: string): { agent: http.Agent };\nconst c = new Map<string, { agent: http.Agent; at: number }>();\nexport function f(k: string) {\n  const hit = c.get(k);\n  if (hit) return hit;\n  const v = build(k);\n  c.set(k, v);\n  return v;\n}`, /holds things to close .*\(`Agent` values\)/],
    ['clients from a factory named for one', `type S3Backend = { send(command: object): Promise<unknown> };\ndeclare function createS3Client(region: string): S3Backend;\nconst c = new Map<string, S3Backend>();\nexport function f(k: string) {\n  const hit = c.get(k);\n  if (hit) return hit;\n  const built = createS3Client(k);\n  c.set(k, built);\n  return built;\n}`, /holds things to close .*\(a `createS3Client\(\)` result \(line 7\)\)/],
    ['callbacks', `const c = new Map<string, () => void>();\nexport function f(k: string) {\n  if (!c.has(k)) c.set(k, () => console.info(k));\n}`, /holds functions/],
    ['a decorated field', `declare const observable: PropertyDecorator;\nexport class S {\n  @observable byId = new Map<string, object>();\n}`, /is decorated \(`@observable`\)/],
    ['a class that makes itself observable', `declare function makeAutoObservable(target: object): void;\nexport class S {\n  byId = new Map<string, object>();\n  constructor() {\n    makeAutoObservable(this);\n  }\n}`, /makes its fields observable \(`makeAutoObservable\(\)`\)/],
    ['a seen-before Set: an evicted member lets a repeat through', `const s = new Set<string>();\nexport function f(id: string) {\n  if (s.has(id)) return false;\n  s.add(id);\n  return true;\n}`, SET_REASON(4)],
    ['a Set with no `has()` before the `add()`', `const s = new Set<string>();\nexport function f(id: string) {\n  s.add(id);\n}`, SET_REASON(3)],
  ])('%s', (_, code, reason) => {
    const [problem] = Object.values(problems(code));
    expect(problem).toMatch(reason);
  });
});
