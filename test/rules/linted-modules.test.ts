import path from 'node:path';
import requireExpiry from '../../src/rules/require-expiry';
import { createRuleTester } from '../rule-tester';

// While ESLint lints a project module, the rules read its exports from that parse, so the files
// importing it need not parse it again; but only when the linted text is the file on disk.
const lib = path.join(__dirname, '..', 'fixtures', 'project-modules', 'lib');
const handler = path.join(lib, '..', 'app', 'handler.ts');
const options = [{ checkTestFiles: true }] as const;
const save = (binding: string, module: string, expiry = '') =>
  `import { ${binding} } from '../lib/${module}';\nexport async function save(id: string) { await ${binding}.set(\`sess:\${id}\`, 'x'${expiry}); }\n`;
const reported = (binding: string, module: string) => ({
  filename: handler,
  options,
  code: save(binding, module),
  errors: [{ messageId: 'missingExpiry' as const, line: 2, suggestions: [{ messageId: 'missingExpiryFixAddOption' as const, output: save(binding, module, ", 'EX', 86400") }] }],
});

// The cases run in order: the valid ones (linting lib/linted.ts) before the invalid ones.
createRuleTester().run('require-expiry (exports read while a module is linted)', requireExpiry, {
  valid: [
    // an editor's unsaved text of lib/linted.ts, where `linted` is no client: not what importers see
    { filename: path.join(lib, 'linted.ts'), options, code: `import type { Redis } from 'ioredis';\n\nexport const linted = new Map<string, Redis>();\n` },
    // lib/redis.ts as it is on disk: its exports are read from this lint
    { filename: path.join(lib, 'redis.ts'), options, code: `import { Redis } from 'ioredis';\n\nexport const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');\n\nexport function connectRedis(url: string): Redis {\n  return new Redis(url);\n}\n\nlet shared: Redis | undefined;\n\nexport function getRedis(): Redis {\n  shared ??= new Redis();\n  return shared;\n}\n\nexport default redis;\n` },
  ],
  invalid: [
    reported('linted', 'linted'),
    reported('redis', 'redis'),
    // a .js module that only the TypeScript parser reads
    reported('flowRedis', 'flow-client'),
  ],
});
