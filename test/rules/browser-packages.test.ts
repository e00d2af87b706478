import { readFileSync } from 'node:fs';
import path from 'node:path';
import noTimerPerKey from '../../src/rules/no-timer-per-key';
import noUnboundedCache from '../../src/rules/no-unbounded-cache';
import { createRuleTester } from '../rule-tester';

// fixtures/browser-packages: one module, linted as a file of a package of browser code (React, no
// server) and as a file of a server package that also depends on React.
const packages = path.join(__dirname, '..', '..', 'fixtures', 'browser-packages', 'packages');
const code = readFileSync(path.join(packages, 'dashboard', 'src', 'expiring.ts'), 'utf8');
const lint = (pkg: string) => ({ filename: path.join(packages, pkg, 'src', 'expiring.ts'), code });

createRuleTester().run('no-timer-per-key (packages of browser code)', noTimerPerKey, {
  valid: [lint('dashboard')],
  invalid: [{ ...lint('api'), errors: [{ messageId: 'timerPerKey', line: 5 }] }],
});

createRuleTester().run('no-unbounded-cache (packages of browser code)', noUnboundedCache, {
  valid: [lint('dashboard')],
  invalid: [
    {
      ...lint('api'),
      errors: [
        {
          messageId: 'unbounded',
          line: 10,
          suggestions: [{ messageId: 'boundWithLruCache', output: `import { LRUCache } from 'lru-cache';\n\n${lint('api').code.replace('const labels = new Map<string, string>()', 'const labels = new LRUCache<string, string>({ max: 1000, ttl: 30 * 60 * 1000 })')}` }],
        },
      ],
    },
  ],
});
