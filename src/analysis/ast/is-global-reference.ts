import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getPropertyName } from './get-property-name';

const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

/**
 * Whether `node` names the built-in global `name`, not a local binding of that name:
 * - `Map`, `setTimeout` (unless imported, declared or a parameter)
 * - `globalThis.setTimeout`, `window.setTimeout`
 */
export function isGlobalReference(sourceCode: Readonly<SourceCode>, node: TSESTree.Node, name: string): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) {
    if (node.name !== name) return false;
    const variable = ASTUtils.findVariable(sourceCode.getScope(node), node);
    return !variable || variable.defs.length === 0;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && getPropertyName(node) === name) {
    return node.object.type === AST_NODE_TYPES.Identifier && GLOBAL_OBJECTS.has(node.object.name) && isGlobalReference(sourceCode, node.object, node.object.name);
  }
  return false;
}
