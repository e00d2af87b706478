import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { forEachDescendant, getEnclosingFunction, getPropertyName, getThisClassBody, getValueParent, isFunction, isGlobalReference, isWithin } from './ast';
import { getCallingFunction, getMemberAccesses, getMemberName, isConstructor, runsDuringLoad } from './collection-sites';

export { mayGrowCollection } from './collection-text';
export type { GrowthEvidence } from './collection-evidence';
export { findRuntimeGrowth } from './collection-evidence';
export type { SkippedFileKind } from './collection-files';
export { getSkippedFileKind, isScriptFolder } from './collection-files';
export { getReadThroughProblem } from './cache-read-through';

/** A `Map` or `Set` that outlives the call that touches it: a cache candidate. */
export interface LongLivedCollection {
  /** Where it is declared, and reported: a variable declarator, a class field, or `this.x = new Map()` in a constructor. */
  readonly declaration: TSESTree.AssignmentExpression | TSESTree.PropertyDefinition | TSESTree.VariableDeclarator;
  readonly name: string;
  readonly kind: 'Map' | 'Set';
  readonly lifetime: 'class' | 'closure' | 'module';
  /** The uses of the collection: identifiers for variables, `this.x` and `ClassName.x` member expressions for fields. */
  readonly uses: readonly TSESTree.Node[];
  /**
   * Accesses to a field through anything but `this` (`store.cache`, `other.#cache`,
   * `const { cache } = this`): they may reach the same collection, so a trim or a
   * hand-off there counts, but their growth does not (it may be another object's).
   */
  readonly foreignUses: readonly TSESTree.Node[];
  /** Code that runs once to build it (module top level, constructor, the function that creates a closure); growth there fills a lookup table. */
  readonly isInitialisation: (node: TSESTree.Node) => boolean;
  /** Whether it is reassigned after its declaration (a reset is a trim). */
  readonly reassigned: boolean;
  /** Whether another module can reach it (exported): it may be trimmed there. */
  readonly exported: boolean;
}

export type CollectionUse = 'escape' | 'grow' | 'read' | 'shrink';

const GROW_METHODS = new Set(['add', 'set']);
const SHRINK_METHODS = new Set(['clear', 'delete']);
/** Calls that only read a collection they are given. */
const READ_ONLY_CALLEES = new Set(['Array.from', 'JSON.stringify', 'Object.fromEntries', 'console.log', 'console.info', 'console.debug']);

/**
 * Finds the long-lived collection that `new Map()`/`new Set()` creates, if any:
 * - `const cache = new Map()` at module scope
 * - `cache = new Map()` / `static cache = new Set()` class fields, `this.cache = new Map()` in a constructor
 * - `const seen = new Set()` in a function that returns a closure using it
 */
export function findLongLivedCollection(sourceCode: Readonly<SourceCode>, creation: TSESTree.NewExpression): LongLivedCollection | undefined {
  const kind = (['Map', 'Set'] as const).find((name) => isGlobalReference(sourceCode, creation.callee, name));
  if (!kind) return undefined;
  const { outer, parent } = getValueParent(creation);
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === outer && parent.id.type === AST_NODE_TYPES.Identifier) {
    return findVariableCollection(sourceCode, parent, kind);
  }
  if (parent?.type === AST_NODE_TYPES.PropertyDefinition && parent.value === outer) {
    const name = getMemberName(parent);
    return name === undefined ? undefined : findFieldCollection(sourceCode, parent, parent.parent, name, kind);
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === outer && parent.left.type === AST_NODE_TYPES.MemberExpression) {
    const constructor = getEnclosingFunction(parent);
    const name = getMemberName(parent.left);
    const classBody = constructor && isConstructor(constructor) && parent.left.object.type === AST_NODE_TYPES.ThisExpression ? getThisClassBody(parent.left) : undefined;
    return name === undefined || !classBody ? undefined : findFieldCollection(sourceCode, parent, classBody, name, kind);
  }
  return undefined;
}

/**
 * The method that grows the collection (`set`, `add`) when it grows after its
 * initialisation and nothing in the file trims it (`delete`, `clear`, a reset) or
 * takes it away (exported, passed to a function, aliased), which might trim it.
 */
export function findUntrimmedGrowth(collection: LongLivedCollection): string | undefined {
  if (collection.reassigned || collection.exported) return undefined;
  if (collection.foreignUses.some((use) => isTrimOrEscape(classifyCollectionUse(use)))) return undefined;
  let growth: string | undefined;
  for (const use of collection.uses) {
    const kind = classifyCollectionUse(use);
    if (isTrimOrEscape(kind)) return undefined;
    if (kind === 'grow' && !growth && !collection.isInitialisation(use)) growth = getCalledMethod(use);
  }
  return growth;
}

function findVariableCollection(
  sourceCode: Readonly<SourceCode>,
  declarator: TSESTree.VariableDeclarator,
  kind: 'Map' | 'Set',
): LongLivedCollection | undefined {
  const variable = sourceCode.getDeclaredVariables(declarator)[0];
  if (!variable) return undefined;
  const uses = variable.references.filter((reference) => reference.isRead() && !isTypeQuery(reference)).map((reference) => reference.identifier);
  const reassigned = variable.references.some((reference) => reference.isWrite() && reference.writeExpr !== declarator.init);
  const exported = declarator.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
  const base = { declaration: declarator, name: variable.name, kind, uses, foreignUses: [], reassigned, exported };
  const owner = getEnclosingFunction(declarator);
  if (!owner) {
    if (declarator.parent.parent?.type !== AST_NODE_TYPES.Program && !exported) return undefined;
    return { ...base, lifetime: 'module', isInitialisation: (node) => runsDuringLoad(sourceCode, node) };
  }
  // A local collection lives on only through a closure that the function returns;
  // used only in the function's own body, it dies with the call (checked first: it is cheap).
  if (uses.every((use) => getEnclosingFunction(use) === owner)) return undefined;
  const escaping = findReturnedFunctions(sourceCode, owner);
  if (!uses.some((use) => escaping.some((fn) => isWithin(use, fn)))) return undefined;
  return { ...base, lifetime: 'closure', isInitialisation: (node) => !escaping.some((fn) => isWithin(node, fn)) };
}

/** `typeof cache` in a type annotation reads the type, not the collection. */
function isTypeQuery(reference: Scope.Reference): boolean {
  const parent = reference.identifier.parent;
  return parent?.type === AST_NODE_TYPES.TSTypeQuery || parent?.type === AST_NODE_TYPES.TSQualifiedName;
}

function findFieldCollection(
  sourceCode: Readonly<SourceCode>,
  declaration: TSESTree.AssignmentExpression | TSESTree.PropertyDefinition,
  classBody: TSESTree.ClassBody,
  name: string,
  kind: 'Map' | 'Set',
): LongLivedCollection {
  // `ClassName.x` names a static field; an instance field is only reached through instances.
  const className = declaration.type === AST_NODE_TYPES.PropertyDefinition && declaration.static ? classBody.parent.id?.name : undefined;
  const uses: TSESTree.MemberExpression[] = [];
  const foreignUses: TSESTree.Node[] = [];
  let reassigned = false;
  // The whole file, not just the class: a public field can be trimmed through any instance (`store.cache.clear()`).
  const accesses = getMemberAccesses(sourceCode).get(name);
  foreignUses.push(...(accesses?.destructured ?? []));
  for (const node of accesses?.members ?? []) {
    const thisClass = node.object.type === AST_NODE_TYPES.ThisExpression ? getThisClassBody(node) : undefined;
    const isOwn = thisClass === classBody || (node.object.type === AST_NODE_TYPES.Identifier && node.object.name === className);
    if (!isOwn) {
      // `this.x` in an unrelated class is that class's field; in a subclass it may be ours.
      if (!thisClass || thisClass.parent.superClass) foreignUses.push(node);
      continue;
    }
    const { outer, parent } = getValueParent(node);
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === outer) {
      if (parent !== declaration) reassigned = true;
    } else {
      uses.push(node);
    }
  }
  const isInitialisation = (node: TSESTree.Node) => {
    const fn = getCallingFunction(node);
    // No function: a field initialiser or a static block.
    return !fn || isConstructor(fn);
  };
  return { declaration, name, kind, lifetime: 'class', uses, foreignUses, isInitialisation, reassigned, exported: false };
}

/** How a use treats the collection: grows it, trims it, reads it, or hands it to code that may do either. */
export function classifyCollectionUse(use: TSESTree.Node): CollectionUse {
  const { outer, parent } = getValueParent(use);
  if (!parent) return 'escape';
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== outer) return 'escape';
      const call = parent.parent;
      const method = getPropertyName(parent);
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent || method === undefined) return 'read';
      if (GROW_METHODS.has(method)) return 'grow';
      return SHRINK_METHODS.has(method) ? 'shrink' : 'read';
    }
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return isReadOnlyCall(parent) ? 'read' : 'escape';
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ExpressionStatement:
      return 'read';
    default:
      // Aliases, returns, object and array members, destructuring patterns: someone else holds it now.
      return 'escape';
  }
}

function isTrimOrEscape(use: CollectionUse): boolean {
  return use === 'shrink' || use === 'escape';
}

/** `cache` in `cache.set(k, v)` → `set`. */
function getCalledMethod(use: TSESTree.Node): string | undefined {
  const { parent } = getValueParent(use);
  return parent?.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(parent) : undefined;
}

function isReadOnlyCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (call.type === AST_NODE_TYPES.NewExpression) {
    return call.callee.type === AST_NODE_TYPES.Identifier && (call.callee.name === 'Map' || call.callee.name === 'Set');
  }
  const { callee } = call;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return false;
  return READ_ONLY_CALLEES.has(`${callee.object.name}.${getPropertyName(callee) ?? ''}`);
}

/** Functions that `owner` returns (alone, in an object or array, or by name): they outlive its call. */
function findReturnedFunctions(sourceCode: Readonly<SourceCode>, owner: FunctionNode): FunctionNode[] {
  const returned: TSESTree.Node[] = [];
  if (owner.body.type !== AST_NODE_TYPES.BlockStatement) returned.push(owner.body);
  forEachDescendant(owner.body, sourceCode.visitorKeys, (node) => {
    if (isFunction(node)) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) returned.push(node.argument);
    return undefined;
  });
  const functions: FunctionNode[] = [];
  const names = new Set<string>();
  const collect = (node: TSESTree.Node): void => {
    if (isFunction(node)) functions.push(node);
    else if (node.type === AST_NODE_TYPES.Identifier) names.add(node.name);
    else if (node.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of node.properties) if (property.type === AST_NODE_TYPES.Property) collect(property.value);
    } else if (node.type === AST_NODE_TYPES.ArrayExpression) {
      for (const element of node.elements) if (element) collect(element);
    }
  };
  returned.forEach(collect);
  if (names.size > 0 && owner.body.type === AST_NODE_TYPES.BlockStatement) {
    for (const statement of owner.body.body) functions.push(...getNamedFunctions(statement, names));
  }
  return functions;
}

/** `function put() {}` or `const put = () => {}` when its name is one of `names`. */
function getNamedFunctions(statement: TSESTree.Statement, names: ReadonlySet<string>): FunctionNode[] {
  if (statement.type === AST_NODE_TYPES.FunctionDeclaration) return statement.id && names.has(statement.id.name) ? [statement] : [];
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration) return [];
  return statement.declarations.flatMap((declarator) => {
    const { id, init } = declarator;
    return id.type === AST_NODE_TYPES.Identifier && names.has(id.name) && init && isFunction(init) ? [init] : [];
  });
}
