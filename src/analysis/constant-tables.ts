/**
 * Constant tables: a top-level `const` of literals that nothing in its module changes, declared in
 * the linted file or in the project module an import names (read there). What a key found in one
 * can be is written in the code.
 *
 * - `object`: an object or array literal (`{ docx: 'docx.cjs' }`, `['a', 'b']`), looked up with
 *   `TABLE[key]`, `key in TABLE` or `Object.hasOwn(TABLE, key)`;
 * - `collection`: `new Map([…])` or `new Set([…])`, looked up with `get(key)` or `has(key)` (an
 *   object literal's `get` is a method of its own, which may answer anything);
 * - `unread`: an import from outside the project (a package, a path no file answers), named as a
 *   constant (`TOOL_SCHEMAS`): the name is all there is to go on.
 *
 * Either may be frozen (`Object.freeze(…)`) or `as const`. A module that lets the table out of its
 * sight (`const t = TABLE`, `register(TABLE)`, `Object.assign(TABLE, …)`) may change it there, so
 * only reads count: a member read, `key in TABLE`, a spread, `Object.keys(TABLE)`, an iteration, an
 * export. Other modules that import the table are not read.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getImportedName, getPropertyName, getValueParent, isGlobalReference, unwrapExpression } from './ast';
import { findImportedDeclaration } from './imported-types';
import { isConstantName } from './key-expiry';
import { resolveProjectModule } from './module-resolution';
import { getSourceFile } from './source-files';

export type ConstantTableKind = 'object' | 'collection' | 'unread';

/** Methods that change an object, array, `Map` or `Set` in place. */
const MUTATING_METHODS: ReadonlySet<string> = new Set(['set', 'add', 'delete', 'clear', 'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);
/** `Object.keys(TABLE)` and the like: they read their argument. */
const OBJECT_READERS: ReadonlySet<string> = new Set(['hasOwn', 'keys', 'values', 'entries', 'freeze', 'isFrozen']);

/** The kind of constant table `node` names, or `undefined` when it names none. */
export function getConstantTableKind(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): ConstantTableKind | undefined {
  const value = unwrapExpression(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(sourceCode.getScope(value), value);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !def || isChanged(sourceCode, variable)) return undefined;
  if (def.type === 'Variable') return getDeclaredKind(sourceCode, variable, def);
  if (def.type !== 'ImportBinding' || def.parent?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  const imported = findImportedDeclaration(sourceCode, def);
  if (imported) {
    if (imported.node.type !== AST_NODE_TYPES.VariableDeclarator) return undefined;
    const declared = imported.sourceCode.getDeclaredVariables(imported.node)[0];
    const declaration = declared?.defs[0];
    return declared && declaration && !isChanged(imported.sourceCode, declared) ? getDeclaredKind(imported.sourceCode, declared, declaration) : undefined;
  }
  // A module of the project that does not say (a default export, a file too large to read) bounds nothing.
  const file = getSourceFile(sourceCode);
  if (file !== undefined && resolveProjectModule(file, def.parent.source.value) !== undefined) return undefined;
  const name = def.node.type === AST_NODE_TYPES.ImportSpecifier ? getImportedName(def.node) : variable.name;
  return isConstantName(name) ? 'unread' : undefined;
}

/** `const TABLE = <literals>` at the top of its module (a CommonJS module's too): its kind. */
function getDeclaredKind(sourceCode: Readonly<SourceCode>, variable: Scope.Variable, def: Scope.Definition): ConstantTableKind | undefined {
  // `const { sessions: SESSIONS } = { sessions: load() }` is no table of literals.
  if (def.type !== 'Variable' || def.parent?.kind !== 'const' || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (variable.scope.block.type !== AST_NODE_TYPES.Program || !def.node.init) return undefined;
  return getLiteralKind(sourceCode, def.node.init);
}

/** `{ … }` and `[ … ]`: an object; `new Map([ … ])`, `new Set([ … ])`: a collection; also frozen, or `as const`. */
function getLiteralKind(sourceCode: Readonly<SourceCode>, init: TSESTree.Node): ConstantTableKind | undefined {
  const value = unwrapExpression(init);
  switch (value.type) {
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
      return 'object';
    case AST_NODE_TYPES.NewExpression:
      return (isGlobalReference(sourceCode, value.callee, 'Map') || isGlobalReference(sourceCode, value.callee, 'Set')) && value.arguments[0]?.type === AST_NODE_TYPES.ArrayExpression ? 'collection' : undefined;
    case AST_NODE_TYPES.CallExpression: {
      const [argument] = value.arguments;
      const freezes = value.callee.type === AST_NODE_TYPES.MemberExpression && isGlobalReference(sourceCode, value.callee.object, 'Object') && getPropertyName(value.callee) === 'freeze';
      return freezes && argument ? getLiteralKind(sourceCode, argument) : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether some use of the table in its module may change it: anything but a read. */
function isChanged(sourceCode: Readonly<SourceCode>, variable: Scope.Variable): boolean {
  return variable.references.some((reference) => !reference.init && reference.isValueReference && reference.identifier.parent?.type !== AST_NODE_TYPES.TSTypeQuery && !isRead(sourceCode, reference));
}

/** `TABLE[k]`, `TABLE.get(k)`, `k in TABLE`, `{ ...TABLE }`, `Object.keys(TABLE)`, `for (… of TABLE)`, `export { TABLE }`. */
function isRead(sourceCode: Readonly<SourceCode>, reference: Scope.Reference): boolean {
  if (reference.isWrite()) return false;
  const { outer: table, parent } = getValueParent(reference.identifier);
  switch (parent?.type) {
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === table && isMemberRead(parent);
    case AST_NODE_TYPES.BinaryExpression:
      return parent.operator === 'in' && parent.right === table;
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.ForInStatement:
      return parent.right === table;
    case AST_NODE_TYPES.CallExpression: {
      const { callee } = parent;
      const method = callee.type === AST_NODE_TYPES.MemberExpression && isGlobalReference(sourceCode, callee.object, 'Object') ? getPropertyName(callee) : undefined;
      return parent.arguments[0] === table && method !== undefined && OBJECT_READERS.has(method);
    }
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.ExportSpecifier:
      return true;
    default:
      return false;
  }
}

/**
 * A member of the table that is read: not the target of an assignment, `delete`, `++`, a
 * destructuring pattern or a `for … of` head, nor a method that changes it, called or taken
 * (`TABLE.set(k, v)`, `TABLE.set.call(…)`). An entry's own members may change (`TABLE[k].push(x)`):
 * the keys stay.
 */
function isMemberRead(member: TSESTree.MemberExpression): boolean {
  const method = getPropertyName(member);
  if (method !== undefined && MUTATING_METHODS.has(method)) return false;
  const { outer, parent } = getValueParent(member);
  switch (parent?.type) {
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.left !== outer;
    case AST_NODE_TYPES.AssignmentPattern:
      return parent.right === outer;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator !== 'delete';
    case AST_NODE_TYPES.Property:
      return parent.parent.type !== AST_NODE_TYPES.ObjectPattern;
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.ForInStatement:
      return parent.left !== outer;
    case AST_NODE_TYPES.UpdateExpression:
    case AST_NODE_TYPES.ArrayPattern:
    case AST_NODE_TYPES.RestElement:
      return false;
    default:
      return true;
  }
}
