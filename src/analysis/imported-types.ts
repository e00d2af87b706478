import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
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
  const { imported } = def.node;
  const name = imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
  return findExport(file, def.parent.source.value, name, 0);
}

function findExport(fromFile: string, specifier: string, name: string, hops: number): ImportedDeclaration | undefined {
  const target = resolveProjectModule(fromFile, specifier);
  const module = target === undefined ? undefined : loadProjectModule(target);
  if (!target || !module) return undefined;
  for (const statement of module.ast.body) {
    const exported = findExportedNode(statement, name);
    if (exported === undefined) continue;
    if (exported === null) return undefined;
    if ('source' in exported) return hops < MAX_REEXPORTS ? findExport(target, exported.source, exported.local, hops + 1) : undefined;
    return { sourceCode: module, node: exported.node };
  }
  return undefined;
}
