/**
 * `bound-cache`: replaces the unbounded `Map`/`Set` caches that `no-unbounded-cache`
 * reports with `LRUCache` from `lru-cache`, bounded by `max` entries and `ttl`, when the
 * collection is certainly a cache (`getReadThroughProblem`): a `Map` read through (each
 * `set` fills a key a `get`/`has` just missed, with a computed value) or a `Set` used as a
 * seen-before filter (each `add` follows a `has` that missed).
 *
 * - `new Map<K, V>()` → `new LRUCache<K, V>({ max, ttl })`
 * - `new Set<T>()` → `new LRUCache<T, true>({ max, ttl })`, with `.add(x)` → `.set(x, true)`
 * - `Map<K, V>` / `Set<T>` annotations of the binding follow (`LRUCache<K, V>` / `LRUCache<T, true>`)
 * - `import { LRUCache } from 'lru-cache'` (or a `require`) is added once, or an existing one reused
 *
 * Anything else the rule reports (a registry, a store of values handed in, a table read as
 * if its entries stay, a decorated field, values that own clients, timers, promises or
 * callbacks, keys that are objects), and any use an LRUCache answers differently (iteration
 * order, `instanceof`, JSON, values that may be `undefined`, …), is left as it is and
 * reported as unfixable, with the reason.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode as TSESLintSourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { API, FileInfo } from 'jscodeshift';
import { parseForESLint } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, AST_TOKEN_TYPES } from '@typescript-eslint/utils';
import { SourceCode } from 'eslint';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LongLivedCollection } from 'eslint-plugin-redis-leaks/internal';
import { findLongLivedCollection, getReadThroughProblem } from 'eslint-plugin-redis-leaks/internal';
import { forEachDescendant, getKeyName, getPropertyName, getValueParent, unwrapExpression } from 'eslint-plugin-redis-leaks/internal';
import type { Finding } from './rule-findings';
import { findRuleFindings } from './rule-findings';
import type { CodemodOptions } from './transform-api';
import { readNumberOption, reportUnfixable } from './transform-api';

/** For plain jscodeshift runs; the transform itself parses with typescript-eslint, as the rule does. */
export const parser = 'tsx';

const LRU_MODULE = 'lru-cache';
const LRU_EXPORT = 'LRUCache';
const DEFAULT_MAX = 1000;
const DEFAULT_CACHE_TTL_SECONDS = 1800;
/** The rule's message for a collection keyed by objects, whose fix is a `WeakMap`/`WeakSet`. */
const OBJECT_KEYS_MESSAGE = 'unboundedObjectKeys';

/** What one cache needs rewritten: the nodes whose source ranges the edits replace. */
interface CacheRewrite {
  /** The finding's line, for reports. */
  readonly line: number;
  readonly kind: 'Map' | 'Set';
  readonly creation: TSESTree.NewExpression;
  /** `Map<K, V>` / `Set<T>` annotations and assertions of the binding. */
  readonly typeReferences: readonly TSESTree.TSTypeReference[];
  /** `seen.add(x)` calls of a Set, which become `seen.set(x, true)`. */
  readonly addCalls: readonly TSESTree.CallExpression[];
}

type Plan = CacheRewrite | { readonly reason: string };

/** A collection use that an LRUCache handles the same way, or why not. */
type UseCheck = { readonly addCalls: TSESTree.CallExpression[] } | { readonly reason: string };

interface FileFacts {
  readonly source: string;
  readonly sourceCode: Readonly<TSESLintSourceCode>;
  readonly ast: TSESTree.Program;
  readonly isTypeScript: boolean;
}

export default function transform(file: FileInfo, api: API, options: CodemodOptions): string {
  const findings = findRuleFindings(file.source, file.path, 'no-unbounded-cache');
  if (findings.length === 0) return file.source;
  const settings = readCacheSettings(options);
  const facts = analyseFile(file);
  const rewrites: CacheRewrite[] = [];
  for (const finding of findings) {
    const plan = planRewrite(facts, finding);
    if ('reason' in plan) reportUnfixable(file, api, options, { line: finding.line, reason: plan.reason });
    else rewrites.push(plan);
  }
  const changed = rewrites.length > 0;
  // Nothing to change: the file comes back as it was, byte for byte.
  if (!changed) return file.source;
  const firstUse = Math.min(...rewrites.map((rewrite) => rewrite.creation.range[0]));
  const binding = planLruBinding(facts, file.path, firstUse);
  if ('reason' in binding) {
    for (const rewrite of rewrites) reportUnfixable(file, api, options, { line: rewrite.line, reason: binding.reason });
    return file.source;
  }
  const edits = rewrites.flatMap((rewrite) => planEdits(facts.source, rewrite, binding.localName, settings));
  return applyEdits(file.source, binding.edit ? [binding.edit, ...edits] : edits);
}

/** Whether `source` already imports or requires `lru-cache` (the CLI checks the project's dependencies when it does). */
export function usesLruCache(source: string): boolean {
  return /\bfrom\s*['"]lru-cache['"]|\brequire\(\s*['"]lru-cache['"]\s*\)|\bimport\(\s*['"]lru-cache['"]\s*\)/.test(source);
}

// ---------------------------------------------------------------------------
// Options

interface CacheSettings {
  readonly max: number;
  /** Seconds; 0 writes no `ttl`. */
  readonly ttlSeconds: number;
}

function readCacheSettings(options: CodemodOptions): CacheSettings {
  const max = readNumberOption(options.max, DEFAULT_MAX);
  // `max: 0` makes lru-cache throw; a fraction of an entry means nothing.
  if (!Number.isInteger(max) || max < 1) throw new Error(`bound-cache: --max must be a whole number of 1 or more, got ${String(options.max)}`);
  return { max, ttlSeconds: readNumberOption(options.cacheTtl, DEFAULT_CACHE_TTL_SECONDS) };
}

/** `{ max: 1000, ttl: 30 * 60 * 1000 }`: lru-cache counts `ttl` in milliseconds, written as seconds, minutes or hours times 1000. */
function formatCacheOptions({ max, ttlSeconds }: CacheSettings): string {
  const bound = `max: ${formatInteger(max)}`;
  return ttlSeconds === 0 ? `{ ${bound} }` : `{ ${bound}, ttl: ${formatMilliseconds(ttlSeconds)} }`;
}

// - 1800 s → `30 * 60 * 1000`, 3600 s → `60 * 60 * 1000`, 86400 s → `24 * 60 * 60 * 1000`
// - 45 s → `45 * 1000`, 0.25 s → `250`
function formatMilliseconds(seconds: number): string {
  if (!Number.isInteger(seconds)) return formatInteger(Math.round(seconds * 1000));
  const [count, unit] = seconds % 3600 === 0 ? [seconds / 3600, '60 * 60 * 1000'] : seconds % 60 === 0 ? [seconds / 60, '60 * 1000'] : [seconds, '1000'];
  return count === 1 ? unit : `${formatInteger(count)} * ${unit}`;
}

/** `100000` → `100_000`: separators from five digits on. */
function formatInteger(value: number): string {
  return value >= 10_000 ? String(value).replace(/\B(?=(\d{3})+$)/g, '_') : String(value);
}

// ---------------------------------------------------------------------------
// The ESTree side: the same parse and analysis the rule uses, so the uses are the rule's uses

function analyseFile(file: FileInfo): FileFacts {
  const isTypeScript = /\.[cm]?tsx?$/i.test(file.path);
  const result = parseForESLint(file.source, {
    filePath: file.path,
    sourceType: 'module',
    ecmaFeatures: { jsx: !isTypeScript || file.path.endsWith('.tsx') },
    range: true,
    loc: true,
    tokens: true,
    comment: true,
  });
  setParents(result.ast, result.visitorKeys);
  const sourceCode = new SourceCode({
    text: file.source,
    ast: result.ast as never,
    scopeManager: result.scopeManager as never,
    visitorKeys: result.visitorKeys as never,
    parserServices: result.services,
  }) as unknown as TSESLintSourceCode;
  return { source: file.source, sourceCode, ast: result.ast, isTypeScript };
}

/** ESLint sets `parent` while it lints; the analysis needs it here too. */
function setParents(root: TSESTree.Node, visitorKeys: Readonly<Record<string, readonly string[] | undefined>>): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (!isNode(child)) continue;
        (child as { parent: TSESTree.Node }).parent = node;
        stack.push(child);
      }
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The declaration a finding names: a variable declarator, a class field, or `this.x = new Map()`. */
function findDeclaration(facts: FileFacts, finding: Finding): TSESTree.Node | undefined {
  let found: TSESTree.Node | undefined;
  forEachDescendant(facts.ast, facts.sourceCode.visitorKeys, (node) => {
    if (node.range[0] > finding.start || node.range[1] < finding.end) return false;
    if (node.range[0] === finding.start && node.range[1] === finding.end && isDeclarationNode(node)) found = node;
    return undefined;
  });
  return found;
}

/** Whether some node below the program matches. */
function someDescendant(facts: FileFacts, predicate: (node: TSESTree.Node) => boolean): boolean {
  let matched = false;
  forEachDescendant(facts.ast, facts.sourceCode.visitorKeys, (node) => {
    if (matched) return false;
    matched = predicate(node);
    return undefined;
  });
  return matched;
}

function isDeclarationNode(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.VariableDeclarator || node.type === AST_NODE_TYPES.PropertyDefinition || node.type === AST_NODE_TYPES.AssignmentExpression;
}

function getCreation(declaration: TSESTree.Node): TSESTree.NewExpression | undefined {
  const value =
    declaration.type === AST_NODE_TYPES.VariableDeclarator
      ? declaration.init
      : declaration.type === AST_NODE_TYPES.PropertyDefinition
        ? declaration.value
        : declaration.type === AST_NODE_TYPES.AssignmentExpression
          ? declaration.right
          : null;
  const creation = value && unwrapExpression(value);
  return creation?.type === AST_NODE_TYPES.NewExpression ? creation : undefined;
}

// ---------------------------------------------------------------------------
// Planning: is the rewrite safe, and what does it touch

function planRewrite(facts: FileFacts, finding: Finding): Plan {
  const declaration = findDeclaration(facts, finding);
  const creation = declaration && getCreation(declaration);
  const collection = creation && findLongLivedCollection(facts.sourceCode, creation);
  if (!creation || !collection) return { reason: 'the reported collection could not be found again; bound it by hand' };
  const { name, kind } = collection;
  // The rule found keys that are objects: a weak collection lets them go, an LRU would only cap them.
  if (finding.messageId === OBJECT_KEYS_MESSAGE) return { reason: `\`${name}\` is keyed by objects: make it a \`Weak${kind}\` by hand, which lets each entry go with its key` };
  // `new Map(entries)`: `new LRUCache()` takes options, and would throw on entries.
  if (creation.arguments.length > 0) return { reason: `\`${name}\` starts with entries (\`new ${kind}(…)\`), but \`new LRUCache()\` takes options, not entries` };
  const types = checkTypes(facts, collection, creation);
  if ('reason' in types) return types;
  const uses = checkUses(collection);
  if ('reason' in uses) return uses;
  // Only a certain cache: a registry, a store or a pool would lose entries the code needs.
  const problem = getReadThroughProblem(facts.sourceCode, collection);
  if (problem !== undefined) return { reason: `${problem}; not a cache to bound` };
  return { line: finding.line, kind, creation, typeReferences: types.typeReferences, addCalls: uses.addCalls };
}

/** Every use must be one an LRUCache answers the same way; a Set's `.add()` calls are collected for the rewrite. */
function checkUses(collection: LongLivedCollection): UseCheck {
  const addCalls: TSESTree.CallExpression[] = [];
  for (const use of collection.uses) {
    const check = checkUse(collection, use);
    if ('reason' in check) return check;
    addCalls.push(...check.addCalls);
  }
  for (const use of collection.foreignUses) {
    const check = checkUse(collection, use);
    if ('reason' in check) return check;
    // `other.seen.add(x)` may be this Set through another instance, or another object's `seen`.
    if (check.addCalls.length > 0) return { reason: `\`${collection.name}.add()\` is called through another object (line ${line(use)}), which may or may not be this Set` };
  }
  return { addCalls };
}

const MAP_METHODS = new Set(['clear', 'delete', 'get', 'has', 'set']);
const SET_METHODS = new Set(['add', 'clear', 'delete', 'has']);
const ITERATION_METHODS = new Set(['entries', 'forEach', 'keys', 'values']);
const ITERATING_CALLS = new Set(['Array.from', 'Object.fromEntries', 'Object.groupBy', 'Promise.all', 'Promise.allSettled']);
const ORDER_REASON = 'an LRUCache iterates most recently used first, not in insertion order';

/** How the collection is used at `node` (an identifier, `this.x`, or a `.set()`/`.add()` call that returns it). */
function checkUse(collection: LongLivedCollection, node: TSESTree.Node): UseCheck {
  const { name } = collection;
  const { outer, parent } = getValueParent(node);
  const at = `line ${line(node)}`;
  // `(cache as Map<K, V>)`: an LRUCache does not convert to a `Map` type.
  if (isCast(node, outer)) return { reason: `\`${name}\` is cast to another type (${at}), which an LRUCache may not convert to` };
  switch (parent?.type) {
    // `cache.get(k)`, `cache.size`, `seen.add(x)`
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === outer ? checkMemberUse(collection, parent) : unsupported(name, at);
    // `for (const [k, v] of cache)`
    case AST_NODE_TYPES.ForOfStatement:
      return { reason: `\`${name}\` is iterated (${at}): ${ORDER_REASON}` };
    // `[...cache]`, `new Set([...seen])`
    case AST_NODE_TYPES.SpreadElement:
      return { reason: `\`${name}\` is spread (${at}): ${ORDER_REASON}` };
    // `cache instanceof Map`
    case AST_NODE_TYPES.BinaryExpression:
      if (parent.operator === 'instanceof') return { reason: `\`${name} instanceof …\` (${at}) is false for an LRUCache, which is not a \`Map\` or \`Set\`` };
      return ['===', '!==', '==', '!='].includes(parent.operator) ? ok() : unsupported(name, at);
    // `JSON.stringify(cache)`, `Array.from(cache)`, `console.log(cache)`, `register(cache)`
    case AST_NODE_TYPES.CallExpression:
      return parent.callee === outer ? unsupported(name, at) : checkArgumentUse(name, parent, at);
    // `new Map(cache)`
    case AST_NODE_TYPES.NewExpression:
      return { reason: `\`${name}\` is copied with \`new …(${name})\` (${at}): ${ORDER_REASON}` };
    // `(id) => seen.add(id)` as a `forEach` callback: the returned value is dropped.
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === outer && isForEachCallback(parent) ? ok() : handedOn(name, at);
    // `if (cache)`, `cache;`: an object either way.
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ExpressionStatement:
      return ok();
    // `!cache`, `void cache`
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!' || parent.operator === 'void' ? ok() : unsupported(name, at);
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
function checkMemberUse(collection: LongLivedCollection, member: TSESTree.MemberExpression): UseCheck {
  const { name, kind } = collection;
  const method = getPropertyName(member);
  const at = `line ${line(member)}`;
  const call = member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member ? member.parent : undefined;
  if (!call) return method === 'size' && !isAssigned(member) ? ok() : unsupported(name, at);
  if (method !== undefined && ITERATION_METHODS.has(method)) return { reason: `\`${name}.${method}()\` (${at}) iterates: ${ORDER_REASON}` };
  const methods = kind === 'Map' ? MAP_METHODS : SET_METHODS;
  if (method === undefined || !methods.has(method)) return unsupported(name, at);
  if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return unsupported(name, at);
  if (method === 'set') return checkSetCall(collection, call, at);
  if (method === 'add') return checkAddCall(collection, call, at);
  return ok();
}

// `cache.set(k, v)`: the value must not be `undefined` (lru-cache deletes the key instead of storing it).
function checkSetCall(collection: LongLivedCollection, call: TSESTree.CallExpression, at: string): UseCheck {
  const value = call.arguments[1];
  if (!value || isUndefinedValue(value)) return { reason: `\`${collection.name}.set()\` stores \`undefined\` (${at}), which an LRUCache treats as a delete` };
  return checkReturnedCollection(collection, call, at);
}

// `seen.add(x)` becomes `seen.set(x, true)`, which also returns the collection.
function checkAddCall(collection: LongLivedCollection, call: TSESTree.CallExpression, at: string): UseCheck {
  const member = call.arguments[0];
  if (call.arguments.length !== 1 || !member || isUndefinedValue(member)) return unsupported(collection.name, at);
  const rest = checkReturnedCollection(collection, call, at);
  return 'reason' in rest ? rest : { addCalls: [call, ...rest.addCalls] };
}

/**
 * The value of `cache.set(…)` / `seen.add(…)`, which is the collection itself:
 * - dropped: `cache.set(k, v);`, `void seen.add(x)`
 * - chained: `cache.set(a, 1).set(b, 2)`, `seen.add(x).has(y)`, checked like any member use
 * - returned from a `forEach` callback: `ids.forEach((id) => seen.add(id))`
 * Anything else hands it on where a `Map` or `Set` may be expected (`return cache.set(k, v)`).
 */
function checkReturnedCollection(collection: LongLivedCollection, call: TSESTree.CallExpression, at: string): UseCheck {
  const { outer, parent } = getValueParent(call);
  const method = call.callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(call.callee) : undefined;
  const result = `the result of \`${collection.name}.${method ?? ''}()\` (${at})`;
  if (isCast(call, outer)) return { reason: `${result} is cast to another type, which an LRUCache may not convert to` };
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement) return ok();
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') return ok();
  if (parent?.type === AST_NODE_TYPES.SequenceExpression && parent.expressions.at(-1) !== outer) return ok();
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) return checkMemberUse(collection, parent);
  if (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === outer && isForEachCallback(parent)) return ok();
  return { reason: `${result} is the collection itself, handed on where a \`${collection.kind}\` may be expected` };
}

/** `fn(cache)`: only a few callees are known, and none of them keeps the Map behaviour. */
function checkArgumentUse(name: string, call: TSESTree.CallExpression, at: string): UseCheck {
  const callee = getCalleeName(call.callee);
  if (callee === 'JSON.stringify') return { reason: `\`JSON.stringify(${name})\` (${at}) would write the LRUCache's fields, not its entries` };
  if (callee === 'structuredClone') return { reason: `\`structuredClone(${name})\` (${at}) copies an LRUCache into a plain object` };
  if (callee !== undefined && ITERATING_CALLS.has(callee)) return { reason: `\`${callee}(${name})\` (${at}) iterates: ${ORDER_REASON}` };
  if (callee?.startsWith('console.')) return { reason: `\`${name}\` is logged (${at}): an LRUCache prints its internals, not its entries` };
  return handedOn(name, at);
}

function getCalleeName(callee: TSESTree.Node): string | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  return `${callee.object.name}.${getPropertyName(callee) ?? ''}`;
}

function isForEachCallback(fn: TSESTree.ArrowFunctionExpression): boolean {
  const call = fn.parent;
  return call.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === fn && call.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(call.callee) === 'forEach';
}

function isAssigned(node: TSESTree.Node): boolean {
  const { outer, parent } = getValueParent(node);
  return (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === outer) || parent?.type === AST_NODE_TYPES.UpdateExpression;
}

/** `undefined`, `void 0`. */
function isUndefinedValue(node: TSESTree.Node): boolean {
  return (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') || (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void');
}

function ok(): UseCheck {
  return { addCalls: [] };
}

function handedOn(name: string, at: string): UseCheck {
  return { reason: `\`${name}\` is handed on (${at}) where a \`Map\` or \`Set\` may be expected, and an LRUCache is neither` };
}

function unsupported(name: string, at: string): UseCheck {
  return { reason: `\`${name}\` is used in a way the rewrite cannot check (${at}); bound it by hand` };
}

function line(node: TSESTree.Node): number {
  return node.loc.start.line;
}

// ---------------------------------------------------------------------------
// Types: lru-cache declares `LRUCache<K extends {}, V extends {}>`

type TypeCheck = { readonly typeReferences: TSESTree.TSTypeReference[] } | { readonly reason: string };

/**
 * The binding's `Map<K, V>` / `Set<T>` annotations and assertions (renamed by the rewrite),
 * after checking that every type argument the LRUCache gets excludes `null` and `undefined`.
 * JavaScript has no types to check.
 */
function checkTypes(facts: FileFacts, collection: LongLivedCollection, creation: TSESTree.NewExpression): TypeCheck {
  if (!facts.isTypeScript) return { typeReferences: [] };
  const { name, kind } = collection;
  const typeReferences: TSESTree.TSTypeReference[] = [];
  for (const type of findDeclaredTypes(collection, creation)) {
    if (!isCollectionType(type, kind)) return { reason: `\`${name}\` is declared as \`${facts.source.slice(...type.range)}\`, which an LRUCache does not implement` };
    typeReferences.push(type);
  }
  const argumentLists = [creation.typeArguments, ...typeReferences.map((reference) => reference.typeArguments)].filter((list) => list !== undefined);
  if (argumentLists.length === 0) {
    return { reason: `\`new ${kind}()\` has no type arguments: write \`new ${kind}<…>()\` first, since lru-cache needs key and value types that exclude null and undefined` };
  }
  for (const list of argumentLists) {
    if (list.params.length !== (kind === 'Map' ? 2 : 1)) return { reason: `\`${name}\` has type arguments the rewrite cannot map onto \`LRUCache<K, V>\`` };
    const nullable = list.params.findIndex((param) => !isNeverNullish(facts, param, 0));
    if (nullable !== -1) return { reason: describeNullable(collection, nullable, facts.source.slice(...list.params[nullable]!.range)) };
  }
  return { typeReferences };
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
  const classBody = findAncestor(declaration, AST_NODE_TYPES.ClassBody);
  const field = classBody?.body.find((member) => member.type === AST_NODE_TYPES.PropertyDefinition && getMemberKeyName(member) === name);
  return field?.type === AST_NODE_TYPES.PropertyDefinition ? field.typeAnnotation?.typeAnnotation : undefined;
}

function getMemberKeyName(member: TSESTree.PropertyDefinition): string | undefined {
  return member.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${member.key.name}` : getKeyName(member);
}

/** `Map<K, V>`, `globalThis.Map<K, V>` (or `Set<T>`), with its type arguments. */
function isCollectionType(type: TSESTree.TypeNode, kind: 'Map' | 'Set'): type is TSESTree.TSTypeReference {
  if (type.type !== AST_NODE_TYPES.TSTypeReference || !type.typeArguments) return false;
  const { typeName } = type;
  if (typeName.type === AST_NODE_TYPES.Identifier) return typeName.name === kind;
  return typeName.type === AST_NODE_TYPES.TSQualifiedName && typeName.right.name === kind && typeName.left.type === AST_NODE_TYPES.Identifier && typeName.left.name === 'globalThis';
}

const MAX_ALIAS_DEPTH = 5;

/**
 * Whether a type surely excludes `null` and `undefined`, read from the syntax:
 * - `string`, `number`, literals, object, array, tuple and function types: yes
 * - `any`, `unknown`, `null`, `undefined`, `void`, and unions with any of them: no
 * - a type parameter: only through its constraint (`T extends {}`)
 * - a type alias of this file: what it stands for
 * - other named types (interfaces, classes, imports): yes; the CLI's type check catches an imported alias of `X | undefined`
 * - anything else (`T[K]`, conditional types, `typeof x`): no
 */
function isNeverNullish(facts: FileFacts, type: TSESTree.TypeNode, depth: number): boolean {
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
      return type.types.every((member) => isNeverNullish(facts, member, depth));
    case AST_NODE_TYPES.TSIntersectionType:
      return type.types.some((member) => isNeverNullish(facts, member, depth));
    case AST_NODE_TYPES.TSTypeOperator:
      return type.operator === 'keyof' || (type.typeAnnotation !== undefined && isNeverNullish(facts, type.typeAnnotation, depth));
    case AST_NODE_TYPES.TSTypeReference:
      return isNamedTypeNeverNullish(facts, type, depth);
    default:
      return false;
  }
}

function isNamedTypeNeverNullish(facts: FileFacts, reference: TSESTree.TSTypeReference, depth: number): boolean {
  if (reference.typeName.type !== AST_NODE_TYPES.Identifier) return true;
  const { name } = reference.typeName;
  const parameter = findTypeParameter(reference, name);
  if (parameter) return parameter.constraint !== undefined && depth < MAX_ALIAS_DEPTH && isNeverNullish(facts, parameter.constraint, depth + 1);
  const alias = findTypeAlias(facts, name);
  if (alias) return depth < MAX_ALIAS_DEPTH && isNeverNullish(facts, alias.typeAnnotation, depth + 1);
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
function findTypeAlias(facts: FileFacts, name: string): TSESTree.TSTypeAliasDeclaration | undefined {
  let alias: TSESTree.TSTypeAliasDeclaration | undefined;
  someDescendant(facts, (node) => {
    if (node.type === AST_NODE_TYPES.TSTypeAliasDeclaration && node.id.name === name) alias = node;
    return alias !== undefined;
  });
  return alias;
}

function findAncestor<T extends AST_NODE_TYPES>(node: TSESTree.Node, type: T): Extract<TSESTree.Node, { type: T }> | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === type) return current as Extract<TSESTree.Node, { type: T }>;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// The rewrite, as text edits at the ranges ESLint's parser gives. Recast would reprint
// from a copy of the file with tabs expanded and CRLF turned into LF (so its offsets
// drift from ESLint's), and prints the whole file with LF; text edits keep every byte
// they do not replace.

/** One replacement in the original source. */
interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function planEdits(source: string, rewrite: CacheRewrite, lruName: string, settings: CacheSettings): TextEdit[] {
  const { kind, creation } = rewrite;
  const typeArguments = creation.typeArguments ? formatTypeArguments(source, kind, creation.typeArguments) : '';
  return [
    // `new Map<K, V>()` → `new LRUCache<K, V>({ max, ttl })`
    replaceNode(creation, `new ${lruName}${typeArguments}(${formatCacheOptions(settings)})`),
    // `Map<K, V>` → `LRUCache<K, V>`, `Set<T>` → `LRUCache<T, true>`
    ...rewrite.typeReferences.map((reference) => replaceNode(reference, `${lruName}${formatTypeArguments(source, kind, reference.typeArguments!)}`)),
    // `seen.add(x)` → `seen.set(x, true)`
    ...rewrite.addCalls.flatMap((call) => planAddToSet(source, call)),
  ];
}

function planAddToSet(source: string, call: TSESTree.CallExpression): TextEdit[] {
  const { property } = call.callee as TSESTree.MemberExpression;
  const member = call.arguments[0]!;
  // `add`, `['add']`: only the name changes, quotes and all.
  const name = replaceNode(property, source.slice(...property.range).replace('add', 'set'));
  // After the argument, before any trailing comma or comment: `add(x,)` → `set(x, true,)`.
  return [name, { start: member.range[1], end: member.range[1], text: ', true' }];
}

function replaceNode(node: TSESTree.Node, text: string): TextEdit {
  return { start: node.range[0], end: node.range[1], text };
}

/** `<string, number>` as written; a Set's `<T>` gains the value type `true`. */
function formatTypeArguments(source: string, kind: 'Map' | 'Set', typeArguments: TSESTree.TSTypeParameterInstantiation): string {
  if (kind === 'Map') return source.slice(...typeArguments.range);
  return `<${source.slice(...typeArguments.params[0]!.range)}, true>`;
}

/** Applies edits that do not overlap, last first so earlier offsets hold. */
function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = source;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of ordered) {
    if (edit.end > limit) throw new Error(`bound-cache: overlapping edits at ${edit.start}-${edit.end}`);
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

// ---------------------------------------------------------------------------
// The import: reused when the file has one, added once otherwise, in the file's module style

interface LruBinding {
  /** The local name of `LRUCache`. */
  readonly localName: string;
  /** The edit that makes the name a value in scope; `undefined` when the file already has it. */
  readonly edit: TextEdit | undefined;
}

/** `firstUse`: the offset of the first `new LRUCache()`, which a `require` must come before. */
function planLruBinding(facts: FileFacts, filePath: string, firstUse: number): LruBinding | { readonly reason: string } {
  const imported = findLruImport(facts) ?? findLruRequire(facts);
  if (imported) return imported;
  if (someDescendant(facts, (node) => node.type === AST_NODE_TYPES.Identifier && node.name === LRU_EXPORT)) return { reason: `\`${LRU_EXPORT}\` already names something else in this file` };
  return { localName: LRU_EXPORT, edit: planImportInsertion(facts, filePath, firstUse) };
}

// - `import { LRUCache } from 'lru-cache'`, `import { LRUCache as LRU } from 'lru-cache'`
// - `import type { LRUCache } from 'lru-cache'`, `import { type LRUCache } …`: the `type` goes
function findLruImport(facts: FileFacts): LruBinding | undefined {
  for (const statement of facts.ast.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || statement.source.value !== LRU_MODULE) continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type !== AST_NODE_TYPES.ImportSpecifier || getImportedName(specifier) !== LRU_EXPORT) continue;
      const typeOnly = statement.importKind === 'type' ? statement : specifier.importKind === 'type' ? specifier : undefined;
      return { localName: specifier.local.name, edit: typeOnly && dropTypeKeyword(facts, typeOnly) };
    }
  }
  return undefined;
}

function getImportedName(specifier: TSESTree.ImportSpecifier): string {
  return specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
}

/** `import type {` → `import {`, `{ type LRUCache }` → `{ LRUCache }`. */
function dropTypeKeyword(facts: FileFacts, node: TSESTree.ImportDeclaration | TSESTree.ImportSpecifier): TextEdit | undefined {
  const tokens = facts.sourceCode.getTokens(node);
  const index = tokens.findIndex((token) => token.value === 'type');
  const keyword = tokens[index];
  const next = tokens[index + 1];
  return keyword && next ? { start: keyword.range[0], end: next.range[0], text: '' } : undefined;
}

// `const { LRUCache } = require('lru-cache')`, `const { LRUCache: LRU } = require('lru-cache')`
function findLruRequire(facts: FileFacts): LruBinding | undefined {
  for (const statement of facts.ast.body) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const { id, init } of statement.declarations) {
      if (!init || !isRequireCall(init, LRU_MODULE) || id.type !== AST_NODE_TYPES.ObjectPattern) continue;
      for (const property of id.properties) {
        if (property.type === AST_NODE_TYPES.Property && getKeyName(property) === LRU_EXPORT && property.value.type === AST_NODE_TYPES.Identifier) {
          return { localName: property.value.name, edit: undefined };
        }
      }
    }
  }
  return undefined;
}

/** `require('x')`, or any `require(…)` without a module. */
function isRequireCall(node: TSESTree.Node, module?: string): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require') return false;
  const argument = node.arguments[0];
  return module === undefined || (argument?.type === AST_NODE_TYPES.Literal && argument.value === module);
}

/**
 * Where the new import goes:
 * - after the last top-level import, on its own line
 * - after the last `require` statement before the first `new LRUCache()`, which runs as the module loads
 * - else above the first statement and the comments attached to it, below a file header, a `#!` line and `'use strict'`
 */
function planImportInsertion(facts: FileFacts, filePath: string, firstUse: number): TextEdit {
  const isModule = detectModuleSyntax(facts, filePath) === 'module';
  const quote = detectQuote(facts);
  const semicolon = detectSemicolon(facts);
  const specifier = `${quote}${LRU_MODULE}${quote}`;
  const statement = isModule ? `import { ${LRU_EXPORT} } from ${specifier}${semicolon}` : `const { ${LRU_EXPORT} } = require(${specifier})${semicolon}`;
  const isAnchor = isModule ? (node: TSESTree.Node) => node.type === AST_NODE_TYPES.ImportDeclaration : (node: TSESTree.Node) => isRequireStatement(node) && node.range[1] <= firstUse;
  const anchor = facts.ast.body.findLast(isAnchor);
  if (anchor) {
    const end = getLineEnd(facts.source, anchor.range[1]);
    return { start: end, end, text: `${getLineBreak(facts.source)}${statement}` };
  }
  const first = facts.ast.body.find((node) => !isDirective(node))!;
  // A `#!` line stays first whatever follows it.
  const start = Math.max(getLineStart(facts.source, getAttachedCommentsStart(facts, first)), getHashbangEnd(facts.source));
  const lineBreak = getLineBreak(facts.source);
  return { start, end: start, text: `${statement}${lineBreak}${lineBreak}` };
}

/** `const x = require('x')`, `const y = require('x').y` at the top level. */
function isRequireStatement(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.VariableDeclaration) return false;
  return node.declarations.every(({ init }) => init !== null && (isRequireCall(init) || (init.type === AST_NODE_TYPES.MemberExpression && isRequireCall(init.object))));
}

function isDirective(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.ExpressionStatement && node.directive !== undefined;
}

/** Comments directly above a statement (no blank line between) belong to it; a header separated by a blank line does not. */
function getAttachedCommentsStart(facts: FileFacts, statement: TSESTree.Node): number {
  let start = statement.range[0];
  let startLine = statement.loc.start.line;
  for (const comment of facts.sourceCode.getCommentsBefore(statement).reverse()) {
    if (comment.loc.end.line < startLine - 1) break;
    start = comment.range[0];
    startLine = comment.loc.start.line;
  }
  return start;
}

function getHashbangEnd(source: string): number {
  return source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
}

function getLineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

function getLineEnd(source: string, offset: number): number {
  const end = source.indexOf('\n', offset);
  if (end === -1) return source.length;
  return source[end - 1] === '\r' ? end - 1 : end;
}

function getLineBreak(source: string): string {
  return source.includes('\r\n') ? '\r\n' : '\n';
}

/** The quote of the file's first string: module specifiers come first in most files. */
function detectQuote(facts: FileFacts): string {
  const string = facts.ast.tokens?.find((token) => token.type === AST_TOKEN_TYPES.String);
  return string?.value.startsWith('"') ? '"' : "'";
}

/** `;` unless the file's statements go without. */
function detectSemicolon(facts: FileFacts): string {
  const statements = facts.ast.body.filter((node) => node.type === AST_NODE_TYPES.ImportDeclaration || node.type === AST_NODE_TYPES.VariableDeclaration || node.type === AST_NODE_TYPES.ExpressionStatement);
  return statements.length === 0 || statements.some((node) => facts.source[node.range[1] - 1] === ';') ? ';' : '';
}

/**
 * `import` or `require` for the new binding:
 * - TypeScript, `.mjs`: `import`; `.cjs`: `require`
 * - `.js`: what the file already uses, else the nearest package.json's `"type"` (CommonJS by default, as in Node)
 */
function detectModuleSyntax(facts: FileFacts, filePath: string): 'commonjs' | 'module' {
  if (facts.isTypeScript || /\.mjs$/i.test(filePath)) return 'module';
  if (/\.cjs$/i.test(filePath)) return 'commonjs';
  if (facts.ast.body.some((node) => node.type === AST_NODE_TYPES.ImportDeclaration || node.type.startsWith('Export'))) return 'module';
  if (someDescendant(facts, (node) => isRequireCall(node))) return 'commonjs';
  return readPackageType(path.dirname(path.resolve(filePath)));
}

function readPackageType(folder: string): 'commonjs' | 'module' {
  for (let current = folder; ; current = path.dirname(current)) {
    const manifest = path.join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (path.dirname(current) === current) return 'commonjs';
  }
}
