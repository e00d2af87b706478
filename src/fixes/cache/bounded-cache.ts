/**
 * The fix of `no-unbounded-cache`: replaces a `Map` cache that only grows with `LRUCache` from
 * `lru-cache`, bounded by `max` entries and `ttl`, when the collection is certainly a cache
 * (`getReadThroughProblem`: a `Map` read through; a `Set` never is) and an LRUCache answers
 * every one of its uses the same way.
 *
 * - `new Map<K, V>()` → `new LRUCache<K, V>({ max, ttl })`
 * - `Map<K, V>` annotations and assertions of the binding follow: `LRUCache<K, V>`
 * - `import { LRUCache } from 'lru-cache'` (or a `require`) is added, or an existing one reused
 *
 * Anything else the rule reports (a registry, a store of values handed in, a table read as if
 * its entries stay, values that own clients, timers, promises or callbacks, keys that are
 * objects), and any use an LRUCache answers differently (iteration order, `instanceof`, JSON,
 * values that may be `undefined`, …), gets no fix, and the reason.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { LongLivedCollection } from '../../analysis';
import { getReadThroughProblem } from '../../analysis';
import { bindModuleExport } from '../module-imports';
import type { Outcome, TextEdit } from '../outcome';
import { cannotFix, ok, replaceRange } from '../outcome';
import type { SuggestedFix } from '../report-with-fix';
import { checkCacheTypes } from './cache-types';
import { findUseAnLruCacheChanges } from './cache-uses';
import type { LruCacheBounds } from './lru-options';
import { formatLruOptions } from './lru-options';

const LRU_CACHE_MODULE = 'lru-cache';
const LRU_CACHE_EXPORT = 'LRUCache';

/** A collection the rule reports, as the fix sees it. */
export interface CacheFinding {
  readonly collection: LongLivedCollection;
  /** The `new Map()` that creates it. */
  readonly creation: TSESTree.NewExpression;
  /** Whether the rule found keys that are objects, whose fix is a `WeakMap`/`WeakSet`. */
  readonly objectKeys: boolean;
}

/** A cache the fix can bound: the nodes its edits replace. */
export interface BoundedCachePlan {
  readonly creation: TSESTree.NewExpression;
  /** `Map<K, V>` annotations and assertions of the binding. */
  readonly typeReferences: readonly TSESTree.TSTypeReference[];
}

/** Whether the finding's collection can become an LRUCache, checked in the order that gives the most useful reason. */
export function planBoundedCache(sourceCode: Readonly<SourceCode>, filename: string, { collection, creation, objectKeys }: CacheFinding): Outcome<BoundedCachePlan> {
  const { name, kind } = collection;
  // A weak collection lets object keys go; an LRU would only cap them.
  if (objectKeys) return cannotFix(`\`${name}\` is keyed by objects: make it a \`Weak${kind}\` by hand, which lets each entry go with its key`);
  // `new Map(entries)`: `new LRUCache()` takes options, and would throw on entries.
  if (creation.arguments.length > 0) return cannotFix(`\`${name}\` starts with entries (\`new ${kind}(…)\`), but \`new LRUCache()\` takes options, not entries`);
  // JavaScript has no types to check.
  const types = isTypeScriptFile(filename) ? checkCacheTypes(sourceCode, collection, creation) : ok([]);
  if (!types.ok) return types;
  const use = findUseAnLruCacheChanges(collection);
  if (use) return cannotFix(use);
  // Only a certain cache: a registry, a store or a pool would lose entries the code needs.
  const problem = getReadThroughProblem(sourceCode, collection);
  if (problem !== undefined) return cannotFix(`${problem}; not a cache to bound`);
  return ok({ creation, typeReferences: types.value });
}

/**
 * The suggestion of each plan: its edits, and the `LRUCache` binding. Every fix names the
 * first cache of the file as where `LRUCache` is used, so they all add the same import at the
 * same place (a `require` above the first cache), and the codemod's next pass reuses it.
 */
export function buildBoundedCacheFixes(
  sourceCode: Readonly<SourceCode>,
  filename: string,
  plans: readonly Outcome<BoundedCachePlan>[],
  bounds: LruCacheBounds,
): Outcome<SuggestedFix<'boundWithLruCache'>>[] {
  const creations = plans.flatMap((plan) => (plan.ok ? [plan.value.creation] : []));
  const firstUse = creations.reduce<TSESTree.NewExpression | undefined>((first, creation) => (first && first.range[0] <= creation.range[0] ? first : creation), undefined);
  const options = formatLruOptions(bounds);
  return plans.map((plan): Outcome<SuggestedFix<'boundWithLruCache'>> => {
    if (!plan.ok) return plan;
    const usedAt = firstUse ?? plan.value.creation;
    const binding = bindModuleExport(sourceCode, { modules: [LRU_CACHE_MODULE], exportName: LRU_CACHE_EXPORT, filename, usedAt, mayAddImport: true });
    if (!binding.ok) return binding;
    const edits = [...binding.value.edits, ...planRewriteEdits(plan.value, binding.value.name, options)];
    return ok({ messageId: 'boundWithLruCache', data: { options }, edits });
  });
}

/** `new Map<K, V>()` → `new LRUCache<K, V>({ … })`, `Map<K, V>` → `LRUCache<K, V>`: the type arguments stay as written. */
function planRewriteEdits({ creation, typeReferences }: BoundedCachePlan, lruName: string, options: string): TextEdit[] {
  const afterType = (creation.typeArguments ?? creation.callee).range[1];
  return [
    replaceRange(creation.callee.range, lruName),
    // `()`, or nothing in `new Map<K, V>`.
    replaceRange([afterType, creation.range[1]], `(${options})`),
    ...typeReferences.map((reference) => replaceRange(reference.typeName.range, lruName)),
  ];
}

function isTypeScriptFile(filename: string): boolean {
  return /\.[cm]?tsx?$/i.test(filename);
}
