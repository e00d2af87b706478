/**
 * Conditions that ask whether a collection holds a key: `cache.has(key)`, `!cache.get(key)`,
 * `value === undefined` after `const value = cache.get(key)`. Read to tell a registry (it
 * throws on a duplicate), a cache (it fills a missing key) and a table that expects its
 * entries to stay (it throws on a missing one).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

export type Presence = 'absent' | 'present';

/** What a condition's outcome says about the key: `cache.has(k)` true means present, false absent. */
export interface PresenceTest {
  readonly whenTrue: Presence | undefined;
  readonly whenFalse: Presence | undefined;
}

/**
 * What `test` says about the key when `probe` (a `has(k)`/`get(k)` call, or a variable that
 * holds `get(k)`) is one of its operands, through `!`, `&&`, `||`, `=== undefined`, `!= null`:
 * - `cache.has(k)`, `value`, `value !== undefined` → true: present, false: absent
 * - `!cache.has(k)`, `value === undefined`, `value == null` → true: absent, false: present
 * - `a && cache.has(k)` → true: present; `!value || stale(value)` → false: present
 * `undefined` when the probe is not an operand of the condition.
 */
export function getPresenceTest(probe: TSESTree.Node, test: TSESTree.Node): PresenceTest | undefined {
  let whenTrue: Presence | undefined = 'present';
  let whenFalse: Presence | undefined = 'absent';
  for (let node = probe; node !== test; node = node.parent!) {
    const parent = node.parent;
    if (!parent) return undefined;
    switch (parent.type) {
      case AST_NODE_TYPES.UnaryExpression:
        if (parent.operator !== '!') return undefined;
        [whenTrue, whenFalse] = [whenFalse, whenTrue];
        break;
      case AST_NODE_TYPES.BinaryExpression: {
        const other = parent.left === node ? parent.right : parent.left;
        if (!isNullish(other)) return undefined;
        if (parent.operator === '===' || parent.operator === '==') [whenTrue, whenFalse] = [whenFalse, whenTrue];
        else if (parent.operator !== '!==' && parent.operator !== '!=') return undefined;
        break;
      }
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.operator === '&&') whenFalse = undefined;
        else if (parent.operator === '||') whenTrue = undefined;
        else return undefined;
        break;
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.ChainExpression:
        break;
      default:
        return undefined;
    }
  }
  return { whenTrue, whenFalse };
}

/** `undefined`, `null`, `void 0`. */
function isNullish(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === 'undefined';
  if (node.type === AST_NODE_TYPES.Literal) return node.value === null && !('regex' in node);
  return node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void';
}

/** The `if` whose condition holds `probe`, and the branch taken when the key is present and when absent. */
export function getGuardingIf(probe: TSESTree.Node): { readonly statement: TSESTree.IfStatement; readonly whenPresent: TSESTree.Statement | null; readonly whenAbsent: TSESTree.Statement | null } | undefined {
  let node: TSESTree.Node = probe;
  while (node.parent && node.parent.type !== AST_NODE_TYPES.IfStatement && isConditionPart(node.parent)) node = node.parent;
  const statement = node.parent;
  if (statement?.type !== AST_NODE_TYPES.IfStatement || statement.test !== node) return undefined;
  const test = getPresenceTest(probe, statement.test);
  if (!test) return undefined;
  const branch = (outcome: Presence) => (test.whenTrue === outcome ? statement.consequent : test.whenFalse === outcome ? statement.alternate : null);
  return { statement, whenPresent: branch('present'), whenAbsent: branch('absent') };
}

function isConditionPart(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.UnaryExpression ||
    node.type === AST_NODE_TYPES.BinaryExpression ||
    node.type === AST_NODE_TYPES.LogicalExpression ||
    node.type === AST_NODE_TYPES.TSAsExpression ||
    node.type === AST_NODE_TYPES.TSNonNullExpression ||
    node.type === AST_NODE_TYPES.ChainExpression
  );
}

/** `throw …;` or `{ …; throw …; }`: a branch that throws, whatever else it does first. */
export function isThrowingBranch(branch: TSESTree.Statement | null): boolean {
  if (!branch) return false;
  if (branch.type === AST_NODE_TYPES.ThrowStatement) return true;
  return branch.type === AST_NODE_TYPES.BlockStatement && branch.body.some((statement) => statement.type === AST_NODE_TYPES.ThrowStatement);
}

/** `return …`, `continue`, `break`, `throw …`, or a block that ends with one: nothing after it in the block runs. */
export function isExitingBranch(branch: TSESTree.Statement | null): boolean {
  if (!branch) return false;
  switch (branch.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement:
      return isExitingBranch(branch.body.at(-1) ?? null);
    default:
      return false;
  }
}
