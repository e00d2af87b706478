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
