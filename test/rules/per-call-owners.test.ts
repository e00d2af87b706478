import { readFileSync } from 'node:fs';
import path from 'node:path';
import noUnboundedCache from '../../src/rules/no-unbounded-cache';
import { createRuleTester } from '../rule-tester';

// The project in fixtures/instances: a class field grows, and the project's other files show whether
// each instance lives for one call (a tracker per extraction) or for the process.
const src = path.join(__dirname, '..', '..', 'fixtures', 'instances', 'src');
const lint = (file: string, code = readFileSync(path.join(src, file), 'utf8')) => ({ filename: path.join(src, file), code });

createRuleTester().run('no-unbounded-cache (instances made per call in other files)', noUnboundedCache, {
  valid: [
    // src/extract.ts makes a Tracker per call, uses it through its methods and drops it
    lint('tracker.ts'),
    // … also when this file makes them per call too
    lint('tracker-local.ts', `${readFileSync(path.join(src, 'tracker.ts'), 'utf8')}\nexport function count(urls: string[]): void {\n  const local = new Tracker();\n  for (const url of urls) local.record(url);\n}\n`),
  ],
  invalid: [
    // src/lookup.ts keeps one Resolver for the process
    { ...lint('resolver.ts'), errors: [{ messageId: 'unbounded', line: 3, suggestions: [] }] },
    // the instance is handed on (stored in a list), so it may live on
    {
      ...lint('session.ts', `export class Session {\n  private readonly seen = new Map<string, number>();\n\n  touch(id: string): void {\n    this.seen.set(id, Date.now());\n  }\n}\n\nconst open: Session[] = [];\n\nexport function start(): void {\n  const session = new Session();\n  open.push(session);\n}\n`),
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
  ],
});
