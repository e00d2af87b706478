import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { getPropertyName } from './get-property-name';
import { getValueParent } from './unwrap-expression';

export type MethodCall = TSESTree.CallExpression & { callee: TSESTree.MemberExpression };

/**
 * Matches `object.method(…)`, optionally restricted to some method names.
 * - `client.quit()`, `client['quit']()`, `client?.quit()`
 */
export function isMethodCall(node: TSESTree.Node | undefined, options: { methods?: ReadonlySet<string> } = {}): node is MethodCall {
  if (node?.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  if (!options.methods) return true;
  const name = getPropertyName(node.callee);
  return name !== undefined && options.methods.has(name);
}

/** `node.name(…)` (through `!`, `as` and `?.`), when `node` is the object of that call. */
export function getMethodCallOn(node: TSESTree.Node, name: string): TSESTree.CallExpression | undefined {
  const { outer, parent } = getValueParent(node);
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== outer || getPropertyName(parent) !== name) return undefined;
  const call = parent.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent ? call : undefined;
}

/** Matches `require('x')` with a static string and returns the specifier. */
export function getRequiredModule(node: TSESTree.Node | undefined): string | undefined {
  if (
    node?.type !== AST_NODE_TYPES.CallExpression ||
    node.callee.type !== AST_NODE_TYPES.Identifier ||
    node.callee.name !== 'require' ||
    node.arguments.length !== 1
  ) {
    return undefined;
  }
  const [argument] = node.arguments;
  if (argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string') return argument.value;
  if (argument?.type === AST_NODE_TYPES.TemplateLiteral && argument.expressions.length === 0) return argument.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}
