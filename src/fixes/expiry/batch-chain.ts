import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { MethodCall } from '../../analysis/ast';
import { forEachDescendant, getPropertyName, isMethodCall, unwrapExpression } from '../../analysis/ast';
import { climbTypeWrappers, getSiblingStatements } from './statements';

/*
 * Commands queued in a batch (`multi()`, `pipeline()`): the calls a chain goes on with, and the
 * `exec()` that sends them.
 */

/** `exec`, `execAsPipeline`, `execTyped`, `EXEC`: the call that sends a batch. */
const EXEC_METHOD = /^exec/i;

/** Methods of a promise: a command whose result goes on with these was sent, not queued. */
const PROMISE_METHODS: ReadonlySet<string> = new Set(['then', 'catch', 'finally']);

export function isExecCall(call: MethodCall): boolean {
  return EXEC_METHOD.test(getPropertyName(call.callee) ?? '');
}

/** The call a chain goes on with: `w.next(…)` for the call `w`. */
export function getChainedCall(call: TSESTree.Node): MethodCall | undefined {
  const outer = climbTypeWrappers(call);
  const member = outer.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== outer) return undefined;
  const next = member.parent;
  return next.type === AST_NODE_TYPES.CallExpression && next.callee === member ? (next as MethodCall) : undefined;
}

/** Whether a write goes on with a promise method (`w.then(…)`) rather than more queued commands. */
export function isChainedToPromise(call: MethodCall): boolean {
  const next = getChainedCall(call);
  return next !== undefined && PROMISE_METHODS.has(getPropertyName(next.callee) ?? '');
}

/** Whether a call's receiver is a chain through a batch method: `redis.multi().hset(…)`, `client.pipeline().incr(k).sadd(…)`. */
export function startsFromBatch(call: MethodCall, batchMethods: readonly string[]): boolean {
  for (let current = unwrapExpression(call.callee.object); isMethodCall(current); current = unwrapExpression(current.callee.object)) {
    if (batchMethods.includes(getPropertyName(current.callee) ?? '')) return true;
  }
  return false;
}

/** The variable at the start of a chain: `pipeline` in `pipeline.lpush(k, m).ltrim(k, 0, 99)`. */
export function getChainRoot(call: MethodCall): TSESTree.Node {
  let root = unwrapExpression(call.callee.object);
  while (isMethodCall(root)) root = unwrapExpression(root.callee.object);
  return root;
}

/**
 * For `pipeline.incr(k);` followed by more commands on `pipeline` and then its `exec()`: the
 * statement that runs `exec()`, so an `expire` queued just before it comes last and every other
 * result keeps its index. Not when the key's variables may change on the way there.
 */
export function findExecBeyondQueuedCommands(
  sourceCode: Readonly<SourceCode>,
  statement: TSESTree.Statement,
  batch: string,
  key: TSESTree.Node,
): TSESTree.Statement | undefined {
  const siblings = getSiblingStatements(statement);
  if (!siblings) return undefined;
  const later = siblings.slice(siblings.indexOf(statement) + 1);
  const execIndex = later.findIndex((node) => containsNode(sourceCode, node, (call) => isBatchCall(call, batch, true)));
  if (execIndex <= 0) return undefined;
  const between = later.slice(0, execIndex);
  const queuesMore = between.some((node) => containsNode(sourceCode, node, (call) => isBatchCall(call, batch, false)));
  const keyNames = getIdentifierNames(sourceCode, key);
  if (!queuesMore || between.some((node) => containsNode(sourceCode, node, (assignment) => assigns(assignment, keyNames)))) return undefined;
  return later[execIndex];
}

/** `batch.exec()` (when `exec`), or any other method called on `batch`, directly or down a chain. */
function isBatchCall(node: TSESTree.Node, batch: string, exec: boolean): boolean {
  if (!isMethodCall(node)) return false;
  let receiver = unwrapExpression(node.callee.object);
  while (!exec && isMethodCall(receiver)) receiver = unwrapExpression(receiver.callee.object);
  return receiver.type === AST_NODE_TYPES.Identifier && receiver.name === batch && isExecCall(node) === exec;
}

/** Whether a node assigns (`=`, `+=`, `++`) one of `names`. */
function assigns(node: TSESTree.Node, names: ReadonlySet<string>): boolean {
  const target = node.type === AST_NODE_TYPES.AssignmentExpression ? node.left : node.type === AST_NODE_TYPES.UpdateExpression ? node.argument : undefined;
  return target?.type === AST_NODE_TYPES.Identifier && names.has(target.name);
}

function getIdentifierNames(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  const add = (candidate: TSESTree.Node) => {
    if (candidate.type === AST_NODE_TYPES.Identifier) names.add(candidate.name);
  };
  add(node);
  forEachDescendant(node, sourceCode.visitorKeys, add);
  return names;
}

/** Whether `root` or a node inside it matches. */
function containsNode(sourceCode: Readonly<SourceCode>, root: TSESTree.Node, matches: (node: TSESTree.Node) => boolean): boolean {
  let found = matches(root);
  forEachDescendant(root, sourceCode.visitorKeys, (node) => {
    if (found) return false;
    found = matches(node);
    return !found;
  });
  return found;
}
