import noUnclosedClient from '../../src/rules/no-unclosed-client';
import { createTypedRuleTester, typedFixtureDir } from '../rule-tester';
import path from 'node:path';

// Typed mode: a factory found through the declarations the checker gives (here a namespace
// import, which the untyped reading of modules does not follow) is a creation site.
const filename = path.join(typedFixtureDir, 'file.ts');

createTypedRuleTester().run('no-unclosed-client (typed factories)', noUnclosedClient, {
  valid: [
    {
      filename,
      code: `import * as factories from './factories';\nexport async function read() {\n  const c = factories.reuseRedis();\n  return c.get('k');\n}\n`,
    },
    {
      filename,
      code: `import * as factories from './factories';\nexport async function read(url: string) {\n  const c = factories.createRedis(url);\n  try {\n    return await c.get('k');\n  } finally {\n    await c.quit();\n  }\n}\n`,
    },
  ],
  invalid: [
    {
      filename,
      code: `import * as factories from './factories';\nexport async function read(url: string) {\n  const c = factories.createRedis(url);\n  return c.get('k');\n}\n`,
      errors: [
        {
          messageId: 'notClosed',
          line: 3,
          data: { library: 'ioredis', name: 'c', method: 'quit', leak: 'a connection' },
          suggestions: [
            {
              messageId: 'closeInFinally',
              output: `import * as factories from './factories';\nexport async function read(url: string) {\n  const c = factories.createRedis(url);\n\n  try {\n    return await c.get('k');\n  } finally {\n    await c.quit();\n  }\n}\n`,
            },
          ],
        },
      ],
    },
  ],
});
