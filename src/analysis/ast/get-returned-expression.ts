import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { isFunction } from './is-function';

/** The expression a function returns when its whole body is `return <expression>`, or an arrow's expression body. */
export function getReturnedExpression(fn: TSESTree.Node): TSESTree.Expression | undefined {
  if (!isFunction(fn)) return undefined;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return fn.body;
  const [only] = fn.body.body;
  return fn.body.body.length === 1 && only?.type === AST_NODE_TYPES.ReturnStatement ? (only.argument ?? undefined) : undefined;
}
