import path from 'node:path';
import requireExpiry from '../../src/rules/require-expiry';
import { createRuleTester } from '../rule-tester';

// A key family deleted or drained in another file of the project (test/fixtures/key-families,
// whose package.json makes it one) is managed there; tests and test folders are not the project's code.
const app = path.join(__dirname, '..', 'fixtures', 'key-families', 'src', 'app.ts');
const options = [{ checkTestFiles: true }] as const;
const write = (key: string, expiry = '') =>
  `import { Redis } from 'ioredis';\nconst redis = new Redis();\nexport async function save(id: string) { await redis.set(\`${key}\`, 'x'${expiry}); }\n`;
const reported = (key: string) => ({
  filename: app,
  options,
  code: write(key),
  errors: [{ messageId: 'missingExpiry' as const, line: 3, suggestions: [{ messageId: 'missingExpiryFixAddOption' as const, output: write(key, ", 'EX', 86400") }] }],
});

const build = (imports: string, key: string, expiry = '') =>
  `import { Redis } from 'ioredis';\n${imports}\nconst redis = new Redis();\nexport async function save(id: string) { await redis.set(${key}, id${expiry}); }\n`;
const reportedBuild = (imports: string, key: string) => ({
  filename: app,
  options,
  code: build(imports, key),
  errors: [{ messageId: 'missingExpiry' as const, line: 4, suggestions: [{ messageId: 'missingExpiryFixAddOption' as const, output: build(imports, key, ", 'EX', 86400") }] }],
});
/** A key schema the service is handed in its settings: builders no file shows. */
const keySchema = (builder: string) => `declare const Keys: { ${builder}(ids: { project_id: string }): string };`;

createRuleTester().run('require-expiry (key families managed in other files)', requireExpiry, {
  valid: [
    // src/sessions.ts deletes `sess:*`
    { filename: app, options, code: write('sess:${id}') },
    // src/worker.ts drains `queue:*`
    { filename: app, options, code: write('queue:${id}') },
    // fixed keys from the key builders of src/keys.ts and src/webhooks.cjs: an object's method, an instance's, a class's static one
    { filename: app, options, code: build(`import { keys, handler, Handler } from './keys';`, 'keys.all()') },
    { filename: app, options, code: build(`import { keys, handler, Handler } from './keys';`, 'handler.contentKey()') },
    { filename: app, options, code: build(`import { keys, handler, Handler } from './keys';`, 'Handler.indexKey()') },
    { filename: app, options, code: build(`const { webhooks: Webhooks } = require('./webhooks.cjs');`, 'Webhooks.getContentKey()') },
    // an imported key builder given a constant: one key per deployment (`app:sess:worker`, `app:sess:{SERVICE}`)
    { filename: app, options, code: build(`import { keys } from './keys';`, "keys.session('worker')") },
    { filename: app, options, code: build(`import { keys } from './keys';\nconst SERVICE = 'automations';`, 'keys.session(SERVICE)') },
    // … also through a barrel that re-exports the builders (src/barrel.ts: `export *`, `export { … as … } from`)
    { filename: app, options, code: build(`import { keys } from './barrel';\nconst SERVICE = 'automations';`, 'keys.session(SERVICE)') },
    { filename: app, options, code: build(`import { keyOfProfile } from './barrel';`, "keyOfProfile('admin')") },
    // `profile:*`, built by an imported function here and in src/profiles.ts, which deletes it
    { filename: app, options, code: build(`import { profileKey } from './keys';`, 'profileKey(id)') },
    // a key from a builder no file shows, which src/history-flush.cjs deletes by the same builder's name
    { filename: app, options, code: build(keySchema('projectHistoryFirstOpTimestamp'), 'Keys.projectHistoryFirstOpTimestamp({ project_id: id })') },
    // … or deletes through a Lua command it defines (src/scripts/notifications.mts), given the key held in a const
    { filename: app, options, code: build(keySchema('projectNotificationTimestamp'), 'Keys.projectNotificationTimestamp({ project_id: id })') },
    // \`nonce-history:*\` from an imported builder, held in a const before the write: src/wallet-reset.ts deletes it through a \`flatMap\` of the builder
    {
      filename: app,
      options,
      code: `import { Redis } from 'ioredis';\nimport { nonceHistoryKey } from './wallet-keys';\nconst redis = new Redis();\nexport async function record(id: string) {\n  const key = nonceHistoryKey(id);\n  await redis.lpush(key, 'x');\n}\n`,
    },
  ],
  invalid: [
    // a builder no file shows, that no file deletes
    reportedBuild(keySchema('projectHistoryOps'), 'Keys.projectHistoryOps({ project_id: id })'),
    // a Lua command that only reads its key (src/scripts/notifications.mts) manages nothing
    reportedBuild(keySchema('projectNotificationSeen'), 'Keys.projectNotificationSeen({ project_id: id })'),
    // deleted only by a test file (src/carts.tests.ts)
    reported('cart:${id}'),
    // deleted only under the project's test folder
    reported('tmp:${id}'),
    // an imported key builder's family that nothing deletes: `app:sess:*` (its argument varies)
    reportedBuild(`import { keys } from './keys';`, 'keys.session(id)'),
    // src/worker.ts writes `epoch:*` with a TTL: another file's expiry does not count
    reported('epoch:${id}'),
    // another family: `sess:${id}:flash` is not `sess:${id}`
    reported('sess:${id}:flash'),
    // a family with too little literal text to tell it from others is never matched
    reported('s:${id}'),
  ],
});
