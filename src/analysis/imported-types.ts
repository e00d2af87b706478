import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getImportedName } from './ast';
import { findExportedNode } from './export-names';
import { resolveProjectModule } from './module-resolution';
import { loadProjectModule } from './project-modules';
import { getSourceFile } from './source-files';

/** A declaration another module of the project exports, and the module it is written in. */
export interface ImportedDeclaration {
  readonly sourceCode: Readonly<SourceCode>;
  readonly node: TSESTree.Node;
}

/** How many `export { X } from` hops are followed. */
const MAX_REEXPORTS = 3;

/**
 * The declaration an imported name stands for in the project module it comes from
 * (`import type { Corpus } from './search-meta'` → `export type Corpus = …` there), through
 * re-exports; `undefined` when the module is not the project's, cannot be read, or does not say.
 */
export function findImportedDeclaration(sourceCode: Readonly<SourceCode>, def: Scope.Definition): ImportedDeclaration | undefined {
  const file = getSourceFile(sourceCode);
  if (file === undefined || def.type !== 'ImportBinding' || def.node.type !== AST_NODE_TYPES.ImportSpecifier || def.parent?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  return findExport(file, def.parent.source.value, getImportedName(def.node), 0);
}

function findExport(fromFile: string, specifier: string, name: string, hops: number): ImportedDeclaration | undefined {
  const target = resolveProjectModule(fromFile, specifier);
  const module = target === undefined ? undefined : loadProjectModule(target);
  if (!target || !module) return undefined;
  const fromStar: string[] = [];
  for (const statement of module.ast.body) {
    // `export * from './types'` (never the default export): tried when nothing here names it.
    if (statement.type === AST_NODE_TYPES.ExportAllDeclaration && statement.exported === null) fromStar.push(statement.source.value);
    const exported = findExportedNode(statement, name);
    if (exported === undefined) continue;
    if (exported === null) return undefined;
    if ('source' in exported) return hops < MAX_REEXPORTS ? findExport(target, exported.source, exported.local, hops + 1) : undefined;
    return resolveLocalName(module, target, exported.node, hops);
  }
  if (name === 'default' || hops >= MAX_REEXPORTS) return undefined;
  for (const source of fromStar) {
    const found = findExport(target, source, name, hops + 1);
    if (found) return found;
  }
  return undefined;
}

/** `export type { Deps }` names a declaration of the module, or one it imports in turn. */
function resolveLocalName(module: Readonly<SourceCode>, file: string, node: TSESTree.Node, hops: number): ImportedDeclaration | undefined {
  if (node.type !== AST_NODE_TYPES.Identifier) return { sourceCode: module, node };
  const def = ASTUtils.findVariable(module.getScope(node), node.name)?.defs[0];
  if (def?.type === 'ImportBinding' && def.node.type === AST_NODE_TYPES.ImportSpecifier && def.parent?.type === AST_NODE_TYPES.ImportDeclaration && hops < MAX_REEXPORTS) {
    return findExport(file, def.parent.source.value, getImportedName(def.node), hops + 1);
  }
  return def ? { sourceCode: module, node: def.node as TSESTree.Node } : undefined;
}
