/**
 * A key whose varying parts are each declared with a finite type: `` `ack:${group}` `` with
 * `group: 'database' | 'search'`, an enum, `keyof T`, `(typeof GROUPS)[number]` or `boolean`
 * (collection-keys.ts reads the type, as `no-unbounded-cache` does for a `Map`'s keys). It names a
 * few keys the code spells out, which cannot pile up, as a constant key cannot.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { unwrapExpression } from './ast';
import { getKeyDomain } from './collection-keys';
import { isFixedKey } from './key-expiry';

/** Whether every part of `key` is a constant or a variable declared with a finite type, and one at least is such a variable. */
export function isFiniteKey(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): boolean {
  const parts = getVaryingParts(sourceCode, key);
  return parts !== undefined && parts.length > 0 && parts.every((part) => hasFiniteType(sourceCode, part));
}

/** The parts of a key written as a template or with `+` that are not constants; `undefined` for any other shape. */
function getVaryingParts(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): TSESTree.Node[] | undefined {
  const node = unwrapExpression(key);
  if (isFixedKey(sourceCode, node)) return [];
  switch (node.type) {
    case AST_NODE_TYPES.TemplateLiteral:
      return collectParts(sourceCode, node.expressions);
    case AST_NODE_TYPES.BinaryExpression:
      return node.operator === '+' ? collectParts(sourceCode, [node.left, node.right]) : undefined;
    case AST_NODE_TYPES.Identifier:
      return [node];
    default:
      return undefined;
  }
}

function collectParts(sourceCode: Readonly<SourceCode>, nodes: readonly TSESTree.Node[]): TSESTree.Node[] | undefined {
  const parts: TSESTree.Node[] = [];
  for (const node of nodes) {
    const inner = getVaryingParts(sourceCode, node);
    if (inner === undefined) return undefined;
    parts.push(...inner);
  }
  return parts;
}

/** A parameter or `const`/`let` declared with a finite type annotation, never given a value of another type by the code (TypeScript sees to that). */
function hasFiniteType(sourceCode: Readonly<SourceCode>, part: TSESTree.Node): boolean {
  if (part.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(part), part);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter' && def?.type !== 'Variable') return false;
  const annotation = def.name.typeAnnotation?.typeAnnotation;
  return annotation !== undefined && getKeyDomain(sourceCode, annotation) === 'finite';
}
