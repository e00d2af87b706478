import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { forEachDescendant, getEnclosingFunction, isFunction } from './ast';
import type { LongLivedCollection } from './collection-growth';
import { getGrowthCall } from './collection-values';

/** What this asks of the client analysis: the client a `new`/call opens, if any. */
interface CreationLookup {
  getClientCreation(node: TSESTree.CallExpression | TSESTree.NewExpression): { readonly longRunning: boolean } | undefined;
}

const answers = new WeakMap<FunctionNode, boolean>();

/**
 * Whether `fn` itself starts a consumer that runs on its own (a BullMQ `Worker` or `QueueEvents`,
 * made with `new` or by a factory of them). Code that starts a process's consumers is its start-up
 * (no one starts workers per request), so the clients it opens beside them, such as the `Queue` that
 * registers their repeatable jobs, live as long as they do. Callbacks defined in `fn` do not count.
 */
export function startsLongRunningConsumer(sourceCode: Readonly<SourceCode>, clients: CreationLookup, fn: FunctionNode): boolean {
  let starts = answers.get(fn);
  if (starts === undefined) {
    starts = false;
    forEachDescendant(fn, sourceCode.visitorKeys, (node) => {
      if (starts || isFunction(node)) return false;
      if (node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.CallExpression) starts = clients.getClientCreation(node)?.longRunning === true;
      return undefined;
    });
    answers.set(fn, starts);
  }
  return starts;
}

/**
 * Whether every `set`/`add` of `collection` is made by a function that starts long-running consumers
 * ({@link startsLongRunningConsumer}): the names of the workers a plugin started, kept so that a
 * second start is skipped, grow with start-ups, not with traffic.
 */
export function isFilledOnlyByConsumerStarts(sourceCode: Readonly<SourceCode>, clients: CreationLookup, collection: LongLivedCollection): boolean {
  const writes = collection.uses.map(getGrowthCall).filter((write) => write !== undefined);
  return (
    writes.length > 0 &&
    writes.every((write) => {
      const fn = getEnclosingFunction(write);
      return fn !== undefined && startsLongRunningConsumer(sourceCode, clients, fn);
    })
  );
}
