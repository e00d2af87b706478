import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { getPropertyName, getValueParent } from './ast';
import type { LongLivedCollection } from './collection-growth';

/** Logging calls: `console.warn(…)`, `logger.warn(…)`, `this.log.error(…)`. */
const LOG_METHODS = new Set(['warn', 'warning', 'error', 'info', 'log', 'debug', 'trace', 'notice']);
const LOGGER_NAME = /^(?:console|log|logs|logger|_?log(?:ger)?\w*)$/i;

/**
 * A warn-once set: a `Set` used only through `has` and `add`, where every `add` sits beside a
 * logging call (`if (!warned.has(key)) { warned.add(key); logger.warn(…) }`). It grows with the
 * distinct problems the code logs, not with the traffic, and keeps the logs from flooding.
 */
export function isLogOnceSet(collection: LongLivedCollection): boolean {
  if (collection.kind !== 'Set' || collection.uses.length === 0) return false;
  let added = false;
  for (const use of collection.uses) {
    const { outer, parent } = getValueParent(use);
    const method = parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer ? getPropertyName(parent) : undefined;
    if (method === 'has') continue;
    if (method !== 'add' || !isBesideLogCall(parent!)) return false;
    added = true;
  }
  return added;
}

/** The statement holding `member` (`warned.add(key)`) has a logging call among the statements of its block. */
function isBesideLogCall(member: TSESTree.Node): boolean {
  let statement: TSESTree.Node = member;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement && statement.parent.type !== AST_NODE_TYPES.Program) {
    if (statement.type === AST_NODE_TYPES.ExpressionStatement) break;
    statement = statement.parent;
  }
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) return false;
  return block.body.some((sibling) => sibling !== statement && sibling.type === AST_NODE_TYPES.ExpressionStatement && isLogCall(sibling.expression));
}

function isLogCall(expression: TSESTree.Expression): boolean {
  const call = expression.type === AST_NODE_TYPES.AwaitExpression ? expression.argument : expression;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = getPropertyName(call.callee);
  const { object } = call.callee;
  const owner = object.type === AST_NODE_TYPES.Identifier ? object.name : object.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(object) : undefined;
  return method !== undefined && LOG_METHODS.has(method) && owner !== undefined && LOGGER_NAME.test(owner);
}
