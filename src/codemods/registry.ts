import type { Transform } from 'jscodeshift';
import type plugin from '../index';
import { mayGrowCollection } from '../analysis';
import { CLIENT_MODULE_MENTION } from '../redis';
import addExpiry from './add-expiry';
import boundCache from './bound-cache';
import closeClient from './close-client';

export interface CodemodEntry {
  readonly name: string;
  /** The rule whose findings the transform rewrites. */
  readonly rule: keyof typeof plugin.rules;
  readonly description: string;
  readonly transform: Transform;
  /** Cheap test on a file's text: a file that fails it cannot hold a finding, so it is not parsed. */
  readonly mayApply: (source: string) => boolean;
}


/** Every transform, in the order `redis-leaks fix` applies them to a file. The single list: help, validation and options come from it. */
export const CODEMODS: readonly CodemodEntry[] = [
  {
    name: 'close-client',
    rule: 'no-unclosed-client',
    description: 'wrap a client opened in a function in try { … } finally { await client.quit(); }',
    transform: closeClient,
    mayApply: (source) => CLIENT_MODULE_MENTION.test(source),
  },
  {
    name: 'add-expiry',
    rule: 'require-expiry',
    description: "give keys written with no TTL an expiry ('EX', ttl / { EX: ttl } / EXPIRE key ttl NX)",
    transform: addExpiry,
    mayApply: (source) => CLIENT_MODULE_MENTION.test(source),
  },
  {
    name: 'bound-cache',
    rule: 'no-unbounded-cache',
    description: 'replace a Map/Set cache that only grows with an LRUCache({ max, ttl })',
    transform: boundCache,
    mayApply: mayGrowCollection,
  },
];

export const CODEMOD_NAMES = CODEMODS.map((codemod) => codemod.name);
