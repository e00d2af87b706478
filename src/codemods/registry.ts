import plugin from 'eslint-plugin-redis-leaks';
// Only small modules here: the CLI's main thread runs the pre-filters on every file and
// builds its help from this list, and should not load ESLint, TypeScript and the
// transforms to do so (they are in `transforms.ts`, loaded where files are rewritten).
import { mayGrowCollection } from 'eslint-plugin-redis-leaks/internal';
import { CLIENT_MODULE_MENTION } from 'eslint-plugin-redis-leaks/internal';

export type CodemodName = 'add-expiry' | 'bound-cache' | 'close-client';

export interface CodemodEntry {
  readonly name: CodemodName;
  /** The rule whose findings the transform rewrites. */
  readonly rule: keyof typeof plugin.rules;
  readonly description: string;
  /** Cheap test on a file's text: a file that fails it cannot hold a finding, so it is not parsed. */
  readonly mayApply: (source: string) => boolean;
}


/** Every transform, in the order `redis-leaks fix` applies them to a file. The single list: help, validation and options come from it. */
export const CODEMODS: readonly CodemodEntry[] = [
  {
    name: 'close-client',
    rule: 'no-unclosed-client',
    description: 'wrap a client opened in a function in try { … } finally { await client.quit(); }',
    mayApply: (source) => CLIENT_MODULE_MENTION.test(source),
  },
  {
    name: 'add-expiry',
    rule: 'require-expiry',
    description: "give keys written with no TTL an expiry ('EX', ttl / { EX: ttl } / EXPIRE key ttl NX)",
    mayApply: (source) => CLIENT_MODULE_MENTION.test(source),
  },
  {
    name: 'bound-cache',
    rule: 'no-unbounded-cache',
    description: 'replace a Map/Set cache that only grows with an LRUCache({ max, ttl })',
    mayApply: mayGrowCollection,
  },
];

export const CODEMOD_NAMES = CODEMODS.map((codemod) => codemod.name);

/**
 * What `redis-leaks fix` runs when `--transform` is not given: the fixes of the rules that
 * `configs.recommended` treats as errors. `bound-cache` (its rule only warns) must be asked for.
 */
export const DEFAULT_CODEMOD_NAMES = CODEMODS.filter((codemod) => plugin.configs.recommended.rules?.[`redis-leaks/${codemod.rule}`] === 'error').map(
  (codemod) => codemod.name,
);
