import path from 'node:path';
import noUnclosedClient from '../../src/rules/no-unclosed-client';
import requireExpiry from '../../src/rules/require-expiry';
import { commonjs, createRuleTester } from '../rule-tester';

// Clients that come from the project's own modules (test/fixtures/project-modules/lib), untyped.
const app = path.join(__dirname, '..', 'fixtures', 'project-modules', 'app');
const handler = path.join(app, 'handler.ts');
const script = path.join(app, 'handler.js');
// The fixtures lie under test/: check them as the application files they stand for.
const options = [{ checkTestFiles: true }] as const;

createRuleTester().run('require-expiry (clients from project modules)', requireExpiry, {
  valid: [
    // a type alias another module exports that is no client type
    { filename: handler, options, code: `import type { Settings } from '../lib/types';\nexport function save(settings: Settings, id: string) { settings.set(\`sess:\${id}\`, 'x'); }\n` },
    // properties of interfaces another module exports that are no clients (a `Map` named `redis`)
    { filename: handler, options, code: `import type { Deps } from '../lib/types';\nexport function save(deps: Deps, id: string) { deps.settings.set(\`sess:\${id}\`, 'x'); }\n` },
    { filename: handler, options, code: `import type { LocalStore } from '../lib/types';\nexport function save(store: LocalStore, id: string) { store.redis.set(\`sess:\${id}\`, 'x'); }\n` },
    // the module's redis is no client
    { filename: handler, options, code: `import { redis } from '../lib/not-client';\nexport function save(id: string) { redis.set(\`sess:\${id}\`, 'x'); }\n` },
    // a module that does not parse, or does not exist, is unknown
    { filename: handler, options, code: `import { redis } from '../lib/broken';\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n` },
    { filename: handler, options, code: `import { redis } from '../lib/missing';\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n` },
    // an import no file system can hold (a name over 255 characters) is unknown, not a crash
    { filename: handler, options, code: `import { redis } from './${'a'.repeat(300)}';\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n` },
    // one key per deployment: the prefix is a constant another module exports
    {
      ...commonjs,
      filename: script,
      options,
      code: `const { client } = require('../lib/node-client.cjs');\nconst { REDIS_PREFIX } = require('../lib/consts.cjs');\nasync function save(v) { await client.hSet(\`\${REDIS_PREFIX}settings\`, 'a', v); }\nmodule.exports = { save };\n`,
    },
    // what a function gives a parameter named \`exports\` is not the module's export
    { ...commonjs, filename: script, options, code: `const db = require('../lib/queue-db.cjs');\nasync function save(id, v) { await db.cache.set(\`sess:\${id}\`, v); }\nmodule.exports = { save };\n` },
    // a CommonJS export a function assigns something else than a client (a Map)
    { ...commonjs, filename: script, options, code: `const db = require('../lib/db.cjs');\nfunction save(id, v) { db.settings.set(\`sess:\${id}\`, v); }\nmodule.exports = { save };\n` },
    // a class another module exports that extends a Map, not a client
    { filename: handler, options, code: `import { Registry } from '../lib/redis-provider';\nexport function save(registry: Registry, id: string) { registry.set(\`sess:\${id}\`, 'x'); }\n` },
    // with an expiry
    { filename: handler, options, code: `import { redis } from '../lib/redis';\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x', 'EX', 60); }\n` },
    // a module that passes on another package's exports: its classes are no clients
    { filename: handler, options, code: `import { LRUCache } from '../lib/cache-package';\nconst cache = new LRUCache<string, string>({ max: 10 });\nexport function save(id: string) { cache.set(\`sess:\${id}\`, 'x'); }\n` },
    { filename: handler, options, code: `import { Cache } from '../lib/cache-package';\nconst cache = new Cache<string, string>({ max: 10 });\nexport function save(id: string) { cache.set(\`sess:\${id}\`, 'x'); }\n` },
    // a client, or a plain map when none is configured: not known to be a client
    { filename: handler, options, code: `import { store } from '../lib/stub-redis';\nexport async function save(id: string) { await store.set(\`sess:\${id}\`, 'x'); }\n` },
    // a test that mocks the project's client module writes to a fake
    { filename: handler, options, code: `import { redis } from '../lib/redis';\nvi.mock('../lib/redis');\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n` },
    // … named another way, as long as it is the same file
    { filename: handler, options, code: `import { redis } from '../lib/redis';\nvi.mock('../lib/redis.ts');\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n` },
    { filename: handler, options, code: `import { redis } from '../lib/redis.js';\njest.mock('./../lib/redis');\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n` },
  ],
  invalid: [
    // the client library's class, passed on by a module of the project (`export * from 'ioredis'`)
    {
      filename: handler,
      options,
      code: `import { Redis } from '../lib/client-package';\nconst redis = new Redis();\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 3, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { Redis } from '../lib/client-package';\nconst redis = new Redis();\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x', 'EX', 86400); }\n` }] }],
    },
    // … by name, under another name (`export { Redis as RedisClient } from 'ioredis'`)
    {
      filename: handler,
      options,
      code: `import { RedisClient } from '../lib/client-named';\nconst redis = new RedisClient();\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 3, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { RedisClient } from '../lib/client-named';\nconst redis = new RedisClient();\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x', 'EX', 86400); }\n` }] }],
    },
    // … as the whole module (`export * as IORedis from 'ioredis'`)
    {
      filename: handler,
      options,
      code: `import { IORedis } from '../lib/client-named';\nconst redis = new IORedis.Redis();\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 3, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { IORedis } from '../lib/client-named';\nconst redis = new IORedis.Redis();\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x', 'EX', 86400); }\n` }] }],
    },
    // … and its client type, imported as a type only
    {
      filename: handler,
      options,
      code: `import type { Redis } from '../lib/client-package';\nexport async function save(redis: Redis, id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import type { Redis } from '../lib/client-package';\nexport async function save(redis: Redis, id: string) { await redis.set(\`sess:\${id}\`, 'x', 'EX', 86400); }\n` }] }],
    },
    // a client, or a stand-in cast to the client type when none is configured
    {
      filename: handler,
      options,
      code: `import { redis } from '../lib/stub-redis';\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { redis } from '../lib/stub-redis';\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x', 'EX', 86400); }\n` }] }],
    },
    {
      // a provider class another module exports that extends the client class, injected into a constructor
      filename: handler,
      options,
      code: `import { RedisService } from '../lib/redis-provider';\nexport class Tasks {\n  constructor(private readonly redis: RedisService) {}\n  async save(id: string) { await this.redis.set(\`tasks:\${id}\`, 'x'); }\n}\n`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 4,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `import { RedisService } from '../lib/redis-provider';\nexport class Tasks {\n  constructor(private readonly redis: RedisService) {}\n  async save(id: string) { await this.redis.set(\`tasks:\${id}\`, 'x', 'EX', 86400); }\n}\n`,
            },
          ],
        },
      ],
    },
    {
      // a subclass of that provider class, from a module that names no client package itself
      filename: handler,
      options,
      code: `import { CacheRedis } from '../lib/cache-redis';\nexport async function save(cache: CacheRedis, id: string) { await cache.set(\`tasks:\${id}\`, 'x'); }\n`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 2,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `import { CacheRedis } from '../lib/cache-redis';\nexport async function save(cache: CacheRedis, id: string) { await cache.set(\`tasks:\${id}\`, 'x', 'EX', 86400); }\n`,
            },
          ],
        },
      ],
    },
    {
      // the client another client subclass's shared instance holds in a field
      filename: handler,
      options,
      code: `import { bus } from '../lib/bus';\nexport async function publish(id: string) { await bus.pub.set(\`pub:\${id}\`, 'x'); }\n`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 2,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `import { bus } from '../lib/bus';\nexport async function publish(id: string) { await bus.pub.set(\`pub:\${id}\`, 'x', 'EX', 86400); }\n`,
            },
          ],
        },
      ],
    },
    {
      // a property of an interface another module exports, typed with the client type that module imports
      filename: handler,
      options,
      code: `import type { Deps } from '../lib/types';\nexport async function record(deps: Deps, id: string) { await deps.redis.sadd(\`owners:\${id}\`, 'x'); }\n`,
      // no suggestion: the follow-up \`expire\` names the client again only through a variable or a \`this\` field
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [] }],
    },
    {
      // … of an exported type literal, through an alias of a client type
      filename: handler,
      options,
      code: `import type { Services } from '../lib/types';\nexport async function record(services: Services, id: string) { await services.cache.set(\`owner:\${id}\`, 'x'); }\n`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 2,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `import type { Services } from '../lib/types';\nexport async function record(services: Services, id: string) { await services.cache.set(\`owner:\${id}\`, 'x', { expiration: { type: 'EX', value: 86400 } }); }\n`,
            },
          ],
        },
      ],
    },
    {
      // a type alias of a client type, imported from the project's own module
      filename: handler,
      options,
      code: `import type { NodeRedis } from '../lib/types';\nexport async function record(nodeRedis: NodeRedis, id: string) { await nodeRedis.set(\`owner:\${id}\`, 'x'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import type { NodeRedis } from '../lib/types';
export async function record(nodeRedis: NodeRedis, id: string) { await nodeRedis.set(\`owner:\${id}\`, 'x', { expiration: { type: 'EX', value: 86400 } }); }
` }] }],
    },
    {
      // … exported from a local alias, of a union of ioredis types
      filename: handler,
      options,
      code: `import type { AnyIORedis } from '../lib/types';\nexport async function tag(client: AnyIORedis, id: string) { await client.sadd(\`tags:\${id}\`, 'a'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `import type { AnyIORedis } from '../lib/types';
export async function tag(client: AnyIORedis, id: string) { await client.sadd(\`tags:\${id}\`, 'a'); await client.expire(\`tags:\${id}\`, 86400, 'NX'); }
` }] }],
    },
    {
      filename: handler,
      options,
      code: `import { redis } from '../lib/redis';\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { redis } from '../lib/redis';
export async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x', 'EX', 86400); }
` }] }],
    },
    {
      // a mock undone by `unmock` under another name of the same file leaves the client real
      filename: handler,
      options,
      code: `import { redis } from '../lib/redis';\nvi.mock('../lib/redis.ts');\nvi.unmock('../lib/redis');\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 4, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { redis } from '../lib/redis';
vi.mock('../lib/redis.ts');
vi.unmock('../lib/redis');
export async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x', 'EX', 86400); }
` }] }],
    },
    {
      // a mock of another module leaves the client real
      filename: handler,
      options,
      code: `import { redis } from '../lib/redis';\nvi.mock('../lib/service');\nexport async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 3, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { redis } from '../lib/redis';
vi.mock('../lib/service');
export async function save(id: string) { await redis.set(\`sess:\${id}\`, 'x', 'EX', 86400); }
` }] }],
    },
    {
      // the default export, through a `.js` specifier of a TypeScript file
      filename: handler,
      options,
      code: `import cache from '../lib/redis.js';\nexport async function tag(id: string) { await cache.sadd(\`tags:\${id}\`, 'a'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `import cache from '../lib/redis.js';
export async function tag(id: string) { await cache.sadd(\`tags:\${id}\`, 'a'); await cache.expire(\`tags:\${id}\`, 86400, 'NX'); }
` }] }],
    },
    {
      // a re-export under another name, from the folder's index
      filename: handler,
      options,
      code: `import { cache } from '../lib';\nexport async function save(id: string) { await cache.set(\`sess:\${id}\`, 'x'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { cache } from '../lib';
export async function save(id: string) { await cache.set(\`sess:\${id}\`, 'x', 'EX', 86400); }
` }] }],
    },
    {
      // a getter that gives null when Redis is not configured
      filename: handler,
      options,
      code: `import { getRedisClient } from '../lib/optional-redis';\nexport async function save(id: string) {\n  const redis = getRedisClient();\n  if (!redis) return;\n  await redis.set(\`sess:\${id}\`, 'x');\n}\n`,
      errors: [{ messageId: 'missingExpiry', line: 5, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { getRedisClient } from '../lib/optional-redis';\nexport async function save(id: string) {\n  const redis = getRedisClient();\n  if (!redis) return;\n  await redis.set(\`sess:\${id}\`, 'x', 'EX', 86400);\n}\n` }] }],
    },
    {
      // a client the module makes through the project's singleton() helper
      filename: handler,
      options,
      code: `import { counterRedis } from '../lib/optional-redis';\nexport async function save(id: string) {\n  if (!counterRedis) return;\n  await counterRedis.set(\`seen:\${id}\`, '1');\n}\n`,
      errors: [{ messageId: 'missingExpiry', line: 4, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { counterRedis } from '../lib/optional-redis';\nexport async function save(id: string) {\n  if (!counterRedis) return;\n  await counterRedis.set(\`seen:\${id}\`, '1', 'EX', 86400);\n}\n` }] }],
    },
    {
      // a getter's client
      filename: handler,
      options,
      code: `import { getRedis } from '../lib';\nexport async function save(id: string) { await getRedis().set(\`sess:\${id}\`, 'x'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { getRedis } from '../lib';
export async function save(id: string) { await getRedis().set(\`sess:\${id}\`, 'x', 'EX', 86400); }
` }] }],
    },
    {
      // a service object's client field and getter method
      filename: handler,
      options,
      code: `import { redisService } from '../lib/service';\nexport async function save(id: string) {\n  await redisService.client.set(\`a:\${id}\`, '1');\n  await redisService.getClient().set(\`b:\${id}\`, '1');\n}\n`,
      errors: [
        { messageId: 'missingExpiry', line: 3, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { redisService } from '../lib/service';
export async function save(id: string) {
  await redisService.client.set(\`a:\${id}\`, '1', 'EX', 86400);
  await redisService.getClient().set(\`b:\${id}\`, '1');
}
` }] },
        { messageId: 'missingExpiry', line: 4, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { redisService } from '../lib/service';
export async function save(id: string) {
  await redisService.client.set(\`a:\${id}\`, '1');
  await redisService.getClient().set(\`b:\${id}\`, '1', 'EX', 86400);
}
` }] },
      ],
    },
    {
      // an exported object of clients
      filename: handler,
      options,
      code: `import { stores } from '../lib/service';\nexport async function save(id: string) { await stores.sessions.set(\`sess:\${id}\`, '1'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `import { stores } from '../lib/service';
export async function save(id: string) { await stores.sessions.set(\`sess:\${id}\`, '1', 'EX', 86400); }
` }] }],
    },
    {
      // the imported prefix is constant, the account is not
      ...commonjs,
      filename: script,
      options,
      code: `const { client } = require('../lib/node-client.cjs');\nconst { REDIS_PREFIX } = require('../lib/consts.cjs');\nasync function save(account, v) { await client.hSet(\`\${REDIS_PREFIX}iad:\${account}\`, 'a', v); }\nmodule.exports = { save };\n`,
      errors: [{ messageId: 'missingExpiry', line: 3, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `const { client } = require('../lib/node-client.cjs');\nconst { REDIS_PREFIX } = require('../lib/consts.cjs');\nasync function save(account, v) { await client.hSet(\`\${REDIS_PREFIX}iad:\${account}\`, 'a', v); await client.expire(\`\${REDIS_PREFIX}iad:\${account}\`, 86400, 'NX'); }\nmodule.exports = { save };\n` }] }],
    },
    {
      // a CommonJS export the module's connect() assigns, read once connected (a placeholder \`false\` until then)
      ...commonjs,
      filename: script,
      options,
      code: `const db = require('../lib/db.cjs');\nasync function save(id, v) { await db.redis.set(\`sess:\${id}\`, v); }\nmodule.exports = { save };\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `const db = require('../lib/db.cjs');\nasync function save(id, v) { await db.redis.set(\`sess:\${id}\`, v, 'EX', 86400); }\nmodule.exports = { save };\n` }] }],
    },
    {
      // … assigned with \`??=\` by a function declaration
      ...commonjs,
      filename: script,
      options,
      code: `const db = require('../lib/queue-db.cjs');\nasync function save(id, v) { await db.queueRedis.set(\`job:\${id}\`, v); }\nmodule.exports = { save };\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `const db = require('../lib/queue-db.cjs');\nasync function save(id, v) { await db.queueRedis.set(\`job:\${id}\`, v, 'EX', 86400); }\nmodule.exports = { save };\n` }] }],
    },
    {
      // tsconfig.json paths (set in the config it extends)
      filename: handler,
      options,
      code: `import { redis } from '@storage/redis';\nexport async function save(id: string) { await redis.hset(\`user:\${id}\`, 'a', '1'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `import { redis } from '@storage/redis';
export async function save(id: string) { await redis.hset(\`user:\${id}\`, 'a', '1'); await redis.expire(\`user:\${id}\`, 86400, 'NX'); }
` }] }],
    },
    {
      // a client by its annotation alone, with the type from a third module (`: AnyIORedis` passes it on)
      filename: handler,
      options,
      code: `import { typedStore } from '../lib/typed-store';\nexport async function save(id: string) { await typedStore.lpush(\`jobs:\${id}\`, 'a'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `import { typedStore } from '../lib/typed-store';
export async function save(id: string) { await typedStore.lpush(\`jobs:\${id}\`, 'a'); await typedStore.expire(\`jobs:\${id}\`, 86400, 'NX'); }
` }] }],
    },
    {
      // package.json imports
      filename: handler,
      options,
      code: `import { redis } from '#redis';\nexport async function save(id: string) { await redis.lpush(\`jobs:\${id}\`, 'a'); }\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `import { redis } from '#redis';
export async function save(id: string) { await redis.lpush(\`jobs:\${id}\`, 'a'); await redis.expire(\`jobs:\${id}\`, 86400, 'NX'); }
` }] }],
    },
    {
      // CommonJS: module.exports = { client }
      ...commonjs,
      filename: script,
      options,
      code: `const { client } = require('../lib/node-client.cjs');\nasync function tag(id) { await client.sAdd(\`tags:\${id}\`, 'a'); }\nmodule.exports = { tag };\n`,
      errors: [{ messageId: 'missingExpiry', line: 2, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `const { client } = require('../lib/node-client.cjs');
async function tag(id) { await client.sAdd(\`tags:\${id}\`, 'a'); await client.expire(\`tags:\${id}\`, 86400, 'NX'); }
module.exports = { tag };
` }] }],
    },
  ],
});

createRuleTester().run('no-unclosed-client (factories from project modules)', noUnclosedClient, {
  valid: [
    // a provider class that closes itself (\`onModuleDestroy() { return this.quit() }\`): who closes its instances is its own business
    { filename: handler, code: `import { RedisService } from '../lib/redis-provider';\nexport async function health() {\n  const probe = new RedisService();\n  return probe.ping();\n}\n` },
    // shared clients and getters are not the caller's to close
    { filename: handler, code: `import { redis, getRedis } from '../lib/redis';\nexport async function read() { const r = getRedis(); return (await r.get('a')) ?? redis.get('b'); }\n` },
    { filename: handler, code: `import { redisService } from '../lib/service';\nexport async function read() { const c = redisService.getClient(); return c.get('a'); }\n` },
    // a client that may not be there, from a getter or the project's singleton() helper: the caller only uses it
    { filename: handler, code: `import { getRedisClient, counterRedis } from '../lib/optional-redis';\nexport async function read() { const r = getRedisClient(); return (await r?.get('a')) ?? counterRedis?.get('b'); }\n` },
    // a shared client a CommonJS module's connect() assigns to its exports
    { ...commonjs, filename: script, code: `const db = require('../lib/db.cjs');\nasync function read() { const r = db.redis; return r.get('a'); }\nmodule.exports = { read };\n` },
    // a look-alike factory
    { filename: handler, code: `import { connectRedis } from '../lib/not-client';\nexport async function read() { const c = connectRedis(); return c; }\nexport async function run() { const c = connectRedis(); void c; }\n` },
    // a factory of BullMQ workers: consumers that run until the process stops are left open by design, as \`new Worker()\` is
    {
      filename: handler,
      code: `import { createWorker } from '../lib/workers';\nimport { redis } from '../lib/redis';\nexport async function startWorkers() {\n  createWorker('mail', async () => {}, redis);\n  const sms = createWorker('sms', async () => {}, redis);\n  sms.on('ready', () => {});\n}\n`,
    },
  ],
  invalid: [
    {
      // the same module's queue factory: a Queue only sends jobs, and its caller owns it
      filename: handler,
      code: `import { openQueue } from '../lib/workers';\nimport { redis } from '../lib/redis';\nexport async function enqueue(id: string) {\n  const queue = openQueue('mail', redis);\n  await queue.add('send', { id });\n}\n`,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          data: { library: 'BullMQ', name: 'queue', method: 'close', leak: 'a connection, or the listeners it adds to a connection it was given' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `import { openQueue } from '../lib/workers';\nimport { redis } from '../lib/redis';\nexport async function enqueue(id: string) {\n  const queue = openQueue('mail', redis);\n\n  try {\n    await queue.add('send', { id });\n  } finally {\n    await queue.close();\n  }\n}\n`,
            },
          ],
        },
      ],
    },
    // a client class opened per call: the library's, passed on by a module of the project (`export * from 'ioredis'`),
    // or one of the project's own, which opens a connection when it is made, as the client class it extends does
    ...[
      { className: 'Redis', module: '../lib/client-package' },
      { className: 'ProbeClient', module: '../lib/redis-provider' },
    ].map(({ className, module }) => {
      const opening = `import { ${className} } from '${module}';\nexport async function health() {\n  const probe = new ${className}();\n`;
      return {
        filename: handler,
        code: `${opening}  return probe.ping();\n}\n`,
        errors: [
          {
            messageId: 'notClosed' as const,
            line: 3,
            data: { library: 'ioredis', name: 'probe', method: 'quit', leak: 'a connection' },
            suggestions: [{ messageId: 'closeInFinally' as const, output: `${opening}\n  try {\n    return await probe.ping();\n  } finally {\n    await probe.quit();\n  }\n}\n` }],
          },
        ],
      };
    }),
    {
      filename: handler,
      code: `import { connectRedis } from '../lib';\nexport async function health(url: string) {\n  const probe = connectRedis(url);\n  return probe.ping();\n}\n`,
      errors: [{ messageId: 'notClosed', line: 3, data: { library: 'ioredis', name: 'probe', method: 'quit', leak: 'a connection' }, suggestions: [{ messageId: 'closeInFinally', output: `import { connectRedis } from '../lib';
export async function health(url: string) {
  const probe = connectRedis(url);

  try {
    return await probe.ping();
  } finally {
    await probe.quit();
  }
}
` }] }],
    },
    {
      // a factory method of a shared service, and a factory member of an exported object
      filename: handler,
      code: `import { redisService, stores } from '../lib/service';\nexport async function run(url: string) {\n  const a = redisService.open();\n  const b = stores.connect(url);\n  await a.get('k');\n  await b.get('k');\n}\n`,
      errors: [
        { messageId: 'notClosed', line: 3, suggestions: [{ messageId: 'closeInFinally', output: `import { redisService, stores } from '../lib/service';
export async function run(url: string) {
  const a = redisService.open();

  try {
    const b = stores.connect(url);
    await a.get('k');
    await b.get('k');
  } finally {
    await a.quit();
  }
}
` }] },
        { messageId: 'notClosed', line: 4, suggestions: [{ messageId: 'closeInFinally', output: `import { redisService, stores } from '../lib/service';
export async function run(url: string) {
  const a = redisService.open();
  const b = stores.connect(url);

  try {
    await a.get('k');
    await b.get('k');
  } finally {
    await b.quit();
  }
}
` }] },
      ],
    },
    {
      ...commonjs,
      filename: script,
      code: `const { makeClient } = require('../lib/node-client.cjs');\nasync function count(url) {\n  const client = makeClient(url);\n  await client.connect();\n  return client.dbSize();\n}\nmodule.exports = { count };\n`,
      errors: [{ messageId: 'notClosed', line: 3, suggestions: [{ messageId: 'closeInFinally', output: `const { makeClient } = require('../lib/node-client.cjs');
async function count(url) {
  const client = makeClient(url);

  try {
    await client.connect();
    return await client.dbSize();
  } finally {
    await client.close();
  }
}
module.exports = { count };
` }] }],
    },
  ],
});
