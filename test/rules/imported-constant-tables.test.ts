import noUnboundedCache from '../../src/rules/no-unbounded-cache';
import { createRuleTester, fixtureProject } from '../rule-tester';

// The project in fixtures/constant-tables: each cache looks its key up first in a table another module exports.
const { lint } = fixtureProject('constant-tables');

createRuleTester().run('no-unbounded-cache (constant tables of other modules)', noUnboundedCache, {
  valid: [
    // `bundleFiles` is an object literal its module never changes, though not named as a constant.
    lint('bundle-cache.ts'),
  ],
  invalid: [
    // `ACTIVE_SESSIONS` is named as a constant, but its module fills it at run time.
    { ...lint('session-profiles.ts'), errors: [{ messageId: 'unbounded', line: 4, suggestions: [] }] },
    // `KNOWN_HOSTS` starts with literals, but its module adds to it.
    { ...lint('host-addresses.ts'), errors: [{ messageId: 'unbounded', line: 4, suggestions: [] }] },
    // A default import of a module of the project, which does not say what it is: no table, whatever its name.
    { ...lint('session-notes.ts'), errors: [{ messageId: 'unbounded', line: 4, suggestions: [] }] },
  ],
});
