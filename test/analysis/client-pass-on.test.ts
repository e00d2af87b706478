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

  it('passes on a name written as the type of a variable, a class field or a parameter: the analyses read a client from them', () => {
    // `Store` may be a client type (`export type Store = Redis`): an exported variable or field annotated with it is a client.
    expect(passes(`import { Store } from './db';\nexport const store: Store = container.get('store');`)).toBe(true);
    expect(passes(`import { Store } from './db';\nclass Service { private store: Store; }\nexport const service = new Service();`)).toBe(true);
    expect(passes(`import { Store } from './db';\nclass Service { constructor(private readonly store: Store) {} }\nexport const service = new Service(make());`)).toBe(true);
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

  it('ignores imports of modules that hold no client', () => {
    expect(passes(`import { helper } from './util';\nexport function get() { return helper; }`)).toBe(false);
    expect(passes(`export * from './util';`)).toBe(false);
  });
});
