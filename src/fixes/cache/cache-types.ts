import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { LongLivedCollection } from '../../analysis';
import { forEachDescendant, getKeyName } from '../../analysis/ast';
import { getClass } from '../../analysis/collection-values';
import type { Outcome } from '../outcome';
import { cannotFix, ok } from '../outcome';

/*
 * Types of a cache about to become an LRUCache: lru-cache declares
 * `LRUCache<K extends {}, V extends {}>`, so every key and value type must exclude
 * `null` and `undefined`, and every `Map<K, V>` written for the binding is renamed.
 */

const MAX_ALIAS_DEPTH = 5;

/**
 * The binding's `Map<K, V>` / `Set<T>` annotations and assertions (which the rewrite renames),
 * after checking that every type argument the LRUCache gets excludes `null` and `undefined`.
 */
export function checkCacheTypes(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection, creation: TSESTree.NewExpression): Outcome<TSESTree.TSTypeReference[]> {
  const { name, kind } = collection;
  const typeReferences: TSESTree.TSTypeReference[] = [];
  for (const type of findDeclaredTypes(collection, creation)) {
    if (!isCollectionType(type, kind)) return cannotFix(`\`${name}\` is declared as \`${sourceCode.getText(type)}\`, which an LRUCache does not implement`);
    typeReferences.push(type);
  }
  const argumentLists = [creation.typeArguments, ...typeReferences.map((reference) => reference.typeArguments)].filter((list) => list != null);
  if (argumentLists.length === 0) {
    return cannotFix(`\`new ${kind}()\` has no type arguments: write \`new ${kind}<…>()\` first, since lru-cache needs key and value types that exclude null and undefined`);
  }
  for (const list of argumentLists) {
    if (list.params.length !== (kind === 'Map' ? 2 : 1)) return cannotFix(`\`${name}\` has type arguments the rewrite cannot map onto \`LRUCache<K, V>\``);
    const nullable = list.params.findIndex((param) => !isNeverNullish(sourceCode, param, 0));
    if (nullable !== -1) return cannotFix(describeNullable(collection, nullable, sourceCode.getText(list.params[nullable])));
  }
  return ok(typeReferences);
}

function describeNullable({ name, kind }: LongLivedCollection, index: number, type: string): string {
  const role = kind === 'Set' ? 'members' : index === 0 ? 'keys' : 'values';
  const parameter = kind === 'Map' && index === 1 ? 'V' : 'K';
  return `\`${name}\` has ${role} of type \`${type}\`, which may be null or undefined, but LRUCache needs \`${parameter} extends {}\``;
}

/**
 * Types written for the collection:
 * - `const cache: Map<K, V> = …`, `private cache: Map<K, V> = …`
 * - `private cache: Map<K, V>;` for `this.cache = new Map()` in the constructor
 * - `new Map() as Map<K, V>`, `<Map<K, V>>new Map()`, `new Map() satisfies Map<K, V>`
 */
function findDeclaredTypes(collection: LongLivedCollection, creation: TSESTree.NewExpression): TSESTree.TypeNode[] {
  const types: TSESTree.TypeNode[] = [];
  for (let node: TSESTree.Node = creation; node.parent && node.parent !== collection.declaration; node = node.parent) {
    const wrapper = node.parent;
    if (wrapper.type === AST_NODE_TYPES.TSAsExpression || wrapper.type === AST_NODE_TYPES.TSTypeAssertion || wrapper.type === AST_NODE_TYPES.TSSatisfiesExpression) {
      types.push(wrapper.typeAnnotation);
    }
  }
  const annotation = getAnnotation(collection);
  return annotation ? [annotation, ...types] : types;
}

function getAnnotation({ declaration, name }: LongLivedCollection): TSESTree.TypeNode | undefined {
  if (declaration.type === AST_NODE_TYPES.VariableDeclarator) return declaration.id.typeAnnotation?.typeAnnotation;
  if (declaration.type === AST_NODE_TYPES.PropertyDefinition) return declaration.typeAnnotation?.typeAnnotation;
  const field = getClass(declaration)?.body.body.find((member) => member.type === AST_NODE_TYPES.PropertyDefinition && getFieldName(member) === name);
  return field?.type === AST_NODE_TYPES.PropertyDefinition ? field.typeAnnotation?.typeAnnotation : undefined;
}

function getFieldName(field: TSESTree.PropertyDefinition): string | undefined {
  return field.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${field.key.name}` : getKeyName(field);
}

/** `Map<K, V>`, `globalThis.Map<K, V>` (or `Set<T>`), with its type arguments. */
function isCollectionType(type: TSESTree.TypeNode, kind: 'Map' | 'Set'): type is TSESTree.TSTypeReference {
  if (type.type !== AST_NODE_TYPES.TSTypeReference || !type.typeArguments) return false;
  const { typeName } = type;
  if (typeName.type === AST_NODE_TYPES.Identifier) return typeName.name === kind;
  return typeName.type === AST_NODE_TYPES.TSQualifiedName && typeName.right.name === kind && typeName.left.type === AST_NODE_TYPES.Identifier && typeName.left.name === 'globalThis';
}

/**
 * Whether a type surely excludes `null` and `undefined`, read from the syntax:
 * - `string`, `number`, literals, object, array, tuple and function types: yes
 * - `any`, `unknown`, `null`, `undefined`, `void`, and unions with any of them: no
 * - a type parameter: only through its constraint (`T extends {}`)
 * - a type alias of this file: what it stands for
 * - other named types (interfaces, classes, imports): yes; `redis-leaks fix`'s type check catches an imported alias of `X | undefined`
 * - anything else (`T[K]`, conditional types, `typeof x`): no
 */
function isNeverNullish(sourceCode: Readonly<SourceCode>, type: TSESTree.TypeNode, depth: number): boolean {
  switch (type.type) {
    case AST_NODE_TYPES.TSStringKeyword:
    case AST_NODE_TYPES.TSNumberKeyword:
    case AST_NODE_TYPES.TSBooleanKeyword:
    case AST_NODE_TYPES.TSBigIntKeyword:
    case AST_NODE_TYPES.TSSymbolKeyword:
    case AST_NODE_TYPES.TSObjectKeyword:
    case AST_NODE_TYPES.TSNeverKeyword:
    case AST_NODE_TYPES.TSLiteralType:
    case AST_NODE_TYPES.TSTemplateLiteralType:
    case AST_NODE_TYPES.TSArrayType:
    case AST_NODE_TYPES.TSTupleType:
    case AST_NODE_TYPES.TSTypeLiteral:
    case AST_NODE_TYPES.TSFunctionType:
    case AST_NODE_TYPES.TSConstructorType:
    case AST_NODE_TYPES.TSMappedType:
      return true;
    case AST_NODE_TYPES.TSUnionType:
      return type.types.every((member) => isNeverNullish(sourceCode, member, depth));
    case AST_NODE_TYPES.TSIntersectionType:
      return type.types.some((member) => isNeverNullish(sourceCode, member, depth));
    case AST_NODE_TYPES.TSTypeOperator:
      return type.operator === 'keyof' || (type.typeAnnotation != null && isNeverNullish(sourceCode, type.typeAnnotation, depth));
    case AST_NODE_TYPES.TSTypeReference:
      return isNamedTypeNeverNullish(sourceCode, type, depth);
    default:
      return false;
  }
}

function isNamedTypeNeverNullish(sourceCode: Readonly<SourceCode>, reference: TSESTree.TSTypeReference, depth: number): boolean {
  if (reference.typeName.type !== AST_NODE_TYPES.Identifier) return true;
  const { name } = reference.typeName;
  const parameter = findTypeParameter(reference, name);
  if (parameter) return parameter.constraint != null && depth < MAX_ALIAS_DEPTH && isNeverNullish(sourceCode, parameter.constraint, depth + 1);
  const alias = findTypeAlias(sourceCode, name);
  if (alias) return depth < MAX_ALIAS_DEPTH && isNeverNullish(sourceCode, alias.typeAnnotation, depth + 1);
  return true;
}

/** The type parameter `name` of an enclosing function, class, method or alias. */
function findTypeParameter(node: TSESTree.Node, name: string): TSESTree.TSTypeParameter | undefined {
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    const declaration = (current as { typeParameters?: TSESTree.TSTypeParameterDeclaration }).typeParameters;
    const parameter = declaration?.params.find((candidate) => candidate.name.name === name);
    if (parameter) return parameter;
  }
  return undefined;
}

/** `type name = …` anywhere in the file (aliases are rarely shadowed). */
function findTypeAlias(sourceCode: Readonly<SourceCode>, name: string): TSESTree.TSTypeAliasDeclaration | undefined {
  let alias: TSESTree.TSTypeAliasDeclaration | undefined;
  forEachDescendant(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (alias) return false;
    if (node.type === AST_NODE_TYPES.TSTypeAliasDeclaration && node.id.name === name) alias = node;
    return undefined;
  });
  return alias;
}
