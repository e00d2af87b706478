import jscodeshift from 'jscodeshift';
import type { API } from 'jscodeshift';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import transform from '../../src/codemods/bound-cache';
import { SourceParseError } from '../../src/codemods/rule-findings';
import type { CodemodOptions } from '../../src/codemods/transform-api';
import { usesLruCache } from '../../src/fixes/cache';
import { describeTransformFixtures, runTransform } from './fixture-harness';

describeTransformFixtures('bound-cache', transform, 'no-unbounded-cache');

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'bound-cache');
/** A path next to the fixtures, so lru-cache and the project's package.json are found as for a user's file. */
const sourcePath = path.join(fixtures, 'unit.ts');

/** Runs the transform on a fixture's input. */
function runFixture(file: string, options: CodemodOptions = {}) {
  const inputPath = path.join(fixtures, file);
  return runTransform(transform, inputPath, readFileSync(inputPath, 'utf8'), options);
}

function run(code: string, options: CodemodOptions = {}, filePath = sourcePath) {
  return runTransform(transform, filePath, code, options);
}

/** Why a Set is never bounded: `name` is the Set, `line` the line of its first `add()`. */
function setReason(name: string, line: number): string {
  return `\`${name}\` is a \`Set\` (line ${line}): an evicted member lets a repeat through (a warning logged twice, a transaction processed twice), so bounding it changes what the code does; trim it by hand once repeats no longer matter`;
}

describe('bound-cache: why a cache is left alone (line of the declaration, reason naming the use)', () => {
  it('instanceof', () => {
    expect(runFixture('bails-out-on-instanceof.input.ts').unfixable).toEqual([
      { line: 1, reason: '`settings instanceof …` (line 8) is false for an LRUCache, which is not a `Map` or `Set`' },
    ]);
  });

  it('a nullable value type', () => {
    expect(runFixture('bails-out-on-nullable-value.input.ts').unfixable).toEqual([
      { line: 2, reason: '`lastPrices` has values of type `number | null`, which may be null or undefined, but LRUCache needs `V extends {}`' },
    ]);
  });

  it('an unconstrained type parameter as the value type', () => {
    expect(runFixture('bails-out-on-unconstrained-type-parameter.input.ts').unfixable).toEqual([
      { line: 2, reason: '`memo` has values of type `T`, which may be null or undefined, but LRUCache needs `V extends {}`' },
    ]);
  });

  it('no type arguments in TypeScript', () => {
    expect(runFixture('bails-out-on-missing-type-arguments.input.ts').unfixable).toEqual([
      {
        line: 1,
        reason: '`new Map()` has no type arguments: write `new Map<…>()` first, since lru-cache needs key and value types that exclude null and undefined',
      },
    ]);
  });

  it('spread', () => {
    expect(runFixture('bails-out-on-spread.input.ts').unfixable).toEqual([
      { line: 1, reason: '`activeUsers` is spread (line 8): an LRUCache iterates most recently used first, not in insertion order' },
    ]);
  });

  it('for…of', () => {
    expect(runFixture('bails-out-on-iteration.input.ts').unfixable).toEqual([
      { line: 1, reason: '`lastSeen` is iterated (line 9): an LRUCache iterates most recently used first, not in insertion order' },
    ]);
  });

  it('Set#forEach', () => {
    expect(runFixture('bails-out-on-set-foreach.input.ts').unfixable).toEqual([
      { line: 1, reason: '`watchers.forEach()` (line 8) iterates: an LRUCache iterates most recently used first, not in insertion order' },
    ]);
  });

  it('JSON.stringify', () => {
    expect(runFixture('bails-out-on-json.input.ts').unfixable).toEqual([
      { line: 1, reason: "`JSON.stringify(hits)` (line 8) would write the LRUCache's fields, not its entries" },
    ]);
  });

  it('console.log', () => {
    expect(runFixture('bails-out-on-logging.input.js').unfixable).toEqual([
      { line: 1, reason: '`jobs` is logged (line 5): an LRUCache prints its internals, not its entries' },
    ]);
  });

  it('the Map that `set` returns, passed to a `Map` parameter', () => {
    expect(runFixture('bails-out-on-map-typed-parameter.input.ts').unfixable).toEqual([
      { line: 1, reason: 'the result of `balances.set()` (line 11) is the collection itself, handed on where a `Map` may be expected' },
    ]);
  });

  it('the Set that `add` returns, returned as a `Set`', () => {
    expect(runFixture('bails-out-on-add-result-used.input.ts').unfixable).toEqual([
      { line: 1, reason: 'the result of `subscribers.add()` (line 5) is the collection itself, handed on where a `Set` may be expected' },
    ]);
  });

  it('seeded with entries', () => {
    expect(runFixture('bails-out-on-seeded-map.input.ts').unfixable).toEqual([
      { line: 1, reason: '`limits` starts with entries (`new Map(…)`), but `new LRUCache()` takes options, not entries' },
    ]);
  });

  it('`set(key, undefined)` in JavaScript', () => {
    expect(runFixture('bails-out-on-set-undefined.input.js').unfixable).toEqual([
      { line: 1, reason: '`tokens.set()` stores `undefined` (line 5), which an LRUCache treats as a delete' },
    ]);
  });

  it('`LRUCache` already taken', () => {
    expect(runFixture('bails-out-on-name-conflict.input.ts').unfixable).toEqual([{ line: 10, reason: 'the fix needs `LRUCache`, but that name already means something else here' }]);
  });

  it('`any` and `unknown` values', () => {
    const code = `
const anything = new Map<string, any>();
const opaque = new Map<string, unknown>();
export function put(key: string, value: unknown) {
  anything.set(key, value);
  opaque.set(key, value);
}
`;
    const { output, unfixable } = run(code);
    expect(output).toBe(code);
    expect(unfixable).toEqual([
      { line: 2, reason: '`anything` has values of type `any`, which may be null or undefined, but LRUCache needs `V extends {}`' },
      { line: 3, reason: '`opaque` has values of type `unknown`, which may be null or undefined, but LRUCache needs `V extends {}`' },
    ]);
  });

  it('a type alias of this file that includes undefined', () => {
    const code = `
type MaybeUser = { id: string } | undefined;
const users = new Map<string, MaybeUser>();
export function put(id: string, user: MaybeUser) {
  users.set(id, user);
}
`;
    expect(run(code).unfixable).toEqual([
      { line: 3, reason: '`users` has values of type `MaybeUser`, which may be null or undefined, but LRUCache needs `V extends {}`' },
    ]);
  });

  it('a hit that returns something other than the entry: a property named like the variable is no read of it', () => {
    const code = `
interface Session { closed: boolean; token: string }
const sessions = new Map<string, Session>();
export function tokenOf(id: string, open: (id: string) => string): { session: null } | string {
  const session = sessions.get(id);
  if (session && session.closed) return { session: null };
  const token = open(id);
  sessions.set(id, { closed: false, token });
  return token;
}
`;
    const { output, unfixable } = run(code);
    expect(output).toBe(code);
    expect(unfixable).toEqual([
      { line: 3, reason: "`sessions.set()` (line 8) does not fill a key that `get()`/`has()` just missed, so `sessions` is a store whose entries the code may need again, not a cache it can refill; not a cache to bound" },
    ]);
  });

  it('nullable Set members', () => {
    const code = `
const seen = new Set<string | undefined>();
export function see(id?: string) {
  seen.add(id);
}
`;
    expect(run(code).unfixable).toEqual([
      { line: 2, reason: '`seen` has members of type `string | undefined`, which may be null or undefined, but LRUCache needs `K extends {}`' },
    ]);
  });

  it('a binding declared with another collection type', () => {
    const code = `
const names: Map<string, string> | undefined = new Map<string, string>();
export function put(id: string, name: string) {
  names?.set(id, name);
}
`;
    expect(run(code).unfixable).toEqual([
      { line: 2, reason: '`names` is declared as `Map<string, string> | undefined`, which an LRUCache does not implement' },
    ]);
  });

  it('a use cast to a Map type', () => {
    const code = `
const totals = new Map<string, number>();
export function deposit(key: string, amount: number) {
  (totals as Map<string, number>).set(key, amount);
}
`;
    expect(run(code).unfixable).toEqual([{ line: 2, reason: '`totals` is cast to another type (line 4), which an LRUCache may not convert to' }]);
  });

  it('`.add()` through another object, which may be this Set on another instance', () => {
    const code = `
export class Inbox {
  seen = new Set<string>();
  receive(id: string) {
    if (this.seen.has(id)) return;
    this.seen.add(id);
  }
  copyFrom(other: Inbox, id: string) {
    other.seen.add(id);
  }
}
`;
    expect(run(code).unfixable).toEqual([
      { line: 3, reason: '`seen.add()` is called through another object (line 9), which may or may not be this Set' },
    ]);
  });

  it('a store of latest values: no `get`/`has` miss before the `set`', () => {
    expect(runFixture('leaves-latest-value-store-alone.input.ts').unfixable).toEqual([
      {
        line: 2,
        reason:
          '`lastPrices.set()` (line 5) does not fill a key that `get()`/`has()` just missed, so `lastPrices` is a store whose entries the code may need again, not a cache it can refill; not a cache to bound',
      },
    ]);
  });

  it('promises of work in flight', () => {
    expect(runFixture('leaves-promise-map-alone.input.ts').unfixable).toEqual([
      {
        line: 2,
        reason: '`#positionLocks` holds promises of work in flight: an evicted one is never awaited or settled here (`Promise` values); not a cache to bound',
      },
    ]);
  });

  it('promise resolvers (a run would hang)', () => {
    expect(runFixture('leaves-resolver-map-alone.input.ts').unfixable).toEqual([
      {
        line: 2,
        reason: '`waiting` holds functions (callbacks, handlers, resolvers): an evicted one is never called (function values); not a cache to bound',
      },
    ]);
  });

  it('a missing key throws (a replication relation map)', () => {
    expect(runFixture('leaves-relation-map-alone.input.ts').unfixable).toEqual([
      {
        line: 14,
        reason: 'a missing key of `relations` throws (line 22): the code expects its entries to stay, so evicting one breaks it; not a cache to bound',
      },
    ]);
  });

  it('read with `!`, as if the key must be there', () => {
    expect(runFixture('leaves-table-read-as-present-alone.input.ts').unfixable).toEqual([
      { line: 6, reason: '`tenants.get()` is read as if the key must be there (line 14, `!`), which an eviction makes false; not a cache to bound' },
    ]);
  });

  it('a MobX store that makes its fields observable', () => {
    expect(runFixture('leaves-observable-store-alone.input.js').unfixable).toEqual([
      { line: 5, reason: '`byId` belongs to a class that makes its fields observable (`makeAutoObservable()`), which an LRUCache would not be; not a cache to bound' },
    ]);
  });

  it('keys that are objects: a WeakMap, not an LRU', () => {
    expect(runFixture('leaves-object-keyed-memo-alone.input.ts').unfixable).toEqual([
      { line: 9, reason: '`validators` is keyed by objects: make it a `WeakMap` by hand, which lets each entry go with its key' },
    ]);
  });

  it('a registry filled at start-up is not reported, so there is nothing to fix', () => {
    expect(runFixture('leaves-start-up-registry-alone.input.ts').unfixable).toEqual([]);
  });

  it('a value the caller hands in', () => {
    const code = `
const profiles = new Map<string, { name: string }>();
export function remember(id: string, profile: { name: string }) {
  if (!profiles.has(id)) profiles.set(id, profile);
}
`;
    const { output, unfixable } = run(code);
    expect(output).toBe(code);
    expect(unfixable).toEqual([
      {
        line: 2,
        reason: '`profiles.set()` (line 4) stores a value the caller hands in, not one it computes after a miss: once evicted, it cannot be made again; not a cache to bound',
      },
    ]);
  });

  it('a counter', () => {
    const code = `
const hits = new Map<string, number>();
export function hit(path: string) {
  if (!hits.has(path)) hits.set(path, (hits.get(path) ?? 0) + 1);
}
`;
    expect(run(code).unfixable).toEqual([
      {
        line: 2,
        reason: '`hits.set()` (line 4) stores a value that is not computed from the key (a literal, a counter, …), which an eviction would lose; not a cache to bound',
      },
    ]);
  });

  it('a fresh object made from nothing, which the code goes on to fill (progress counters, a storage)', () => {
    const code = `
class SnapshotProgress {
  changes = 0;
}
export class Storage {
  private progress = new Map<string, SnapshotProgress>();
  getProgress(docName: string): SnapshotProgress {
    let progress = this.progress.get(docName);
    if (!progress) {
      progress = new SnapshotProgress();
      this.progress.set(docName, progress);
    }
    return progress;
  }
  markChanged(docName: string) {
    this.getProgress(docName).changes++;
  }
}
`;
    const { output, unfixable } = run(code);
    expect(output ?? code).toBe(code);
    expect(unfixable).toEqual([
      {
        line: 6,
        reason: '`progress.set()` (line 11) stores a fresh object made from nothing the key names (`progress`), which the code may go on to change: an eviction loses what it holds; not a cache to bound',
      },
    ]);
  });

  it('an object made from the key is still computed', () => {
    const code = `
class Profile {
  constructor(readonly id: string) {}
}
const profiles = new Map<string, Profile>();
export function profileFor(id: string) {
  let profile = profiles.get(id);
  if (!profile) {
    profile = new Profile(id);
    profiles.set(id, profile);
  }
  return profile;
}
`;
    expect(run(code).output).toContain('new LRUCache<string, Profile>');
  });

  it('a Set that records what happened, with no `has()` before the `add()`', () => {
    const code = `
const announced = new Set<string>();
export function announce(host: string) {
  announced.add(host);
}
`;
    const { output, unfixable } = run(code);
    expect(output).toBe(code);
    expect(unfixable).toEqual([{ line: 2, reason: `${setReason('announced', 4)}; not a cache to bound` }]);
  });

  it('a seen-before Set: every `add()` follows a `has()` that missed, and it is still left alone', () => {
    const code = `
const processed = new Set<string>();
export function shouldProcess(id: string): boolean {
  if (processed.has(id)) return false;
  processed.add(id);
  return true;
}
`;
    const { output, unfixable } = run(code);
    expect(output).toBe(code);
    expect(unfixable).toEqual([{ line: 2, reason: `${setReason('processed', 5)}; not a cache to bound` }]);
  });

  it('a value used through a member without a check', () => {
    const code = `
const accounts = new Map<string, { balance: number }>();
export async function balance(id: string, load: (id: string) => Promise<{ balance: number }>) {
  if (!accounts.has(id)) accounts.set(id, await load(id));
  const account = accounts.get(id);
  await Promise.resolve();
  return account.balance;
}
`;
    expect(run(code).unfixable).toEqual([
      { line: 2, reason: 'the value of `accounts.get()` (line 5) is used without checking that it is there, which an eviction makes false; not a cache to bound' },
    ]);
  });

  it('`get(k)!` right after the statement that fills `k` is still a cache', () => {
    const code = `
const squares = new Map<number, number>();
export function square(n: number): number {
  if (!squares.has(n)) squares.set(n, Math.pow(n, 2));
  return squares.get(n)!;
}
`;
    const { output, unfixable } = run(code);
    expect(unfixable).toEqual([]);
    expect(output).toContain('const squares = new LRUCache<number, number>({ max: 1000, ttl: 30 * 60 * 1000 });');
  });

  it('reports through `api.report` under plain jscodeshift', () => {
    const reports: string[] = [];
    const api: API = { jscodeshift, j: jscodeshift, stats: () => {}, report: (message: string) => reports.push(message) };
    const inputPath = path.join(fixtures, 'bails-out-on-json.input.ts');
    transform({ path: inputPath, source: readFileSync(inputPath, 'utf8') }, api, {});
    expect(reports).toEqual([`line 1: not fixed: \`JSON.stringify(hits)\` (line 8) would write the LRUCache's fields, not its entries`]);
  });
  it('under jscodeshift --dry, which writes nothing, names lines of the file as it is', () => {
    const reports: string[] = [];
    const api: API = { jscodeshift, j: jscodeshift, stats: () => {}, report: (message: string) => reports.push(message) };
    const source = `const files = new Map<string, string>();
const listed = new Set<string>();

export function read(path: string, load: (path: string) => string) {
  listed.add(path);
  let text = files.get(path);
  if (text === undefined) {
    text = load(path);
    files.set(path, text);
  }
  return [...listed, text];
}
`;
    // The rewrite of `files` adds an import and a blank line above both: written, the set is on line 4 and spread on line 13.
    transform({ path: sourcePath, source }, api, {});
    transform({ path: sourcePath, source }, api, { dry: true });
    const spread = 'an LRUCache iterates most recently used first, not in insertion order';
    expect(reports).toEqual([`line 4: not fixed: \`listed\` is spread (line 13): ${spread}`, `line 2: not fixed: \`listed\` is spread (line 11): ${spread}`]);
  });
});

describe('bound-cache: rewrites', () => {
  it('rewrites the caches it can and reports the others, adding the import once', () => {
    const { output, unfixable } = run(`import { readFile } from 'node:fs/promises';

const files = new Map<string, string>();
const listed = new Set<string>();

export async function read(path: string) {
  listed.add(path);
  let text = files.get(path);
  if (text === undefined) {
    text = await readFile(path, 'utf8');
    files.set(path, text);
  }
  return [...listed, text];
}
`);
    expect(output).toBe(`import { readFile } from 'node:fs/promises';
import { LRUCache } from 'lru-cache';

const files = new LRUCache<string, string>({ max: 1000, ttl: 30 * 60 * 1000 });
const listed = new Set<string>();

export async function read(path: string) {
  listed.add(path);
  let text = files.get(path);
  if (text === undefined) {
    text = await readFile(path, 'utf8');
    files.set(path, text);
  }
  return [...listed, text];
}
`);
    // Lines of the rewritten file, where the rule still reports it (the import added a line).
    expect(unfixable).toEqual([{ line: 5, reason: '`listed` is spread (line 14): an LRUCache iterates most recently used first, not in insertion order' }]);
  });

  it('a value read with a client is data, not an object that keeps the client', () => {
    const code = `import { createClient } from 'redis';
declare function fetchProfile(client: ReturnType<typeof createClient>, id: string): Promise<string>;
const client = createClient();

const profiles = new Map<string, string>();

export async function profileOf(id: string) {
  let profile = profiles.get(id);
  if (profile === undefined) {
    profile = await fetchProfile(client, id);
    profiles.set(id, profile);
  }
  return profile;
}
`;
    const { output, unfixable } = run(code);
    expect(unfixable).toEqual([]);
    expect(output).toContain('const profiles = new LRUCache<string, string>({ max: 1000, ttl: 30 * 60 * 1000 });');
  });

  it('`new globalThis.Map()`', () => {
    const { output } = run(`const cache = new globalThis.Map<string, string>();
export function upper(key: string) {
  if (!cache.has(key)) cache.set(key, key.toUpperCase());
  return cache.get(key);
}
`);
    expect(output).toBe(`import { LRUCache } from 'lru-cache';

const cache = new LRUCache<string, string>({ max: 1000, ttl: 30 * 60 * 1000 });
export function upper(key: string) {
  if (!cache.has(key)) cache.set(key, key.toUpperCase());
  return cache.get(key);
}
`);
  });

  it('optional calls: `cache?.get(k)`, `cache?.set(k, v)`', () => {
    const code = `const upper = new Map<string, string>();
export function toUpper(key: string) {
  const hit = upper?.get(key);
  if (hit !== undefined) return hit;
  const value = key.toUpperCase();
  upper?.set(key, value);
  return value;
}
`;
    const { output, unfixable } = run(code);
    expect(unfixable).toEqual([]);
    expect(output).toBe(`import { LRUCache } from 'lru-cache';

${code.replace('new Map<string, string>()', 'new LRUCache<string, string>({ max: 1000, ttl: 30 * 60 * 1000 })')}`);
  });

  it('keeps a comment at the end of the last import line on that line', () => {
    const { output } = run(`import { randomUUID } from 'node:crypto'; // ids for new sessions
const sessions = new Map<string, string>();
export function sessionOf(user: string) {
  let id = sessions.get(user);
  if (id === undefined) {
    id = randomUUID();
    sessions.set(user, id);
  }
  return id;
}
`);
    expect(output.split('\n').slice(0, 2)).toEqual(["import { randomUUID } from 'node:crypto'; // ids for new sessions", "import { LRUCache } from 'lru-cache';"]);
  });

  it('follows a file without semicolons', () => {
    const { output } = run(`import { randomUUID } from 'node:crypto'
const sessions = new Map<string, string>()
export function sessionOf(user: string) {
  if (!sessions.has(user)) sessions.set(user, randomUUID())
  return sessions.get(user)
}
`);
    expect(output).toBe(`import { randomUUID } from 'node:crypto'
import { LRUCache } from 'lru-cache'
const sessions = new LRUCache<string, string>({ max: 1000, ttl: 30 * 60 * 1000 })
export function sessionOf(user: string) {
  if (!sessions.has(user)) sessions.set(user, randomUUID())
  return sessions.get(user)
}
`);
  });

  it('keeps CRLF line endings', () => {
    const { output } = run(
      "import { randomUUID } from 'node:crypto';\r\nconst ids = new Map<string, string>();\r\nexport function idOf(user: string) {\r\n  const hit = ids.get(user);\r\n  if (hit !== undefined) return hit;\r\n  const id = randomUUID();\r\n  ids.set(user, id);\r\n  return id;\r\n}\r\n",
    );
    expect(output).toBe(
      "import { randomUUID } from 'node:crypto';\r\nimport { LRUCache } from 'lru-cache';\r\nconst ids = new LRUCache<string, string>({ max: 1000, ttl: 30 * 60 * 1000 });\r\nexport function idOf(user: string) {\r\n  const hit = ids.get(user);\r\n  if (hit !== undefined) return hit;\r\n  const id = randomUUID();\r\n  ids.set(user, id);\r\n  return id;\r\n}\r\n",
    );
  });

  it('keeps tab indentation, and a trailing comma in a call it does not rewrite', () => {
    const { output } = run(`export class Inbox {
\tprivate bodies = new Map<string, string>();
\tbody(id: string) {
\t\tif (!this.bodies.has(id)) this.bodies.set(
\t\t\tid,
\t\t\tid.trim(),
\t\t);
\t\treturn this.bodies.get(id);
\t}
}
`);
    expect(output).toBe(`import { LRUCache } from 'lru-cache';

export class Inbox {
\tprivate bodies = new LRUCache<string, string>({ max: 1000, ttl: 30 * 60 * 1000 });
\tbody(id: string) {
\t\tif (!this.bodies.has(id)) this.bodies.set(
\t\t\tid,
\t\t\tid.trim(),
\t\t);
\t\treturn this.bodies.get(id);
\t}
}
`);
  });

  it('keeps a `#!` line first', () => {
    const { output } = run(
      `#!/usr/bin/env node
const lengths = new Map();
process.stdin.on('data', (chunk) => {
  const text = String(chunk);
  if (!lengths.has(text)) lengths.set(text, Buffer.byteLength(text));
  process.stdout.write(String(lengths.get(text)));
});
`,
      {},
      path.join(fixtures, 'unit.js'),
    );
    expect(output).toBe(`#!/usr/bin/env node
const { LRUCache } = require('lru-cache');

const lengths = new LRUCache({ max: 1000, ttl: 30 * 60 * 1000 });
process.stdin.on('data', (chunk) => {
  const text = String(chunk);
  if (!lengths.has(text)) lengths.set(text, Buffer.byteLength(text));
  process.stdout.write(String(lengths.get(text)));
});
`);
  });

  it('writes ttl in readable milliseconds', () => {
    const code = `const upper = new Map<string, string>();
export function toUpper(key: string) {
  if (!upper.has(key)) upper.set(key, key.toUpperCase());
  return upper.get(key)!;
}
`;
    expect(run(code, { cacheTtl: 45 }).output).toContain('{ max: 1000, ttl: 45 * 1000 }');
    expect(run(code, { cacheTtl: 60 }).output).toContain('{ max: 1000, ttl: 60 * 1000 }');
    expect(run(code, { cacheTtl: 86_400 }).output).toContain('{ max: 1000, ttl: 24 * 60 * 60 * 1000 }');
    expect(run(code, { max: '250', cacheTtl: '0' }).output).toContain('{ max: 250 }');
  });

  it('refuses a max the cache cannot take, and a fraction of a second', () => {
    const code = `const upper = new Map<string, string>();
export function toUpper(key: string) {
  if (!upper.has(key)) upper.set(key, key.toUpperCase());
  return upper.get(key)!;
}
`;
    expect(() => run(code, { max: 0 })).toThrow('bound-cache: max: expected a whole number, 1 or more, got 0.');
    expect(() => run(code, { max: 2.5 })).toThrow('bound-cache: max: expected a whole number, 1 or more, got 2.5.');
    expect(() => run(code, { cacheTtl: 0.25 })).toThrow('bound-cache: cacheTtl: expected a whole number, 0 or more, got 0.25.');
  });

  describe('a JavaScript file with neither imports nor requires follows its package.json', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'bound-cache-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));
    const code = `const parsed = new Map();
globalThis.onmessage = (event) => {
  let value = parsed.get(event.data);
  if (value === undefined) {
    value = JSON.parse(event.data);
    parsed.set(event.data, value);
  }
  globalThis.postMessage(value);
};
`;

    it('"type": "module" gets an import', () => {
      writeFileSync(path.join(folder, 'package.json'), '{ "type": "module" }');
      expect(run(code, {}, path.join(folder, 'worker.js')).output.split('\n')[0]).toBe("import { LRUCache } from 'lru-cache';");
    });

    it('no "type" gets a require', () => {
      writeFileSync(path.join(folder, 'package.json'), '{}');
      expect(run(code, {}, path.join(folder, 'worker.js')).output.split('\n')[0]).toBe("const { LRUCache } = require('lru-cache');");
    });
  });
});

describe('bound-cache: files it does not touch', () => {
  it('returns the very same source when the rule finds nothing', () => {
    const code = 'export const answer = 42;\n';
    expect(run(code)).toEqual({ output: code, unfixable: [] });
  });

  it('throws SourceParseError for a file that does not parse', () => {
    expect(() => run('const = ;\n')).toThrow(SourceParseError);
  });
});

describe('usesLruCache', () => {
  it('sees imports and requires of lru-cache', () => {
    expect(usesLruCache("import { LRUCache } from 'lru-cache';")).toBe(true);
    expect(usesLruCache('const { LRUCache } = require("lru-cache");')).toBe(true);
    expect(usesLruCache("import { TTLCache } from '@isaacs/ttlcache';")).toBe(false);
    expect(usesLruCache("import { LRUCache } from 'lru-cache-fs';")).toBe(false);
  });
});
