import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

const LOOPS = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.DoWhileStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.WhileStatement,
]);

/** `for`, `for…in`, `for…of`, `while`, `do…while`. */
export function isLoop(node: TSESTree.Node): boolean {
  return LOOPS.has(node.type);
}

/** Whether a loop statement around `node` repeats it within one call of `owner` (or at top level, without one). */
export function isInLoopOf(node: TSESTree.Node, owner: TSESTree.Node | undefined): boolean {
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (isLoop(current)) return true;
  }
  return false;
}
