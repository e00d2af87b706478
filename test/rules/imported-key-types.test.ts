import noUnboundedCache from '../../src/rules/no-unbounded-cache';
import { createRuleTester, fixtureProject } from '../rule-tester';

// The project in fixtures/key-types: the key type of each `Map` is declared in another module.
const { lint } = fixtureProject('key-types');

createRuleTester().run('no-unbounded-cache (key types of other modules)', noUnboundedCache, {
  valid: [
    // `Corpus` = `Exclude<PageType, 'all'>`, `PageType` = `(typeof PAGE_TYPES)[number]`, through `export *` and a local `export type { … }`
    lint('search-index.ts'),
  ],
  invalid: [
    // `UserId` = `string`
    { ...lint('visits.ts'), errors: [{ messageId: 'unbounded', line: 4, suggestions: [] }] },
  ],
});
