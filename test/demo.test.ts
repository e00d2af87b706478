import { ESLint } from 'eslint';
import path from 'node:path';
import { expect, it } from 'vitest';

const demo = path.join(__dirname, '..', 'fixtures', 'demo');

// The demo is linted as a user would: its own eslint.config.mjs imports the
// built package by name. Each incident is reported once, at its line, and
// nothing else is.
it('the demo reports each incident once, at the right line, and nothing else', async () => {
  const eslint = new ESLint({ cwd: demo });
  const results = await eslint.lintFiles(['.']);
  const findings = results
    .sort((a, b) => a.filePath.localeCompare(b.filePath))
    .flatMap((result) => result.messages.map((m) => `${path.relative(demo, result.filePath)}:${m.line}:${m.column} ${m.ruleId}`));
  expect(findings).toEqual([
    'src/dashboard.ts:10:17 redis-leaks/no-unclosed-client',
    'src/price-pool.ts:16:24 redis-leaks/require-pool-release',
    'src/relayer.ts:7:7 redis-leaks/no-unbounded-cache',
    'src/relayer.ts:10:9 redis-leaks/require-expiry',
    'src/relayer.ts:12:11 redis-leaks/require-expiry',
    'src/session-cache.ts:6:3 redis-leaks/no-timer-per-key',
    'src/trading-bot.ts:2:7 redis-leaks/no-unbounded-cache',
    'src/trading-bot.ts:22:3 redis-leaks/no-unbounded-cache',
  ]);
});
