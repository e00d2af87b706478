import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from './is-function';

/** `function createMemo() {}` or `const createMemo = () => {}` at the module's top level, exported or not. */
export function getModuleFunctionName(fn: FunctionNode): TSESTree.Identifier | undefined {
  const declaration = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : fn.parent;
  if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration) return isModuleLevel(declaration) ? (declaration.id ?? undefined) : undefined;
  if (declaration?.type !== AST_NODE_TYPES.VariableDeclarator || declaration.init !== fn || declaration.id.type !== AST_NODE_TYPES.Identifier || declaration.parent.kind !== 'const') return undefined;
  return isModuleLevel(declaration.parent) ? declaration.id : undefined;
}

/** `export function main() {}`, `export default function () {}`, `export const main = () => {}`: other modules may call it. */
export function isExportedFunction(fn: FunctionNode): boolean {
  const declaration = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : fn.parent?.type === AST_NODE_TYPES.VariableDeclarator ? fn.parent.parent : undefined;
  const parent = declaration?.parent;
  return parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
}

/** A statement of the module's top level, also inside `export`. */
function isModuleLevel(statement: TSESTree.Node): boolean {
  const parent = statement.parent;
  return parent?.type === AST_NODE_TYPES.Program || ((parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) && parent.parent?.type === AST_NODE_TYPES.Program);
}
