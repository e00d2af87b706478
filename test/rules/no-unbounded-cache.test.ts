import rule from '../../src/rules/no-unbounded-cache';
import { createRuleTester, commonjs } from '../rule-tester';

const ruleTester = createRuleTester();

/** A cache of what a constant table defines: the key is looked up in the table first, and an unknown one throws. */
const TABLE_ADMITTED = `
const BUNDLE_FILES = { docx: 'docx.cjs', 'pdf-lib': 'pdf-lib.cjs' };
const bundles = new Map<string, string>();
export function loadBundle(bundleName: string) {
  const file = BUNDLE_FILES[bundleName as keyof typeof BUNDLE_FILES];
  if (!file) throw new Error(\`Unknown bundle: \${bundleName}\`);
  bundles.set(bundleName, read(file));
}
declare function read(file: string): string;
`;
/** The write `TABLE_ADMITTED` reports when the table does not bound its keys. */
const TABLE_ADMITTED_ERROR = { messageId: 'unbounded', line: 3, column: 7, endLine: 3, endColumn: 42, suggestions: [] } as const;

ruleTester.run('no-unbounded-cache', rule, {
  valid: [
    // A write that only replaces an entry the map holds adds no key.
    `
export class TaskCatalog {
  private tasks = new Map<string, { id: string; retries: number }>();
  updateTask(id: string, changes: { retries?: number }) {
    const existing = this.tasks.get(id);
    if (existing && Object.keys(changes).length > 0) this.tasks.set(id, { ...existing, ...changes });
  }
  get(id: string) { return this.tasks.get(id); }
}
`,
    `
const sessions = new Map<string, { user: string; seenAt: number }>();
export function touch(sessionId: string) {
  if (!sessions.has(sessionId)) return;
  sessions.set(sessionId, { ...sessions.get(sessionId)!, seenAt: Date.now() });
}
`,
    `
const prices = new Map<string, number>();
export function onTick(symbol: string, price: number) {
  const previous = prices.get(symbol);
  if (previous === undefined) {
    return;
  } else {
    prices.set(symbol, Math.max(previous, price));
  }
}
`,
    // Caches of what a constant table of the code defines: a key missing from the table never reaches the write.
    TABLE_ADMITTED,
    `
const styleIds = new Map([['{5C22544A}', 'medium-2'], ['{073A0DAA}', 'light-1']]);
const styles = new Map<string, { name: string }>();
export function getStyle(styleId: string) {
  const cached = styles.get(styleId);
  if (cached) return cached;
  const name = styleIds.get(styleId);
  if (!name) return undefined;
  const style = { name };
  styles.set(styleId, style);
  return style;
}
`,
    `
import { TOOL_SCHEMAS } from './generated/tool-schemas';
declare function compile(schema: object): (value: unknown) => boolean;
const validators = new Map<string, (value: unknown) => boolean>();
export function getValidator(toolName: string, schemaKind: 'parameters' | 'result') {
  const cacheKey = \`\${toolName}:\${schemaKind}\`;
  const cached = validators.get(cacheKey);
  if (cached) return cached;
  const schema = TOOL_SCHEMAS[toolName]?.[schemaKind];
  if (!schema) return null;
  const validator = compile(schema);
  validators.set(cacheKey, validator);
  return validator;
}
`,
    TABLE_ADMITTED.replace('  const file = BUNDLE_FILES[bundleName as keyof typeof BUNDLE_FILES];\n  if (!file)', '  if (!(bundleName in BUNDLE_FILES))').replace('read(file)', 'read(bundleName)'),
    // A guard that also leaves for another reason still leaves for every missing key.
    TABLE_ADMITTED.replace('if (!file) throw', 'if (!file || !ready) throw').replace('declare function', 'declare const ready: boolean;\ndeclare function'),
    // The same in a CommonJS module, whose top-level constants live in the module's function scope.
    {
      filename: 'file.cjs',
      // ESLint reads `sourceType` from the language options, which the tester's types leave out.
      languageOptions: { ...commonjs.languageOptions, sourceType: 'commonjs' } as typeof commonjs.languageOptions,
      code: `
const fs = require('fs');
const BUNDLE_FILES = { docx: 'docx.cjs', 'pdf-lib': 'pdf-lib.cjs' };
const bundles = new Map();
function loadBundle(bundleName) {
  const file = BUNDLE_FILES[bundleName];
  if (!file) throw new Error('Unknown bundle: ' + bundleName);
  bundles.set(bundleName, fs.readFileSync(file, 'utf8'));
}
module.exports = { loadBundle };
`,
    },
    // A map that a registration fills: an update of a registered entry adds nothing new.
    `
export class TaskStore {
  private schemas = new Map<string, object>();
  registerTask(task: { id: string; schema?: object }) {
    if (task.schema) this.schemas.set(task.id, task.schema);
  }
  updateTask(id: string, schema?: object) {
    if (schema) this.schemas.set(id, schema);
  }
}
`,
    // A registration of webhooks that sessions use: the name is about webhooks, not one per session.
    `
export class Webhooks {
  private declared = new Set<string>();
  registerDeclaredSessionWebhook(id: string) {
    this.declared.add(id);
  }
}
`,
    // Named a registry by its author, filled as the code declares things.
    `
const localRegistry = new Set<{ id: string }>();
export function local(options: { id: string }) {
  const entry = { id: \`local.\${options.id}\` };
  localRegistry.add(entry);
  return entry;
}
export function listLocals() {
  return [...localRegistry];
}
`,
    // A closure made inside another call and given away with its result: one per sweep.
    `
function authorizeOncePerSweep(authorize: (key: string) => Promise<boolean>) {
  const seen = new Map<string, Promise<boolean>>();
  return (key: string) => {
    const cached = seen.get(key);
    if (cached) return cached;
    const pending = authorize(key);
    seen.set(key, pending);
    return pending;
  };
}
export async function sweep(keys: string[], authorize: (key: string) => Promise<boolean>) {
  const options = { authorize: authorizeOncePerSweep(authorize) };
  for (const key of keys) await options.authorize(key);
}
`,
    // A closure made from one operation's context.
    `
interface LedgerContext { origin: string }
export function createLedger(ctx: LedgerContext) {
  const snapshots = new Map<string, Promise<string>>();
  return {
    snapshot(runId: string) {
      let pending = snapshots.get(runId);
      if (!pending) {
        pending = fetch(\`\${ctx.origin}/runs/\${runId}\`).then((response) => response.text());
        snapshots.set(runId, pending);
      }
      return pending;
    },
  };
}
`,
    // Entries that own a timer: pending operations, like the timers alone.
    `
export class IpcConnection {
  #counter = 0;
  #acks = new Map<number, { resolve: (value: unknown) => void; reject: (reason: unknown) => void; timeout: ReturnType<typeof setTimeout> }>();
  sendWithAck(message: unknown) {
    const id = this.#counter++;
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('timeout')), 2000);
      this.#acks.set(id, { resolve, reject, timeout });
      process.send?.({ id, message });
    });
  }
}
`,
    // Objects made around a client: a pool of stateful repositories, not a cache.
    `
import { createClient } from 'redis';
declare function buildEventRepository(store: string, client: ReturnType<typeof createClient>): { flush(): Promise<void> };
declare function getEventsClient(): ReturnType<typeof createClient>;
const repositories = new Map<string, { flush(): Promise<void> }>();
export function repositoryFor(store: string) {
  let repository = repositories.get(store);
  if (!repository) {
    repository = buildEventRepository(store, getEventsClient());
    repositories.set(store, repository);
  }
  return repository;
}
`,
    // Objects made around the owner's database adapter (each sets itself up on it): a table of them, not a cache.
    `
import { Table } from './table';
interface DBAdapter { table(name: string): unknown }
export class ORMClient {
  readonly tables = new Map<string, Table>();
  constructor(private readonly adapter: DBAdapter) {}
  table(tableName: string) {
    let table = this.tables.get(tableName);
    if (!table) {
      table = new Table(this.adapter, tableName);
      this.tables.set(tableName, table);
    }
    return table;
  }
}
`,
    // Feature flags: a set the code defines.
    `
export class Telemeter {
  private featureFlags = new Set<string>();
  trackFeatureFlag(flag: string) {
    this.featureFlags.add(flag);
  }
}
`,
    // A command-line tool, a code generator, a test fixture: not a server's memory.
    ...['packages/cli/src/commands/cache.ts', 'packages/cli-v3/src/mcp/tools/query.ts', 'tools/codegen/src/formatter.ts', 'packages/index/integration-tests/__fixtures__/event-bus.ts'].map((filename) => ({
      code: `
const schemaCache = new Map<string, object>();
export async function getSchema(projectRef: string, load: (ref: string) => Promise<object>) {
  const schema = await load(projectRef);
  schemaCache.set(projectRef, schema);
  return schema;
}
`,
      filename,
    })),
    // correct use
    // Pending futures: each entry is deleted when its promise settles.
    `
const pending = new Map<string, Promise<unknown>>();
export function dedupe(id: string, run: () => Promise<unknown>) {
  const existing = pending.get(id);
  if (existing) return existing;
  const promise = run().finally(() => pending.delete(id));
  pending.set(id, promise);
  return promise;
}
`,
    // A `setInterval` sweeper clears the whole cache.
    `
const prices = new Map<string, number>();
setInterval(() => prices.clear(), 60_000);
export function onPrice(symbol: string, price: number) {
  prices.set(symbol, price);
}
`,
    // The oldest key goes when the cache is over its size.
    `
const MAX_ENTRIES = 1000;
const cache = new Map<string, string>();
export function remember(key: string, value: string) {
  cache.set(key, value);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
}
`,
    // A sweeper that deletes expired entries one by one.
    `
const sessions = new Map<string, { expiresAt: number }>();
export function touch(id: string) {
  sessions.set(id, { expiresAt: Date.now() + 60_000 });
}
setInterval(() => {
  for (const [id, session] of sessions) if (session.expiresAt < Date.now()) sessions.delete(id);
}, 10_000);
`,
    // A lock map released in `finally`.
    `
export class PositionManager {
  private locks = new Map<string, boolean>();
  async withLock(symbol: string, work: () => Promise<void>) {
    this.locks.set(symbol, true);
    try {
      await work();
    } finally {
      this.locks.delete(symbol);
    }
  }
}
`,
    // An in-flight set: each id leaves when its job ends.
    `
const inFlight = new Set<string>();
export async function run(id: string, job: () => Promise<void>) {
  if (inFlight.has(id)) return;
  inFlight.add(id);
  await job().finally(() => inFlight.delete(id));
}
`,
    // Rotated: the module variable is reassigned to a fresh Map.
    `
let generation = new Map<string, number>();
export function record(key: string) {
  generation.set(key, Date.now());
}
export function rotate() {
  generation = new Map();
}
`,
    // A class field reset to a fresh Set.
    `
export class Deduper {
  seen = new Set<string>();
  check(id: string) {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }
  reset() {
    this.seen = new Set();
  }
}
`,
    // A lookup table filled by a top-level loop over a constant table.
    `
const CURRENCIES = [['USD', 2], ['JPY', 0]] as const;
const decimals = new Map<string, number>();
for (const [code, places] of CURRENCIES) decimals.set(code, places);
export const getDecimals = (code: string) => decimals.get(code);
`,
    // A lookup table built in an immediately invoked function.
    `
const byCode = new Map<string, number>();
(() => {
  for (const code of ['a', 'b', 'c']) byCode.set(code, code.charCodeAt(0));
})();
export const lookup = (code: string) => byCode.get(code);
`,
    // A lookup table built by \`forEach\` at module load.
    `
const STATUS = [{ code: 200, text: 'OK' }, { code: 404, text: 'Not Found' }];
const statusText = new Map<number, string>();
STATUS.forEach(({ code, text }) => statusText.set(code, text));
export const describe = (code: number) => statusText.get(code);
`,
    // A table built by a local function that runs once, at load.
    `
const index = new Map<string, number>();
function buildIndex(rows: { id: string; n: number }[]) {
  for (const row of rows) index.set(row.id, row.n);
}
buildIndex([{ id: 'a', n: 1 }]);
export const find = (id: string) => index.get(id);
`,
    // Filled in the constructor only: a per-instance lookup table.
    `
export class Catalog {
  private byId = new Map<string, { id: string }>();
  constructor(items: { id: string }[]) {
    items.forEach((item) => this.byId.set(item.id, item));
  }
  get(id: string) {
    return this.byId.get(id);
  }
}
`,
    // A static table filled in a static block.
    `
class Codes {
  static table = new Map<string, number>();
  static {
    for (const code of ['a', 'b']) Codes.table.set(code, 1);
  }
  static get(code: string) {
    return Codes.table.get(code);
  }
}
`,
    // Bounded caches from cache libraries.
    `
import { LRUCache } from 'lru-cache';
const cache = new LRUCache<string, string>({ max: 500 });
export function remember(key: string, value: string) {
  cache.set(key, value);
}
`,
    `
import { TTLCache } from '@isaacs/ttlcache';
const recent = new TTLCache<string, boolean>({ max: 10_000, ttl: 60_000 });
export function mark(id: string) {
  recent.set(id, true);
}
`,
    `
import QuickLRU from 'quick-lru';
const lru = new QuickLRU<string, number>({ maxSize: 1000 });
export function put(key: string, value: number) {
  lru.set(key, value);
}
`,
    // Weak collections let their keys be collected.
    `
const metadata = new WeakMap<object, string>();
const visited = new WeakSet<object>();
export function tag(target: object, label: string) {
  metadata.set(target, label);
  visited.add(target);
}
`,
    // Cleared by a shutdown handler.
    `
const connections = new Map<string, { close(): void }>();
export function open(id: string, connection: { close(): void }) {
  connections.set(id, connection);
}
process.on('SIGTERM', () => connections.clear());
`,
    // A public field trimmed through an instance elsewhere in the file.
    `
class Store {
  cache = new Map<string, string>();
  put(key: string, value: string) {
    this.cache.set(key, value);
  }
}
export const store = new Store();
setInterval(() => store.cache.clear(), 60_000);
`,
    // A closure cache whose returned function also evicts.
    `
export function createMemo<T>(compute: (key: string) => T) {
  const memo = new Map<string, T>();
  return {
    get(key: string) {
      if (!memo.has(key)) memo.set(key, compute(key));
      return memo.get(key)!;
    },
    forget(key: string) {
      memo.delete(key);
    },
  };
}
`,
    // A private field with an eviction method.
    `
export class Subscriptions {
  #handlers = new Map<string, () => void>();
  subscribe(channel: string, handler: () => void) {
    this.#handlers.set(channel, handler);
  }
  unsubscribe(channel: string) {
    this.#handlers.delete(channel);
  }
}
`,
    // Assigned in the constructor and trimmed in a method.
    `
class Relayer {
  constructor() {
    this.results = new Map();
  }
  record(hash, result) {
    this.results.set(hash, result);
  }
  acknowledge(hash) {
    this.results.delete(hash);
  }
}
`,
    // CommonJS: entries are deleted once handled.
    {
      code: `
const queued = new Set();
function enqueue(id) {
  queued.add(id);
}
function done(id) {
  queued.delete(id);
}
module.exports = { enqueue, done };
`,
      ...commonjs,
    },

    // look-alikes that must stay silent
    // a map of Redis clients (one per tenant) owns connections: evicting one would leak it, so it is not a cache to bound
    `
import Redis from 'ioredis';
const clients = new Map<string, Redis>();
export function forTenant(tenant: string) {
  let client = clients.get(tenant);
  if (!client) {
    client = new Redis({ db: 1 });
    clients.set(tenant, client);
  }
  return client;
}
`,
    // Exported: another module may trim it.
    `
export const registry = new Map<string, () => void>();
export function register(name: string, handler: () => void) {
  registry.set(name, handler);
}
`,
    // Re-exported by name: same reason.
    `
const plugins = new Set<string>();
export function use(name: string) {
  plugins.add(name);
}
export { plugins };
`,
    // CommonJS export of the collection itself.
    {
      code: `
const cache = new Map();
function remember(key, value) {
  cache.set(key, value);
}
module.exports = { remember, cache };
`,
      ...commonjs,
    },
    // Handed to another function, which may trim it.
    `
import { registerCache } from './eviction';
const cache = new Map<string, string>();
registerCache(cache);
export function remember(key: string, value: string) {
  cache.set(key, value);
}
`,
    // Aliased: the alias may trim it.
    `
const cache = new Map<string, string>();
export function remember(key: string, value: string) {
  cache.set(key, value);
}
const alias = cache;
export function reset() {
  alias.clear();
}
`,
    // A getter hands the private field out.
    `
export class Tracker {
  #seen = new Set<string>();
  see(id: string) {
    this.#seen.add(id);
  }
  get seen() {
    return this.#seen;
  }
}
`,
    // Destructured from \`this\`, then cleared under its own name.
    `
export class Buffer {
  entries = new Map<string, string>();
  push(key: string, value: string) {
    this.entries.set(key, value);
  }
  flush() {
    const { entries } = this;
    entries.clear();
  }
}
`,
    // Function-local: freed when the call returns.
    `
export function unique(ids: string[]) {
  const seen = new Set<string>();
  return ids.filter((id) => {
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
`,
    // A closure that only reads what its factory filled in once.
    `
export function createLookup(rows: { id: string; name: string }[]) {
  const byId = new Map<string, string>();
  for (const row of rows) byId.set(row.id, row.name);
  return (id: string) => byId.get(id);
}
`,
    // A constant table that never grows.
    `
const HTTP_STATUS = new Map([
  [200, 'OK'],
  [404, 'Not Found'],
]);
export const statusText = (code: number) => HTTP_STATUS.get(code);
`,
    // Immutable.js \`Map\`, not the global one.
    `
import { Map } from 'immutable';
let state = Map<string, number>();
const cache = new Map();
export function put(key: string, value: number) {
  cache.set(key, value);
  state = state.set(key, value);
}
`,
    // A local class named \`Set\` shadows the global.
    `
class Set<T> {
  add(_value: T) {}
}
const bag = new Set<string>();
export function put(value: string) {
  bag.add(value);
}
`,
    // \`Headers\` and \`URLSearchParams\` also have \`set\`, but are not caches.
    `
const headers = new Headers();
const params = new URLSearchParams();
export function prepare(name: string, value: string) {
  headers.set(name, value);
  params.set(name, value);
}
`,
    // Held in an object literal, not a variable or field: out of scope.
    `
const state = { cache: new Map<string, string>() };
export function put(key: string, value: string) {
  state.cache.set(key, value);
}
`,
    // Declared in a block, not at module scope.
    `
{
  const scratch = new Set<string>();
  scratch.add('a');
}
`,
    // registries and lookup tables: keys from the code, filled while the program sets up
    // Was invalid: `add()` is how registries are filled; nothing in the file calls it per request.
    `
export class Directory {
  byId = new Map<string, string>();
  constructor(seed: [string, string][]) {
    seed.forEach(([id, name]) => this.byId.set(id, name));
  }
  add(id: string, name: string) {
    this.byId.set(id, name);
  }
}
`,
    // Lifecycle hooks registered by task id at start-up.
    `
type Hook = (payload: unknown) => Promise<void>;
export class TaskHooks {
  #hooks = new Map<string, Hook>();
  registerHook(taskId: string, hook: Hook) {
    this.#hooks.set(taskId, hook);
  }
  async fire(taskId: string, payload: unknown) {
    await this.#hooks.get(taskId)?.(payload);
  }
}
`,
    // Plugins added by name.
    `
interface Plugin { name: string; setup(): void }
const plugins = new Map<string, Plugin>();
export function addPlugin(plugin: Plugin) {
  plugins.set(plugin.name, plugin);
}
export const getPlugin = (name: string) => plugins.get(name);
`,
    // Routes defined by a module as it loads.
    `
const routes = new Map<string, () => string>();
export function defineRoute(path: string, render: () => string) {
  routes.set(path, render);
}
export const render = (path: string) => routes.get(path)?.();
`,
    // \`use(name, middleware)\`: a middleware registry.
    `
const middlewares = new Map<string, (input: string) => string>();
export function use(id: string, middleware: (input: string) => string) {
  middlewares.set(id, middleware);
}
`,
    // \`on(event, handler)\` stores a function: a listener registry.
    `
export class Emitter {
  private handlers = new Map<string, (payload: unknown) => void>();
  on(event: string, handler: (payload: unknown) => void) {
    this.handlers.set(event, handler);
  }
  emit(event: string, payload: unknown) {
    this.handlers.get(event)?.(payload);
  }
}
`,
    // \`setFormatter(field, fn)\`: a function registry, by its value type.
    `
export class Table {
  private formatters = new Map<string, (value: unknown) => string>();
  setFormatter(field: string, format: (value: unknown) => string) {
    this.formatters.set(field, format);
  }
}
`,
    // Link modules installed by an \`init\` method, which the constructor calls.
    `
export class Links {
  private modules = new Map<string, object>();
  constructor(ids: string[]) {
    this.init(ids);
  }
  private init(ids: string[]) {
    for (const id of ids) this.modules.set(id, {});
  }
}
`,
    // A private helper that only the constructor calls fills a per-instance index.
    `
export class Catalogue {
  #bySku = new Map<string, { sku: string }>();
  constructor(items: { sku: string }[]) {
    for (const item of items) this.#index(item);
  }
  #index(item: { sku: string }) {
    this.#bySku.set(item.sku, item);
  }
  find(sku: string) {
    return this.#bySku.get(sku);
  }
}
`,
    // An unexported function called only at module top level.
    `
const aliases = new Map<string, string>();
function alias(short: string, long: string) {
  aliases.set(short, long);
}
alias('us', 'en-US');
alias('gb', 'en-GB');
export const expand = (short: string) => aliases.get(short) ?? short;
`,
    // A decorator runs once per decorated member, as the class is defined.
    `
const fields = new Map<string, string[]>();
export function Field(target: object, propertyKey: string) {
  const name = target.constructor.name;
  fields.set(name, [...(fields.get(name) ?? []), propertyKey]);
}
`,
    // A \`has()\` check that throws on a duplicate: a registry, whatever its method is called.
    `
export class Providers {
  private bySlug = new Map<string, object>();
  put(slug: string, provider: object) {
    if (this.bySlug.has(slug)) throw new Error(\`provider \${slug} is already registered\`);
    this.bySlug.set(slug, provider);
  }
}
`,
    // SSO providers: under \`case 'azure':\` the key is that literal.
    `
export class Identity {
  providers = new Map<string, object>();
  enable(slug: string) {
    switch (slug) {
      case 'azure':
        this.providers.set(slug, { kind: 'azure' });
        break;
      case 'google':
        this.providers.set(slug, { kind: 'google' });
        break;
    }
  }
}
`,

    // finite key spaces
    // An enum key type.
    `
enum Metric { Created = 'created', Deleted = 'deleted' }
const counters = new Map<Metric, number>();
export function count(metric: Metric) {
  counters.set(metric, (counters.get(metric) ?? 0) + 1);
}
`,
    // A literal-union key type, through an alias.
    `
type Access = 'read' | 'write';
export class Audit {
  private last: Map<Access, number> = new Map();
  record(access: Access) {
    this.last.set(access, Date.now());
  }
}
`,
    // \`keyof\` a constant: as many keys as the constant has.
    `
const LIMITS = { free: 10, pro: 100 };
const used = new Map<keyof typeof LIMITS, number>();
export function spend(plan: keyof typeof LIMITS) {
  used.set(plan, (used.get(plan) ?? 0) + 1);
}
`,
    // Keys that are string literals or enum members at every write, even in a request handler.
    `
import { createServer } from 'node:http';
import { Status } from './status';
const hits = new Map<string, number>();
createServer((request, response) => {
  hits.set('requests', (hits.get('requests') ?? 0) + 1);
  hits.set(Status.Ok, (hits.get(Status.Ok) ?? 0) + 1);
  response.end();
});
`,
    // An imported enum, used as \`Kind.Member\` in the file.
    `
import { Trigger } from './triggers';
const enrichers = new Map<Trigger, (event: object) => object>();
enrichers.set(Trigger.LeadCreated, (event) => event);
export function enrich(trigger: Trigger, event: object) {
  return enrichers.get(trigger)?.(event) ?? event;
}
export function replace(trigger: Trigger, enrich: (event: object) => object) {
  enrichers.set(trigger, enrich);
}
`,
    // One formatter per locale (and per time zone): as many as the world has.
    `
const formatters = new Map<string, Intl.DateTimeFormat>();
export function formatterFor(locale: string, timeZone: string) {
  const key = \`\${locale}|\${timeZone}\`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone });
    formatters.set(key, formatter);
  }
  return formatter;
}
`,

    // owned by a per-call object or closure
    // A builder made and dropped inside a function.
    `
class FolderTree {
  private byPath = new Map<string, string[]>();
  put(path: string, file: string) {
    this.byPath.set(path, [...(this.byPath.get(path) ?? []), file]);
  }
  paths() {
    return [...this.byPath.keys()];
  }
}
export function listFolders(files: { path: string; name: string }[]) {
  const tree = new FolderTree();
  for (const file of files) tree.put(file.path, file.name);
  return tree.paths();
}
`,
    // A class named for one operation.
    `
export class ImportBatch {
  private seen = new Set<string>();
  accept(id: string) {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }
}
`,
    // A closure factory called per request and kept in a local.
    `
function createDeduper() {
  const seen = new Set<string>();
  return (id: string) => {
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };
}
export function unique(ids: string[]) {
  const first = createDeduper();
  return ids.filter((id) => first(id));
}
`,
    // An emitter's listener lists: \`on*\` keeps a list per event and pushes the listener onto it.
    `
type PipeHandler = (payload: unknown) => Promise<unknown>;
export class EventEmitter {
  private corePipes = new Map<string, PipeHandler[]>();
  onPipe(event: string, fn: PipeHandler) {
    if (!this.corePipes.has(event)) {
      this.corePipes.set(event, []);
    }
    this.corePipes.get(event)!.push(fn);
  }
}
`,
    // Apollo Server calls a plugin's \`requestDidStart()\` once per request: the listeners it returns serve that request.
    `
export const expectedErrorPlugin = {
  async requestDidStart() {
    const classifications = new Map<string, string>();
    return {
      async didEncounterErrors(context: { errors: { path?: string[]; message: string }[] }) {
        for (const error of context.errors) classifications.set(error.path?.join('.') ?? error.message, 'expected');
      },
    };
  },
};
`,
    // An ESLint rule's \`create(context)\` runs once per linted file.
    `
export default {
  meta: { type: 'problem' },
  create() {
    const imports = new Map<string, object>();
    return {
      ImportDeclaration(node: { source: { value: string } }) {
        imports.set(node.source.value, node);
      },
    };
  },
};
`,

    // pools of resources: evicting one would leak it
    `
import { Queue } from 'bullmq';
export class Queues {
  private static instances = new Map<number, Queue>();
  static get(shard: number) {
    let queue = Queues.instances.get(shard);
    if (!queue) {
      queue = new Queue(\`ingest-\${shard}\`);
      Queues.instances.set(shard, queue);
    }
    return queue;
  }
}
`,
    `
import { S3Client } from '@aws-sdk/client-s3';
const clientsByBucket = new Map<string, S3Client>();
export function clientFor(bucket: string) {
  if (!clientsByBucket.has(bucket)) clientsByBucket.set(bucket, new S3Client({}));
  return clientsByBucket.get(bucket);
}
`,
    // Keep-alive agents per policy, given to a variable after a miss: an evicted one would keep its sockets open.
    `
import http from 'node:http';
const agentsByPolicy = new Map<string, { httpAgent: http.Agent }>();
export function agentsFor(policy: string) {
  let agents = agentsByPolicy.get(policy);
  if (!agents) {
    agents = { httpAgent: new http.Agent({ keepAlive: true }) };
    agentsByPolicy.set(policy, agents);
  }
  return agents;
}
`,
    // An imported factory named for a client it opens (its body is out of sight).
    `
import { createS3Client } from './s3';
const byBackend = new Map<string, ReturnType<typeof createS3Client>>();
export function backendClient(backend: string) {
  const cached = byBackend.get(backend);
  if (cached) return cached;
  const built = createS3Client(backend);
  byBackend.set(backend, built);
  return built;
}
`,
    // A decorated field belongs to what decorates it (MobX, an ORM).
    `
import { observable } from 'mobx';
export class DocumentsStore {
  @observable backlinks = new Map<string, string[]>();
  fetchBacklinks(documentId: string, ids: string[]) {
    this.backlinks.set(documentId, ids);
  }
}
`,

    // tests, scripts, vendored and generated files
    {
      code: `
const seen = new Set<string>();
export function handle(id: string) {
  seen.add(id);
}
`,
      filename: 'src/__tests__/handler.test.ts',
    },
    {
      code: `
const seen = new Set<string>();
export function handle(id: string) {
  seen.add(id);
}
`,
      filename: 'test/helpers/fake-handler.ts',
    },
    {
      code: `
const seen = new Set<string>();
export function handle(id: string) {
  seen.add(id);
}
`,
      filename: 'src/handler.spec.ts',
    },
    {
      code: `
const cache = new Map();
function remember(key, value) {
  cache.set(key, value);
}
module.exports = { remember };
`,
      ...commonjs,
      filename: '.yarn/releases/yarn-4.5.0.cjs',
    },
    {
      code: `
const cache = new Map<string, string>();
export function remember(key: string, value: string) {
  cache.set(key, value);
}
`,
      filename: 'vendor/legacy/cache.ts',
    },
    {
      code: `
const cache = new Map<string, string>();
export function remember(key: string, value: string) {
  cache.set(key, value);
}
`,
      filename: 'dist/cache.ts',
    },
    {
      code: `
const cache = new Map();
function remember(key, value) {
  cache.set(key, value);
}
module.exports = { remember };
`,
      ...commonjs,
      filename: 'lib/cache.min.js',
    },
    {
      code: `
// Code generated by protoc-gen-ts. DO NOT EDIT.
const cache = new Map<string, string>();
export function remember(key: string, value: string) {
  cache.set(key, value);
}
`,
    },
    {
      code: `
const processed = new Set<string>();
export function backfill(id: string) {
  processed.add(id);
}
`,
      filename: 'scripts/backfill.ts',
    },
    // Browser code: a tab's memory goes with the tab.
    {
      code: `
const hues = new Map<string, number>();
export function hueFor(id: string) {
  if (!hues.has(id)) hues.set(id, id.length * 37);
  return hues.get(id);
}
`,
      filename: 'frontend/js/colors.ts',
    },

    // options
    // Bounded by the domain: one entry per configured region.
    {
      code: `
const regionClients = new Map<string, object>();
export function clientFor(region: string) {
  if (!regionClients.has(region)) regionClients.set(region, {});
  return regionClients.get(region);
}
`,
      options: [{ ignore: ['regionClients'] }],
    },
    // A regular expression with flags.
    {
      code: `
const RegionCache = new Map<string, object>();
export function put(region: string) {
  RegionCache.set(region, {});
}
`,
      options: [{ ignore: ['/^region/i'] }],
    },
    // A private field by its written name.
    {
      code: `
export class Shards {
  #shardByTenant = new Map<string, number>();
  assign(tenant: string, shard: number) {
    this.#shardByTenant.set(tenant, shard);
  }
}
`,
      options: [{ ignore: ['#shardByTenant'] }],
    },
    // A pattern matching a class field.
    {
      code: `
class Registry {
  static handlersByEvent = new Map<string, () => void>();
  static on(event: string, handler: () => void) {
    Registry.handlersByEvent.set(event, handler);
  }
}
`,
      options: [{ ignore: ['/ByEvent$/'] }],
    },
    // Browser code, read from the code: the module measures text with `document` (a tab's memory goes with the tab).
    `
const widths = new Map<string, number>();
export function measure(text: string): number {
  const known = widths.get(text);
  if (known !== undefined) return known;
  const width = document.createElement('canvas').getContext('2d')?.measureText(text).width ?? 0;
  widths.set(text, width);
  return width;
}
`,
    // … or imports a UI framework (a type import too).
    `
import type { ReactNode } from 'react';
const renderers = new Map<string, () => ReactNode>();
export function findRenderer(toolName: string, make: () => ReactNode) {
  renderers.set(toolName, make);
  return renderers.get(toolName);
}
`,
    // … or a library that holds a page's state: a zustand store's module, a MobX store class.
    `
import { create } from 'zustand';
const notFoundIds = new Set<number>();
export const useResources = create<{ ids: number[] }>(() => ({ ids: [] }));
export function requestResourceIds(ids: number[]) {
  for (const id of ids) if (!useResources.getState().ids.includes(id)) notFoundIds.add(id);
}
`,
    `
import { makeObservable, observable } from 'mobx';
export class FilterConfigs {
  configs = new Map<string, { label: string }>();
  constructor() {
    makeObservable(this, { configs: observable });
  }
  update(updates: { id: string; label: string }[]) {
    for (const { id, label } of updates) this.configs.set(id, { label });
  }
}
`,
    // A one-off script: the process exits when the scan is done.
    `
import { createReadStream } from 'node:fs';
const counts = new Map<string, number>();
function scan(): Promise<void> {
  return new Promise((resolve) => {
    const stream = createReadStream('keys.txt');
    stream.on('data', (chunk) => {
      const key = String(chunk);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    stream.on('end', resolve);
  });
}
scan().finally(() => process.exit());
`,
    // The plugins whose workers were started, kept where the workers start: it grows with start-ups, not traffic.
    `
import { Worker } from 'bullmq';
const startedWorkers = new Set<string>();
export function startImportWorker(pluginName: string) {
  if (startedWorkers.has(pluginName)) return;
  new Worker(\`\${pluginName}-import\`, async () => {});
  startedWorkers.add(pluginName);
}
`,
    // A one-off command: the function the file runs ends the process when its work is done.
    `
const seen = new Map<string, number>();
export function onRequest(id: string) {
  seen.set(id, Date.now());
}
const command = async () => {
  console.log('done');
  process.exit();
};
command().catch(() => process.exit(1));
`,
    // Filled once at load from a database cursor, which ends: \`for await\` over \`find()\` is no endless loop.
    `
declare const db: { globalBlobs: { find(): AsyncIterable<{ _id: string }> } };
const globalBlobs = new Set<string>();
async function loadGlobalBlobs() {
  const blobs = db.globalBlobs.find();
  for await (const blob of blobs) globalBlobs.add(blob._id);
}
export const loaded = loadGlobalBlobs();
export function isGlobalBlob(hash: string): boolean {
  return globalBlobs.has(hash);
}
`,
    // A hook only tests call.
    `
const directoryCache = new Map<string, string[]>();
export function __setDirectoryCache(folder: string, files: string[]): void {
  directoryCache.set(folder, files);
}
export function listFolder(folder: string): string[] {
  return directoryCache.get(folder) ?? [];
}
`,
    // A warn-once set: it grows with the distinct problems logged, not with traffic.
    `
const warnedToolNames = new Set<string>();
export function findRenderer(toolName: string, renderers: Record<string, () => void>) {
  const renderer = renderers[toolName];
  if (!renderer && !warnedToolNames.has(toolName)) {
    warnedToolNames.add(toolName);
    console.warn(\`no renderer for tool \${toolName}\`);
  }
  return renderer;
}
`,
  ],
  invalid: [
    // Look-alikes of a pool of things to close: what is stored is plain data.
    // A timer given to the variable after it was stored.
    {
      code: `const seen = new Map<string, number>();\nexport function record(id: string) {\n  let at = Date.now();\n  seen.set(id, at);\n  at = setTimeout(() => {}, 10) as unknown as number;\n  return at;\n}\n`,
      errors: [{ messageId: 'unbounded', line: 1, suggestions: [] }],
    },
    // A loop variable is an item, not the iterable a factory named for workers gave.
    {
      code: `declare function createWorkerPool(n: number): { id: string }[];\nconst byId = new Map<string, { id: string }>();\nexport function start(n: number) {\n  for (const item of createWorkerPool(n)) byId.set(item.id, item);\n}\n`,
      errors: [{ messageId: 'unbounded', line: 2, suggestions: [] }],
    },
    // A factory of the file named for a client that returns plain data.
    {
      code: `function createHttpClient(base: string) {\n  return { base };\n}\nconst byBase = new Map<string, { base: string }>();\nexport function clientFor(base: string) {\n  let c = byBase.get(base);\n  if (!c) {\n    c = createHttpClient(base);\n    byBase.set(base, c);\n  }\n  return c;\n}\n`,
      errors: [{ messageId: 'unbounded', line: 4, suggestions: [{ messageId: 'boundWithLruCache', output: `import { LRUCache } from 'lru-cache';\n\nfunction createHttpClient(base: string) {\n  return { base };\n}\nconst byBase = new LRUCache<string, { base: string }>({ max: 1000, ttl: 30 * 60 * 1000 });\nexport function clientFor(base: string) {\n  let c = byBase.get(base);\n  if (!c) {\n    c = createHttpClient(base);\n    byBase.set(base, c);\n  }\n  return c;\n}\n` }] }],
    },
    // Look-alikes of a cache of a constant table: each lets keys in that the code did not write.
    // The module adds to the table.
    {
      code: `${TABLE_ADMITTED}export function addBundle(name: string, file: string) {\n  (BUNDLE_FILES as Record<string, string>)[name] = file;\n}\n`,
      errors: [TABLE_ADMITTED_ERROR],
    },
    // The table is made at run time, not written in the code.
    { code: TABLE_ADMITTED.replace("{ docx: 'docx.cjs', 'pdf-lib': 'pdf-lib.cjs' }", 'readManifest()').replace('declare function', 'declare function readManifest(): Record<string, string>;\ndeclare function'), errors: [TABLE_ADMITTED_ERROR] },
    // An imported table not named as a constant may be a map another module fills.
    { code: TABLE_ADMITTED.replace("const BUNDLE_FILES = { docx: 'docx.cjs', 'pdf-lib': 'pdf-lib.cjs' };", "import { bundleFiles } from './bundles';").replaceAll('BUNDLE_FILES', 'bundleFiles'), errors: [TABLE_ADMITTED_ERROR] },
    { code: TABLE_ADMITTED.replace("const BUNDLE_FILES = { docx: 'docx.cjs', 'pdf-lib': 'pdf-lib.cjs' };", "import { bundleFiles as BUNDLE_FILES } from './bundles';"), errors: [TABLE_ADMITTED_ERROR] },
    // A missing key is only logged: the write still runs.
    { code: TABLE_ADMITTED.replace('if (!file) throw new Error', 'if (!file) console.warn'), errors: [TABLE_ADMITTED_ERROR] },
    // The lookup comes after the write.
    {
      code: TABLE_ADMITTED.replace('  bundles.set(bundleName, read(file));\n', '').replace('  const file =', '  bundles.set(bundleName, read(bundleName));\n  const file ='),
      errors: [TABLE_ADMITTED_ERROR],
    },
    // A second part of the key is not looked up: one entry per user and bundle.
    {
      code: TABLE_ADMITTED.replace('loadBundle(bundleName: string)', 'loadBundle(userId: string, bundleName: string)').replace('bundles.set(bundleName,', 'bundles.set(\`\${userId}:\${bundleName}\`,'),
      errors: [TABLE_ADMITTED_ERROR],
    },
    // The guard leaves only when the key is missing and something else holds.
    { code: TABLE_ADMITTED.replace('loadBundle(bundleName: string)', 'loadBundle(bundleName: string, strict: boolean)').replace('if (!file) throw', 'if (!file && strict) throw'), errors: [TABLE_ADMITTED_ERROR] },
    // A missing key gives \`undefined\`, which \`=== null\` does not catch.
    { code: TABLE_ADMITTED.replace('if (!file) throw', 'if (file === null) throw'), errors: [TABLE_ADMITTED_ERROR] },
    // The key's variable is given another value after the guard.
    {
      code: TABLE_ADMITTED.replace('loadBundle(bundleName: string)', 'loadBundle(bundleName: string, request: { body: { id: string } })').replace('  bundles.set(', '  bundleName = request.body.id;\n  bundles.set('),
      errors: [TABLE_ADMITTED_ERROR],
    },
    // The write is in a function declaration, which runs before the guard.
    {
      code: TABLE_ADMITTED.replace('  bundles.set(bundleName, read(file));', '  function store() {\n    bundles.set(bundleName, read(bundleName));\n  }').replace('  const file =', '  store();\n  const file ='),
      errors: [TABLE_ADMITTED_ERROR],
    },
    // The write takes another variable of the same name, which no guard looked up.
    {
      code: TABLE_ADMITTED.replace('  bundles.set(bundleName, read(file));', '  return (bundleName: string) => bundles.set(bundleName, read(file));'),
      errors: [TABLE_ADMITTED_ERROR],
    },
    // The table leaves the module's sight, through an alias or \`Object.assign\`, and may be changed there.
    { code: `${TABLE_ADMITTED}const files: Record<string, string> = BUNDLE_FILES;\nexport function addBundle(name: string, file: string) {\n  files[name] = file;\n}\n`, errors: [TABLE_ADMITTED_ERROR] },
    { code: `${TABLE_ADMITTED}export function addBundles(extra: Record<string, string>) {\n  Object.assign(BUNDLE_FILES, extra);\n}\n`, errors: [TABLE_ADMITTED_ERROR] },
    // A name taken out of a value made at run time is no table of literals.
    {
      code: TABLE_ADMITTED.replace("const BUNDLE_FILES = { docx: 'docx.cjs', 'pdf-lib': 'pdf-lib.cjs' };", 'const { files: BUNDLE_FILES } = { files: readManifest() };').replace('declare function', 'declare function readManifest(): Record<string, string>;\ndeclare function'),
      errors: [TABLE_ADMITTED_ERROR],
    },
    // An object literal's own \`get()\` may answer for any key.
    {
      code: `
const SETTINGS = { get: (key: string) => fetchSetting(key) };
const values = new Map<string, string>();
export function remember(settingKey: string) {
  const value = SETTINGS.get(settingKey);
  if (!value) return;
  values.set(settingKey, value);
}
declare function fetchSetting(key: string): string | undefined;
`,
      errors: [{ messageId: 'unbounded', line: 3, suggestions: [] }],
    },
    // The table is asked about another value than the key.
    {
      code: TABLE_ADMITTED.replace('loadBundle(bundleName: string)', 'loadBundle(bundleName: string, requestId: string)').replace('bundles.set(bundleName,', 'bundles.set(requestId,'),
      errors: [TABLE_ADMITTED_ERROR],
    },
    // Look-alikes of registries, per-call closures and pools: each grows with run-time data.
    // A registration named for one connection, however its key is spelled.
    {
      code: `
export class Connections {
  private byId = new Map<string, { openedAt: number }>();
  addConnectionById(id: string) {
    this.byId.set(id, { openedAt: Date.now() });
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3, data: { name: 'byId', kind: 'Map', method: 'set', lifetime: 'class-field', evidence: 'on every call of `addConnectionById()` (one entry per connection)' } }],
    },
    // A registry class that fills a field in a request handler.
    {
      code: `
import http from 'node:http';
export class PluginRegistry {
  private hits = new Map<string, number>();
  constructor(server: http.Server) {
    server.on('request', (req) => this.hits.set(req.url ?? '', Date.now()));
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 4 }],
    },
    // Updates of a map that a per-session registration fills.
    {
      code: `
export class Sessions {
  private sessions = new Map<string, number>();
  registerSession(id: string) {
    this.sessions.set(id, Date.now());
  }
  touch(id: string) {
    this.sessions.set(id, Date.now());
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    // The closure is made once, at module level: it lives as long as the process.
    {
      code: `
function authorizeOnce(authorize: (key: string) => Promise<boolean>) {
  const seen = new Map<string, Promise<boolean>>();
  return (key: string) => {
    const cached = seen.get(key);
    if (cached) return cached;
    const pending = authorize(key);
    seen.set(key, pending);
    return pending;
  };
}
export const authorizeKey = authorizeOnce(async (key) => key.length > 0);
`,
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    // Made inside a call, but kept on the instance.
    {
      code: `
function makeSeen() {
  const seen = new Set<string>();
  return (id: string) => seen.add(id);
}
export class Relayer {
  private remember?: (id: string) => void;
  start() {
    this.remember = makeSeen();
  }
  onTransaction(txHash: string) {
    this.remember?.(txHash);
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    // An exported factory this file never calls, given no operation's context: who calls it, and how often, is not known.
    {
      code: `
export function createLimiter(limit: number) {
  const hits = new Map<string, number>();
  return (ip: string) => {
    const count = (hits.get(ip) ?? 0) + 1;
    hits.set(ip, count);
    return count <= limit;
  };
}
`,
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    // Pending resolvers with no timer of their own, never deleted.
    {
      code: `
export class Attempts {
  private promises = new Map<string, { resolve: (value: unknown) => void; reject: (reason: unknown) => void }>();
  execute(attemptId: string) {
    return new Promise((resolve, reject) => {
      this.promises.set(attemptId, { resolve, reject });
    });
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    // A flag of a user, not a feature flag: keys from the user.
    {
      code: `
const flaggedUsers = new Set<string>();
export function flagUser(userId: string) {
  flaggedUsers.add(userId);
}
`,
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
    // Folders that only look like a command-line tool's or a code generator's: the service's own code.
    ...['src/clients/relayer.ts', 'services/pdf-generator/src/render.ts'].map((filename) => ({
      code: `
const seen = new Set<string>();
export function onEvent(id: string) {
  seen.add(id);
}
`,
      filename,
      errors: [{ messageId: 'unbounded' as const, line: 2 }],
    })),
    // More look-alikes, from review: each grows with run-time data.
    // The factory's result is handed to another call (a middleware made once per server).
    {
      code: `
import express from 'express';
function rateLimiter() {
  const hits = new Map<string, number>();
  return (req: express.Request, _res: express.Response, next: () => void) => {
    hits.set(req.ip ?? '', (hits.get(req.ip ?? '') ?? 0) + 1);
    next();
  };
}
export function createServer() {
  const app = express();
  app.use(rateLimiter());
  return app;
}
`,
      errors: [{ messageId: 'unbounded', line: 4 }],
    },
    // An exported factory this file calls inside a function: others may call it once, for good.
    {
      code: `
export function createCounter() {
  const counts = new Map<string, number>();
  return (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
}
export function bootstrap() {
  const count = createCounter();
  return count('x');
}
`,
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    // Given an operation's context, but made once at module level.
    {
      code: `
interface AppContext { origin: string }
function rateLimiter(ctx: AppContext) {
  const hits = new Map<string, number>();
  return (ip: string) => hits.set(\`\${ctx.origin}:\${ip}\`, Date.now());
}
export const limit = rateLimiter({ origin: 'api' });
`,
      errors: [{ messageId: 'unbounded', line: 4 }],
    },
    // An add* method fills the map, and a lookup fills it too: add* is no registration of what the code declares.
    {
      code: `
declare function fetchUser(id: string): Promise<{ id: string }>;
export class UserCache {
  private users = new Map<string, { id: string }>();
  addUser(user: { id: string }) {
    this.users.set(user.id, user);
  }
  async getUser(id: string) {
    if (!this.users.has(id)) this.users.set(id, await fetchUser(id));
    return this.users.get(id);
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 4 }],
    },
    // A name that only starts like a registry: per-user challenges.
    {
      code: `
const registrationChallenges = new Map<string, string>();
export function beginRegistration(userId: string, challenge: string) {
  registrationChallenges.set(userId, challenge);
}
`,
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
    // A registry keyed by a fresh id each time: it grows with every call.
    {
      code: `
import { randomUUID } from 'node:crypto';
const callbackRegistry = new Map<string, () => void>();
export function track(callback: () => void) {
  callbackRegistry.set(randomUUID(), callback);
}
`,
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    // A field of a class named a catalog, written per call: the class name does not make it a registry.
    {
      code: `
export class ServiceCatalog {
  private lastSeen = new Map<string, number>();
  heartbeat(instanceId: string) {
    this.lastSeen.set(instanceId, Date.now());
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3 }],
    },
    // Objects made around a socket, one per connection in a handler.
    {
      code: `
import { WebSocketServer, type WebSocket } from 'ws';
class Player {
  constructor(readonly name: string, readonly socket: WebSocket) {}
}
const players = new Map<string, Player>();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (socket, req) => {
  players.set(String(req.headers['x-id']), new Player('p', socket));
});
`,
      errors: [{ messageId: 'unbounded', line: 6 }],
    },
    // A registration whose name ends in the session's token is one per session.
    {
      code: `
export class Tokens {
  private tokens = new Map<string, number>();
  registerSessionToken(token: string) {
    this.tokens.set(token, Date.now());
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3, data: { name: 'tokens', kind: 'Map', method: 'set', lifetime: 'class-field', evidence: 'on every call of `registerSessionToken()` (one entry per session)' } }],
    },
    // Look-alikes of a write that replaces an entry: each can add a key.
    // The guard asks another key.
    {
      code: `
const sessions = new Map<string, number>();
export function touch(sessionId: string, otherId: string) {
  if (sessions.has(otherId)) sessions.set(sessionId, Date.now());
}
`,
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
    // The variable is assigned again after get(): it no longer says the key is there.
    {
      code: `
const users = new Map<string, object>();
export async function load(userId: string, fetchUser: (id: string) => Promise<object>) {
  let user = users.get(userId);
  if (!user) user = await fetchUser(userId);
  if (user) users.set(userId, user);
  return user;
}
`,
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
    // Written when the key is missing, not when it is there.
    {
      code: `
const results = new Map<string, object>();
export function record(txId: string, result: object) {
  if (!results.get(txId)) results.set(txId, result);
}
`,
      errors: [{ messageId: 'unbounded', line: 2, suggestions: [] }],
    },
    // One replacing write does not hide another that adds keys.
    {
      code: `
const sessions = new Map<string, number>();
export function touch(sessionId: string) {
  if (sessions.has(sessionId)) sessions.set(sessionId, Date.now());
}
export function open(sessionId: string) {
  sessions.set(sessionId, Date.now());
}
`,
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
    // Look-alikes of the silent shapes above.
    // A server module that checks `typeof window` (or says 'use server') is no browser code.
    {
      code: `
'use server';
const seen = new Map<string, number>();
export async function track(visitorId: string) {
  if (typeof window !== 'undefined') return;
  seen.set(visitorId, Date.now());
}
`,
      errors: [{ messageId: 'unbounded', line: 3, suggestions: [] }],
    },
    // Exiting only on a failure (the second callback of \`then\`) is how a server stops, not a script's end.
    {
      code: `
const seen = new Map<string, number>();
export function onRequest(id: string) {
  seen.set(id, Date.now());
}
async function main() {}
main().then(() => console.log('listening'), () => process.exit(1));
`,
      errors: [{ messageId: 'unbounded', line: 2, suggestions: [] }],
    },
    // A set added to beside an info line, without a \`has\` guard, grows with traffic.
    {
      code: `
const seenUsers = new Set<string>();
export function onLogin(userId: string, logger: { info(message: string): void }) {
  if (userId) {
    seenUsers.add(userId);
    logger.info(\`login \${userId}\`);
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
    // A list per key filled with data, not listeners, is no emitter's.
    {
      code: `
export class Inbox {
  private messages = new Map<string, string[]>();
  onMessage(userId: string, text: string) {
    if (!this.messages.has(userId)) this.messages.set(userId, []);
    this.messages.get(userId)!.push(text);
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3, suggestions: [] }],
    },
    // … a plugin hook of another name (\`serverWillStart\`, run once) keeps its closure for the server's life.
    {
      code: `
export const warmPlugin = {
  async serverWillStart() {
    const seen = new Map<string, number>();
    return {
      async drainServer() {},
      remember(path: string) {
        seen.set(path, Date.now());
      },
    };
  },
};
`,
      errors: [{ messageId: 'unbounded', line: 4, suggestions: [] }],
    },
    // Workers started in a callback (per message) make no start-up of the function around it.
    {
      code: `
import { Worker } from 'bullmq';
const seenTenants = new Set<string>();
export function onMessage(tenantId: string, bus: { on(event: string, handler: () => void): void }) {
  seenTenants.add(tenantId);
  bus.on('ready', () => new Worker(tenantId, async () => {}));
}
`,
      errors: [{ messageId: 'unbounded', line: 3, suggestions: [] }],
    },
    // A server whose start function exits only on one path, not as its last statement, is no one-off script.
    {
      code: `
const seen = new Map<string, number>();
export function onRequest(id: string) {
  seen.set(id, Date.now());
}
async function main(port?: number) {
  if (!port) process.exit(1);
  console.log('listening');
}
void main(Number(process.env.PORT));
`,
      errors: [{ messageId: 'unbounded', line: 2, suggestions: [] }],
    },
    // A server that exits only when its start fails is no one-off script.
    {
      code: `
const seen = new Map<string, number>();
export function onRequest(id: string) {
  seen.set(id, Date.now());
}
async function main() {}
main().catch(() => process.exit(1));
`,
      errors: [{ messageId: 'unbounded', line: 2, suggestions: [] }],
    },
    // \`for await\` over a subscription runs for the life of the process.
    {
      code: `
const seen = new Set<string>();
export async function consume(subscription: AsyncIterable<{ id: string }>) {
  for await (const message of subscription) seen.add(message.id);
}
`,
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
    // A dedupe set beside work, not beside a log line.
    {
      code: `
const processed = new Set<string>();
export async function onTransaction(hash: string, settle: (hash: string) => Promise<void>) {
  if (!processed.has(hash)) {
    processed.add(hash);
    await settle(hash);
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
    // A set read otherwise than by \`has\` (its size reported) is more than a warn-once record.
    {
      code: `
const warned = new Set<string>();
export function warnOnce(account: string) {
  if (!warned.has(account)) {
    warned.add(account);
    console.warn(\`account \${account} is misconfigured (\${warned.size} so far)\`);
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
    // A private helper named with underscores, not a test hook.
    {
      code: `
const sessions = new Map<string, number>();
export function __handleSession(id: string) {
  sessions.set(id, Date.now());
}
`,
      errors: [{ messageId: 'unbounded', line: 2, suggestions: [] }],
    },
    // A module-level cache that only grows.
    {
      code: `
const cache = new Map<string, string>();
export function remember(key: string, value: string) {
  cache.set(key, value);
}
`,
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'cache', kind: 'Map', method: 'set', lifetime: 'module-level', evidence: 'on every call of `remember()` (keys from `key`)' },
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 40,
        },
      ],
    },
    // A Set used as a dedupe filter.
    {
      code: `
const seen = new Set<string>();
export function handle(id: string) {
  if (seen.has(id)) return;
  seen.add(id);
}
`,
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'seen', kind: 'Set', method: 'add', lifetime: 'module-level', evidence: 'on every call of `handle()` (keys from `id`)' },
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 31,
        },
      ],
    },
    // A class-field lock map that is only \`set\`.
    {
      code: `
export class Trader {
  private locks = new Map<string, boolean>();
  lock(symbol: string) {
    this.locks.set(symbol, true);
  }
  isLocked(symbol: string) {
    return this.locks.get(symbol) === true;
  }
}
`,
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'locks', kind: 'Map', method: 'set', lifetime: 'class-field', evidence: 'on every call of `lock()` (keys from `symbol`)' },
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 46,
        },
      ],
    },
    // Trading bot: processed transactions, kept forever.
    {
      code: `
const processedTransactions = new Set<string>();
export async function onTransaction(tx: { signature: string }, execute: (tx: object) => Promise<void>) {
  if (processedTransactions.has(tx.signature)) return;
  processedTransactions.add(tx.signature);
  await execute(tx);
}
`,
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'processedTransactions', kind: 'Set', method: 'add', lifetime: 'module-level', evidence: 'on every call of `onTransaction()` (keys from `tx`)' },
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 48,
        },
      ],
    },
    // Trading bot: a price cache keyed by symbol and time.
    {
      code: `
export class PriceFeed {
  private prices = new Map<string, number>();
  onTick(symbol: string, price: number) {
    this.prices.set(\`\${symbol}:\${Date.now()}\`, price);
  }
  last(symbol: string, at: number) {
    return this.prices.get(\`\${symbol}:\${at}\`);
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3, column: 3, endLine: 3, endColumn: 46 }],
    },
    // Trading bot: position locks in a private field, taken and never released.
    {
      code: `
export class PositionBook {
  #positionLocks = new Map<string, Promise<void>>();
  open(market: string, order: () => Promise<void>) {
    const pending = order();
    this.#positionLocks.set(market, pending);
    return pending;
  }
}
`,
      errors: [
        {
          messageId: 'unbounded',
          data: { name: '#positionLocks', kind: 'Map', method: 'set', lifetime: 'class-field', evidence: 'on every call of `open()` (keys from `market`)' },
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 53,
        },
      ],
    },
    // Trading bot in script form: a main loop that never ends.
    {
      code: `
const processed = new Set<string>();
async function main(poll: () => Promise<{ id: string }[]>) {
  while (true) {
    for (const tx of await poll()) {
      if (processed.has(tx.id)) continue;
      processed.add(tx.id);
    }
  }
}
main(async () => []);
`,
      errors: [{ messageId: 'unbounded', line: 2, column: 7, endLine: 2, endColumn: 36 }],
    },
    // Relayer: every transaction result, kept in a dict forever.
    {
      code: `
class Relayer {
  constructor(send) {
    this.send = send;
    this.results = new Map();
  }
  async relay(tx) {
    const result = await this.send(tx);
    this.results.set(tx.hash, result);
    return result;
  }
}
`,
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'results', kind: 'Map', method: 'set', lifetime: 'class-field', evidence: 'on every call of `relay()` (keys from `tx`)' },
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 29,
        },
      ],
    },
    // A static field of objects: a WeakSet lets each one go.
    {
      code: `
export class Registry {
  static instances = new Set<object>();
  static track(instance: object) {
    Registry.instances.add(instance);
  }
}
`,
      errors: [{ messageId: 'unboundedObjectKeys', data: { name: 'instances', kind: 'Set', method: 'add', lifetime: 'class-field', evidence: 'on every call of `track()` (keys from `instance`)', weakKind: 'WeakSet' }, line: 3, column: 3, endLine: 3, endColumn: 40 }],
    },
    // A static field grown from outside the class.
    {
      code: `
class Seen {
  static ids = new Set<string>();
}
export function see(id: string) {
  Seen.ids.add(id);
}
`,
      errors: [{ messageId: 'unbounded', line: 3, column: 3, endLine: 3, endColumn: 34 }],
    },
    // A class-field handler that is an arrow function.
    {
      code: `
export class Listener {
  private received = new Set<string>();
  onMessage = (id: string) => {
    this.received.add(id);
  };
}
`,
      errors: [{ messageId: 'unbounded', line: 3, column: 3, endLine: 3, endColumn: 40 }],
    },
    // Filled in the constructor, and also grown afterwards, by a handler of run-time data.
    {
      code: `
export class Directory {
  byId = new Map<string, string>();
  constructor(seed: [string, string][]) {
    seed.forEach(([id, name]) => this.byId.set(id, name));
  }
  learn(id: string, name: string) {
    this.byId.set(id, name);
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3, column: 3, endLine: 3, endColumn: 36 }],
    },
    // A closure cache kept alive by the returned function.
    {
      code: `
export function memoize<T>(compute: (key: string) => T) {
  const memo = new Map<string, T>();
  return (key: string) => {
    if (!memo.has(key)) memo.set(key, compute(key));
    return memo.get(key)!;
  };
}
`,
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'memo', kind: 'Map', method: 'set', lifetime: 'closure-held', evidence: 'on every call of the function at line 4 (keys from `key`)' },
          line: 3,
          column: 9,
          endLine: 3,
          endColumn: 36,
        },
      ],
    },
    // A closure returned by name, inside an object.
    {
      code: `
export function createStore() {
  const entries = new Map<string, string>();
  const put = (key: string, value: string) => entries.set(key, value);
  const get = (key: string) => entries.get(key);
  return { put, get };
}
`,
      errors: [{ messageId: 'unbounded', line: 3, column: 9, endLine: 3, endColumn: 44 }],
    },
    // \`new Map(iterable)\`: seeded, then grown.
    {
      code: `
const limits = new Map(Object.entries({ default: 10 }));
export function setLimit(user: string, limit: number) {
  limits.set(user, limit);
}
`,
      errors: [{ messageId: 'unbounded', line: 2, column: 7, endLine: 2, endColumn: 56 }],
    },
    // A lookup table that is also grown at run time.
    {
      code: `
const aliases = new Map<string, string>();
for (const [alias, name] of [['us', 'en-US']]) aliases.set(alias, name);
export function learn(alias: string, name: string) {
  aliases.set(alias, name);
}
`,
      errors: [{ messageId: 'unbounded', line: 2, column: 7, endLine: 2, endColumn: 42 }],
    },
    // Grown by an event handler registered at load: it runs per event, not once.
    {
      code: `
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
const delivered = new Set<string>();
bus.on('message', (id: string) => {
  delivered.add(id);
});
`,
      errors: [{ messageId: 'unbounded', line: 4, column: 7, endLine: 4, endColumn: 36 }],
    },
    // Grown by a stream consumed at top level.
    {
      code: `
declare function subscribe(): AsyncIterable<{ id: string }>;
const acknowledged = new Set<string>();
for await (const message of subscribe()) {
  acknowledged.add(message.id);
}
`,
      errors: [{ messageId: 'unbounded', line: 3, column: 7, endLine: 3, endColumn: 39 }],
    },
    // A \`let\` that is never reassigned, and a type assertion around the Map.
    {
      code: `
let cache = new Map() as Map<string, number>;
export function count(key: string) {
  cache.set(key, (cache.get(key) ?? 0) + 1);
}
`,
      errors: [{ messageId: 'unbounded', line: 2, column: 5, endLine: 2, endColumn: 45 }],
    },
    // \`globalThis.Map\` is the global Map.
    {
      code: `
const cache = new globalThis.Map<string, string>();
export function put(key: string, value: string) {
  cache.set(key, value);
}
`,
      errors: [{ messageId: 'unbounded', line: 2, column: 7, endLine: 2, endColumn: 51 }],
    },
    // Reading it, or logging it, trims nothing.
    {
      code: `
const hits = new Map<string, number>();
export function hit(path: string) {
  hits.set(path, (hits.get(path) ?? 0) + 1);
  console.log(JSON.stringify(Array.from(hits.entries())));
  for (const [key, count] of hits) if (count > 100) console.info(key);
}
`,
      errors: [{ messageId: 'unbounded', line: 2, column: 7, endLine: 2, endColumn: 39 }],
    },
    // An unrelated class clearing its own \`cache\` does not trim this one.
    {
      code: `
class Users {
  cache = new Map<string, object>();
  remember(id: string, user: object) {
    this.cache.set(id, user);
  }
}
class Orders {
  cache = new Map<string, object>();
  reset() {
    this.cache.clear();
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3, column: 3, endLine: 3, endColumn: 37 }],
    },
    // CommonJS: a read-through cache behind an exported function.
    {
      code: `
const cache = new Map();
function load(key) {
  if (!cache.has(key)) cache.set(key, render(key));
  return cache.get(key);
}
module.exports = { load };
`,
      ...commonjs,
      errors: [
        {
          messageId: 'unbounded',
          line: 2,
          column: 7,
          endLine: 2,
          endColumn: 24,
          suggestions: [
            {
              messageId: 'boundWithLruCache',
              data: { name: 'cache', options: '{ max: 1000, ttl: 30 * 60 * 1000 }' },
              output: `
const { LRUCache } = require('lru-cache');

const cache = new LRUCache({ max: 1000, ttl: 30 * 60 * 1000 });
function load(key) {
  if (!cache.has(key)) cache.set(key, render(key));
  return cache.get(key);
}
module.exports = { load };
`,
            },
          ],
        },
      ],
    },
    // CommonJS: a dedupe set behind \`exports.x = function\`.
    {
      code: `
var seen = new Set();
exports.accept = function (id) {
  if (seen.has(id)) return false;
  seen.add(id);
  return true;
};
`,
      ...commonjs,
      errors: [{ messageId: 'unbounded', line: 2, column: 5, endLine: 2, endColumn: 21 }],
    },
    // look-alikes of the silent shapes above, which do leak
    // A registration function that this file calls once per connection.
    {
      code: `
import { createServer } from 'node:net';
const peers = new Map<string, object>();
function addEntry(id: string, entry: object) {
  peers.set(id, entry);
}
createServer((socket) => {
  addEntry(\`\${socket.remoteAddress}:\${socket.remotePort}\`, socket);
}).listen(7000);
`,
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'peers', kind: 'Map', method: 'set', lifetime: 'module-level', evidence: 'on every call of `addEntry()` from the `createServer()` callback (line 8)' },
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 40,
        },
      ],
    },
    // \`registerSession(id)\`: one entry per session, whatever the method is called.
    {
      code: `
export class SessionRegistry {
  private sessions = new Map<string, { userId: string }>();
  registerSession(id: string, session: { userId: string }) {
    this.sessions.set(id, session);
  }
}
`,
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'sessions', kind: 'Map', method: 'set', lifetime: 'class-field', evidence: 'on every call of `registerSession()` (one entry per session)' },
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 60,
        },
      ],
    },
    // A memo keyed by a schema object rebuilt per request: a WeakMap lets each go.
    {
      code: `
interface Schema { type: string }
declare function compile(schema: Schema): (data: unknown) => boolean;
const compiled = new Map<Schema, (data: unknown) => boolean>();
export function validate(schema: Schema, data: unknown) {
  let check = compiled.get(schema);
  if (!check) {
    check = compile(schema);
    compiled.set(schema, check);
  }
  return check(data);
}
`,
      errors: [
        {
          messageId: 'unboundedObjectKeys',
          data: { name: 'compiled', kind: 'Map', method: 'set', lifetime: 'module-level', evidence: 'on every call of `validate()` (keys from `schema`)', weakKind: 'WeakMap' },
          line: 4,
          column: 7,
          endLine: 4,
          endColumn: 63,
        },
      ],
    },
    // The same memo without a key type: the parameter's annotation says the keys are objects.
    {
      code: `
class Options { verbose = false }
const parsed = new Map();
export function parse(options: Options) {
  if (!parsed.has(options)) parsed.set(options, JSON.stringify(options));
  return parsed.get(options);
}
`,
      errors: [{ messageId: 'unboundedObjectKeys', line: 3, column: 7, endLine: 3, endColumn: 25 }],
    },
    // A literal key at one write, a parameter at another.
    {
      code: `
const hits = new Map<string, number>();
export function hit(path: string) {
  hits.set('total', (hits.get('total') ?? 0) + 1);
  hits.set(path, (hits.get(path) ?? 0) + 1);
}
`,
      errors: [{ messageId: 'unbounded', line: 2, column: 7, endLine: 2, endColumn: 39 }],
    },
    // A \`has()\` check that returns, not throws: a dedupe filter, not a registry.
    {
      code: `
export class Inbox {
  private seen = new Set<string>();
  put(id: string) {
    if (this.seen.has(id)) return;
    this.seen.add(id);
  }
}
`,
      errors: [{ messageId: 'unbounded', line: 3, column: 3, endLine: 3, endColumn: 36 }],
    },
    // A route handler, keyed by request data.
    {
      code: `
import express from 'express';
const app = express();
const visits = new Map<string, number>();
app.get('/visit/:user', (req, res) => {
  visits.set(req.params.user, Date.now());
  res.end();
});
`,
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'visits', kind: 'Map', method: 'set', lifetime: 'module-level', evidence: 'in the `GET /visit/:user` route (line 5) (keys from `req`)' },
          line: 4,
          column: 7,
          endLine: 4,
          endColumn: 41,
        },
      ],
    },
    // A class made inside a function but also kept at module level.
    {
      code: `
class Tally {
  private counts = new Map<string, number>();
  add(key: string) {}
  count(key: string) {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}
export const tally = new Tally();
export function once(keys: string[]) {
  const local = new Tally();
  keys.forEach((key) => local.count(key));
}
`,
      errors: [{ messageId: 'unbounded', line: 3, column: 3, endLine: 3, endColumn: 46 }],
    },
    // A file whose name only contains \`test\`.
    {
      code: `
const entries = new Map<string, string>();
export function enter(user: string, entry: string) {
  entries.set(user, entry);
}
`,
      filename: 'src/contest.ts',
      errors: [{ messageId: 'unbounded', line: 2, column: 7, endLine: 2, endColumn: 42 }],
    },
    // The \`ignore\` option names other collections only.
    {
      code: `
const regionClients = new Map<string, object>();
const userSessions = new Map<string, object>();
export function open(region: string, user: string) {
  regionClients.set(region, {});
  userSessions.set(user, {});
}
`,
      options: [{ ignore: ['regionClients', '/^tenant/'] }],
      errors: [{ messageId: 'unbounded', line: 3, column: 7, endLine: 3, endColumn: 47 }],
    },

    // suggestions
    // A read-through cache: each \`set()\` fills a key \`get()\` just missed, with a computed value.
    {
      code: `
import { readFile } from 'node:fs/promises';

const templates = new Map<string, string>();
export async function template(templateId: string) {
  let text = templates.get(templateId);
  if (text === undefined) {
    text = await readFile(templateId + '.html', 'utf8');
    templates.set(templateId, text);
  }
  return text;
}
`,
      errors: [
        {
          messageId: 'unbounded',
          line: 4,
          column: 7,
          endLine: 4,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'boundWithLruCache',
              data: { name: 'templates', options: '{ max: 1000, ttl: 30 * 60 * 1000 }' },
              output: `
import { readFile } from 'node:fs/promises';
import { LRUCache } from 'lru-cache';

const templates = new LRUCache<string, string>({ max: 1000, ttl: 30 * 60 * 1000 });
export async function template(templateId: string) {
  let text = templates.get(templateId);
  if (text === undefined) {
    text = await readFile(templateId + '.html', 'utf8');
    templates.set(templateId, text);
  }
  return text;
}
`,
            },
          ],
        },
      ],
    },
    // The annotation follows, the existing import is reused, and \`lruMax\`/\`lruTtlSeconds\` set the bounds (0: no \`ttl\`).
    {
      code: `
import { LRUCache } from 'lru-cache';
export class Rates {
  private rates: Map<string, number> = new Map();
  constructor(private readonly fetchRate: (pair: string) => number) {}
  rate(pair: string) {
    if (!this.rates.has(pair)) this.rates.set(pair, this.fetchRate(pair));
    return this.rates.get(pair);
  }
}
export const other = new LRUCache<string, number>({ max: 1 });
`,
      options: [{ lruMax: 25_000, lruTtlSeconds: 0 }],
      errors: [
        {
          messageId: 'unbounded',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 50,
          suggestions: [
            {
              messageId: 'boundWithLruCache',
              data: { name: 'rates', options: '{ max: 25_000 }' },
              output: `
import { LRUCache } from 'lru-cache';
export class Rates {
  private rates: LRUCache<string, number> = new LRUCache({ max: 25_000 });
  constructor(private readonly fetchRate: (pair: string) => number) {}
  rate(pair: string) {
    if (!this.rates.has(pair)) this.rates.set(pair, this.fetchRate(pair));
    return this.rates.get(pair);
  }
}
export const other = new LRUCache<string, number>({ max: 1 });
`,
            },
          ],
        },
      ],
    },
    // A seen-before Set: an evicted member lets a repeat through, so there is no suggestion.
    {
      code: `
const processed = new Set<string>();
export function shouldProcess(id: string): boolean {
  if (processed.has(id)) return false;
  processed.add(id);
  return true;
}
`,
      errors: [{ messageId: 'unbounded', line: 2, column: 7, endLine: 2, endColumn: 36, suggestions: [] }],
    },
    // A Map only asked \`has()\`: a dedupe filter in disguise, no suggestion.
    {
      code: `
const started = new Map<string, number>();
export function start(jobId: string) {
  if (started.has(jobId)) return false;
  started.set(jobId, Date.now());
  return true;
}
`,
      errors: [{ messageId: 'unbounded', line: 2, column: 7, endLine: 2, endColumn: 42, suggestions: [] }],
    },
    // A read-through cache that is also iterated: an LRUCache's order differs, no suggestion.
    {
      code: `
declare function lookUp(host: string): Promise<string>;
const addresses = new Map<string, string>();
export async function resolve(host: string) {
  const known = addresses.get(host);
  if (known !== undefined) return known;
  const address = await lookUp(host);
  addresses.set(host, address);
  return address;
}
export function dump() {
  for (const [host, address] of addresses) console.info(host, address);
}
`,
      errors: [{ messageId: 'unbounded', line: 3, column: 7, endLine: 3, endColumn: 44, suggestions: [] }],
    },
  ],
});
