import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { unwrapExpression } from '../../analysis/ast';

/** `redis`, `pipeline`, `this.redis`, `this.#redis`: receivers that name the same client when written again. */
export function isPlainReceiver(node: TSESTree.Node): boolean {
  const receiver = unwrapExpression(node);
  if (receiver.type === AST_NODE_TYPES.Identifier) return true;
  return receiver.type === AST_NODE_TYPES.MemberExpression && receiver.object.type === AST_NODE_TYPES.ThisExpression && !receiver.computed;
}
