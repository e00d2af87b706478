import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

/** The name an import specifier takes from its module: `a` of `import { a as b }`, `'a b'` of `import { 'a b' as c }`. */
export function getImportedName(specifier: TSESTree.ImportSpecifier): string {
  const { imported } = specifier;
  return imported.type === AST_NODE_TYPES.Identifier ? imported.name : imported.value;
}
