import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { ClientLibraryFacts } from '../redis';
import type { ModuleValueResolver } from './module-values';

/** Generic wrappers whose first type argument carries the client through. */
const TRANSPARENT_GENERICS = new Set(['Awaited', 'NonNullable', 'Readonly', 'Promise']);

/**
 * The client library whose instance type an annotation names, resolved through imports:
 * - `Redis`, `IORedis.Cluster` (class types), `RedisClientType` (type aliases)
 * - `ReturnType<typeof createClient>`, `Awaited<ReturnType<typeof GlideClient.createClient>>`
 * - `Redis | null`, `Redis | undefined`
 * - a local alias of any of these: `type NodeRedis = ReturnType<typeof createClient>`
 */
export function getClientLibraryOfType(
  node: TSESTree.TypeNode | TSESTree.TSTypeAnnotation | undefined,
  resolver: ModuleValueResolver,
  depth = 0,
): ClientLibraryFacts | undefined {
  if (!node || depth > MAX_ALIAS_DEPTH) return undefined;
  switch (node.type) {
    case AST_NODE_TYPES.TSTypeAnnotation:
      return getClientLibraryOfType(node.typeAnnotation, resolver, depth);
    case AST_NODE_TYPES.TSUnionType: {
      const members = node.types.filter((member) => !isNullish(member));
      const libraries = members.map((member) => getClientLibraryOfType(member, resolver, depth));
      const [first] = libraries;
      return first && libraries.every((library) => library === first) ? first : undefined;
    }
    case AST_NODE_TYPES.TSTypeReference:
      return getLibraryOfTypeReference(node, resolver, depth);
    default:
      return undefined;
  }
}

/** Local aliases followed at most this deep (`type A = B; type B = Redis`). */
const MAX_ALIAS_DEPTH = 5;

function getLibraryOfTypeReference(node: TSESTree.TSTypeReference, resolver: ModuleValueResolver, depth: number): ClientLibraryFacts | undefined {
  const [argument] = node.typeArguments?.params ?? [];
  if (node.typeName.type === AST_NODE_TYPES.Identifier && !argument) {
    // type NodeRedis = ReturnType<typeof createClient>; (a local alias of a client type)
    const aliased = resolver.getLocalTypeAlias(node.typeName);
    if (aliased) return getClientLibraryOfType(aliased, resolver, depth + 1);
  }
  if (node.typeName.type === AST_NODE_TYPES.Identifier && argument) {
    const wrapper = node.typeName.name;
    if (TRANSPARENT_GENERICS.has(wrapper)) return getClientLibraryOfType(argument, resolver, depth);
    if (wrapper === 'ReturnType' && argument.type === AST_NODE_TYPES.TSTypeQuery) {
      const factory = argument.exprName.type === AST_NODE_TYPES.TSImportType ? undefined : resolver.resolve(argument.exprName);
      return factory?.fact.kind === 'factory' ? factory.library : undefined;
    }
  }
  if (node.typeName.type === AST_NODE_TYPES.ThisExpression) return undefined;
  const value = resolver.resolve(node.typeName);
  return value && (value.fact.kind === 'class' || value.fact.kind === 'type') ? value.library : undefined;
}

function isNullish(node: TSESTree.TypeNode): boolean {
  return node.type === AST_NODE_TYPES.TSNullKeyword || node.type === AST_NODE_TYPES.TSUndefinedKeyword;
}
