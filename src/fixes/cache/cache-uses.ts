import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { LongLivedCollection } from '../../analysis';
import { getPropertyName, getValueParent } from '../../analysis/ast';

/*
 * Whether every use of a collection is one an `LRUCache` answers the same way. An LRUCache
 * has `get`, `set`, `has`, `delete`, `clear` and `size`, but it is neither a `Map` nor a
 * `Set`: it iterates most recently used first, fails `instanceof`, serialises its own
 * fields, and type-checks as neither where one is expected.
 */

const MAP_METHODS = new Set(['clear', 'delete', 'get', 'has', 'set']);
const SET_METHODS = new Set(['add', 'clear', 'delete', 'has']);
const ITERATION_METHODS = new Set(['entries', 'forEach', 'keys', 'values']);
const ITERATING_CALLS = new Set(['Array.from', 'Object.fromEntries', 'Object.groupBy', 'Promise.all', 'Promise.allSettled']);
const ORDER_REASON = 'an LRUCache iterates most recently used first, not in insertion order';

/** Why some use of the collection would change meaning as an LRUCache, or `undefined` when none would. */
export function findUseAnLruCacheChanges(collection: LongLivedCollection): string | undefined {
  for (const use of collection.uses) {
    const reason = checkUse(collection, use);
    if (reason) return reason;
  }
  for (const use of collection.foreignUses) {
    const reason = checkUse(collection, use);
    if (reason) return reason;
    // `other.seen.add(x)` may be this Set through another instance, or another object's `seen`.
    if (isAddCall(use)) return `\`${collection.name}.add()\` is called through another object (line ${line(use)}), which may or may not be this Set`;
  }
  return undefined;
}

/** How the collection is used at `node` (an identifier, `this.x`, or a `.set()`/`.add()` call that returns it). */
function checkUse(collection: LongLivedCollection, node: TSESTree.Node): string | undefined {
  const { name } = collection;
  const { outer, parent } = getValueParent(node);
  const at = `line ${line(node)}`;
  // `(cache as Map<K, V>)`: an LRUCache does not convert to a `Map` type.
  if (isCast(node, outer)) return `\`${name}\` is cast to another type (${at}), which an LRUCache may not convert to`;
  switch (parent?.type) {
    // `cache.get(k)`, `cache.size`, `seen.add(x)`
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === outer ? checkMemberUse(collection, parent) : unsupported(name, at);
    // `for (const [k, v] of cache)`
    case AST_NODE_TYPES.ForOfStatement:
      return `\`${name}\` is iterated (${at}): ${ORDER_REASON}`;
    // `[...cache]`, `new Set([...seen])`
    case AST_NODE_TYPES.SpreadElement:
      return `\`${name}\` is spread (${at}): ${ORDER_REASON}`;
    // `cache instanceof Map`
    case AST_NODE_TYPES.BinaryExpression:
      if (parent.operator === 'instanceof') return `\`${name} instanceof …\` (${at}) is false for an LRUCache, which is not a \`Map\` or \`Set\``;
      return ['===', '!==', '==', '!='].includes(parent.operator) ? undefined : unsupported(name, at);
    // `JSON.stringify(cache)`, `Array.from(cache)`, `console.log(cache)`, `register(cache)`
    case AST_NODE_TYPES.CallExpression:
      return parent.callee === outer ? unsupported(name, at) : checkArgumentUse(name, parent, at);
    // `new Map(cache)`
    case AST_NODE_TYPES.NewExpression:
      return `\`${name}\` is copied with \`new …(${name})\` (${at}): ${ORDER_REASON}`;
    // `(id) => seen.add(id)` as a `forEach` callback: the returned value is dropped.
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === outer && isForEachCallback(parent) ? undefined : handedOn(name, at);
    // `if (cache)`, `cache;`: an object either way.
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ExpressionStatement:
      return undefined;
    // `!cache`, `void cache`
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!' || parent.operator === 'void' ? undefined : unsupported(name, at);
    // `return cache`, `const alias = cache`, `{ cache }`: an LRUCache is not a `Map` wherever one is expected.
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.VariableDeclarator:
    case AST_NODE_TYPES.AssignmentExpression:
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ExportSpecifier:
      return handedOn(name, at);
    default:
      return unsupported(name, at);
  }
}

/** `x as T`, `<T>x`, `x satisfies T` between a use and the node that consumes its value (`x!` and `?.` are fine). */
function isCast(node: TSESTree.Node, outer: TSESTree.Node): boolean {
  for (let current = node; current !== outer; current = current.parent!) {
    const wrapper = current.parent!;
    if (wrapper.type === AST_NODE_TYPES.TSAsExpression || wrapper.type === AST_NODE_TYPES.TSTypeAssertion || wrapper.type === AST_NODE_TYPES.TSSatisfiesExpression) return true;
  }
  return false;
}

/** `cache.method(…)` or `cache.property`. */
function checkMemberUse(collection: LongLivedCollection, member: TSESTree.MemberExpression): string | undefined {
  const { name, kind } = collection;
  const method = getPropertyName(member);
  const at = `line ${line(member)}`;
  const call = member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member ? member.parent : undefined;
  if (!call) return method === 'size' && !isAssigned(member) ? undefined : unsupported(name, at);
  if (method !== undefined && ITERATION_METHODS.has(method)) return `\`${name}.${method}()\` (${at}) iterates: ${ORDER_REASON}`;
  const methods = kind === 'Map' ? MAP_METHODS : SET_METHODS;
  if (method === undefined || !methods.has(method)) return unsupported(name, at);
  if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return unsupported(name, at);
  if (method === 'set') return checkSetCall(collection, call, at);
  if (method === 'add') return checkAddCall(collection, call, at);
  return undefined;
}

// `cache.set(k, v)`: the value must not be `undefined` (lru-cache deletes the key instead of storing it).
function checkSetCall(collection: LongLivedCollection, call: TSESTree.CallExpression, at: string): string | undefined {
  const value = call.arguments[1];
  if (!value || isUndefinedValue(value)) return `\`${collection.name}.set()\` stores \`undefined\` (${at}), which an LRUCache treats as a delete`;
  return checkReturnedCollection(collection, call, at);
}

// `seen.add(x)`, one member that is not `undefined`.
function checkAddCall(collection: LongLivedCollection, call: TSESTree.CallExpression, at: string): string | undefined {
  const member = call.arguments[0];
  if (call.arguments.length !== 1 || !member || isUndefinedValue(member)) return unsupported(collection.name, at);
  return checkReturnedCollection(collection, call, at);
}

/**
 * The value of `cache.set(…)` / `seen.add(…)`, which is the collection itself:
 * - dropped: `cache.set(k, v);`, `void seen.add(x)`
 * - chained: `cache.set(a, 1).set(b, 2)`, `seen.add(x).has(y)`, checked like any member use
 * - returned from a `forEach` callback: `ids.forEach((id) => seen.add(id))`
 * Anything else hands it on where a `Map` or `Set` may be expected (`return cache.set(k, v)`).
 */
function checkReturnedCollection(collection: LongLivedCollection, call: TSESTree.CallExpression, at: string): string | undefined {
  const { outer, parent } = getValueParent(call);
  const method = call.callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(call.callee) : undefined;
  const result = `the result of \`${collection.name}.${method ?? ''}()\` (${at})`;
  if (isCast(call, outer)) return `${result} is cast to another type, which an LRUCache may not convert to`;
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement) return undefined;
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') return undefined;
  if (parent?.type === AST_NODE_TYPES.SequenceExpression && parent.expressions.at(-1) !== outer) return undefined;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) return checkMemberUse(collection, parent);
  if (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === outer && isForEachCallback(parent)) return undefined;
  return `${result} is the collection itself, handed on where a \`${collection.kind}\` may be expected`;
}

/** `fn(cache)`: only a few callees are known, and none of them keeps the Map behaviour. */
function checkArgumentUse(name: string, call: TSESTree.CallExpression, at: string): string {
  const callee = getCalleeName(call.callee);
  if (callee === 'JSON.stringify') return `\`JSON.stringify(${name})\` (${at}) would write the LRUCache's fields, not its entries`;
  if (callee === 'structuredClone') return `\`structuredClone(${name})\` (${at}) copies an LRUCache into a plain object`;
  if (callee !== undefined && ITERATING_CALLS.has(callee)) return `\`${callee}(${name})\` (${at}) iterates: ${ORDER_REASON}`;
  if (callee?.startsWith('console.')) return `\`${name}\` is logged (${at}): an LRUCache prints its internals, not its entries`;
  return handedOn(name, at);
}

/** `fn`, `JSON.stringify`: a callee named by an identifier, or a member of one. */
function getCalleeName(callee: TSESTree.Node): string | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  return `${callee.object.name}.${getPropertyName(callee) ?? ''}`;
}

function isForEachCallback(fn: TSESTree.ArrowFunctionExpression): boolean {
  const call = fn.parent;
  return call.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === fn && call.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(call.callee) === 'forEach';
}

/** `x.add(…)` for a use `x`. */
function isAddCall(use: TSESTree.Node): boolean {
  const { outer, parent } = getValueParent(use);
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== outer || getPropertyName(parent) !== 'add') return false;
  return parent.parent.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent;
}

function isAssigned(node: TSESTree.Node): boolean {
  const { outer, parent } = getValueParent(node);
  return (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === outer) || parent?.type === AST_NODE_TYPES.UpdateExpression;
}

/** `undefined`, `void 0`. */
function isUndefinedValue(node: TSESTree.Node): boolean {
  return (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') || (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void');
}

function handedOn(name: string, at: string): string {
  return `\`${name}\` is handed on (${at}) where a \`Map\` or \`Set\` may be expected, and an LRUCache is neither`;
}

function unsupported(name: string, at: string): string {
  return `\`${name}\` is used in a way the rewrite cannot check (${at}); bound it by hand`;
}

function line(node: TSESTree.Node): number {
  return node.loc.start.line;
}
