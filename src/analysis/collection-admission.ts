/**
 * A cache of what a constant table of the code defines: the write runs only after the key was
 * found in a table the module never changes, and the function leaves when it was not.
 *
 *     const BUNDLE_FILES = { docx: 'docx.cjs', 'pdf-lib': 'pdf-lib.cjs' };
 *     function getBundle(name) {
 *       const file = BUNDLE_FILES[name];
 *       if (!file) throw new Error(`Unknown bundle: ${name}`);
 *       cache.set(name, read(file));
 *     }
 *
 * Such a cache holds at most one entry per key written in the table. The table is a module
 * constant made of literals (an object, an array, `new Map([…])`, `Object.freeze(…)`), here or in
 * the project module an import names (an import whose module cannot be read counts when it is
 * named as a constant: `TOOL_SCHEMAS`), and no module that declares or imports it writes to it. Lookups:
 * `TABLE[key]` (and members of it: `TABLE[key]?.[kind]`), `TABLE.get(key)`, `TABLE.has(key)`,
 * `key in TABLE`, `Object.hasOwn(TABLE, key)`, directly in the `if` or through a `const` that
 * holds one.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getImportedName, getPropertyName, getValueParent, unwrapExpression } from './ast';
import { getPresenceTest, isExitingBranch } from './collection-checks';
import { findImportedDeclaration } from './imported-types';

/** `TOOL_RUNTIME_SCHEMAS`, `SANDBOX_FILES`: the way code names a constant it defines once. */
const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{2,}[0-9]*$/;
/** Methods that change an object, array, `Map` or `Set` in place. */
const MUTATING_METHODS: ReadonlySet<string> = new Set(['set', 'add', 'delete', 'clear', 'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);
const LOOKUP_METHODS: ReadonlySet<string> = new Set(['get', 'has']);

/**
 * Whether every variable `names` (the parameters the key of `write` comes from) is looked up in a
 * constant table before `write`, by an `if` whose branch for a missing key leaves.
 */
export function isAdmittedByConstantTable(sourceCode: Readonly<SourceCode>, write: TSESTree.CallExpression, names: readonly string[]): boolean {
  if (names.length === 0) return false;
  const guards = findGuardsBefore(write);
  return names.every((name) => guards.some((guard) => admits(sourceCode, guard, name)));
}

/** The `if` statements that run before `write` whenever it runs: earlier statements of each block around it. */
function findGuardsBefore(write: TSESTree.Node): TSESTree.IfStatement[] {
  const guards: TSESTree.IfStatement[] = [];
  for (let node: TSESTree.Node = write; node.parent; node = node.parent) {
    const block = node.parent;
    if (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program) continue;
    for (const statement of block.body) {
      if (statement === node) break;
      if (statement.type === AST_NODE_TYPES.IfStatement) guards.push(statement);
    }
  }
  return guards;
}

/** Whether the `if` leaves the function (or the loop's turn) when `name` is missing from a constant table. */
function admits(sourceCode: Readonly<SourceCode>, guard: TSESTree.IfStatement, name: string): boolean {
  return findConditionLeaves(guard.test).some((leaf) => {
    const lookup = leaf.type === AST_NODE_TYPES.Identifier ? getConstantInit(sourceCode, leaf) : leaf;
    if (!lookup || !isTableLookup(sourceCode, lookup, name)) return false;
    const test = getPresenceTest(leaf, guard.test);
    const whenMissing = test?.whenTrue === 'absent' ? guard.consequent : test?.whenFalse === 'absent' ? guard.alternate : undefined;
    return whenMissing !== undefined && isExitingBranch(whenMissing);
  });
}

/** The operands of a condition under `!`, `&&`, `||`, `=== undefined` and the like: what `getPresenceTest` can read. */
function findConditionLeaves(test: TSESTree.Node): TSESTree.Node[] {
  switch (test.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return test.operator === '!' ? findConditionLeaves(test.argument) : [];
    case AST_NODE_TYPES.LogicalExpression:
      return [...findConditionLeaves(test.left), ...findConditionLeaves(test.right)];
    case AST_NODE_TYPES.BinaryExpression:
      if (test.operator === 'in') return [test];
      return ['===', '==', '!==', '!='].includes(test.operator) ? [...findConditionLeaves(test.left), ...findConditionLeaves(test.right)] : [];
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSAsExpression:
      return findConditionLeaves(test.expression);
    default:
      return [test];
  }
}

/** What a `const` read in a condition was given (`const file = TABLE[name]`), when it is a `const` with a value. */
function getConstantInit(sourceCode: Readonly<SourceCode>, identifier: TSESTree.Identifier): TSESTree.Node | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.parent?.kind !== 'const' || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  return def.node.init ?? undefined;
}

/** `TABLE[name]` (and members read from it), `TABLE.get(name)`, `TABLE.has(name)`, `name in TABLE`, `Object.hasOwn(TABLE, name)`, with `TABLE` a constant table. */
function isTableLookup(sourceCode: Readonly<SourceCode>, node: TSESTree.Node, name: string): boolean {
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.BinaryExpression) return value.operator === 'in' && isNamed(value.left, name) && isConstantTable(sourceCode, value.right);
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const { callee } = value;
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = getPropertyName(callee);
    if (method !== undefined && LOOKUP_METHODS.has(method)) return isNamed(value.arguments[0], name) && isConstantTable(sourceCode, callee.object);
    const [table, key] = value.arguments;
    return method === 'hasOwn' && isNamed(callee.object, 'Object') && isNamed(key, name) && table !== undefined && isConstantTable(sourceCode, table);
  }
  if (value.type !== AST_NODE_TYPES.MemberExpression) return false;
  // `TABLE[name]?.[kind]`: a member of the entry is there only when the entry is.
  if (value.computed && isNamed(value.property, name) && isConstantTable(sourceCode, value.object)) return true;
  return isTableLookup(sourceCode, value.object, name);
}

function isNamed(node: TSESTree.Node | undefined, name: string): boolean {
  const value = node && unwrapExpression(node);
  return value?.type === AST_NODE_TYPES.Identifier && value.name === name;
}

/**
 * A module constant of literals that its module never changes: declared in this file, or in the
 * project module an import names. An import whose declaration cannot be read (a package, a
 * module too large to parse) counts when it is named as a constant.
 */
function isConstantTable(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(value), value);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !def || isChanged(variable)) return false;
  if (def.type === 'Variable') return isConstantDeclaration(variable, def);
  if (def.type !== 'ImportBinding') return false;
  const imported = findImportedDeclaration(sourceCode, def);
  if (!imported) return CONSTANT_NAME.test(def.node.type === AST_NODE_TYPES.ImportSpecifier ? getImportedName(def.node) : variable.name);
  if (imported.node.type !== AST_NODE_TYPES.VariableDeclarator) return false;
  const declared = imported.sourceCode.getDeclaredVariables(imported.node)[0];
  const declaration = declared?.defs[0];
  return declared !== undefined && declaration !== undefined && isConstantDeclaration(declared, declaration) && !isChanged(declared);
}

/** `const TABLE = <literals>` at the top of its module. */
function isConstantDeclaration(variable: Scope.Variable, def: Scope.Definition): boolean {
  return def.type === 'Variable' && def.parent?.kind === 'const' && variable.scope.block.type === AST_NODE_TYPES.Program && isLiteralTable(def.node.init);
}

/** `{ … }`, `[ … ]`, `new Map([ … ])`, `new Set([ … ])`, `Object.freeze(…)` of one of them, `… as const`. */
function isLiteralTable(init: TSESTree.Expression | null): boolean {
  if (!init) return false;
  const value = unwrapExpression(init);
  switch (value.type) {
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrayExpression:
      return true;
    case AST_NODE_TYPES.NewExpression:
      return isNamed(value.callee, 'Map') || isNamed(value.callee, 'Set') ? value.arguments[0]?.type === AST_NODE_TYPES.ArrayExpression : false;
    case AST_NODE_TYPES.CallExpression:
      return value.callee.type === AST_NODE_TYPES.MemberExpression && isNamed(value.callee.object, 'Object') && getPropertyName(value.callee) === 'freeze' && isLiteralTable((value.arguments[0] as TSESTree.Expression | undefined) ?? null);
    default:
      return false;
  }
}

/** Whether the module assigns to the table, to a member of it (`TABLE[k] = v`, `delete TABLE[k]`), or calls a method that changes it (`TABLE.set(…)`). */
function isChanged(variable: Scope.Variable): boolean {
  return variable.references.some((reference) => {
    if (reference.init) return false;
    if (reference.isWrite()) return true;
    // `(TABLE as Record<string, string>)[k] = v` changes it too.
    const { outer: table, parent: member } = getValueParent(reference.identifier);
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== table) return false;
    const outer = member.parent;
    if (outer?.type === AST_NODE_TYPES.AssignmentExpression && outer.left === member) return true;
    if (outer?.type === AST_NODE_TYPES.UnaryExpression && outer.operator === 'delete') return true;
    if (outer?.type === AST_NODE_TYPES.UpdateExpression) return true;
    const method = getPropertyName(member);
    return outer?.type === AST_NODE_TYPES.CallExpression && outer.callee === member && method !== undefined && MUTATING_METHODS.has(method);
  });
}
