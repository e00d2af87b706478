/**
 * What a collection is declared as and what it stores: its written `Map<K, V>` type, its
 * `set()`/`add()` calls, its decorators, and whether its values own something (a client, a
 * connection, a timer, a pending promise, a callback) that an eviction would drop on the floor.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getMethodCallOn, getPropertyName, isFunction, unwrapExpression } from './ast';
import type { LongLivedCollection } from './collection-growth';
import { getMemberName } from './collection-sites';
import { findLocalFunction } from './parameter-calls';

/**
 * - `resource`: clients, connections, queues, sockets, workers (by type, class or factory name)
 * - `timer`: `setTimeout()`/`setInterval()` handles
 * - `promise`: pending work (`Promise<T>`, `fetch(url)`, an un-awaited async call)
 * - `function`: callbacks, handlers, promise resolvers
 */
export type HeldValueKind = 'function' | 'promise' | 'resource' | 'timer';

export interface HeldValue {
  readonly kind: HeldValueKind;
  /** How a message names it: `` `Queue` values ``, `` `setInterval()` at line 7 ``. */
  readonly description: string;
}

const RESOURCE_CLASS = /(?:Client|Queue|Connection|Pool|Socket|Server|Worker|Persistor|Limiter|Producer|Consumer|Publisher|Subscriber|Channel|Agent|Transport|Driver|Cluster|Redis|Watcher|Emitter|Stream|Process|Adapter|Database)$/;
/** Map names that say what they hold: `clients`, `connectionsByTenant`, `ClientMap`, `rateLimiters`, `timers`. */
const RESOURCE_NAME = /client|connection|socket|pool|queue|worker|timer|timeout|interval|subscription|listener|watcher|limiter|persistor/i;
const RESOURCE_FACTORIES = /^(?:create(?:Client|Connection|Pool|Server|Cluster|Queue|Worker)|connect|spawn|fork)$/;
/** `createS3Client`, `createRedisConnection`: a factory named for what it opens, when its body is out of sight (imported, a method); a function of the file is read instead. */
const NAMED_RESOURCE_FACTORIES = /^create\w+(?:Client|Connection|Pool|Cluster|Queue|Worker)$/;
const TIMER_FACTORIES = new Set(['setTimeout', 'setInterval', 'setImmediate']);
const TIMER_TYPES = /^(?:Timeout|Timer|Immediate|Interval)$/;
const PROMISE_TYPES = new Set(['Promise', 'PromiseLike']);
/** Calls that return a promise, awaited or not: `fetch(url)`, `import(path)`. */
const PROMISE_FACTORIES = new Set(['fetch']);
/** Values named as functions: `resolve`, `handler`, `callback`, `cb`, `fn`, `hook`. */
const FUNCTION_NAME = /handler|listener|callback|^cb$|^fn$|hook|formatter|transformer|serializer|factory|middleware|resolve|reject/i;

/** `<K, V>` of `new Map<K, V>()` or of a `Map<K, V>` annotation. */
export function getTypeArguments(declared: TSESTree.TypeNode | TSESTree.TSTypeParameterInstantiation | undefined): readonly TSESTree.TypeNode[] | undefined {
  if (declared?.type === AST_NODE_TYPES.TSTypeParameterInstantiation) return declared.params;
  return declared?.type === AST_NODE_TYPES.TSTypeReference ? declared.typeArguments?.params : undefined;
}

/**
 * The type written for the collection: `new Map<K, V>()`, `const cache: Map<K, V> = …`,
 * `private cache: Map<K, V> = …`, `private cache: Map<K, V>;` for `this.cache = new Map()`,
 * `new Map() as Map<K, V>`.
 */
export function getDeclaredType(collection: LongLivedCollection): TSESTree.TypeNode | TSESTree.TSTypeParameterInstantiation | undefined {
  const { declaration } = collection;
  const value = declaration.type === AST_NODE_TYPES.VariableDeclarator ? declaration.init : declaration.type === AST_NODE_TYPES.PropertyDefinition ? declaration.value : declaration.right;
  if (value?.type === AST_NODE_TYPES.TSAsExpression || value?.type === AST_NODE_TYPES.TSSatisfiesExpression) return value.typeAnnotation;
  const creation = value && unwrapExpression(value);
  if (creation?.type === AST_NODE_TYPES.NewExpression && creation.typeArguments) return creation.typeArguments;
  if (declaration.type === AST_NODE_TYPES.VariableDeclarator) return declaration.id.typeAnnotation?.typeAnnotation;
  if (declaration.type === AST_NODE_TYPES.PropertyDefinition) return declaration.typeAnnotation?.typeAnnotation;
  return getFieldDeclaration(collection)?.typeAnnotation?.typeAnnotation;
}

/** The written value type: `V` of `Map<K, V>`, `T` of `Set<T>`. */
export function getValueType(collection: LongLivedCollection): TSESTree.TypeNode | undefined {
  return getTypeArguments(getDeclaredType(collection))?.[collection.kind === 'Map' ? 1 : 0];
}

/** `private cache: Map<K, V>;` (or `@observable cache`) for `this.cache = new Map()` in the constructor. */
function getFieldDeclaration(collection: LongLivedCollection): TSESTree.PropertyDefinition | undefined {
  const { declaration } = collection;
  if (declaration.type === AST_NODE_TYPES.PropertyDefinition) return declaration;
  if (declaration.type !== AST_NODE_TYPES.AssignmentExpression) return undefined;
  const field = getClass(declaration)?.body.body.find((member) => member.type === AST_NODE_TYPES.PropertyDefinition && getMemberName(member) === collection.name);
  return field?.type === AST_NODE_TYPES.PropertyDefinition ? field : undefined;
}

export function getClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) return current;
  }
  return undefined;
}

/** `cache.set(k, v)` / `seen.add(x)` for a use `cache`. */
export function getGrowthCall(use: TSESTree.Node): TSESTree.CallExpression | undefined {
  return getMethodCallOn(use, 'set') ?? getMethodCallOn(use, 'add');
}

/** What a growth call stores: the value of `set(k, v)`, the member of `add(x)`. */
export function getStoredValue(collection: LongLivedCollection, write: TSESTree.CallExpression): TSESTree.Node | undefined {
  const value = write.arguments[collection.kind === 'Map' ? 1 : 0];
  return value?.type === AST_NODE_TYPES.SpreadElement ? undefined : value;
}

/** The decorator on the collection's field (`@observable cache = new Map()`), if any. */
export function getFieldDecorator(collection: LongLivedCollection): TSESTree.Decorator | undefined {
  const field = getFieldDeclaration(collection);
  // espree (JavaScript) leaves `decorators` out.
  return (field?.decorators as TSESTree.Decorator[] | undefined)?.[0];
}

/**
 * What the collection's values own, when they own something an eviction would drop without
 * closing, clearing or settling it. Read from its name (`#clients`, `rateLimiters`), its value
 * type (`Map<string, Queue>`, `Map<string, Promise<T>>`, `Map<string, () => void>`) and the
 * values it is given (`new S3Client(…)`, `setInterval(…)`, `fetch(url)`, `(x) => …`, `resolve`).
 * Only the kinds in `kinds` are looked for.
 */
export function findHeldValue(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection, kinds: ReadonlySet<HeldValueKind>): HeldValue | undefined {
  const valueType = getValueType(collection);
  // `clients = new Map()`: a Map named for what it holds, unless its value type says otherwise (`Map<string, string>`).
  if (kinds.has('resource') && collection.kind === 'Map' && RESOURCE_NAME.test(collection.name) && !isPrimitiveType(valueType)) {
    return { kind: 'resource', description: `what its name says (\`${collection.name}\`)` };
  }
  const typed = valueType && getTypeKind(valueType);
  if (typed && kinds.has(typed.kind)) return typed;
  for (const use of collection.uses) {
    const write = getGrowthCall(use);
    const value = write && getStoredValue(collection, write);
    const held = value && getValueKind(sourceCode, value, 0);
    if (held && kinds.has(held.kind)) return held;
  }
  return undefined;
}

/**
 * A value the collection stores that was made around a resource: `buildRepository(store, client)`,
 * `new Service(getRedisClient())`, `repo = makeRepo(connection)` before `map.set(k, repo)`. It
 * may hold the resource, buffers or timers of its own, which an eviction drops unclosed.
 */
export function findWrappedResource(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection): HeldValue | undefined {
  for (const use of collection.uses) {
    const write = getGrowthCall(use);
    const value = write && getStoredValue(collection, write);
    for (const made of value ? getMakingExpressions(sourceCode, value) : []) {
      // `fetchUser(client, id)` reads data with a client; `buildRepository(store, client)` makes an object that keeps it.
      if (made.type === AST_NODE_TYPES.CallExpression && !OBJECT_FACTORY.test(getCalleeName(made.callee) ?? '')) continue;
      const input = made.arguments.find((argument) => isResourceInput(sourceCode, argument));
      if (input) return { kind: 'resource', description: `made from \`${sourceCode.getText(input)}\` (line ${made.loc.start.line})` };
    }
  }
  return undefined;
}

/** Names of functions that make an object (`buildEventRepository`, `createService`), not read data. */
const OBJECT_FACTORY = /^(?:build|create|make|new|init|open|setup|wrap|spawn|start)(?![a-z])/;

/** The calls and `new`s that make a value: itself, or what its variable is declared or assigned as. */
function getMakingExpressions(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): (TSESTree.CallExpression | TSESTree.NewExpression)[] {
  let value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = unwrapExpression(value.argument);
  if (value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.NewExpression) return [value];
  if (value.type !== AST_NODE_TYPES.Identifier) return [];
  const variable = ASTUtils.findVariable(sourceCode.getScope(value), value);
  const written = (variable?.references ?? []).flatMap((reference) => (reference.writeExpr ? [reference.writeExpr] : []));
  return written.flatMap((expression) => {
    let made = unwrapExpression(expression);
    if (made.type === AST_NODE_TYPES.AwaitExpression) made = unwrapExpression(made.argument);
    return made.type === AST_NODE_TYPES.CallExpression || made.type === AST_NODE_TYPES.NewExpression ? [made] : [];
  });
}

/** `client`, `this.connection`, `getEventsClient()`, `new Redis()`, or a variable made by one of these. */
function isResourceInput(sourceCode: Readonly<SourceCode>, node: TSESTree.Node, depth = 0): boolean {
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.Identifier || value.type === AST_NODE_TYPES.MemberExpression) {
    const name = value.type === AST_NODE_TYPES.Identifier ? value.name : getPropertyName(value);
    if (name && RESOURCE_CLASS.test(name.charAt(0).toUpperCase() + name.slice(1))) return true;
    if (value.type !== AST_NODE_TYPES.Identifier || depth > 0) return false;
    const def = ASTUtils.findVariable(sourceCode.getScope(value), value)?.defs[0];
    const init = def?.type === 'Variable' ? (def.node as TSESTree.VariableDeclarator).init : null;
    return init ? isResourceInput(sourceCode, init, depth + 1) : false;
  }
  if (value.type === AST_NODE_TYPES.AwaitExpression) return isResourceInput(sourceCode, value.argument, depth);
  if (value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.NewExpression) {
    const name = getCalleeName(value.callee) ?? '';
    return RESOURCE_CLASS.test(name) || isResourceFactory(sourceCode, value.callee, name);
  }
  return false;
}

/** `createClient()`, `connect()`; `createS3Client()` unless the file defines it with a body (what it returns then decides, not its name). */
function isResourceFactory(sourceCode: Readonly<SourceCode>, callee: TSESTree.Node, name: string): boolean {
  return RESOURCE_FACTORIES.test(name) || (NAMED_RESOURCE_FACTORIES.test(name) && findLocalFunction(sourceCode, callee) === undefined);
}

/** Whether a value, or a value type, is a function: a stored handler, callback or resolver. */
export function isFunctionValue(sourceCode: Readonly<SourceCode>, node: TSESTree.Node | undefined, type: TSESTree.TypeNode | undefined): boolean {
  if (type && getTypeKind(type)?.kind === 'function') return true;
  if (!node) return false;
  const value = unwrapExpression(node);
  // `plugin.handler`
  if (value.type === AST_NODE_TYPES.MemberExpression) return FUNCTION_NAME.test(getPropertyName(value) ?? '');
  return getValueKind(sourceCode, value, 0)?.kind === 'function';
}

function isPrimitiveType(type: TSESTree.TypeNode | undefined): boolean {
  switch (type?.type) {
    case AST_NODE_TYPES.TSStringKeyword:
    case AST_NODE_TYPES.TSNumberKeyword:
    case AST_NODE_TYPES.TSBooleanKeyword:
    case AST_NODE_TYPES.TSBigIntKeyword:
    case AST_NODE_TYPES.TSLiteralType:
      return true;
    case AST_NODE_TYPES.TSUnionType:
      return type.types.every((member) => isPrimitiveType(member) || member.type === AST_NODE_TYPES.TSNullKeyword || member.type === AST_NODE_TYPES.TSUndefinedKeyword);
    default:
      return false;
  }
}

function getTypeKind(type: TSESTree.TypeNode): HeldValue | undefined {
  if (type.type === AST_NODE_TYPES.TSFunctionType) return { kind: 'function', description: 'function values' };
  if (type.type === AST_NODE_TYPES.TSTypeLiteral) return getOwnedMemberType(type);
  if (type.type === AST_NODE_TYPES.TSUnionType) {
    for (const member of type.types) {
      const kind = getTypeKind(member);
      if (kind) return kind;
    }
    return undefined;
  }
  if (type.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const name = type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName.name : type.typeName.type === AST_NODE_TYPES.TSQualifiedName ? type.typeName.right.name : '';
  const described = `\`${name}\` values`;
  if (PROMISE_TYPES.has(name)) return { kind: 'promise', description: described };
  if (TIMER_TYPES.test(name)) return { kind: 'timer', description: described };
  // `ReturnType<typeof setTimeout>`
  const argument = type.typeArguments?.params[0];
  if (name === 'ReturnType' && argument?.type === AST_NODE_TYPES.TSTypeQuery && argument.exprName.type === AST_NODE_TYPES.Identifier && TIMER_FACTORIES.has(argument.exprName.name)) {
    return { kind: 'timer', description: 'timer handles' };
  }
  if (name === 'Function' || FUNCTION_NAME.test(name)) return { kind: 'function', description: described };
  return RESOURCE_CLASS.test(name) ? { kind: 'resource', description: described } : undefined;
}

/** `{ httpAgent: http.Agent; timer: NodeJS.Timeout }`: entries that own a resource or a timer through a member, as {@link getOwnedMember} reads values. */
function getOwnedMemberType(literal: TSESTree.TSTypeLiteral): HeldValue | undefined {
  for (const member of literal.members) {
    const type = member.type === AST_NODE_TYPES.TSPropertySignature ? member.typeAnnotation?.typeAnnotation : undefined;
    const kind = type && getTypeKind(type);
    if (kind?.kind === 'timer' || kind?.kind === 'resource') return kind;
  }
  return undefined;
}

/** `new Redis()`, `createClient()`, `setTimeout(…)`, `fetch(url)`, `() => …`, `resolve`, or a local made of one of those (one step back). */
function getValueKind(sourceCode: Readonly<SourceCode>, node: TSESTree.Node, depth: number): HeldValue | undefined {
  const at = `line ${node.loc.start.line}`;
  const value = unwrapExpression(node);
  if (isFunction(value)) return { kind: 'function', description: `a function (${at})` };
  if (value.type === AST_NODE_TYPES.AwaitExpression) {
    // `await connect()` is still a connection; `await fetch()` is its result.
    const inner = getValueKind(sourceCode, value.argument, depth);
    return inner?.kind === 'resource' ? inner : undefined;
  }
  if (value.type === AST_NODE_TYPES.NewExpression) {
    const name = getCalleeName(value.callee) ?? '';
    if (name === 'Promise') return { kind: 'promise', description: `a \`new Promise()\` (${at})` };
    return RESOURCE_CLASS.test(name) ? { kind: 'resource', description: `a \`new ${name}()\` (${at})` } : undefined;
  }
  if (value.type === AST_NODE_TYPES.CallExpression) return getCallKind(sourceCode, value, at);
  if (value.type === AST_NODE_TYPES.ObjectExpression) return getOwnedMember(sourceCode, value, depth);
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (FUNCTION_NAME.test(value.name)) return { kind: 'function', description: `\`${value.name}\` (${at})` };
  if (depth > 0) return undefined;
  const variable = ASTUtils.findVariable(sourceCode.getScope(value), value);
  const def = variable?.defs[0];
  if (def?.type === 'FunctionName') return { kind: 'function', description: `the function \`${value.name}\` (${at})` };
  if (def?.type !== 'Variable' || isLoopVariable(def.node as TSESTree.VariableDeclarator)) return undefined;
  // The values the variable is given before it is stored, not only its first: `let agents = cache.get(k); if (!agents) { agents = { … }; cache.set(k, agents) }`.
  for (const reference of variable!.references) {
    if (reference.identifier.range[0] > value.range[0]) continue;
    const kind = reference.writeExpr && getValueKind(sourceCode, reference.writeExpr, depth + 1);
    if (kind) return kind;
  }
  return undefined;
}

/** `for (const item of items)`: its "written value" is the whole iterable, not an item. */
function isLoopVariable(declarator: TSESTree.VariableDeclarator): boolean {
  const loop = declarator.parent?.parent;
  return (loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement) && loop.left === declarator.parent;
}

/**
 * `{ resolve, reject, timeout }`: an entry that owns a timer or a resource through one of its
 * properties is a pending operation to settle or close, like the timer or client alone.
 */
function getOwnedMember(sourceCode: Readonly<SourceCode>, object: TSESTree.ObjectExpression, depth: number): HeldValue | undefined {
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property || isFunction(property.value)) continue;
    const kind = getValueKind(sourceCode, property.value, depth);
    if (kind?.kind === 'timer' || kind?.kind === 'resource') return kind;
  }
  return undefined;
}

function getCallKind(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression, at: string): HeldValue | undefined {
  const name = getCalleeName(call.callee) ?? '';
  if (TIMER_FACTORIES.has(name)) return { kind: 'timer', description: `a \`${name}()\` handle (${at})` };
  if (isResourceFactory(sourceCode, call.callee, name)) return { kind: 'resource', description: `a \`${name}()\` result (${at})` };
  // Not awaited where it is stored: `fetch(url)`, `load().then(…)`, `lookup(key)` of an `async function lookup`.
  if (PROMISE_FACTORIES.has(name) || name === 'then' || name === 'catch' || name === 'finally' || isLocalAsyncFunction(sourceCode, call.callee)) {
    return { kind: 'promise', description: `the promise of \`${name}()\` (${at})` };
  }
  return undefined;
}

function isLocalAsyncFunction(sourceCode: Readonly<SourceCode>, callee: TSESTree.Node): boolean {
  return findLocalFunction(sourceCode, callee)?.async ?? false;
}

/** `Redis`, `createClient`, `aws.S3Client` → `S3Client`. */
function getCalleeName(callee: TSESTree.Node): string | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
}
