import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { isFunction } from './is-function';

/** The body of the class whose instance (or constructor, in static members) `this` is at `node`; `undefined` inside a plain function. */
export function getThisClassBody(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
    if (isFunction(current) && current.type !== AST_NODE_TYPES.ArrowFunctionExpression) {
      const owner = current.parent;
      const isMember = owner?.type === AST_NODE_TYPES.MethodDefinition || owner?.type === AST_NODE_TYPES.PropertyDefinition;
      if (!isMember) return undefined;
    }
  }
  return undefined;
}

/** Whether `this` at `node` is the class itself: inside a static method, static field or static block of `body`. */
export function isInStaticMember(node: TSESTree.Node, body: TSESTree.ClassBody): boolean {
  for (let current: TSESTree.Node | undefined = node; current && current !== body; current = current.parent) {
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.StaticBlock) return true;
    const isMember = parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition || parent?.type === AST_NODE_TYPES.AccessorProperty;
    if (isMember && parent.parent === body) return parent.static;
  }
  return false;
}
