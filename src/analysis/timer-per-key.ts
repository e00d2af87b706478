import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { forEachDescendant, getEnclosingFunction, getPropertyName, getValueParent, isFunction, isGlobalReference, isLoop, isMethodCall, isWithin, unwrapExpression } from './ast';
import { KEY_CREATING_COMMANDS } from '../redis';
import { findCallSites, getFunctionName, isPerElementCallback } from './collection-sites';
import { isPerCallValue } from './per-call-value';

const CLEAR_TIMER_FUNCTIONS = ['clearTimeout', 'clearInterval'];
const SET_METHODS = new Set(['set']);
const ADD_METHODS = new Set(['add']);

/**
 * Where a timer's handle is kept by key, as written, so that deleting from there is the timer's
 * own bookkeeping, not an expiry:
 * - `timers.set(key, setTimeout(…))`, `timers[key] = setTimeout(…)`
 * - `timers.set(key, { start, timeout: setTimeout(…) })`
 * - `const timeout = setTimeout(…); … timers.set(key, { toastId, timeout })` (a variable read later in the function)
 * - `const handle = setTimeout(() => pending.delete(handle), ms); pending.add(handle)`: the pending timers, kept to clear them
 */
export function findTimerHandleStores(sourceCode: Readonly<SourceCode>, timer: TSESTree.CallExpression): Set<string> {
  const stores = new Set<string>();
  const add = (value: TSESTree.Node) => {
    const { outer, parent } = getValueParent(value);
    const store = getKeyedStore(sourceCode, outer, parent);
    if (store !== undefined) stores.add(store);
    // `{ timeout: handle }` or `{ timeout }` written into a keyed store.
    if (parent?.type === AST_NODE_TYPES.Property && parent.value === outer && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
      const object = getValueParent(parent.parent);
      const objectStore = getKeyedStore(sourceCode, object.outer, object.parent);
      if (objectStore !== undefined) stores.add(objectStore);
    }
  };
  add(timer);
  for (const variable of getHandleVariables(sourceCode, timer)) {
    for (const reference of variable.references) {
      if (reference.isRead()) add(reference.identifier);
    }
  }
  return stores;
}

/** `C.set(k, value)`, `C[k] = value`, or `C.add(value)` (a set of the pending handles, to clear them all at once): the text of `C`. */
function getKeyedStore(sourceCode: Readonly<SourceCode>, value: TSESTree.Node, parent: TSESTree.Node | undefined): string | undefined {
  if (isMethodCall(parent, { methods: SET_METHODS }) && parent.arguments[1] === value) return sourceCode.getText(parent.callee.object);
  if (isMethodCall(parent, { methods: ADD_METHODS }) && parent.arguments[0] === value) return sourceCode.getText(parent.callee.object);
  const isStored = parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value;
  return isStored && parent.left.type === AST_NODE_TYPES.MemberExpression && parent.left.computed ? sourceCode.getText(parent.left.object) : undefined;
}

/** The local variables a timer's handle is put in: `const t = setTimeout(…)`, `doc.timer = t = setTimeout(…)`. */
function getHandleVariables(sourceCode: Readonly<SourceCode>, timer: TSESTree.CallExpression) {
  const variables = [];
  let { outer, parent } = getValueParent(timer);
  while (parent) {
    let target: TSESTree.Node | undefined;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === outer) target = parent.id;
    else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && parent.right === outer) target = parent.left;
    else break;
    if (target.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(sourceCode.getScope(target), target);
      if (variable) variables.push(variable);
    }
    if (parent.type !== AST_NODE_TYPES.AssignmentExpression) break;
    ({ outer, parent } = getValueParent(parent));
  }
  return variables;
}

/**
 * A per-key debounce: the previous timer of the same key is cancelled, so a key has at most one
 * timer pending, and the work runs once the key goes quiet.
 * - `clearTimeout(timers.get(key))` (any argument that varies per call) earlier in the function
 *   that schedules the timer, outside its callback;
 * - the handle is kept by key (`timers.set(key, setTimeout(…))`) and a `clearTimeout` anywhere in
 *   the file reads it from there: `clearTimeout(timers.get(key))`, `const old = timers.get(key); clearTimeout(old.timeout)`.
 */
export function isPerKeyDebounce(sourceCode: Readonly<SourceCode>, timer: TSESTree.CallExpression, callback: FunctionNode, stores: ReadonlySet<string>): boolean {
  return findClearCalls(sourceCode).some((clear) => {
    const [argument] = clear.arguments;
    if (!argument || isWithin(clear, callback)) return false;
    if (stores.size > 0 && readsStore(sourceCode, argument, stores)) return true;
    const owner = getEnclosingFunction(clear);
    const before = clear.range[1] <= timer.range[0] && (!owner || isWithin(timer, owner));
    return before && isPerCallValue(sourceCode, argument, clear);
  });
}

/**
 * A per-key throttle window or retry: the callback calls the function that scheduled it
 * (`#openWindow(channel) { setTimeout(() => { …; this.#openWindow(channel) }) }`, also from a
 * callback of a call in it: {@link getSchedulingFunction}), so each key has one timer pending at a
 * time, chained, and the callback does the key's work: no expiry.
 */
export function reopensWindow(sourceCode: Readonly<SourceCode>, callback: FunctionNode, timer: TSESTree.CallExpression): boolean {
  const scheduler = getSchedulingFunction(timer);
  const name = scheduler && getFunctionName(scheduler);
  if (name === undefined) return false;
  // A method is called through `this`; a function by its name, when that name is the function's own (not an import that shadows it).
  const isMethod = scheduler!.parent?.type === AST_NODE_TYPES.MethodDefinition || scheduler!.parent?.type === AST_NODE_TYPES.PropertyDefinition;
  let calls = false;
  forEachDescendant(callback, sourceCode.visitorKeys, (node) => {
    if (calls) return false;
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const { callee } = node;
    if (isMethod) calls = callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.ThisExpression && getPropertyName(callee) === name;
    else if (callee.type === AST_NODE_TYPES.Identifier && callee.name === name) calls = ASTUtils.findVariable(sourceCode.getScope(callee), callee)?.defs.some((def) => def.node === scheduler || def.node === scheduler!.parent) ?? false;
    return undefined;
  });
  return calls;
}

/**
 * The named function that schedules a timer (or makes a call): the one around it, or, when it is
 * in an anonymous callback handed to a call (`this.read(key).then((ok) => { … setTimeout(…) })`),
 * the named one around that callback. A retry after a failed read calls it again.
 */
function getSchedulingFunction(timer: TSESTree.Node): FunctionNode | undefined {
  let fn = getEnclosingFunction(timer);
  while (fn && getFunctionName(fn) === undefined && fn.parent?.type === AST_NODE_TYPES.CallExpression && (fn.parent.arguments as readonly TSESTree.Node[]).includes(fn)) {
    fn = getEnclosingFunction(fn);
  }
  return fn;
}

const clearCallsByProgram = new WeakMap<TSESTree.Program, TSESTree.CallExpression[]>();

/** Every `clearTimeout(…)`/`clearInterval(…)` of the global timers in the file, found once per file. */
function findClearCalls(sourceCode: Readonly<SourceCode>): TSESTree.CallExpression[] {
  const program = sourceCode.ast;
  let calls = clearCallsByProgram.get(program);
  if (calls) return calls;
  calls = [];
  if (CLEAR_TIMER_FUNCTIONS.some((name) => sourceCode.text.includes(name))) {
    const found = calls;
    forEachDescendant(program, sourceCode.visitorKeys, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression && CLEAR_TIMER_FUNCTIONS.some((name) => isGlobalReference(sourceCode, node.callee, name))) found.push(node);
    });
  }
  clearCallsByProgram.set(program, calls);
  return calls;
}

/** Whether `expression` reads one of `stores` (by text), itself or through a variable it reads: `timers.get(key)`, `old.timeout` with `const old = timers.get(key)`. */
function readsStore(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, stores: ReadonlySet<string>, depth = 0): boolean {
  let reads = false;
  const visit = (node: TSESTree.Node): boolean | undefined => {
    if (reads) return false;
    if (stores.has(sourceCode.getText(node))) {
      reads = true;
      return false;
    }
    if (node.type === AST_NODE_TYPES.Identifier && depth < 2) {
      const def = ASTUtils.findVariable(sourceCode.getScope(node), node)?.defs[0];
      const init = def?.type === 'Variable' ? def.node.init : undefined;
      if (init && readsStore(sourceCode, init, stores, depth + 1)) reads = true;
    }
    return undefined;
  };
  if (visit(expression) !== false) forEachDescendant(expression, sourceCode.visitorKeys, visit);
  return reads;
}

/**
 * A deletion that only runs once the key's entry is empty: `if (!list.length) pool.delete(key)`.
 * The entry holds several items, each with its own timer (a pool's idle timeout), and the timer
 * removes its item, not the key.
 * - `if (!list.length) …`, `if (list.length === 0) …`, `if (set.size < 1) …`, `cond && !list.length && …`
 * - `list.length || pool.delete(key)`
 */
export function isDeletionWhenEmpty(deletion: TSESTree.Node, callback: FunctionNode): boolean {
  for (let child = deletion, parent = deletion.parent; parent && child !== callback; child = parent, parent = parent.parent) {
    if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.consequent === child && isEmptinessTest(parent.test)) return true;
    if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.right === child) {
      if (parent.operator === '&&' && isEmptinessTest(parent.left)) return true;
      if (parent.operator === '||' && isSizeRead(parent.left)) return true;
    }
  }
  return false;
}

function isEmptinessTest(test: TSESTree.Node): boolean {
  const node = unwrapExpression(test);
  if (node.type === AST_NODE_TYPES.UnaryExpression) return node.operator === '!' && isSizeRead(node.argument);
  if (node.type === AST_NODE_TYPES.LogicalExpression) return node.operator === '&&' && (isEmptinessTest(node.left) || isEmptinessTest(node.right));
  if (node.type !== AST_NODE_TYPES.BinaryExpression || node.left.type === AST_NODE_TYPES.PrivateIdentifier) return false;
  const { left, operator, right } = node;
  const isZero = (side: TSESTree.Node) => side.type === AST_NODE_TYPES.Literal && side.value === 0;
  const isOne = (side: TSESTree.Node) => side.type === AST_NODE_TYPES.Literal && side.value === 1;
  if (operator === '===' || operator === '==' || operator === '<=') return (isSizeRead(left) && isZero(right)) || (isZero(left) && isSizeRead(right) && operator !== '<=');
  return operator === '<' && isSizeRead(left) && isOne(right);
}

/** `list.length`, `set.size`, `list?.length`. */
function isSizeRead(node: TSESTree.Node): boolean {
  const member = unwrapExpression(node);
  if (member.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = getPropertyName(member);
  return name === 'length' || name === 'size';
}

/**
 * Methods that add an entry: `Map#set`, `Set#add`, a cache's `put`, `Storage#setItem`, and a Redis
 * client's commands that create a key (`sadd`, `hset`, `incr`, …: the rule's `del` is a client's).
 */
const WRITE_METHODS: ReadonlySet<string> = new Set(['set', 'add', 'put', 'setitem', ...KEY_CREATING_COMMANDS]);

/**
 * Whether the timer expires an entry written where it is set: the function that schedules it
 * adds to `collection` (`cache.set(key, v); setTimeout(() => cache.delete(key), ttl)`), or a
 * function of the file that writes it calls that one by name (`this.expireLater(key)`, also from
 * a callback of that function: `p.then(() => this.expireLater(key))`). A timer set where an entry
 * ends (`onDisconnection`: remove the client's entry a moment later) expires nothing it added:
 * one per ending entry, a clean-up, not a cache's expiry.
 */
export function isExpiryOfWrite(sourceCode: Readonly<SourceCode>, timer: TSESTree.CallExpression, callback: FunctionNode, collection: string): boolean {
  const scheduler = getSchedulingFunction(timer);
  // A timer of the module's own start-up, or one per key of a loop (`for (const key of keys) setTimeout(…)`): a burst of timers, whatever wrote the keys.
  if (!scheduler || isRepeatedWithin(timer, scheduler)) return true;
  const receiver = normalizeReceiver(collection);
  const writes = (fn: FunctionNode) => writesCollection(sourceCode, fn, callback, receiver);
  if (writes(scheduler)) return true;
  return findCallSites(sourceCode, scheduler).sites.some(({ node: call }) => {
    const caller = getSchedulingFunction(call);
    return caller !== undefined && caller !== scheduler && writes(caller);
  });
}

/** `this.cache!` and `this.cache?` as `this.cache`: the same collection however it is reached. */
function normalizeReceiver(text: string): string {
  return text.replace(/[\s!?]/g, '');
}

/** Whether a loop, or a callback an array method runs per element (`forEach`, `map`, …), repeats `node` within one call of `fn`. */
function isRepeatedWithin(node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isLoop(current) || (isFunction(current) && isPerElementCallback(current))) return true;
  }
  return false;
}

/**
 * A write of `receiver` in `fn`, outside the timer's callback: `receiver.set(…)` (or another of
 * {@link WRITE_METHODS}), `receiver[key] = …`; for a deletion through the object's own method
 * (`this.delete(key)`, `this.del(key)`), a write to one of its fields (`this.cache[key] = …`) or
 * through `super` (`super.set(key, value)` in a `Map` subclass).
 */
function writesCollection(sourceCode: Readonly<SourceCode>, fn: FunctionNode, callback: FunctionNode, receiver: string): boolean {
  const isReceiver = (node: TSESTree.Node) => {
    const unwrapped = unwrapExpression(node);
    if (receiver === 'this' && unwrapped.type === AST_NODE_TYPES.Super) return true;
    const text = normalizeReceiver(sourceCode.getText(unwrapped));
    return text === receiver || text.startsWith(`${receiver}.`);
  };
  let found = false;
  forEachDescendant(fn, sourceCode.visitorKeys, (node) => {
    if (found || node === callback) return false;
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = getPropertyName(node.callee)?.toLowerCase();
      found = method !== undefined && WRITE_METHODS.has(method) && isReceiver(node.callee.object);
    } else if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression && node.left.computed) {
      found = isReceiver(node.left.object);
    }
    return undefined;
  });
  return found;
}
