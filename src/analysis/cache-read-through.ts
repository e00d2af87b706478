/**
 * Whether a growing `Map` or `Set` is certainly a cache, so that bounding it (an LRU that
 * evicts entries) keeps the program working: every entry can be made again on a miss.
 *
 * Certainly a cache, for the `bound-cache` codemod:
 * - a `Map` read through: each `set(k, v)` fills a key that a `get(k)`/`has(k)` just missed,
 *   with a value computed there (`compile(schema)`, `await load(id)`, `new Intl.NumberFormat(…)`);
 * A `Set` never is: whatever it filters, an evicted member lets a repeat through.
 *
 * Not a cache, whatever it looks like:
 * - a value read as if it must be there: `cache.get(k)!`, `cache.get(k).x`, `for (… of cache.get(k))`
 * - a missing key that throws: `if (!handlers.has(k)) throw …`
 * - a key already there that throws: a registry
 * - a value the caller hands in (`set(id, session)`), a counter (`set(k, get(k) + 1)`)
 * - decorated (`@observable`) or made observable (`makeAutoObservable(this)`)
 * - values that own something: clients, sockets, timers, promises, functions and resolvers
 * (Iteration, `instanceof`, JSON and the other uses an `LRUCache` answers differently are the codemod's own checks.)
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { forEachDescendant, getPropertyName, getValueParent, isFunction, isTruthTest, isWithin, unwrapExpression } from './ast';
import type { LongLivedCollection } from './collection-growth';
import { getGuardingIf, getPresenceTest, isThrowingBranch } from './collection-checks';
import type { Probe } from './collection-probes';
import { findProbes, getHoldingVariable, keyText, runsOnlyWhen } from './collection-probes';
import type { HeldValueKind } from './collection-values';
import { findHeldValue, findWrappedResource, getClass, getFieldDecorator, getGrowthCall, getStoredValue } from './collection-values';

/** Everything an eviction would drop without closing, clearing or settling. */
const HELD_KINDS: ReadonlySet<HeldValueKind> = new Set(['function', 'promise', 'resource', 'timer']);
const HELD_WORDS: Record<HeldValueKind, string> = {
  function: 'functions (callbacks, handlers, resolvers): an evicted one is never called',
  promise: 'promises of work in flight: an evicted one is never awaited or settled here',
  resource: 'things to close (clients, connections, queues): an evicted one is dropped open',
  timer: 'timers: an evicted one keeps firing and can no longer be cleared',
};
/** MobX and friends: a class that makes its fields observable wraps this collection too. */
const OBSERVABLE_CALLS = new Set(['makeObservable', 'makeAutoObservable', 'observable', 'reactive', 'ref']);

/** Why bounding the collection could change what the program does, or `undefined` when it is certainly a cache. */
export function getReadThroughProblem(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection): string | undefined {
  const { name } = collection;
  const decorator = getFieldDecorator(collection);
  if (decorator) return `\`${name}\` is decorated (\`@${sourceCode.getText(decorator.expression)}\`), so something else wraps or watches it (a MobX observable map stops being observable as an LRUCache)`;
  const observable = findObservableCall(sourceCode, collection);
  if (observable) return `\`${name}\` belongs to a class that makes its fields observable (\`${observable}()\`), which an LRUCache would not be`;
  const held = findHeldValue(sourceCode, collection, HELD_KINDS);
  if (held) return `\`${name}\` holds ${HELD_WORDS[held.kind]} (${held.description})`;
  const wrapped = findWrappedResource(sourceCode, collection);
  if (wrapped) return `\`${name}\` holds values made around a resource (${wrapped.description}), which may keep it, or buffers and timers of their own: an evicted one is dropped without being closed or flushed`;
  const probes = findProbes(sourceCode, collection);
  for (const probe of probes) {
    const problem = checkProbe(sourceCode, collection, probe);
    if (problem) return problem;
  }
  for (const use of collection.uses) {
    const write = getGrowthCall(use);
    if (!write) continue;
    const problem = checkWrite(sourceCode, collection, write, probes);
    if (problem) return problem;
  }
  if (collection.kind === 'Map' && !probes.some((probe) => probe.method === 'get')) {
    // Only `has()` asks it: its values are never read back, so it is a set of seen keys (a lock table, a dedupe filter).
    return `\`${name}\` is only asked \`has()\`, never \`get()\`: it records which keys were seen (a lock, a dedupe filter), and an evicted key lets a repeat through`;
  }
  return undefined;
}

/**
 * A probe that shows the entries are expected to stay:
 * - `if (!cache.has(k)) throw …`, `if (!value) throw …`: a missing key is an error
 * - `cache.get(k)!`, `cache.get(k).x`, `cache.get(k)()`, `for (… of cache.get(k))`, `...cache.get(k)`: read as present
 * - `const v = cache.get(k); v.x` with no check of `v`
 * - `if (cache.has(k)) throw …`: a registry refusing a duplicate
 */
function checkProbe(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection, probe: Probe): string | undefined {
  const { name } = collection;
  const at = `line ${probe.node.loc.start.line}`;
  const guard = getGuardingIf(probe.node);
  if (guard && isThrowingBranch(guard.whenAbsent)) return `a missing key of \`${name}\` throws (${at}): the code expects its entries to stay, so evicting one breaks it`;
  if (guard && isThrowingBranch(guard.whenPresent)) return `a key already in \`${name}\` throws (${at}): it is a registry, whose entries must stay`;
  if (probe.call && probe.method === 'get') {
    const assumed = getPresenceAssumption(probe.call);
    if (assumed && !isRightAfterFill(sourceCode, probe.call)) return `\`${name}.get()\` is read as if the key must be there (${at}, ${assumed}), which an eviction makes false`;
    if (isUncheckedHolder(sourceCode, probe.call)) return `the value of \`${name}.get()\` (${at}) is used without checking that it is there, which an eviction makes false`;
  }
  return undefined;
}

/** How `get(k)`'s value is read as present: `!`, a member, a call, iteration, spread, destructuring. */
function getPresenceAssumption(call: TSESTree.CallExpression): string | undefined {
  for (let node: TSESTree.Node = call; node.parent; node = node.parent) {
    const parent: TSESTree.Node = node.parent;
    if (parent.type === AST_NODE_TYPES.TSNonNullExpression) return '`!`';
    if (parent.type !== AST_NODE_TYPES.TSAsExpression && parent.type !== AST_NODE_TYPES.TSTypeAssertion && parent.type !== AST_NODE_TYPES.TSSatisfiesExpression) break;
  }
  const { outer, parent } = getValueParent(call);
  switch (parent?.type) {
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === outer && !parent.optional ? 'a member of it' : undefined;
    case AST_NODE_TYPES.CallExpression:
      return parent.callee === outer && !parent.optional ? 'a call of it' : undefined;
    case AST_NODE_TYPES.ForOfStatement:
      return parent.right === outer ? 'iterated' : undefined;
    case AST_NODE_TYPES.SpreadElement:
      return 'spread';
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.id.type === AST_NODE_TYPES.ObjectPattern || parent.id.type === AST_NODE_TYPES.ArrayPattern ? 'destructured' : undefined;
    default:
      return undefined;
  }
}

/**
 * `if (!memo.has(k)) memo.set(k, compute(k)); return memo.get(k)!;`: the key was filled by
 * the statement just before, in the same synchronous run, so an LRU still has it.
 */
function isRightAfterFill(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression): boolean {
  const target = call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : undefined;
  const key = call.arguments[0];
  if (!target || !key) return false;
  let statement: TSESTree.Node = call;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement && statement.parent.type !== AST_NODE_TYPES.Program && !isFunction(statement.parent)) {
    statement = statement.parent;
  }
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement && block?.type !== AST_NODE_TYPES.Program) return false;
  const index = (block.body as TSESTree.Node[]).indexOf(statement);
  const previous = index > 0 ? block.body[index - 1] : undefined;
  if (previous?.type !== AST_NODE_TYPES.IfStatement || previous.alternate || hasAwaitBefore(sourceCode, statement, call)) return false;
  const same = (a: TSESTree.Node, b: TSESTree.Node) => keyText(sourceCode, a) === keyText(sourceCode, b);
  // `!memo.has(k)` …
  const { test } = previous;
  const probe = test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' ? unwrapExpression(test.argument) : undefined;
  if (!isMethodCallOn(probe, 'has', target, key, same)) return false;
  // … then `memo.set(k, …)` as the branch's last statement.
  const last = previous.consequent.type === AST_NODE_TYPES.BlockStatement ? previous.consequent.body.at(-1) : previous.consequent;
  return last?.type === AST_NODE_TYPES.ExpressionStatement && isMethodCallOn(unwrapExpression(last.expression), 'set', target, key, same);
}

/** `target.method(key, …)`, comparing `target` and `key` as written. */
function isMethodCallOn(node: TSESTree.Node | undefined, method: string, target: TSESTree.Node, key: TSESTree.Node, same: (a: TSESTree.Node, b: TSESTree.Node) => boolean): boolean {
  if (node?.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(node.callee) !== method) return false;
  const [first] = node.arguments;
  return first !== undefined && same(node.callee.object, target) && same(first, key);
}

/** An `await` in `statement` before `node`: other code may run, and evict, in between. */
function hasAwaitBefore(sourceCode: Readonly<SourceCode>, statement: TSESTree.Node, node: TSESTree.Node): boolean {
  let found = false;
  forEachDescendant(statement, sourceCode.visitorKeys, (child) => {
    if (found || child.range[0] >= node.range[0] || isFunction(child)) return false;
    if (child.type === AST_NODE_TYPES.AwaitExpression) found = true;
    return undefined;
  });
  return found;
}

/** `const v = cache.get(k)` whose variable is used through a member or a call, and never checked. */
function isUncheckedHolder(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression): boolean {
  const variable = getHoldingVariable(sourceCode, call);
  if (!variable) return false;
  let dereferenced = false;
  for (const reference of variable.references) {
    if (!reference.isRead()) continue;
    const { outer, parent } = getValueParent(reference.identifier);
    // `v?.x`, `if (v)`, `v ?? d`, `return v` (its caller checks).
    if (outer.type === AST_NODE_TYPES.ChainExpression || isCheck(reference.identifier)) return false;
    if ((parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) || (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === outer)) dereferenced = true;
  }
  return dereferenced;
}

/** `if (v)`, `!v`, `v ?? d`, `v || d`, `v === undefined`, `v ? a : b`, `return v`. */
function isCheck(node: TSESTree.Node): boolean {
  if (isTruthTest(node)) return true;
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === 'typeof';
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.ReturnStatement:
      return true;
    case AST_NODE_TYPES.BinaryExpression:
      return ['===', '!==', '==', '!='].includes(parent.operator);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Writes: each one fills a miss

/**
 * Each `set(k, v)` fills a key a probe just missed, with a computed value (a `Set` is refused):
 * - `if (!cache.has(k)) cache.set(k, compute(k))`, `cache.has(k) || cache.set(k, …)`
 * - `const hit = cache.get(k); if (hit !== undefined) return hit; …; cache.set(k, v)`
 * - `let v = cache.get(k); if (!v) { v = compute(k); cache.set(k, v); }`
 */
function checkWrite(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection, write: TSESTree.CallExpression, probes: readonly Probe[]): string | undefined {
  const { name, kind } = collection;
  const at = `line ${write.loc.start.line}`;
  if (kind === 'Set') {
    return `\`${name}\` is a \`Set\` (${at}): an evicted member lets a repeat through (a warning logged twice, a transaction processed twice), so bounding it changes what the code does; trim it by hand once repeats no longer matter`;
  }
  const method = 'set';
  const key = write.arguments[0];
  if (!key) return `\`${name}.${method}()\` has no key (${at})`;
  const keyed = probes.filter((probe) => probe.key === keyText(sourceCode, key));
  if (!keyed.some((probe) => runsOnlyWhen(write, probe, 'absent') || runsAfterTrustedHitReturned(sourceCode, write, probe))) {
    return `\`${name}.set()\` (${at}) does not fill a key that \`get()\`/\`has()\` just missed, so \`${name}\` is a store whose entries the code may need again, not a cache it can refill`;
  }
  const value = getStoredValue(collection, write);
  const made = value && getComputation(sourceCode, collection, value, write, key);
  if (made === 'given') return `\`${name}.set()\` (${at}) stores a value the caller hands in, not one it computes after a miss: once evicted, it cannot be made again`;
  if (made === 'fresh') return `\`${name}.set()\` (${at}) stores a fresh object made from nothing the key names (\`${sourceCode.getText(value)}\`), which the code may go on to change: an eviction loses what it holds`;
  if (made !== 'computed') return `\`${name}.set()\` (${at}) stores a value that is not computed from the key (a literal, a counter, …), which an eviction would lose`;
  return undefined;
}

/**
 * `const hit = cache.get(k); if (hit && Date.now() - hit.at < TTL) return hit.value; …; cache.set(k, v)`:
 * an entry the code still trusts is answered from and the function returns, so the write runs on
 * a miss or on an entry it no longer trusts, and an eviction only turns the latter into the former.
 * The return must answer from the entry: `if (s && s.closed) return null` uses the entry's state,
 * which an eviction would lose.
 */
function runsAfterTrustedHitReturned(sourceCode: Readonly<SourceCode>, write: TSESTree.Node, probe: Probe): boolean {
  const held = probe.node;
  if (probe.call || !probe.unchanged || held.type !== AST_NODE_TYPES.Identifier) return false;
  for (let node: TSESTree.Node = write; node.parent; node = node.parent) {
    const block = node.parent;
    if (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program) continue;
    const earlier = (block.body as TSESTree.Node[]).slice(0, (block.body as TSESTree.Node[]).indexOf(node));
    for (const statement of earlier) {
      if (statement.type !== AST_NODE_TYPES.IfStatement || statement.alternate || !isWithin(held, statement.test)) continue;
      if (getPresenceTest(held, statement.test)?.whenTrue === 'present' && returnsFromEntry(sourceCode, statement.consequent, held.name)) return true;
    }
  }
  return false;
}

/** `return hit;`, `return hit.value;`, `{ return hit.rates; }`: the branch answers from the held entry. */
function returnsFromEntry(sourceCode: Readonly<SourceCode>, branch: TSESTree.Statement, name: string): boolean {
  const only = branch.type === AST_NODE_TYPES.BlockStatement && branch.body.length === 1 ? branch.body[0]! : branch;
  if (only.type !== AST_NODE_TYPES.ReturnStatement || !only.argument) return false;
  // The variable itself, not a property name spelled alike (`x.hit`, `{ hit: 1 }`).
  const isName = (node: TSESTree.Node) => {
    const { parent } = node;
    if (parent?.type === AST_NODE_TYPES.MemberExpression) return parent.property === node && !parent.computed;
    return parent?.type === AST_NODE_TYPES.Property && parent.key === node && !parent.computed && !parent.shorthand;
  };
  const isRead = (node: TSESTree.Node) => node.type === AST_NODE_TYPES.Identifier && node.name === name && !isName(node);
  let reads = isRead(only.argument);
  forEachDescendant(only.argument, sourceCode.visitorKeys, (node) => {
    if (isRead(node)) reads = true;
  });
  return reads;
}

/**
 * How the stored value is made:
 * - `computed`: a call, `new`, `await`, or a local assigned one before the write
 *   (`compile(schema)`, `await load(id)`, `v = ajv.compile(s)`), or a literal object or template made with one
 * - `fresh`: an object made from nothing but literals (`new Progress()`, `this.makeStorage()`): a state holder the code fills
 * - `given`: a parameter, passed in by the caller
 * - `other`: literals, counters that read the collection itself, anything else
 */
type Computation = 'computed' | 'fresh' | 'given' | 'other';

function getComputation(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection, node: TSESTree.Node, write: TSESTree.Node, key: TSESTree.Node, depth = 0): Computation {
  const value = unwrapExpression(node);
  if (readsCollection(collection, value)) return 'other';
  // `k.length`, `k.trim().toLowerCase()`, `` `${k}!` ``: computed from the key itself.
  if (value.type !== AST_NODE_TYPES.Identifier && readsKey(sourceCode, value, key)) return 'computed';
  switch (value.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return isMadeFromNothing(value) ? 'fresh' : 'computed';
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.TaggedTemplateExpression:
    case AST_NODE_TYPES.ImportExpression:
      return 'computed';
    case AST_NODE_TYPES.ObjectExpression:
      return value.properties.some((property) => property.type === AST_NODE_TYPES.Property && getComputation(sourceCode, collection, property.value, write, key, depth + 1) === 'computed') ? 'computed' : 'other';
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.TemplateLiteral: {
      const parts = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : value.expressions;
      return parts.some((part) => part !== null && getComputation(sourceCode, collection, part, write, key, depth + 1) === 'computed') ? 'computed' : 'other';
    }
    case AST_NODE_TYPES.Identifier:
      return depth > 2 ? 'other' : getVariableComputation(sourceCode, collection, value, write, key, depth);
    default:
      return 'other';
  }
}

/**
 * `new EmptyProgress()`, `new Stats(0)`, `this.makeStorage()`: an object made from nothing but
 * literals, so from nothing about the key: a state holder the code goes on to fill.
 */
function isMadeFromNothing(value: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (!value.arguments.every((argument) => argument.type === AST_NODE_TYPES.Literal)) return false;
  if (value.type === AST_NODE_TYPES.NewExpression) return value.callee.type === AST_NODE_TYPES.Identifier;
  return value.arguments.length === 0 && value.callee.type === AST_NODE_TYPES.MemberExpression && value.callee.object.type === AST_NODE_TYPES.ThisExpression;
}

function getVariableComputation(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection, identifier: TSESTree.Identifier, write: TSESTree.Node, key: TSESTree.Node, depth: number): Computation {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
  const def = variable?.defs[0];
  if (!variable || !def) return 'other';
  if (def.type === 'Parameter') return 'given';
  if (def.type !== 'Variable') return 'other';
  // The last value written to it before the write: `v = compile(s); cache.set(k, v)`.
  const before = variable.references.filter((reference) => reference.isWrite() && reference.writeExpr && reference.identifier.range[0] < write.range[0]);
  const last = before.at(-1)?.writeExpr;
  return last ? getComputation(sourceCode, collection, last, write, key, depth + 1) : 'other';
}

/** Whether `value` reads the key expression, as written (`k` in `k.length`, `this.id` in `` `${this.id}:x` ``). */
function readsKey(sourceCode: Readonly<SourceCode>, value: TSESTree.Node, key: TSESTree.Node): boolean {
  const wanted = keyText(sourceCode, key);
  let found = keyText(sourceCode, value) === wanted;
  forEachDescendant(value, sourceCode.visitorKeys, (node) => {
    if (found) return false;
    found = node.type === key.type && keyText(sourceCode, node) === wanted;
    return undefined;
  });
  return found;
}

/** `(counts.get(k) ?? 0) + 1`: the new value comes from the collection itself, a counter. */
function readsCollection(collection: LongLivedCollection, value: TSESTree.Node): boolean {
  return collection.uses.some((use) => isWithin(use, value));
}

/** `makeAutoObservable(this)` in the class that owns a field collection. */
function findObservableCall(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection): string | undefined {
  if (collection.lifetime !== 'class') return undefined;
  const classNode = getClass(collection.declaration);
  if (!classNode) return undefined;
  let found: string | undefined;
  forEachDescendant(classNode.body, sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const callee = node.callee.type === AST_NODE_TYPES.Identifier ? node.callee.name : node.callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(node.callee) : undefined;
    const argument = node.arguments[0];
    if (callee !== undefined && OBSERVABLE_CALLS.has(callee) && argument?.type === AST_NODE_TYPES.ThisExpression) found = callee;
    return undefined;
  });
  return found;
}
