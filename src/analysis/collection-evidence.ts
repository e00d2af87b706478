/**
 * The evidence `no-unbounded-cache` needs before it reports: a write that adds a key taken
 * from data the program receives while it runs. A `Map` that only grows is a leak when its
 * keys come from requests, messages or connections; it is a registry, a lookup table, a
 * pool or a per-call scratch pad when they come from the code itself.
 *
 * A write counts when its key is new each time (`Date.now()`, `randomUUID()`, `n++`), or is
 * not a constant and the write runs per event (an event or route handler, a loop that never
 * ends), or derives from a parameter of the ordinary function that writes it
 * (`cache.set(key, …)`, `seen.add(tx.hash)`). Nothing counts, and the collection stays
 * silent, when:
 * - the key type is finite (`Map<Kind, …>`, `Map<'a' | 'b', …>`, `Map<keyof T, …>`), or the
 *   key is a literal, an enum member, an import, a module constant, a `case` label, or a
 *   parameter named for a small key space (`locale`, `timeZone`, `kind`, …; see `collection-keys`);
 * - the write is in set-up code: a constructor, a decorator, a function named for set-up
 *   (`register*`, `add*`, `define*`, `use*`, `install*`, `init*`, `setup*`, `configure*`, …;
 *   `on*`/`subscribe*`/`set*` when it stores a function), or a private helper only those call;
 *   unless this file calls it from a handler or loop, or its name or key says it keeps one
 *   entry per session, connection, socket, request, …;
 * - a `has()` check throws on a duplicate key (a registry), or the set only records which
 *   warnings were logged (`if (!warned.has(k)) { warned.add(k); log.warn(…) }`, see `collection-log-once`);
 * - the write is in a hook for tests (`__setCache`, `primeForTests`);
 * - the write only replaces the entry of a key the map holds (`if (existing) map.set(id, { ...existing })`,
 *   `if (!map.has(id)) return;` before it: see `collection-probes`), which adds none;
 * - the key was first looked up in a constant table of the code, and the function leaves when it
 *   is not there (`const file = BUNDLE_FILES[name]; if (!file) throw …`: see `collection-admission`);
 * - the value is a module loaded by a path made from the key (`require(\`./sources/${name}\`)`, here
 *   or in a function given the key, also of another module: see `collection-module-loads`);
 * - the field is decorated, or the values are clients, connections, queues or timers, or entries
 *   that own one (`{ resolve, reject, timeout }`): a pool; so are objects an ordinary function
 *   makes around a client (one per connection from a handler is still reported);
 * - a registration (`register*`, `define*`, `declare*`) fills the collection, and the write in an
 *   ordinary method updates what it registered; or the collection is named a registry or catalog
 *   (`chatLocalRegistry`) and no handler or loop of this file fills it;
 * - the collection belongs to an object or closure made per call (here, and per-call-owners.ts
 *   across the project), or is a public field that another module of the project trims
 *   (collection-trims-elsewhere.ts).
 * A private helper's parameters are what its callers pass (collection-keys.ts): a key from
 * `this.snapshotOne(queue.name)` in a loop over the configured queues is not a caller's data; so
 * are an exported function's, when every call of it in the project passes values written in the
 * code (project-callers.ts, given by the rule).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getEnclosingFunction, getKeyName, getMethodCallOn, getPropertyName, getValueParent, isFunction, unwrapExpression } from './ast';
import type { LongLivedCollection } from './collection-growth';
import { isAdmittedByConstantTable } from './collection-admission';
import { getGuardingIf, isThrowingBranch } from './collection-checks';
import { isLogOnceSet } from './collection-log-once';
import { storesModuleNamedByKey } from './collection-module-loads';
import type { Probe } from './collection-probes';
import { findProbes, replacesHeldEntry } from './collection-probes';
import type { KeyOrigin } from './collection-keys';
import { getKeyDomain, getKeyOrigin, getKeyTypeArgument, isConstantKey, isFiniteKeyName, isObjectKey, isRuntimeKey } from './collection-keys';
import { findCallSites, findEndlessLoop, getCallingFunction, getEventSource, getFunctionName, isConstructor } from './collection-sites';
import type { HeldValueKind } from './collection-values';
import { findHeldValue, findWrappedResource, getClass, getDeclaredType, getFieldDecorator, getGrowthCall, getStoredValue, getValueType, isFunctionValue } from './collection-values';

export interface GrowthEvidence {
  /** The call that adds a key from run-time data: `cache.set(key, …)`. */
  readonly write: TSESTree.CallExpression;
  /** Where that happens and where the key comes from, as the message says it: ``on every call of `remember()` (keys from `key`)``. */
  readonly description: string;
  /** The keys are objects, so a `WeakMap`/`WeakSet` lets each entry go with its key. */
  readonly objectKeys: boolean;
}

/** Functions that fill registries while the program sets up: `registerHook`, `addPlugin`, `defineRoute`, `use`, `init`. */
const SETUP_NAME = /^(?:register|add|define|use|install|provide|mount|declare|extend|setup|setUp|init|initiali[sz]e|configure|bootstrap)(?![a-z])/;
/** `on(event, handler)`, `once`, `subscribe`, `onChange(handler)`, `setFormatter(field, fn)`: set-up only when what they store is a function (`onMessage(id)` is a handler, not a registration). */
const SUBSCRIBE_NAME = /^(?:on|once|subscribe|set)(?![a-z])/;
/** Things a program has one of per connection or request: `registerSession(id)` runs per session. */
const PER_CONNECTION_WORDS = 'session|connection|socket|subscriber|peer|visitor|request|upload|download|transaction';
/** A noun that says one entry per connection or request. */
const PER_CONNECTION = new RegExp(`^(?:${PER_CONNECTION_WORDS})s?$`, 'i');
/** A name about one of those anywhere in it: `sessionRegistry`, `uploadCatalog`. */
const PER_CONNECTION_PART = new RegExp(PER_CONNECTION_WORDS, 'i');
/** Words after the noun a name is about: `addSessionById`, `registerSessionToken` are about sessions. */
const TRAILING_WORDS = /^(?:id|ids|key|keys|by|name|names|token|tokens|uuid|guid|ref|handle)$/i;
/** Collections their authors name registries: `chatLocalRegistry`, `taskCatalog`, `registrations` (the end of the name, not `registrationChallenges`). */
const REGISTRY_NAME = /(?:^r|R)egistr(?:y|ies|ations?)$|(?:^c|C)atalog$/;
/** Functions that register what the code declares: their map's other writes update registered entries. */
const REGISTRATION_NAME = /^(?:register|define|declare)(?![a-z])/;
/** Class names of objects made for one operation: their fields die with them. */
const PER_CALL_CLASS = /(?:Builder|Visitor|Walker|Collector|Context|Request|Response|Parser|Serializer|Printer|Scanner|Tokenizer|Lexer|Traverser|Iterator|Accumulator|Batch|Operation|Job|Task|Command|Query|Transaction|Snapshot|Plan|Step)$/;
/** `(target, propertyKey)`: the parameters of a decorator, which runs once per decorated class member, as the class is defined. */
const DECORATOR_TARGET = /^(?:target|prototype|constructor|klass|cls)$/;
const DECORATOR_MEMBER = /^(?:propertyKey|propertyName|key|name|property|member|field|memberName|context)$/;
/** Factories of per-operation closures: `createToolCallAccumulator()`, `createPropTypeVisitors()`. */
const PER_CALL_FACTORY = /^(?:create|make|new|build)\w*(?:Builder|Visitors?|Walker|Collector|Accumulator|Context|Parser|Serializer|Tracker|Batch|Scope)$/;
/** Parameters that carry one operation: `ctx`, `context`, `req`, `request`; and their types: `ToolContext`, `IncomingRequest`. */
const OPERATION_PARAMETER = /^(?:ctx|context|req|request)$/;
const OPERATION_TYPE = /(?:Context|Ctx|Request)$/;
/** Hooks for tests: `__setRequireDirectoryCache`, `seedForTests`, `primeCacheForTesting`. */
const TEST_HOOK_NAME = /^__(?:set|reset|seed|prime|inject|mock|stub)(?=[A-Z_]|$)|(?:For|In)Tests?$|ForTesting$/;
const MAX_CALLER_DEPTH = 2;
/** Values that make a collection a pool of things to close, not a cache. */
const POOLED: ReadonlySet<HeldValueKind> = new Set(['resource', 'timer']);

/**
 * The first write of `collection` that adds a key from run-time data, or `undefined` when
 * nothing shows that the keys are unbounded (see the file comment for what counts).
 * `isKeyFixedElsewhere` clears a write by what the file alone cannot show (its callers in other files).
 */
export function findRuntimeGrowth(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection, isKeyFixedElsewhere?: (write: TSESTree.CallExpression) => boolean): GrowthEvidence | undefined {
  const keyType = getKeyTypeArgument(getDeclaredType(collection));
  const domain = keyType && getKeyDomain(sourceCode, keyType);
  if (domain === 'finite') return undefined;
  // A decorated field belongs to its decorator (MobX, an ORM); clients, queues and timers are a pool an eviction would leak.
  if (getFieldDecorator(collection) || hasDuplicateCheck(collection) || isLogOnceSet(collection) || findHeldValue(sourceCode, collection, POOLED) || isOwnedPerCall(sourceCode, collection)) return undefined;
  let probes: readonly Probe[] | undefined;
  for (const use of collection.uses) {
    const write = getGrowthCall(use);
    if (!write || collection.isInitialisation(use)) continue;
    probes ??= findProbes(sourceCode, collection);
    if (replacesHeldEntry(sourceCode, collection, write, probes)) continue;
    const key = write.arguments[0];
    if (!key || key.type === AST_NODE_TYPES.SpreadElement) continue;
    const description = describeRuntimeWrite(sourceCode, collection, write, key);
    // Asked last, of a write that would be reported: it reads other files (project-callers.ts).
    if (description === undefined || isKeyFromConstantTable(sourceCode, write) || storesModuleNamedByKey(sourceCode, write) || isKeyFixedElsewhere?.(write)) continue;
    const objectKeys = domain === 'object' || (domain === undefined && isObjectKey(sourceCode, unwrapExpression(key)));
    return { write, description, objectKeys };
  }
  return undefined;
}

/**
 * `const file = BUNDLE_FILES[name]; if (!file) throw …; cache.set(name, …)`: every parameter the key
 * comes from (a locale, a kind … aside) was found in a constant table first (collection-admission.ts).
 */
function isKeyFromConstantTable(sourceCode: Readonly<SourceCode>, write: TSESTree.CallExpression): boolean {
  const key = write.arguments[0];
  if (!key || key.type === AST_NODE_TYPES.SpreadElement) return false;
  // `TABLE[parts]` turns an array or object into a string, while a `Map` tells its keys apart by identity.
  if (isObjectKey(sourceCode, unwrapExpression(key))) return false;
  const origin = getKeyOrigin(sourceCode, key);
  if (![...origin.sources].every((source) => source === 'constant' || source === 'input')) return false;
  return isAdmittedByConstantTable(sourceCode, write, origin.inputs.filter((name) => !isFiniteKeyName(name)));
}

/** Why `write` adds a run-time key, as the message says it; `undefined` when it does not. */
function describeRuntimeWrite(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection, write: TSESTree.CallExpression, key: TSESTree.Expression): string | undefined {
  const origin = getKeyOrigin(sourceCode, key);
  if (isConstantKey(origin) || isFixedByCase(key, write)) return undefined;
  // `cache.set(\`${symbol}:${Date.now()}\`, …)`: a new key every time, wherever it runs.
  // A registry's entries are new objects too (`registry.add({ key, id })`): it grows with what is registered, not with time.
  const registeredObject = isObjectLiteralOrNew(key) && isNamedRegistry(collection);
  if (origin.unique !== undefined && !registeredObject) return `with keys made from \`${origin.unique}\``;
  const fn = getCallingFunction(write);
  const loop = findEndlessLoop(write, fn);
  if (loop) return `in a loop that never ends (line ${loop.loc.start.line})${keysFrom(origin)}`;
  if (!fn) return undefined;
  const source = getEventSource(fn);
  if (source !== undefined) return `in ${source} (line ${fn.loc.start.line})${keysFrom(origin)}`;
  // Objects made around a client (`buildRepository(store, client)`) are a pool when an ordinary function makes them; one per connection from a handler is still reported above.
  if (findWrappedResource(sourceCode, collection)) return undefined;
  // `requestAnimationFrame(() => registry.set(…))` in a decorator: the deferred callback runs once per call of the function around it.
  const owner = getDeferringFunction(fn) ?? fn;
  return describeCalledWrite(sourceCode, collection, write, owner, origin);
}

/** Why a write in the function `fn` adds a run-time key: `fn` is called per request, or a set-up function called from a handler. */
function describeCalledWrite(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection, write: TSESTree.CallExpression, fn: FunctionNode, origin: KeyOrigin): string | undefined {
  const name = getFunctionName(fn);
  // `__setCacheForTests(…)`: a hook only tests call.
  if (name !== undefined && TEST_HOOK_NAME.test(name)) return undefined;
  const called = name === undefined ? `the function at line ${fn.loc.start.line}` : `\`${name}()\``;
  if (isSetupFunction(sourceCode, fn, name, write, collection) || isNamedRegistry(collection)) {
    const noun = getPerConnectionNoun(name) ?? getPerConnectionNoun(origin.input);
    if (noun !== undefined) return `on every call of ${called} (one entry per ${noun.toLowerCase()})`;
    const caller = findRuntimeCaller(sourceCode, fn, 0);
    return caller && `on every call of ${called} from ${caller}`;
  }
  // `updateTaskMetadata(id, …)` of a map `registerTask()` fills: it rewrites registered entries.
  if (!isRuntimeKey(origin) || isCalledOnlyAtSetup(sourceCode, fn) || isFilledByRegistration(sourceCode, collection)) return undefined;
  return `on every call of ${called}${keysFrom(origin)}`;
}

/** The noun a name is about when it is one entry per connection or request: `registerSession` → `Session`; not `registerSessionWebhook`. */
function getPerConnectionNoun(name: string | undefined): string | undefined {
  const words = (name ?? '').split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  while (words.length > 1 && TRAILING_WORDS.test(words.at(-1)!)) words.pop();
  const head = words.at(-1);
  return head !== undefined && PER_CONNECTION.test(head) ? head.replace(/s$/i, '') : undefined;
}

/** `chatLocalRegistry`, `taskCatalog`: named a registry, and not one of sessions or connections (`sessionRegistry`). */
function isNamedRegistry(collection: LongLivedCollection): boolean {
  return REGISTRY_NAME.test(collection.name) && !PER_CONNECTION_PART.test(collection.name);
}

/**
 * Whether a function named for registration (`register*`, `define*`, `declare*`) writes the collection (`registerTask(task)` →
 * `this.tasks.set(task.id, …)`), and is not one per connection (`registerSession`). Its other
 * writes from ordinary methods update what was registered.
 */
function isFilledByRegistration(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection): boolean {
  return collection.uses.some((use) => {
    const write = getGrowthCall(use);
    const fn = write && getCallingFunction(write);
    const name = fn && getFunctionName(fn);
    if (name === undefined || getPerConnectionNoun(name) !== undefined || !REGISTRATION_NAME.test(stripPrivatePrefix(name))) return false;
    return getEventSource(fn!) === undefined && findRuntimeCaller(sourceCode, fn!, 0) === undefined;
  });
}

/** `{ key, id }`, `new Entry(…)`: a key that is an object made right there. */
function isObjectLiteralOrNew(key: TSESTree.Node): boolean {
  const value = unwrapExpression(key);
  return value.type === AST_NODE_TYPES.ObjectExpression || value.type === AST_NODE_TYPES.NewExpression;
}

/** One-shot deferrals: the callback runs once, later, for the call that schedules it. */
const DEFERRALS = new Set(['setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick', 'requestAnimationFrame', 'requestIdleCallback', 'then', 'catch', 'finally']);

/** The function that schedules `fn` as a one-shot callback (`setTimeout(fn)`, `promise.then(fn)`), when it is one. */
function getDeferringFunction(fn: FunctionNode): FunctionNode | undefined {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !(call.arguments as readonly TSESTree.Node[]).includes(fn)) return undefined;
  const callee = call.callee;
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
  return name !== undefined && DEFERRALS.has(name) ? getCallingFunction(call) : undefined;
}

function keysFrom(origin: KeyOrigin): string {
  return origin.input === undefined ? '' : ` (keys from \`${origin.input}\`)`;
}

/** `case 'azure': providers.set(name, …)` under `switch (name)`: the key is that literal. */
function isFixedByCase(key: TSESTree.Node, write: TSESTree.Node): boolean {
  if (key.type !== AST_NODE_TYPES.Identifier) return false;
  for (let node = write.parent; node && !isFunction(node); node = node.parent) {
    if (node.type !== AST_NODE_TYPES.SwitchCase || !node.test || node.test.type !== AST_NODE_TYPES.Literal) continue;
    const { discriminant } = node.parent;
    if (discriminant.type === AST_NODE_TYPES.Identifier && discriminant.name === key.name) return true;
  }
  return false;
}

/** A registration: a constructor, a decorator, a function named for set-up, or an `on*`/`subscribe`/`set*` that stores a function. */
function isSetupFunction(sourceCode: Readonly<SourceCode>, fn: FunctionNode, name: string | undefined, write: TSESTree.CallExpression, collection: LongLivedCollection): boolean {
  if (isConstructor(fn) || isDecoratorFunction(fn)) return true;
  if (name === undefined) return false;
  const bare = stripPrivatePrefix(name);
  if (SETUP_NAME.test(bare)) return true;
  if (!SUBSCRIBE_NAME.test(bare)) return false;
  return isFunctionValue(sourceCode, getStoredValue(collection, write), getValueType(collection)) || storesListOfFunctions(sourceCode, collection, write, fn);
}

/**
 * `on(event, fn) { if (!pipes.has(event)) pipes.set(event, []); pipes.get(event).push(fn); }`: the
 * entry is a list of listeners, filled with functions by the same function, as an emitter keeps them.
 */
function storesListOfFunctions(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection, write: TSESTree.CallExpression, fn: FunctionNode): boolean {
  const stored = getStoredValue(collection, write);
  if (collection.kind !== 'Map' || stored?.type !== AST_NODE_TYPES.ArrayExpression || stored.elements.length > 0) return false;
  return collection.uses.some((use) => {
    if (getEnclosingFunction(use) !== fn) return false;
    const get = getMethodCallOn(use, 'get');
    const push = get && getMethodCallOn(get, 'push');
    return push !== undefined && push.arguments.length > 0 && push.arguments.every((argument) => isFunctionValue(sourceCode, argument, undefined));
  });
}


/** `_on`, `#register`, `$use`: the name without its privacy mark. */
function stripPrivatePrefix(name: string): string {
  return name.replace(/^[_#$]+/, '');
}

/** `function Field(target, propertyKey) {…}`: a decorator. */
function isDecoratorFunction(fn: FunctionNode): boolean {
  const [target, member] = fn.params;
  return target?.type === AST_NODE_TYPES.Identifier && DECORATOR_TARGET.test(target.name) && member?.type === AST_NODE_TYPES.Identifier && DECORATOR_MEMBER.test(member.name);
}

function isSetupName(fn: FunctionNode): boolean {
  const name = getFunctionName(fn);
  return isConstructor(fn) || (name !== undefined && SETUP_NAME.test(stripPrivatePrefix(name)));
}

/**
 * A place in this file that calls `fn` per event: from a handler or a loop that never ends,
 * directly or through up to two ordinary functions (`server.on('connection', (socket) =>
 * registerSession(socket.id))`). Returns how the message names it.
 */
function findRuntimeCaller(sourceCode: Readonly<SourceCode>, fn: FunctionNode, depth: number): string | undefined {
  for (const site of findCallSites(sourceCode, fn).sites) {
    const line = site.node.loc.start.line;
    if (site.eventSource !== undefined) return `${site.eventSource} (line ${line})`;
    const caller = getCallingFunction(site.node);
    if (findEndlessLoop(site.node, caller)) return `a loop that never ends (line ${line})`;
    if (!caller || isSetupName(caller)) continue;
    const source = getEventSource(caller);
    if (source !== undefined) return `${source} (line ${line})`;
    if (depth < MAX_CALLER_DEPTH) {
      const further = findRuntimeCaller(sourceCode, caller, depth + 1);
      if (further !== undefined) return further;
    }
  }
  return undefined;
}

/** A private method or an unexported function that this file calls only at module top level, from constructors and from set-up functions. */
function isCalledOnlyAtSetup(sourceCode: Readonly<SourceCode>, fn: FunctionNode): boolean {
  const { sites, complete } = findCallSites(sourceCode, fn);
  if (!complete || sites.length === 0) return false;
  return sites.every((site) => {
    if (site.eventSource !== undefined) return false;
    const caller = getCallingFunction(site.node);
    return !findEndlessLoop(site.node, caller) && (caller === undefined || isSetupName(caller));
  });
}

/**
 * `if (registry.has(name)) throw new Error('already registered')`: a registry refuses a
 * duplicate; a cache would just answer from it.
 */
function hasDuplicateCheck(collection: LongLivedCollection): boolean {
  return collection.uses.some((use) => {
    const { outer, parent } = getValueParent(use);
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== outer) return false;
    const method = getPropertyName(parent);
    const call = parent.parent;
    if ((method !== 'has' && method !== 'get') || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return false;
    const guard = getGuardingIf(call);
    return guard !== undefined && isThrowingBranch(guard.whenPresent);
  });
}

/**
 * Whether the collection dies with an object or closure made per call:
 * - a field of a class named for one operation (`FolderBuilder`, `RenderContext`, `ImportJob`)
 * - a field of a class this file makes only inside functions, kept in a local (`const b = new Builder(); b.add(…)`)
 * - a closure of a factory only this file calls, inside functions, its result kept in a local
 *   (or a property of a local object); one named for one operation (`createAccumulator()`) or given
 *   one operation's context (`createLedger(ctx)`); an ESLint rule's `create(context)`, or an Apollo
 *   Server plugin's `requestDidStart()`
 */
function isOwnedPerCall(sourceCode: Readonly<SourceCode>, collection: LongLivedCollection): boolean {
  if (collection.lifetime === 'closure') {
    const owner = getEnclosingFunction(collection.declaration);
    if (!owner) return false;
    // `create(context) { const seen = new Map(); return { Identifier(node) { … } } }`: an ESLint rule, made once per linted file;
    // `createFileAccumulator()`, `makeVisitors()`: named for one operation; an Apollo Server plugin's `requestDidStart()`, run per request.
    if (isLintRuleCreate(owner) || isApolloRequestHook(owner) || PER_CALL_FACTORY.test(getFunctionName(owner) ?? '') || takesOperationContext(sourceCode, owner)) return true;
    return isMadeOnlyInsideCalls(sourceCode, owner);
  }
  if (collection.lifetime !== 'class' || isStaticField(collection)) return false;
  const classNode = getClass(collection.declaration);
  if (!classNode) return false;
  if (classNode.id && PER_CALL_CLASS.test(classNode.id.name)) return true;
  const exported = classNode.parent.type === AST_NODE_TYPES.ExportNamedDeclaration || classNode.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration;
  if (exported || classNode.type !== AST_NODE_TYPES.ClassDeclaration) return false;
  const variable = sourceCode.getDeclaredVariables(classNode).find((candidate) => candidate.defs.some((def) => def.node === classNode));
  const uses = variable?.references.filter((reference) => reference.isRead()).map((reference) => reference.identifier) ?? [];
  return uses.length > 0 && uses.every((use) => use.parent?.type === AST_NODE_TYPES.NewExpression && use.parent.callee === use && isLocalResult(sourceCode, use.parent));
}

/**
 * `createLedger(ctx: LedgerContext)`, `makeTools(req)`: a factory given one operation's context
 * makes its closures for that operation, unless this file calls it at module level.
 */
function takesOperationContext(sourceCode: Readonly<SourceCode>, owner: FunctionNode): boolean {
  const takesContext = owner.params.some((param) => {
    if (param.type !== AST_NODE_TYPES.Identifier) return false;
    const type = param.typeAnnotation?.typeAnnotation;
    const typeName = type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier ? type.typeName.name : '';
    return OPERATION_PARAMETER.test(param.name) || OPERATION_TYPE.test(typeName);
  });
  return takesContext && findCallSites(sourceCode, owner).sites.every((site) => getCallingFunction(site.node) !== undefined);
}

/**
 * A closure's owner that only this file calls (not exported, never handed on), each time inside
 * another function, its result kept in a local used through members and calls, directly or as a
 * property of a local object (`const perSweep = { authorize: authorizeOncePerSweep(deps) }`).
 * A call at module level, a result passed on (`app.use(rateLimiter())`), returned or stored keeps
 * the collection long-lived.
 */
function isMadeOnlyInsideCalls(sourceCode: Readonly<SourceCode>, owner: FunctionNode): boolean {
  const { sites, complete } = findCallSites(sourceCode, owner);
  if (!complete || sites.length === 0) return false;
  return sites.every((site) => {
    const call = site.node;
    if (site.eventSource !== undefined || getCallingFunction(call) === undefined) return false;
    if (isLocalResult(sourceCode, call)) return true;
    const { outer, parent } = getValueParent(call);
    return parent?.type === AST_NODE_TYPES.Property && parent.value === outer && parent.parent.type === AST_NODE_TYPES.ObjectExpression && isLocalResult(sourceCode, parent.parent);
  });
}

function isLintRuleCreate(fn: FunctionNode): boolean {
  const property = fn.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== fn || getFunctionName(fn) !== 'create') return false;
  return property.parent.type === AST_NODE_TYPES.ObjectExpression && property.parent.properties.some((other) => other.type === AST_NODE_TYPES.Property && getKeyName(other) === 'meta');
}

/**
 * `requestDidStart() { const seen = new Map(); return { didResolveOperation() { … } } }`: Apollo
 * Server calls a plugin's `requestDidStart` once per GraphQL request, and the listeners it returns
 * serve that request only.
 */
function isApolloRequestHook(fn: FunctionNode): boolean {
  const member = fn.parent;
  const isMember = (member?.type === AST_NODE_TYPES.Property || member?.type === AST_NODE_TYPES.MethodDefinition) && member.value === fn;
  return isMember && getKeyName(member) === 'requestDidStart';
}

function isStaticField(collection: LongLivedCollection): boolean {
  return collection.declaration.type === AST_NODE_TYPES.PropertyDefinition && collection.declaration.static;
}

/**
 * A call or `new` inside a function whose result stays in that call: used at once
 * (`new Builder().build()`) or kept in a local that is only used through its members,
 * called, or passed to calls.
 */
function isLocalResult(sourceCode: Readonly<SourceCode>, site: TSESTree.Node): boolean {
  if (!getEnclosingFunction(site)) return false;
  const { outer, parent } = getValueParent(site);
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) return true;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== outer || parent.id.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = sourceCode.getDeclaredVariables(parent)[0];
  // `builder.add(…)`, `memo(x)`, `rewrite(html, memo)`: used, called or lent to a call, never stored or returned.
  return (
    variable !== undefined &&
    variable.references.every((reference) => {
      if (reference.init) return true;
      const { outer, parent: user } = getValueParent(reference.identifier);
      if (user?.type === AST_NODE_TYPES.MemberExpression) return user.object === outer;
      return user?.type === AST_NODE_TYPES.CallExpression;
    })
  );
}
