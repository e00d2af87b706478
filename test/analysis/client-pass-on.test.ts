import { describe, expect, it } from 'vitest';
import { passesOnImportedClient } from '../../src/analysis/client-pass-on';

// './db' holds a client; './util' does not.
const holdsClient = (specifier: string) => specifier === './db';
const passes = (text: string) => passesOnImportedClient(text, holdsClient);

describe('passesOnImportedClient', () => {
  it('passes on a client it returns, stores, hands on or exports again', () => {
    expect(passes(`import { redis } from './db';\nexport function getRedis() { return redis; }`)).toBe(true);
    expect(passes(`const { makeClient } = require('./db');\nexports.connect = (url) => makeClient(url);`)).toBe(true);
    expect(passes(`import { redis } from './db';\nexport class Store { constructor() { this.client = redis; } }`)).toBe(true);
    expect(passes(`import { redis } from './db';\nexport const store = new Store(redis);`)).toBe(true);
    expect(passes(`import { redis } from './db';\nexport const services = { cache: redis };`)).toBe(true);
    expect(passes(`import { redis } from './db';\nexport { redis };`)).toBe(true);
    expect(passes(`import * as db from './db';\nexport function client() { return db.redis; }`)).toBe(true);
    expect(passes(`export * from './db';`)).toBe(true);
    expect(passes(`export { redis as cache } from './db';`)).toBe(true);
    expect(passes(`const db = require('./db');\nmodule.exports = { db };`)).toBe(true);
    expect(passes(`import { redis } from './db';\nexport const subscriber = redis.duplicate();`)).toBe(true);
    expect(passes(`import * as db from './db';\nexport const connect = (url: string) => db.createClient({ url }).on('error', console.error);`)).toBe(true);
  });

  it('counts an import it cannot read as passing the client on', () => {
    expect(passes(`module.exports = require('./db');`)).toBe(true);
    expect(passes(`const redis = require('./db').redis;\nmodule.exports = { ping: () => 1 };`)).toBe(true);
  });

  it('does not pass on a client it only calls methods on', () => {
    expect(passes(`const { redis } = require('./db');\nasync function readEnvValue(key) { return redis.hget('settings', key); }\nmodule.exports = { readEnvValue };`)).toBe(false);
    expect(passes(`import * as db from './db';\nexport async function count() { return await db.redis.scard('users'); }`)).toBe(false);
    expect(passes(`import { /* the shared one */ redis } from './db';\nexport const ping = () => redis.ping();`)).toBe(false);
    expect(passes(`const { QUEUES } = require('./db');\nexport const names = () => Object.keys(QUEUES).length;`)).toBe(false);
  });

  it('does not pass on a name it only writes as the type of a parameter, variable, class field or return', () => {
    expect(passes(`import { Store } from './db';\nexport function save(store: Store, id: string) { return store.get(id); }`)).toBe(false);
    expect(passes(`import { Store } from './db';\nexport function save(id: string, store?: Store) { return id; }`)).toBe(false);
    expect(passes(`import { Store } from './db';\nexport const save = (\n  id: string,\n  store: Store,\n  ...rest: string[]\n) => id;`)).toBe(false);
    expect(passes(`import { Store } from './db';\nlet current: Store;\nexport const get = () => 1;`)).toBe(false);
    expect(passes(`import { Store } from './db';\nexport class Api {\n  private readonly store: Store;\n  protected other: Store | undefined;\n}`)).toBe(false);
    expect(passes(`import { Store } from './db';\nexport class Api { constructor(private readonly store: Store) {} }`)).toBe(false);
    expect(passes(`import { Store } from './db';\nexport class Api { constructor(readonly store: Store, readonly other: Store) {} }`)).toBe(false);
    expect(passes(`import { Store } from './db';\nexport function open(): Store {\n  throw new Error('no');\n}`)).toBe(false);
  });

  it('still passes on a name written as a value after a colon, or as the type of an exported shape', () => {
    // an object literal's property, in a call and across lines
    expect(passes(`import { redis } from './db';\nexport const deps = make({ id: 1, cache: redis, other: 2 });`)).toBe(true);
    expect(passes(`import { redis } from './db';\nexport const deps = {\n  cache: redis\n};`)).toBe(true);
    expect(passes(`import { redis } from './db';\nexport const pick = (ok: boolean) => ok ? fallback : redis;`)).toBe(true);
    expect(passes(`import { redis } from './db';\nexport const pick = (ok: boolean) => (ok\n  ? fallback\n  : redis);`)).toBe(true);
    // the type of a property other modules may read (an interface, a type literal)
    expect(passes(`import { Client } from './db';\nexport interface Deps {\n  redis: Client;\n}`)).toBe(true);
    expect(passes(`import { Client } from './db';\nexport type Deps = { readonly redis: Client };`)).toBe(true);
    // a parenthesis inside a string on the way back: unsure, so passed on
    expect(passes(`import { redis } from './db';\nexport const deps = make({ label: ')', cache: redis, other: 2 });`)).toBe(true);
  });

  it('ignores imports of modules that hold no client', () => {
    expect(passes(`import { helper } from './util';\nexport function get() { return helper; }`)).toBe(false);
    expect(passes(`export * from './util';`)).toBe(false);
  });
});
