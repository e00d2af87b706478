import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { getPropertyName } from './get-property-name';

/** `exit` of `process.exit(1)`, `kill` of `process.kill(pid)`: the method of a call on the global `process`, if `node` is one. */
export function getProcessMethod(node: TSESTree.Node): string | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const { object } = node.callee;
  return object.type === AST_NODE_TYPES.Identifier && object.name === 'process' ? getPropertyName(node.callee) : undefined;
}
