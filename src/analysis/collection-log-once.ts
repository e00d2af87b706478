import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { getPropertyName, getValueParent, isFunction, isWithin } from './ast';
import type { LongLivedCollection } from './collection-growth';
import { isExitingBranch } from './collection-checks';

/** Warning calls: `console.warn(…)`, `logger.warn(…)`, `this.log.error(…)`. */
const WARN_METHODS = new Set(['warn', 'warning', 'error']);
const LOGGER_NAME = /^(?:console|_?log|_?logs|_?logger|\w*Logger|\w*Log)$/;

/**
 * A warn-once set: a `Set` used only through `has` and `add`, where every `add` is guarded by a
 * `has` of the set (`if (!warned.has(key)) { … }`, or `if (warned.has(key)) return;` before it) and
 * sits beside a warning in the same block (`warned.add(key); logger.warn(…)`). It grows with the
 * distinct problems the code warns about, not with the traffic, and keeps the logs from flooding.
 */
export function isLogOnceSet(collection: LongLivedCollection): boolean {
  if (collection.kind !== 'Set' || collection.uses.length === 0) return false;
  const hasCalls: TSESTree.Node[] = [];
  const adds: TSESTree.MemberExpression[] = [];
  for (const use of collection.uses) {
    const { outer, parent } = getValueParent(use);
    const method = parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer ? getPropertyName(parent) : undefined;
    if (method === 'has') hasCalls.push(parent!);
    else if (method === 'add') adds.push(parent as TSESTree.MemberExpression);
    else return false;
  }
  return adds.length > 0 && adds.every((add) => {
    const statement = getStatement(add);
    return statement !== undefined && isBesideWarning(statement) && isGuardedByHas(statement, hasCalls);
  });
}

/** The expression statement that holds `node`, in a block, without leaving a function. */
function getStatement(node: TSESTree.Node): TSESTree.ExpressionStatement | undefined {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    if (isFunction(current)) return undefined;
    if (current.type === AST_NODE_TYPES.ExpressionStatement) return current.parent?.type === AST_NODE_TYPES.BlockStatement ? current : undefined;
  }
  return undefined;
}

function isBesideWarning(statement: TSESTree.ExpressionStatement): boolean {
  const block = statement.parent as TSESTree.BlockStatement;
  return block.body.some((sibling) => sibling !== statement && sibling.type === AST_NODE_TYPES.ExpressionStatement && isWarningCall(sibling.expression));
}

/** An `if` around the statement whose test asks the set, or an earlier `if (set.has(k)) return;` in its block. */
function isGuardedByHas(statement: TSESTree.ExpressionStatement, hasCalls: readonly TSESTree.Node[]): boolean {
  const asks = (test: TSESTree.Node) => hasCalls.some((call) => isWithin(call, test));
  for (let current: TSESTree.Node | undefined = statement.parent; current && !isFunction(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.IfStatement && asks(current.test)) return true;
  }
  const block = statement.parent as TSESTree.BlockStatement;
  const before = block.body.slice(0, block.body.indexOf(statement));
  return before.some((sibling) => sibling.type === AST_NODE_TYPES.IfStatement && asks(sibling.test) && isExitingBranch(sibling.consequent));
}

function isWarningCall(expression: TSESTree.Expression): boolean {
  const call = expression.type === AST_NODE_TYPES.AwaitExpression ? expression.argument : expression;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = getPropertyName(call.callee);
  const { object } = call.callee;
  const owner = object.type === AST_NODE_TYPES.Identifier ? object.name : object.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(object) : undefined;
  return method !== undefined && WARN_METHODS.has(method) && owner !== undefined && LOGGER_NAME.test(owner);
}
