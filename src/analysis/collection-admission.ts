/**
 * A cache of what a constant table of the code defines: the write runs only after the key was
 * found in a constant table (constant-tables.ts), and the function leaves when it was not.
 *
 *     const BUNDLE_FILES = { docx: 'docx.cjs', 'pdf-lib': 'pdf-lib.cjs' };
 *     function getBundle(name) {
 *       const file = BUNDLE_FILES[name];
 *       if (!file) throw new Error(`Unknown bundle: ${name}`);
 *       cache.set(name, read(file));
 *     }
 *
 * Such a cache holds at most one entry per key written in the table. The guard is an `if` before
 * the write, in a block around it (not beyond a function declaration, which may run first), whose
 * branch that goes on to the write holds only when the key was found: the other branch leaves
 * (`return`, `throw`, `continue`, `break`). Lookups: `TABLE[key]` (and members of it:
 * `TABLE[key]?.[kind]`), `key in TABLE`, `Object.hasOwn(TABLE, key)`, and `get(key)`/`has(key)`
 * of a `Map`/`Set`, in the `if` or through a `const` (or a `let` never assigned again) that holds one. The key's variable is the
 * one looked up, and nothing assigns it again.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getPropertyName, isGlobalReference, unwrapExpression } from './ast';
import { getPresenceTest, isExitingBranch } from './collection-checks';
import type { ConstantTableKind } from './constant-tables';
import { getConstantTableKind } from './constant-tables';
import { getConstInit } from './key-expiry';

const EQUALITY = new Set(['===', '==', '!==', '!=']);

/**
 * Whether every variable of `names` (the parameters the key of `write` comes from), as seen at
 * the write, is looked up in a constant table by a guard before it.
 */
export function isAdmittedByConstantTable(sourceCode: Readonly<SourceCode>, write: TSESTree.CallExpression, names: readonly string[]): boolean {
  if (names.length === 0) return false;
  const scope = sourceCode.getScope(write);
  const variables = names.map((name) => ASTUtils.findVariable(scope, name));
  // `name = req.id` after the guard: the key is no longer what was looked up.
  if (variables.some((variable) => !variable || variable.references.some((reference) => reference.isWrite() && !reference.init))) return false;
  const guards = findGuardsBefore(write);
  return variables.every((variable) => guards.some((guard) => admits(sourceCode, guard, variable!)));
}

/** The `if` statements that run before `write` whenever it runs: earlier statements of each block around it. */
function findGuardsBefore(write: TSESTree.Node): TSESTree.IfStatement[] {
  const guards: TSESTree.IfStatement[] = [];
  for (let node: TSESTree.Node = write; node.parent; node = node.parent) {
    // A function declaration is hoisted: it may run before the statements above it.
    if (node.type === AST_NODE_TYPES.FunctionDeclaration) break;
    const block = node.parent;
    if (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program) continue;
    for (const statement of block.body) {
      if (statement === node) break;
      if (statement.type === AST_NODE_TYPES.IfStatement) guards.push(statement);
    }
  }
  return guards;
}

/**
 * Whether the branch of `guard` that goes on to the write holds only when `variable` was found in a
 * constant table: `if (!file) throw …` does, `if (!file && strict) throw …` does not.
 */
function admits(sourceCode: Readonly<SourceCode>, guard: TSESTree.IfStatement, variable: Scope.Variable): boolean {
  const consequentLeaves = isExitingBranch(guard.consequent);
  const alternateLeaves = isExitingBranch(guard.alternate);
  if (consequentLeaves === alternateLeaves) return false;
  return findConditionLeaves(guard.test).some((leaf) => {
    const lookup = leaf.type === AST_NODE_TYPES.Identifier ? getConstInit(sourceCode, leaf) : leaf;
    if (!lookup || !isTableLookup(sourceCode, lookup, variable) || !isPresenceComparison(leaf, guard.test, lookup)) return false;
    const test = getPresenceTest(leaf, guard.test);
    return (consequentLeaves ? test?.whenFalse : test?.whenTrue) === 'present';
  });
}

/**
 * Whether the comparisons on the way from `leaf` to the test tell a found key from a missing one:
 * a missing key gives `undefined`, so `=== null` does not; `key in TABLE` and `has(key)` give a
 * boolean, never nullish.
 */
function isPresenceComparison(leaf: TSESTree.Node, test: TSESTree.Node, lookup: TSESTree.Node): boolean {
  const value = unwrapExpression(lookup);
  const boolean = value.type === AST_NODE_TYPES.BinaryExpression || (value.type === AST_NODE_TYPES.CallExpression && value.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(value.callee) !== 'get');
  for (let node = leaf; node !== test && node.parent; node = node.parent) {
    const parent = node.parent;
    if (parent.type !== AST_NODE_TYPES.BinaryExpression || !EQUALITY.has(parent.operator)) continue;
    if (boolean) return false;
    const other = parent.left === node ? parent.right : parent.left;
    if ((parent.operator === '===' || parent.operator === '!==') && other.type === AST_NODE_TYPES.Literal && other.value === null) return false;
  }
  return true;
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
      return EQUALITY.has(test.operator) ? [...findConditionLeaves(test.left), ...findConditionLeaves(test.right)] : [];
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSAsExpression:
      return findConditionLeaves(test.expression);
    default:
      return [test];
  }
}

/** `TABLE[key]` (and members read from it), `key in TABLE`, `Object.hasOwn(TABLE, key)`, `TABLE.get(key)`, `TABLE.has(key)`, with `key` the variable. */
function isTableLookup(sourceCode: Readonly<SourceCode>, node: TSESTree.Node, variable: Scope.Variable): boolean {
  const value = unwrapExpression(node);
  const isKey = (candidate: TSESTree.Node | undefined) => isVariable(sourceCode, candidate, variable);
  const isTable = (candidate: TSESTree.Node, kind: ConstantTableKind) => {
    const found = getConstantTableKind(sourceCode, candidate);
    return found === kind || found === 'unread';
  };
  switch (value.type) {
    case AST_NODE_TYPES.BinaryExpression:
      return value.operator === 'in' && isKey(value.left) && isTable(value.right, 'object');
    case AST_NODE_TYPES.CallExpression: {
      const { callee } = value;
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const method = getPropertyName(callee);
      if (method === 'get' || method === 'has') return isKey(value.arguments[0]) && isTable(callee.object, 'collection');
      const [table, key] = value.arguments;
      return method === 'hasOwn' && isGlobalReference(sourceCode, unwrapExpression(callee.object), 'Object') && isKey(key) && table !== undefined && isTable(table, 'object');
    }
    case AST_NODE_TYPES.MemberExpression:
      // `TABLE[key]?.[kind]`: a member of the entry is there only when the entry is.
      if (value.computed && isKey(value.property) && isTable(value.object, 'object')) return true;
      return isTableLookup(sourceCode, value.object, variable);
    default:
      return false;
  }
}

/** Whether `node` reads `variable` itself, not another of the same name. */
function isVariable(sourceCode: Readonly<SourceCode>, node: TSESTree.Node | undefined, variable: Scope.Variable): boolean {
  const value = node && unwrapExpression(node);
  return value?.type === AST_NODE_TYPES.Identifier && value.name === variable.name && ASTUtils.findVariable(sourceCode.getScope(value), value) === variable;
}
