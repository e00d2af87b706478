import noUnclosedClient from '../../src/rules/no-unclosed-client';
import requireExpiry from '../../src/rules/require-expiry';
import { commonjs, createRuleTester } from '../rule-tester';

// Bun's built-in client, known to the rules only through the facts in src/redis/bun.ts.

createRuleTester().run('no-unclosed-client (Bun)', noUnclosedClient, {
  valid: [
    // closed on every path: close() is synchronous
    `
import { RedisClient } from 'bun';
export async function count(url: string) {
  const client = new RedisClient(url);
  try {
    return await client.get('n');
  } finally {
    client.close();
  }
}
`,
    // the shared client belongs to Bun: nothing to close
    `
import { redis } from 'bun';
export async function count() {
  return await redis.get('n');
}
`,
    // a module-level client lives as long as the process
    `
import { RedisClient } from 'bun';
const client = new RedisClient(process.env.REDIS_URL);
export async function count() {
  return await client.get('n');
}
`,
    // a look-alike: another module's RedisClient
    `
import { RedisClient } from './my-bun-wrapper';
export async function count(url: string) {
  const client = new RedisClient(url);
  return await client.get('n');
}
`,
  ],
  invalid: [
    {
      code: `
import { RedisClient } from 'bun';
export async function count(url: string) {
  const client = new RedisClient(url);
  return await client.get('n');
}
`,
      errors: [
        {
          messageId: 'notClosed',
          line: 4,
          data: { library: 'Bun RedisClient', name: 'client', method: 'close', leak: 'a connection' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `
import { RedisClient } from 'bun';
export async function count(url: string) {
  const client = new RedisClient(url);

  try {
    return await client.get('n');
  } finally {
    client.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      // duplicate() opens a second connection
      code: `
const { redis } = require('bun');
async function copy() {
  const second = await redis.duplicate();
  await second.get('n');
}
module.exports = { copy };
`,
      ...commonjs,
      errors: [{ messageId: 'notClosed', line: 4, suggestions: [{ messageId: 'closeInFinally', output: `
const { redis } = require('bun');
async function copy() {
  const second = await redis.duplicate();

  try {
    await second.get('n');
  } finally {
    second.close();
  }
}
module.exports = { copy };
` }] }],
    },
  ],
});

createRuleTester().run('require-expiry (Bun)', requireExpiry, {
  valid: [
    `
import { redis } from 'bun';
export async function save(id: string, data: string) {
  await redis.set(\`session:\${id}\`, data, 'EX', 3600);
}
`,
    `
import { RedisClient } from 'bun';
const client = new RedisClient();
export async function tag(id: string, tag: string) {
  await client.sadd(\`tags:\${id}\`, tag);
  await client.expire(\`tags:\${id}\`, 3600);
}
`,
  ],
  invalid: [
    {
      code: `
import { redis } from 'bun';
export async function save(id: string, data: string) {
  await redis.set(\`session:\${id}\`, data);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 4,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { redis } from 'bun';
export async function save(id: string, data: string) {
  await redis.set(\`session:\${id}\`, data, 'EX', 86400);
}
`,
            },
          ],
        },
      ],
    },
    {
      // Bun's expire() takes no NX: the follow-up is a plain EXPIRE
      code: `
import { RedisClient } from 'bun';
const client = new RedisClient();
export async function tag(id: string, tag: string) {
  await client.sadd(\`tags:\${id}\`, tag);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { RedisClient } from 'bun';
const client = new RedisClient();
export async function tag(id: string, tag: string) {
  await client.sadd(\`tags:\${id}\`, tag);
  await client.expire(\`tags:\${id}\`, 86400);
}
`,
            },
          ],
        },
      ],
    },
  ],
});
