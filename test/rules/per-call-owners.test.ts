import noUnboundedCache from '../../src/rules/no-unbounded-cache';
import { createRuleTester, fixtureProject } from '../rule-tester';

// The project in fixtures/instances: a class field or a factory's closure grows, and the project's other
// files show whether each instance lives for one call (a tracker per extraction) or for the process.
const { lint, read } = fixtureProject('instances');

createRuleTester().run('no-unbounded-cache (owners made per call in other files)', noUnboundedCache, {
  valid: [
    // src/extract.ts makes a Tracker per call, uses it through its methods and drops it
    lint('tracker.ts'),
    // … also when this file makes them per call too
    lint('tracker.ts', `${read('tracker.ts')}\nexport function count(urls: string[]): void {\n  const local = new Tracker();\n  for (const url of urls) local.record(url);\n}\n`),
    // src/render.ts calls the factory inside a function (through `??`) and lends the memo to a call
    lint('memo.ts'),
    // src/interaction.ts makes the validator in its constructor; src/routes.ts makes an Interaction
    // per request, stored on the request's context or used at once (a default export, imported under its name)
    lint('validator.ts'),
    // src/export-rows.ts uses the memo in a local helper that only its own loop calls
    lint('row-cache.ts'),
    // src/rules-reader.ts makes the overlay in a field's initialiser; src/read-rules.ts makes a RulesReader per call
    lint('overlay.ts'),
    // src/graph.ts makes and returns it (directly, or through a local); src/hydrator.ts, its only caller, uses it within one call; `Blocks.key()` is a static member
    lint('blocks.ts'),
    // src/access.ts makes it in a private method whose one call keeps it in a `let` of the same call, lent to a CensorInfo kept there too
    lint('cell-access.ts'),
    // src/build-lexicons.ts declares it with `await using` in a method, iterates it and hands it to a method: disposed when the call ends
    lint('lexicon-index.ts'),
    // made only through a subclass, src/page-visits.ts, whose instances src/crawl.ts makes per call
    lint('visit-log.ts'),
    // src/segments.ts destructures the loader in each call and lends it to a plain function inside an options object
    lint('segment-loader.ts'),
  ],
  invalid: [
    // src/segments.ts hands the loader, in an options object, to a registry's method that may keep it
    {
      ...lint('tag-loader.ts'),
      errors: [{ messageId: 'unbounded', line: 5, suggestions: [{ messageId: 'boundWithLruCache', output: `import { LRUCache } from 'lru-cache';\n\n${read('tag-loader.ts').replace('new Map<string, string>()', 'new LRUCache<string, string>({ max: 1000, ttl: 30 * 60 * 1000 })')}` }] }],
    },
    // src/render.ts keeps one price memo at module level
    { ...lint('prices.ts'), errors: [{ messageId: 'unbounded', line: 3, suggestions: [{ messageId: 'boundWithLruCache', output: `import { LRUCache } from 'lru-cache';\n\n${read('prices.ts').replace('new Map<string, number>()', 'new LRUCache<string, number>({ max: 1000, ttl: 30 * 60 * 1000 })')}` }] }] },
    // src/archive.ts imports the default export under another name: its uses cannot be found by name
    { ...lint('history.ts'), errors: [{ messageId: 'unbounded', line: 3 }] },
    // src/ticker-routes.ts makes a Ticker per set-up call, but uses it in a route handler that outlives the call
    { ...lint('ticker.ts'), errors: [{ messageId: 'unbounded', line: 3 }] },
    // src/slug-users.ts imports the factory under another name (and keeps its memo at module level)
    { ...lint('slugs.ts'), errors: [{ messageId: 'unbounded', line: 3, suggestions: [{ messageId: 'boundWithLruCache', output: `import { LRUCache } from 'lru-cache';\n\n${read('slugs.ts').replace('new Map<string, string>()', 'new LRUCache<string, string>({ max: 1000, ttl: 30 * 60 * 1000 })')}` }] }] },
    // made in a field's initialiser of a Scheduler that src/scheduler.ts keeps for the process
    { ...lint('pending.ts'), errors: [{ messageId: 'unbounded', line: 3 }] },
    // made in a static field's initialiser: one for the process, though src/read-rules.ts makes a Backoff per call
    { ...lint('retries.ts'), errors: [{ messageId: 'unbounded', line: 3 }] },
    // returned by a method whose caller keeps the result on `this`
    { ...lint('session-cache.ts'), errors: [{ messageId: 'unbounded', line: 3 }] },
    // made by a static factory that the module calls as it loads
    { ...lint('quota.ts'), errors: [{ messageId: 'unbounded', line: 3 }] },
    // lent to an object that the call keeps in a module-level list
    { ...lint('audit-trail.ts'), errors: [{ messageId: 'unbounded', line: 3 }] },
    // src/keep-schemas.ts declares it with `using` but also pushes it into a module-level list
    { ...lint('schema-index.ts'), errors: [{ messageId: 'unbounded', line: 2 }] },
    // made only through a subclass that src/hits.ts keeps for the process
    { ...lint('hit-log.ts'), errors: [{ messageId: 'unbounded', line: 3 }] },
    // src/lookup.ts keeps one Resolver for the process
    { ...lint('resolver.ts'), errors: [{ messageId: 'unbounded', line: 3, suggestions: [] }] },
    // `mailboxes` is trimmed by src/mailbox.ts through the instance; the private `seen` is not (mailbox.ts trims its own `seen`),
    // `flags` only by a test file, which is not the service's code, `tags` only as mailbox.ts's own `this.tags`,
    // and `running` is declared private (mailbox.ts trims another object's `running`)
    {
      ...lint('connection.ts'),
      errors: [
        { messageId: 'unbounded', line: 8 },
        { messageId: 'unbounded', line: 10 },
        { messageId: 'unbounded', line: 12 },
        { messageId: 'unbounded', line: 17 },
      ],
    },
    // `watermarks` takes keys only from the queues and metrics `snapshot()` walks; `lastSeen` from a public method's parameter
    { ...lint('recorder.ts'), errors: [{ messageId: 'unbounded', line: 11 }] },
    // the instance is handed on (stored in a list), so it may live on
    {
      ...lint('session.ts', `export class Session {\n  private readonly seen = new Map<string, number>();\n\n  touch(id: string): void {\n    this.seen.set(id, Date.now());\n  }\n}\n\nconst open: Session[] = [];\n\nexport function start(): void {\n  const session = new Session();\n  open.push(session);\n}\n`),
      errors: [{ messageId: 'unbounded', line: 2 }],
    },
  ],
});
