import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

/** Strips what does not change a value: `x!`, `x as T`, `<T>x`, `x satisfies T`, `a?.b` chains. */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** {@link unwrapExpression}, and through `await` too: the value an awaited expression settles to. */
export function unwrapAwaited(node: TSESTree.Node): TSESTree.Node {
  let current = unwrapExpression(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrapExpression(current.argument);
  return current;
}

/** The outermost node that still holds the same value as `node`: climbs through `x!`, `x as T`, chains. */
export function getValueParent(node: TSESTree.Node): { outer: TSESTree.Node; parent: TSESTree.Node | undefined } {
  let outer = node;
  while (
    outer.parent &&
    (outer.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      outer.parent.type === AST_NODE_TYPES.TSAsExpression ||
      outer.parent.type === AST_NODE_TYPES.TSTypeAssertion ||
      outer.parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      outer.parent.type === AST_NODE_TYPES.ChainExpression)
  ) {
    outer = outer.parent;
  }
  return { outer, parent: outer.parent };
}

/**
 * Climbs from an expression to where its value lands: through `await`, and through method calls
 * that give the value back (`createClient().on('error', f)`), which `continueThrough` returns
 * the call of. Stops at the first other parent, as {@link getValueParent} gives it.
 */
export function climbToValueHolder(
  start: TSESTree.Node,
  continueThrough: (member: TSESTree.MemberExpression, outer: TSESTree.Node) => TSESTree.Node | undefined,
): { outer: TSESTree.Node; parent: TSESTree.Node | undefined } {
  let current = start;
  for (;;) {
    const { outer, parent } = getValueParent(current);
    const next =
      parent?.type === AST_NODE_TYPES.AwaitExpression
        ? parent
        : parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer
          ? continueThrough(parent, outer)
          : undefined;
    if (!next) return { outer, parent };
    current = next;
  }
}
