/**
 * Probes of a collection's keys: `has(k)`, `get(k)`, and variables that hold `get(k)`; and
 * whether a write runs only when a probe of the same key found it missing (a cache filling a
 * miss) or there (a write that only replaces an entry, so it never adds a key).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getPropertyName, getValueParent, isWithin } from './ast';
import type { Presence } from './collection-checks';
import { getPresenceTest, isExitingBranch } from './collection-checks';
import type { LongLivedCollection } from './collection-growth';

export interface Probe {
  /** The `has(k)`/`get(k)` call, or a read of a variable assigned `get(k)`. */
  readonly node: TSESTree.Node;
  readonly method: 'get' | 'has';
  /** The key as written, without spaces: probes and writes of the same key compare equal. */
  readonly key: string;
  /** `get(k)` itself (not a variable holding it). */
  readonly call: TSESTree.CallExpression | undefined;
  /** The probe still says what `get(k)` returned: a call, or a variable assigned nothing else. */
  readonly unchanged: boolean;
}

export function findProbes(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection): Probe[] {
  const probes: Probe[] = [];
  for (const use of collection.uses) {
    const { outer, parent } = getValueParent(use);
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== outer) continue;
    const method = getPropertyName(parent);
    const call = parent.parent;
    const [argument] = call.type === AST_NODE_TYPES.CallExpression ? call.arguments : [];
    if ((method !== 'get' && method !== 'has') || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent || !argument) continue;
    const key = keyText(sourceCode, argument);
    probes.push({ node: call, method, key, call, unchanged: true });
    if (method === 'get') {
      // `const cached = cache.get(k)`, `let v = cache.get(k)`, `v = cache.get(k)`: the variable stands for the probe.
      const references = getHoldingVariable(sourceCode, call)?.references ?? [];
      const unchanged = references.filter((reference) => reference.isWrite()).length <= 1;
      for (const reference of references) {
        if (reference.isRead()) probes.push({ node: reference.identifier, method, key, call: undefined, unchanged });
      }
    }
  }
  return probes;
}

export function keyText(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): string {
  return sourceCode.getText(node).replace(/\s+/g, '');
}

/** The variable that `get(k)` is stored in: `const v = cache.get(k)`, `v = cache.get(k)`. */
export function getHoldingVariable(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression): Scope.Variable | undefined {
  const { outer, parent } = getValueParent(call);
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === outer && parent.id.type === AST_NODE_TYPES.Identifier) return sourceCode.getDeclaredVariables(parent)[0];
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === outer && parent.operator === '=' && parent.left.type === AST_NODE_TYPES.Identifier) {
    return ASTUtils.findVariable(sourceCode.getScope(parent.left), parent.left) ?? undefined;
  }
  return undefined;
}

/** Whether `write` runs only when `probe` found the key `outcome` (missing, or there). */
export function runsOnlyWhen(write: TSESTree.Node, probe: Probe, outcome: Presence): boolean {
  for (let node: TSESTree.Node = write; node.parent; node = node.parent) {
    const parent: TSESTree.Node = node.parent;
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.test !== node && isWithin(probe.node, parent.test)) {
      const test = getPresenceTest(probe.node, parent.test);
      if (test && ((parent.consequent === node && test.whenTrue === outcome) || (parent.alternate === node && test.whenFalse === outcome))) return true;
    }
    // `cache.has(k) || cache.set(k, …)`, `!cache.has(k) && cache.set(k, …)`
    if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === node && isWithin(probe.node, parent.left)) {
      const test = getPresenceTest(probe.node, parent.left);
      if (test && ((parent.operator === '||' && test.whenFalse === outcome) || (parent.operator === '&&' && test.whenTrue === outcome))) return true;
    }
    // `if (cache.has(k)) return cache.get(k);`, `if (seen.has(a) || seen.has(b)) return;` earlier in the same block.
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program || parent.type === AST_NODE_TYPES.SwitchCase) {
      const statements = (parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : parent.body) as TSESTree.Node[];
      for (const statement of statements.slice(0, statements.indexOf(node))) {
        if (statement.type === AST_NODE_TYPES.IfStatement && isWithin(probe.node, statement.test) && isPassedOnlyWhen(statement, probe, outcome)) return true;
      }
    }
  }
  return false;
}

/** `if (T) return …;`: code after it runs only when `T` is false; `if (T) {…} else return;`: only when it is true. */
function isPassedOnlyWhen(statement: TSESTree.IfStatement, probe: Probe, outcome: Presence): boolean {
  const test = getPresenceTest(probe.node, statement.test);
  if (!test) return false;
  const consequentExits = isExitingBranch(statement.consequent);
  const alternateExits = isExitingBranch(statement.alternate);
  if (consequentExits && !alternateExits) return test.whenFalse === outcome;
  if (alternateExits && !consequentExits) return test.whenTrue === outcome;
  return false;
}

/**
 * `const existing = map.get(id); if (existing) map.set(id, { ...existing, ...changes })`,
 * `if (!map.has(id)) return; map.set(id, v)`: the write replaces the entry of a key the map
 * already holds, so it does not grow the map.
 */
export function replacesHeldEntry(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection, write: TSESTree.CallExpression, probes: readonly Probe[]): boolean {
  const key = write.arguments[0];
  if (collection.kind !== 'Map' || !key) return false;
  const wanted = keyText(sourceCode, key);
  // `let v = map.get(k); if (!v) v = await load(k); if (v) map.set(k, v)`: `v` no longer says the key is there.
  return probes.some((probe) => probe.key === wanted && probe.unchanged && runsOnlyWhen(write, probe, 'present'));
}
