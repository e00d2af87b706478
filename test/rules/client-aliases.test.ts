import noUnclosedClient from '../../src/rules/no-unclosed-client';
import requireExpiry from '../../src/rules/require-expiry';
import { createRuleTester } from '../rule-tester';

// A local alias of a client type names a client like the type itself does, and so does a property
// of a local interface or type literal typed with one.

createRuleTester().run('require-expiry (local type aliases)', requireExpiry, {
  valid: [
    // an alias of something else
    `
type Store = Map<string, string>;
export async function record(store: Store, id: string) {
  store.set(\`owner:\${id}\`, 'x');
}
`,
    // a generic alias is not followed (its meaning depends on the argument)
    `
import { createClient } from 'redis';
type Maybe<T> = T | undefined;
export async function record(client: Maybe<string>, id: string) {
  void client;
  void id;
}
void createClient;
`,
    // a property of an interface typed with something else
    `
interface Deps {
  store: Map<string, string>;
}
export async function record(deps: Deps, id: string) {
  deps.store.set(\`owner:\${id}\`, 'x');
}
`,
  ],
  invalid: [
    {
      // a property of a local interface, typed with a client type
      code: `
import type { Redis } from 'ioredis';
interface Deps {
  redis: Redis;
  name: string;
}
export async function record(deps: Deps, id: string) {
  await deps.redis.sadd(\`owners:\${id}\`, 'x');
}
`,
      // no suggestion: the follow-up `expire` names the client again only through a variable or a `this` field
      errors: [{ messageId: 'missingExpiry', line: 8, suggestions: [] }],
    },
    {
      // … of a type literal, with a local alias of the client type
      code: `
import { createClient } from 'redis';
type NodeRedis = ReturnType<typeof createClient>;
export async function record(ctx: { cache: NodeRedis }, id: string) {
  await ctx.cache.set(\`owner:\${id}\`, 'x');
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';
type NodeRedis = ReturnType<typeof createClient>;
export async function record(ctx: { cache: NodeRedis }, id: string) {
  await ctx.cache.set(\`owner:\${id}\`, 'x', { expiration: { type: 'EX', value: 86400 } });
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { createClient } from 'redis';
type NodeRedis = ReturnType<typeof createClient>;
type Client = NodeRedis;
export async function record(nodeRedis: Client, id: string) {
  await nodeRedis.sAdd(\`owners:\${id}\`, 'x');
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 6,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { createClient } from 'redis';
type NodeRedis = ReturnType<typeof createClient>;
type Client = NodeRedis;
export async function record(nodeRedis: Client, id: string) {
  await nodeRedis.sAdd(\`owners:\${id}\`, 'x');
  await nodeRedis.expire(\`owners:\${id}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
  ],
});

createRuleTester().run('no-unclosed-client (local type aliases)', noUnclosedClient, {
  valid: [
    // a parameter typed with an alias is the caller's client: not this function's to close
    `
import { Redis } from 'ioredis';
type Cache = Redis | null;
export async function read(cache: Cache) {
  return cache?.get('k');
}
`,
  ],
  invalid: [],
});
