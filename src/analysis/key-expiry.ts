import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { CommandDialect } from '../redis';
import { EXPIRE_COMMANDS, EXPIRY_DIALECTS, KEY_CREATING_COMMANDS, MULTI_KEY_COMMANDS } from '../redis';
import type { FunctionNode, MethodCall } from './ast';
import { forEachDescendant, getEnclosingFunction, getKeyName, getPropertyName, getRequiredModule, getStaticString, getThisClassBody, isFunction, isInStaticMember, isWithin, unwrapExpression } from './ast';
import { getBuilderKey } from './assembled-key';
import { getCollectedKeys } from './collected-keys';
import { findMember, getImportedFunction, resolveLocal } from './imported-functions';
import { getKeyIdentity } from './key-identity';

/** Variables followed from a key to its value (`const a = b`, …) before giving up. */
const MAX_CONSTANT_DEPTH = 4;

/**
 * The keys a write command names, or `undefined` when the rule cannot see them
 * (`mset(pairs)` with a variable). Most commands take the key first;
 * `mset`/`msetnx` take pairs, an object or an array of pairs.
 */
export function getWrittenKeys(call: MethodCall, command: string): TSESTree.Node[] | undefined {
  const args = call.arguments;
  if (args.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  if (!MULTI_KEY_COMMANDS.has(command)) return args[0] ? [args[0]] : undefined;
  const [first] = args;
  if (args.length === 1 && first?.type === AST_NODE_TYPES.ObjectExpression) {
    const keys: TSESTree.Node[] = [];
    for (const property of first.properties) {
      if (property.type !== AST_NODE_TYPES.Property) return undefined;
      keys.push(property.key);
    }
    return keys;
  }
  if (args.length === 1 && first?.type === AST_NODE_TYPES.ArrayExpression) {
    const elements = first.elements;
    if (elements.every((element) => element?.type === AST_NODE_TYPES.ArrayExpression)) {
      return elements.map((pair) => (pair as TSESTree.ArrayExpression).elements[0]).filter((key) => key != null);
    }
    return evenPositions(elements);
  }
  if (args.length === 1) return undefined;
  return evenPositions(args);
}

function evenPositions(nodes: readonly (TSESTree.Node | null)[]): TSESTree.Node[] | undefined {
  const keys = nodes.filter((_, index) => index % 2 === 0);
  return keys.every((key) => key !== null && key.type !== AST_NODE_TYPES.SpreadElement) ? (keys as TSESTree.Node[]) : undefined;
}

/**
 * Whether a `set` names an expiry in its dialect: `'EX', 60` tokens, `{ EX: 60 }`,
 * `{ ex: 60 }`, `{ expiry: … }`. `unknown` when its options are a value the rule cannot see into.
 */
export function getSetExpiry(call: MethodCall, dialect: CommandDialect): 'absent' | 'present' | 'unknown' {
  const options = EXPIRY_DIALECTS[dialect].set;
  const extra = call.arguments.slice(2);
  if (extra.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return 'unknown';
  if (options.style === 'tokens') {
    let unknown = false;
    for (const argument of extra) {
      const token = getStaticString(argument);
      if (token !== undefined && options.tokens.has(token.toLowerCase())) return 'present';
      if (token === undefined && !isFunction(argument)) unknown = true;
    }
    return unknown ? 'unknown' : 'absent';
  }
  const object = extra[0] && unwrapExpression(extra[0]);
  if (!object) return 'absent';
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return 'unknown';
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) return 'unknown';
    const key = getKeyName(property);
    if (key === undefined) return 'unknown';
    if (options.keys.has(key) && !isSkippedOptionValue(property.value)) return 'present';
  }
  return 'absent';
}

/**
 * Option values the clients skip, so the option sets no expiry:
 * - `{ KEEPTTL: false }`, `{ keepTtl: false }`
 * - `{ EX: undefined }`, `{ expiration: null }`
 */
function isSkippedOptionValue(value: TSESTree.Node): boolean {
  const node = unwrapExpression(value);
  if (node.type === AST_NODE_TYPES.Literal) return node.value === false || node.value === null;
  return node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined';
}

/** A key that is one fixed string (`'config'`, `` `${PREFIX}:hits` `` of a `const`) cannot make the key count grow. */
export function isFixedKey(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): boolean {
  return getConstantKey(sourceCode, key) !== undefined;
}

/**
 * The text of a key built only from constants, or `undefined` when part of it varies:
 * - `'config'`, `` `jobs` ``, `42`
 * - `` `${PREFIX}:hits` ``, `PREFIX + ':total'` with `const PREFIX = 'app'`
 * - `KEYS.board` with `const KEYS = { board: 'lb' }`, `Keys.Board` of a local `enum`
 * - `a` in `mSet({ a: '1' })`: a property name, not a variable
 */
export function getConstantKey(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): string | undefined {
  const { parent } = key;
  if (parent?.type === AST_NODE_TYPES.Property && parent.key === key && !parent.computed) {
    return key.type === AST_NODE_TYPES.Identifier ? key.name : getConstantString(sourceCode, key, 0);
  }
  return getConstantString(sourceCode, key, 0);
}

/** A key builder's parameters and the constant arguments of the call being read (`keyFor(SERVICE)`). */
type BoundParameters = ReadonlyMap<TSESTree.Node, string>;

function getConstantString(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, depth: number, bound?: BoundParameters): string | undefined {
  if (depth > MAX_CONSTANT_DEPTH) return undefined;
  const node = unwrapExpression(expression);
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'string' || typeof node.value === 'number' ? String(node.value) : undefined;
    case AST_NODE_TYPES.TemplateLiteral: {
      const parts = node.expressions.map((part) => getConstantString(sourceCode, part, depth + 1, bound));
      if (parts.some((part) => part === undefined)) return undefined;
      return node.quasis.map((quasi, index) => `${quasi.value.cooked ?? ''}${parts[index] ?? ''}`).join('');
    }
    case AST_NODE_TYPES.BinaryExpression: {
      if (node.operator !== '+') return undefined;
      const left = getConstantString(sourceCode, node.left, depth + 1, bound);
      const right = left === undefined ? undefined : getConstantString(sourceCode, node.right, depth + 1, bound);
      return right === undefined ? undefined : left! + right;
    }
    case AST_NODE_TYPES.Identifier: {
      const def = bound && getSingleDefinition(sourceCode, node)?.defs[0];
      if (def?.type === 'Parameter' && bound!.has(def.name)) return bound!.get(def.name);
      const init = getConstInit(sourceCode, node);
      if (init) return getConstantString(sourceCode, init, depth + 1);
      // `prefix` of `constructor(store, prefix)`: the instance's key prefix, one value for all its keys
      if (isConstructorPrefix(sourceCode, node)) return CONSTRUCTOR_PREFIX;
      // `${REDIS_PREFIX}settings`: a constant another module exports is one value per deployment, not per entity.
      return isImportedConstant(sourceCode, node) ? `{${node.name}}` : undefined;
    }
    case AST_NODE_TYPES.MemberExpression: {
      const member = getConstantMember(sourceCode, node);
      return member && getConstantString(sourceCode, member, depth + 1);
    }
    case AST_NODE_TYPES.CallExpression: {
      // this.getLogKey() whose body is `return `${PREFIX}log``: one key, however many times it is built,
      // … or a key builder another module exports (`webhooks.getContentKey()`), read in its own file;
      // given constant arguments (`keyForConfig(SERVICE_NAME)`), its parameters stand for them.
      const local = getBuiltKey(sourceCode, node);
      const builder = local ? { sourceCode, expression: local } : getImportedBuiltKey(sourceCode, node);
      if (!builder) return undefined;
      return getConstantString(builder.sourceCode, builder.expression, depth + 1, bindConstantArguments(sourceCode, node, builder.expression, depth));
    }
    default:
      return undefined;
  }
}

/** The builder's plain parameters (`(name) => …`) whose argument in `call` is a constant, with that constant. */
function bindConstantArguments(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression, built: TSESTree.Expression, depth: number): BoundParameters | undefined {
  return bindArguments(call, built, (argument) => getConstantString(sourceCode, argument, depth + 1));
}

/**
 * The plain parameters (`(kind, id) => …`) of the builder that returns `built`, each with what
 * `read` makes of its argument in `call` (none when it gives `undefined`); `undefined` when none.
 */
function bindArguments<T>(call: TSESTree.CallExpression, built: TSESTree.Expression, read: (argument: TSESTree.Expression) => T | undefined): ReadonlyMap<TSESTree.Node, T> | undefined {
  const builder = getEnclosingFunction(built);
  if (!builder || call.arguments.length === 0) return undefined;
  const bound = new Map<TSESTree.Node, T>();
  // After a spread argument, which parameter an argument meets is unknown.
  const spread = call.arguments.findIndex((argument) => argument.type === AST_NODE_TYPES.SpreadElement);
  builder.params.forEach((parameter, index) => {
    const argument = call.arguments[index];
    if (parameter.type !== AST_NODE_TYPES.Identifier || !argument || argument.type === AST_NODE_TYPES.SpreadElement || (spread !== -1 && index >= spread)) return;
    const value = read(argument);
    if (value !== undefined) bound.set(parameter, value);
  });
  return bound.size > 0 ? bound : undefined;
}

/** `KEYS.board` → `'lb'` for `const KEYS = { board: 'lb' }`; `Keys.Board` → its initialiser in `enum Keys { Board = 'lb' }`. */
function getConstantMember(sourceCode: Readonly<SourceCode>, member: TSESTree.MemberExpression): TSESTree.Node | undefined {
  const name = getPropertyName(member);
  const object = unwrapExpression(member.object);
  // `this.CANCELLED_JOBS` of `private readonly CANCELLED_JOBS = 'jobs:cancelled'`: assigned once, by its initialiser
  // … or `this.streamName` of `this.streamName = this.prefix + ':worker'`, the constructor's one write of it
  if (name !== undefined && object.type === AST_NODE_TYPES.ThisExpression) return getPrivateFieldValue(sourceCode, member, name) ?? getConstructorFieldValue(sourceCode, member, name);
  if (name === undefined || object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = getSingleDefinition(sourceCode, object);
  const def = variable?.defs[0];
  if (def?.type === 'TSEnumName') {
    const enumMember = def.node.body.members.find((candidate) => getEnumMemberName(candidate) === name);
    return enumMember?.initializer;
  }
  const init = getConstInit(sourceCode, object);
  const value = init && unwrapExpression(init);
  if (value?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const property = value.properties.find(
    (candidate): candidate is TSESTree.Property =>
      candidate.type === AST_NODE_TYPES.Property && candidate.kind === 'init' && !candidate.method && getKeyName(candidate) === name,
  );
  return property?.value;
}

/**
 * The initialiser of a private field the class never writes again: `private readonly KEY = 'jobs'`,
 * or `private static queuedKey = 'transaction:queued'` read as `this.queuedKey` in a static member.
 */
function getPrivateFieldValue(sourceCode: Readonly<SourceCode>, member: TSESTree.MemberExpression, name: string): TSESTree.Node | undefined {
  const body = getThisClassBody(member);
  if (!body || !isThisOfMethod(member, body)) return undefined;
  // In a static member or block `this` is the class: its static fields.
  const inStatic = isInStaticMember(member, body);
  // Private: no subclass can declare the field again with another value, and no other module may write it.
  const field = body.body.find(
    (element): element is TSESTree.PropertyDefinition =>
      element.type === AST_NODE_TYPES.PropertyDefinition &&
      element.accessibility === 'private' &&
      element.static === inStatic &&
      !element.computed &&
      getKeyName(element) === name,
  );
  // A constructor may still write a readonly field (`this.KEY = \`tenant:${id}\``): then the initialiser is only a default.
  return field?.value && !writesOwnMember(sourceCode, body, name) ? field.value : undefined;
}

/** Whether `this` at `node` is the instance (or class) of `body`: inside a method, not a `function` some caller binds. */
function isThisOfMethod(node: TSESTree.Node, body: TSESTree.ClassBody): boolean {
  for (let current = node.parent; current && current !== body; current = current.parent) {
    if (isFunction(current) && current.type !== AST_NODE_TYPES.ArrowFunctionExpression) return current.parent?.type === AST_NODE_TYPES.MethodDefinition;
  }
  return true;
}

/**
 * Whether the field `<name>` may be written after its initialiser: the class hands `this` to
 * `Object.assign(this, …)`, or the file writes a member of that name through anything (`this`, the
 * class, an alias, another instance: `other.key = …`, `Queues['key'] = …`, `(jobs as any).key = …`),
 * or names it to `Object.assign`, `Reflect.set` or `Object.defineProperty`. TypeScript's `private`
 * stops none of these inside the file, and bracket access passes it anywhere.
 */
function writesOwnMember(sourceCode: Readonly<SourceCode>, body: TSESTree.ClassBody, name: string): boolean {
  if (getWrittenMemberNames(sourceCode).has(name)) return true;
  let assignsThis = false;
  forEachDescendant(body, sourceCode.visitorKeys, (node) => {
    if (assignsThis) return false;
    if (node.type === AST_NODE_TYPES.CallExpression) assignsThis = isObjectAssignOfThis(node);
    return undefined;
  });
  return assignsThis;
}

const writtenMemberNames = new WeakMap<TSESTree.Program, ReadonlySet<string>>();

/** The names of the members the file writes, or names to a call that sets properties (`Object.assign(to, { key })`, `Reflect.set(o, 'key', v)`). */
function getWrittenMemberNames(sourceCode: Readonly<SourceCode>): ReadonlySet<string> {
  let names = writtenMemberNames.get(sourceCode.ast);
  if (names) return names;
  const written = new Set<string>();
  forEachDescendant(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.MemberExpression && isWriteTarget(node)) {
      const name = getPropertyName(node);
      if (name !== undefined) written.add(name);
    } else if (node.type === AST_NODE_TYPES.CallExpression && isPropertySetter(node)) {
      for (const argument of node.arguments) for (const name of getNamedProperties(argument)) written.add(name);
    }
    return undefined;
  });
  names = written;
  writtenMemberNames.set(sourceCode.ast, names);
  return names;
}

const PROPERTY_SETTERS: Readonly<Record<string, ReadonlySet<string>>> = { Object: new Set(['assign', 'defineProperty', 'defineProperties']), Reflect: new Set(['set', 'defineProperty']) };

/** `Object.assign(…)`, `Object.defineProperty(…)`, `Reflect.set(…)`: calls that set properties they are told. */
function isPropertySetter(call: TSESTree.CallExpression): boolean {
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrapExpression(call.callee.object);
  const method = getPropertyName(call.callee);
  return object.type === AST_NODE_TYPES.Identifier && method !== undefined && PROPERTY_SETTERS[object.name]?.has(method) === true;
}

/** The property names an argument spells out: a string (`'key'`), or the keys of an object literal (`{ key: … }`). */
function getNamedProperties(argument: TSESTree.CallExpressionArgument): string[] {
  const node = argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : unwrapExpression(argument);
  const text = getStaticString(node);
  if (text !== undefined) return [text];
  if (node.type !== AST_NODE_TYPES.ObjectExpression) return [];
  return node.properties.flatMap((property) => {
    const name = property.type === AST_NODE_TYPES.Property ? getKeyName(property) : undefined;
    return name === undefined ? [] : [name];
  });
}

function isWriteTarget(node: TSESTree.MemberExpression): boolean {
  const { parent } = node;
  switch (parent?.type) {
    case AST_NODE_TYPES.AssignmentExpression:
    case AST_NODE_TYPES.AssignmentPattern:
      return parent.left === node;
    case AST_NODE_TYPES.UpdateExpression:
    case AST_NODE_TYPES.ArrayPattern:
    case AST_NODE_TYPES.RestElement:
      return true;
    case AST_NODE_TYPES.Property:
      return parent.value === node && parent.parent?.type === AST_NODE_TYPES.ObjectPattern;
    default:
      return false;
  }
}

function getEnumMemberName(member: TSESTree.TSEnumMember): string | undefined {
  return member.id.type === AST_NODE_TYPES.Identifier ? member.id.name : getStaticString(member.id);
}

function getSingleDefinition(sourceCode: Readonly<SourceCode>, identifier: TSESTree.Identifier): Scope.Variable | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
  return variable?.defs.length === 1 ? variable : undefined;
}

/** The initialiser of a variable that keeps it: a `const`, or a `let` never assigned again. */
/** A CONSTANT_CASE name imported from another module (`import { REDIS_PREFIX }`, `const { REDIS_PREFIX } = require(…)` at the top). */
function isImportedConstant(sourceCode: Readonly<SourceCode>, node: TSESTree.Identifier): boolean {
  if (!isConstantName(node.name)) return false;
  const def = getSingleDefinition(sourceCode, node)?.defs[0];
  if (def?.type === 'ImportBinding') return true;
  if (def?.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.ObjectPattern || !def.node.init) return false;
  return def.parent.parent?.type === AST_NODE_TYPES.Program && getRequiredModule(unwrapExpression(def.node.init)) !== undefined;
}

const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/** `REDIS_PREFIX`, `TOOL_SCHEMAS`: the way code names a constant it defines once. */
export function isConstantName(name: string): boolean {
  return CONSTANT_NAME.test(name);
}

/** The one value a variable (a `const`, or a `let` never reassigned) is given, also destructured from a key builder's result. */
export function getConstInit(sourceCode: Readonly<SourceCode>, node: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = getSingleDefinition(sourceCode, node);
  const def = variable?.defs[0];
  if (def?.type !== 'Variable' || !def.node.init) return undefined;
  // The initialiser is the one write of a `const`, and of a `let` that is never reassigned.
  const writes = variable!.references.filter((reference) => reference.isWrite()).length;
  if (writes !== 1) return undefined;
  if (def.node.id.type === AST_NODE_TYPES.Identifier) return def.node.init;
  return def.node.id.type === AST_NODE_TYPES.ObjectPattern ? getDestructuredBuiltKey(sourceCode, def.node.id, def.name, def.node.init) : undefined;
}

/** `credKey` of `const { credKey } = credentialKeys(id)`, where the key builder returns `{ credKey: `cred:${id}`, … }`. */
function getDestructuredBuiltKey(sourceCode: Readonly<SourceCode>, pattern: TSESTree.ObjectPattern, name: TSESTree.Identifier, init: TSESTree.Expression): TSESTree.Expression | undefined {
  const property = pattern.properties.find((candidate): candidate is TSESTree.Property => candidate.type === AST_NODE_TYPES.Property && candidate.value === name);
  const call = unwrapExpression(init);
  const built = property && call.type === AST_NODE_TYPES.CallExpression ? getBuiltKey(sourceCode, call) : undefined;
  const object = built && unwrapExpression(built);
  if (object?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const key = getKeyName(property!);
  const value = object.properties.find((candidate): candidate is TSESTree.Property => candidate.type === AST_NODE_TYPES.Property && !candidate.method && getKeyName(candidate) === key);
  return value?.value as TSESTree.Expression | undefined;
}

/**
 * The literal text before a key's first varying part, constants folded in:
 * `` `sess:${id}` `` and `'sess:' + id` give `sess:`; `` `${PREFIX}:sess:${id}` `` gives `app:sess:`.
 */
export function getStaticKeyPrefix(sourceCode: Readonly<SourceCode>, key: TSESTree.Node, depth = 0): string {
  const whole = getConstantKey(sourceCode, key);
  if (whole !== undefined) return whole;
  const node = unwrapExpression(key);
  if (node.type === AST_NODE_TYPES.TemplateLiteral) {
    let prefix = '';
    for (const [index, quasi] of node.quasis.entries()) {
      prefix += quasi.value.cooked ?? '';
      const part = node.expressions[index];
      const text = part && getConstantString(sourceCode, part, 0);
      if (text === undefined) return prefix;
      prefix += text;
    }
    return prefix;
  }
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') {
    const left = getConstantString(sourceCode, node.left, 0);
    return left === undefined ? getStaticKeyPrefix(sourceCode, node.left, depth + 1) : left + getStaticKeyPrefix(sourceCode, node.right, depth + 1);
  }
  const init = node.type === AST_NODE_TYPES.Identifier && depth < MAX_CONSTANT_DEPTH ? getConstInit(sourceCode, node) : undefined;
  return init ? getStaticKeyPrefix(sourceCode, init, depth + 1) : '';
}

/** Commands that remove a key, by lower-cased method name: once the function deletes it, it cannot pile up. */
const DELETE_COMMANDS: ReadonlySet<string> = new Set(['del', 'unlink', 'getdel']);

/**
 * What the code does about a key's lifetime after a write, in the function that writes it:
 * - `expireAfter`: an `expire` (or a `getex` with an expiry) that may run once the key exists,
 *   that is after the key's first write in the function (later in it or in its chain, or in a callback);
 * - `deletedAfter`: a `del`, `unlink` or `getdel` of the key on a client that may run after the write;
 * - `expireBefore`: only `expire`s that surely run before the key's first write, which do nothing
 *   to a key that does not exist yet (awaited or not: a client sends commands in order);
 * - `none`: no command of that key changes its lifetime.
 */
export type KeyLifetime = 'deletedAfter' | 'expireAfter' | 'expireBefore' | 'none';

/** The commands of one key in one function. */
interface KeyCommands {
  readonly expires: MethodCall[];
  readonly deletions: MethodCall[];
  readonly writes: MethodCall[];
}

/** Whether a call runs a command on a Redis client (not `localCache.del(key)` or `map.set(key, v)`). */
export type ClientCallTest = (call: MethodCall, method: string) => boolean;

/**
 * The commands that expire, delete or create keys, by key identity ({@link getKeyIdentity}),
 * indexed once per function (nested callbacks included). An `expire` counts on any receiver, as
 * its name is Redis's own; a delete or a write only on a client, as `del` and `set` are common names.
 */
export class KeyLifetimeIndex {
  private readonly byRoot = new WeakMap<TSESTree.Node, Map<string, KeyCommands>>();

  constructor(
    private readonly sourceCode: Readonly<SourceCode>,
    private readonly isClientCall: ClientCallTest,
  ) {}

  getLifetime(write: MethodCall, key: TSESTree.Node): KeyLifetime {
    const commands = this.getIndex(this.getSearchRoot(write, key)).get(getKeyIdentity(this.sourceCode, key));
    if (!commands) return 'none';
    // An `expire` between two writes gives the key made by the first one its time to live.
    const first = commands.writes.reduce((earliest, other) => (other.range[0] < earliest.range[0] ? other : earliest), write);
    if (commands.expires.some((expire) => !runsBefore(expire, first))) return 'expireAfter';
    // A `del` before the write does not remove the key the write creates.
    if (commands.deletions.some((deletion) => !runsBefore(deletion, write))) return 'deletedAfter';
    return commands.expires.length > 0 ? 'expireBefore' : 'none';
  }

  /**
   * The function whose commands count: the write's own, or the outer one its key
   * comes from, so `ids.map((id) => redis.sadd(key, id))` sees `redis.expire(key, …)`
   * after the `map` in the function that declares `key`.
   */
  private getSearchRoot(write: MethodCall, key: TSESTree.Node): FunctionNode | TSESTree.Program {
    const program = this.sourceCode.ast;
    const scope = this.sourceCode.getScope(key);
    let root: FunctionNode | TSESTree.Program | undefined;
    for (const reference of scope.references) {
      const def = reference.resolved?.defs[0];
      if (!def || !isWithin(reference.identifier, key)) continue;
      const declaredIn = getEnclosingFunction(def.name) ?? program;
      // Every declaring function encloses the write: keep the innermost.
      if (!root || isWithin(declaredIn, root)) root = declaredIn;
    }
    const own = getEnclosingFunction(write) ?? program;
    return root && isWithin(own, root) ? root : own;
  }

  private getIndex(root: TSESTree.Node): Map<string, KeyCommands> {
    let index = this.byRoot.get(root);
    if (index) return index;
    const commands = new Map<string, KeyCommands>();
    const add = (list: 'deletions' | 'expires' | 'writes', key: TSESTree.Node, call: MethodCall) => {
      const identity = getKeyIdentity(this.sourceCode, key);
      let entry = commands.get(identity);
      if (!entry) commands.set(identity, (entry = { expires: [], deletions: [], writes: [] }));
      entry[list].push(call);
    };
    forEachDescendant(root, this.sourceCode.visitorKeys, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const call = node as MethodCall;
      const method = getPropertyName(call.callee);
      const command = method?.toLowerCase();
      if (method === undefined || command === undefined) return undefined;
      const [key] = call.arguments;
      if (key && key.type !== AST_NODE_TYPES.SpreadElement && (EXPIRE_COMMANDS.has(command) || (command === 'getex' && hasGetexExpiry(call)))) {
        // `for (const key of keysToExpire) pipeline.expire(key, ttl)` expires each key put in the array.
        for (const expired of [key, ...(getCollectedKeys(this.sourceCode, key) ?? [])]) add('expires', expired, call);
      } else if (DELETE_COMMANDS.has(command) && this.isClientCall(call, method)) {
        for (const deleted of getDeletedKeys(call)) {
          for (const each of [deleted, ...(getCollectedKeys(this.sourceCode, deleted) ?? [])]) add('deletions', each, call);
        }
      } else if (KEY_CREATING_COMMANDS.has(command) && this.isClientCall(call, method)) {
        for (const written of getWrittenKeys(call, command) ?? []) add('writes', written, call);
      }
      return undefined;
    });
    index = commands;
    this.byRoot.set(root, index);
    return index;
  }
}

/** The keys of `del(a, b)`, `del([a, b])`, `unlink(a)`, `getdel(a)`. */
function getDeletedKeys(call: MethodCall): TSESTree.Node[] {
  const keys: TSESTree.Node[] = [];
  for (const argument of call.arguments) {
    if (argument.type === AST_NODE_TYPES.ArrayExpression) {
      for (const element of argument.elements) if (element && element.type !== AST_NODE_TYPES.SpreadElement) keys.push(element);
    } else if (argument.type !== AST_NODE_TYPES.SpreadElement && !isFunction(argument)) {
      keys.push(argument);
    }
  }
  return keys;
}

/**
 * Whether a `getex` gives the key a time to live, in any client's spelling; `PERSIST` removes it:
 * - `getex(k, 'EX', 60)` (ioredis), `getEx(k, { type: 'EX', value: 60 })`, `getEx(k, { EX: 60 })` (node-redis),
 *   `getex(k, { ex: 60 })` (upstash), `getex(k, { expiry: { type, duration } })` (glide);
 * - not `getex(k)`, `getex(k, 'PERSIST')`, `{ type: 'PERSIST' }`, `{ PERSIST: true }`, `{ expiry: 'persist' }`.
 */
export function hasGetexExpiry(call: MethodCall): boolean {
  const options = call.arguments[1] && unwrapExpression(call.arguments[1]);
  if (!options) return false;
  const token = getStaticString(options);
  if (token !== undefined) return token.toLowerCase() !== 'persist';
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return true;
  return !options.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return false;
    const name = getKeyName(property)?.toLowerCase();
    const value = getStaticString(unwrapExpression(property.value))?.toLowerCase();
    return name === 'persist' || value === 'persist';
  });
}

/**
 * Whether a command surely runs before a write: it ends before the write's method name
 * (an earlier statement, or earlier in the same chain: `multi().expire(k).sadd(k)`),
 * and it is not inside a callback the write is not in, which may run at any time.
 */
function runsBefore(command: MethodCall, write: MethodCall): boolean {
  if (command.range[1] > write.callee.property.range[0]) return false;
  const commandFunction = getEnclosingFunction(command);
  return commandFunction === undefined || isWithin(write, commandFunction);
}

/**
 * A key's literal text around its varying parts, as a template literal's quasis: one
 * varying part between each two, so a shape of one string is a constant key.
 * - `` `order:${id}:items` `` and `'order:' + id + ':items'` give `['order:', ':items']`;
 * - `` `${PREFIX}:sess:${id}` `` with `const PREFIX = 'app'` gives `['app:sess:', '']`;
 * - `` `user${id}` `` gives `['user', '']`; a key variable the analysis cannot follow gives `['', '']`.
 */
export type KeyShape = readonly string[];

/** The shape of a key, constants folded in as {@link getStaticKeyPrefix} folds them: its first string is that prefix. */
export function getKeyShape(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): KeyShape {
  const whole = getConstantKey(sourceCode, key);
  return whole === undefined ? getExpressionShape(sourceCode, key, 0) : [whole];
}

/** A key builder's parameters and the shapes of the arguments of the call being read (`keyFor('last-check', id)`). */
type BoundShapes = ReadonlyMap<TSESTree.Node, KeyShape>;

function getExpressionShape(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, depth: number, bound?: BoundShapes): string[] {
  const constant = getConstantString(sourceCode, expression, 0);
  if (constant !== undefined) return [constant];
  const node = unwrapExpression(expression);
  if (node.type === AST_NODE_TYPES.TemplateLiteral) {
    let shape = [node.quasis[0]?.value.cooked ?? ''];
    for (const [index, part] of node.expressions.entries()) {
      shape = joinShapes(shape, getExpressionShape(sourceCode, part, depth, bound));
      shape = joinShapes(shape, [node.quasis[index + 1]?.value.cooked ?? '']);
    }
    return shape;
  }
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') {
    return joinShapes(getExpressionShape(sourceCode, node.left, depth, bound), getExpressionShape(sourceCode, node.right, depth, bound));
  }
  if (node.type === AST_NODE_TYPES.Identifier && bound) {
    const def = getSingleDefinition(sourceCode, node)?.defs[0];
    const shape = def?.type === 'Parameter' ? bound.get(def.name) : undefined;
    if (shape) return [...shape];
  }
  const init = node.type === AST_NODE_TYPES.Identifier && depth < MAX_CONSTANT_DEPTH ? getConstInit(sourceCode, node) : undefined;
  if (init) return getExpressionShape(sourceCode, init, depth + 1);
  // this.getAccountKey(), accountKey(id): a key builder of this file, whose returned text is the key's,
  // its parameters standing for what the call passes (`keyFor('last-check', id)` → `…:last-check:*`).
  if (node.type !== AST_NODE_TYPES.CallExpression || depth >= MAX_CONSTANT_DEPTH) return ['', ''];
  const local = getBuiltKey(sourceCode, node);
  const builder = local ? { sourceCode, expression: local } : getImportedBuiltKey(sourceCode, node);
  if (!builder) return ['', ''];
  return getExpressionShape(builder.sourceCode, builder.expression, depth + 1, bindArgumentShapes(sourceCode, node, builder.expression, depth, bound));
}

/** The builder's plain parameters (`(kind, id) => …`) with the shapes of their arguments in `call`. */
function bindArgumentShapes(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression, built: TSESTree.Expression, depth: number, outer: BoundShapes | undefined): BoundShapes | undefined {
  return bindArguments(call, built, (argument) => getExpressionShape(sourceCode, argument, depth + 1, outer));
}

/** A key builder's returned expression, and the file it is written in. */
interface BuiltKey {
  readonly sourceCode: Readonly<SourceCode>;
  readonly expression: TSESTree.Expression;
}

/**
 * What a key builder of another project module returns, for a key written as a call of it:
 * `keys.session(id)` (`import { keys } from './keys'`), `Webhooks.getContentKey()` where the module
 * exports `webhooks: new WebhooksHandler()`, `keys.session(id)` with `const keys = require('./keys')`.
 * The builder is found by {@link getImportedFunction}; its whole body is `return <expression>`.
 */
function getImportedBuiltKey(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression): BuiltKey | undefined {
  const found = getImportedFunction(sourceCode, call);
  const expression = found && getBuilderKey(found.sourceCode, found.fn);
  return expression && { sourceCode: found.sourceCode, expression };
}

/**
 * What a key builder of this file returns, when a call names one: a function, an arrow or a method
 * of the calling class whose whole body is `return <expression>`.
 */
export function getBuiltKey(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression): TSESTree.Expression | undefined {
  return getReferencedBuiltKey(sourceCode, call.callee);
}

/**
 * What the key builder of this file that `reference` names returns: `this.getAccountKey`,
 * `accountKey`, `KEYS.roomUsers`, as called (`accountKey(id)`) or handed on (`ids.map(accountKey)`).
 */
export function getReferencedBuiltKey(sourceCode: Readonly<SourceCode>, reference: TSESTree.Node): TSESTree.Expression | undefined {
  const callee = unwrapExpression(reference);
  let fn: TSESTree.Node | undefined;
  if (callee.type === AST_NODE_TYPES.MemberExpression && unwrapExpression(callee.object).type === AST_NODE_TYPES.ThisExpression) {
    const name = getPropertyName(callee);
    const body = getThisClassBody(callee);
    // In a static member `this` is the class: its static builders (`static set = async () => … this.detailsKey(id)`).
    const inStatic = body !== undefined && isInStaticMember(callee, body);
    const member = body?.body.find(
      (element): element is TSESTree.MethodDefinition | TSESTree.PropertyDefinition =>
        (element.type === AST_NODE_TYPES.MethodDefinition || element.type === AST_NODE_TYPES.PropertyDefinition) && element.static === inStatic && getKeyName(element) === name,
    );
    fn = member?.value ?? (name === undefined || inStatic ? undefined : getFunctionSetInConstructor(sourceCode, body, name));
  } else if (callee.type === AST_NODE_TYPES.Identifier) {
    const def = getSingleDefinition(sourceCode, callee)?.defs[0];
    fn = def?.type === 'FunctionName' ? def.node : def?.type === 'Variable' ? getConstInit(sourceCode, callee) : undefined;
  } else if (callee.type === AST_NODE_TYPES.MemberExpression && unwrapExpression(callee.object).type === AST_NODE_TYPES.Identifier) {
    // KEYS.roomUsers(room), with `const KEYS = { roomUsers: (room) => … }` or a local class's static method.
    const name = getPropertyName(callee);
    fn = name === undefined ? undefined : findMember(sourceCode, resolveLocal(sourceCode, unwrapExpression(callee.object)), name);
  }
  return fn && getBuilderKey(sourceCode, fn);
}

/**
 * The function a constructor stores in a field no other code of the class writes (`this.prefixer =
 * (key) => \`${this.directory}:${key}\``), for a field declared without a value or not declared.
 */
function getFunctionSetInConstructor(sourceCode: Readonly<SourceCode>, classBody: TSESTree.ClassBody | undefined, name: string): TSESTree.Node | undefined {
  const value = getValueSetInConstructor(sourceCode, classBody, name);
  return value && isFunction(value) ? value : undefined;
}

/**
 * What the constructor assigns to `this.<name>` in a statement of its own body, when nothing else
 * of the class writes the field (no initialiser, no other assignment, no `Object.assign(this, …)`).
 */
function getValueSetInConstructor(sourceCode: Readonly<SourceCode>, classBody: TSESTree.ClassBody | undefined, name: string): TSESTree.Expression | undefined {
  // The implementation, not an overload's signature (which has no body).
  const constructor = classBody?.body.find((element): element is TSESTree.MethodDefinition => element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor' && element.value.body !== null);
  if (!classBody || !constructor) return undefined;
  const initialised = classBody.body.some((element) => element.type === AST_NODE_TYPES.PropertyDefinition && element.value !== null && !element.static && getKeyName(element) === name);
  if (initialised) return undefined;
  const writes: TSESTree.AssignmentExpression[] = [];
  let other = false;
  forEachDescendant(classBody, sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=' && isThisField(node.left, name)) writes.push(node);
    else if (node.type === AST_NODE_TYPES.MemberExpression && isThisField(node, name) && isWriteTarget(node) && !(node.parent.type === AST_NODE_TYPES.AssignmentExpression && node.parent.operator === '=')) other = true;
    else if (node.type === AST_NODE_TYPES.CallExpression && isObjectAssignOfThis(node)) other = true;
  });
  const [write] = writes;
  const isConstructorStatement = write?.parent.type === AST_NODE_TYPES.ExpressionStatement && write.parent.parent === constructor.value.body;
  return writes.length === 1 && !other && isConstructorStatement ? write.right : undefined;
}

/** A field's value the constructor alone sets: see {@link getValueSetInConstructor}. */
function getConstructorFieldValue(sourceCode: Readonly<SourceCode>, member: TSESTree.MemberExpression, name: string): TSESTree.Node | undefined {
  const body = getThisClassBody(member);
  if (!body || !isThisOfMethod(member, body) || isInStaticMember(member, body)) return undefined;
  return getValueSetInConstructor(sourceCode, body, name);
}

/** `Object.assign(this, options)` (any call on `Object` handed `this` first): writes fields the code does not name. */
function isObjectAssignOfThis(call: TSESTree.CallExpression): boolean {
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrapExpression(call.callee.object);
  const target = call.arguments[0] && unwrapExpression(call.arguments[0]);
  return object.type === AST_NODE_TYPES.Identifier && object.name === 'Object' && target?.type === AST_NODE_TYPES.ThisExpression;
}

/** A constructor's key prefix in a key's text, whatever the parameter's name: a family with it is the same in every class. */
const CONSTRUCTOR_PREFIX = '{prefix}';
/** Parameter names of a key prefix an instance is configured with. */
const PREFIX_NAME = /(?:^|[a-z_])(?:prefix|Prefix|namespace|Namespace)$/;

/** A parameter of a class's constructor named for a key prefix (`prefix`, `keyPrefix`, `namespace`), never assigned again. */
function isConstructorPrefix(sourceCode: Readonly<SourceCode>, node: TSESTree.Identifier): boolean {
  if (!PREFIX_NAME.test(node.name)) return false;
  const variable = getSingleDefinition(sourceCode, node);
  const def = variable?.defs[0];
  const fn = def?.type === 'Parameter' ? def.node : undefined;
  const isConstructor = fn?.parent?.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor';
  return isConstructor && def!.name.type === AST_NODE_TYPES.Identifier && variable!.references.every((reference) => !reference.isWrite());
}

/** `this.name` as an assignment's target. */
function isThisField(node: TSESTree.Node, name: string): boolean {
  return node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression && getPropertyName(node) === name;
}

/** The shape of `a + b`: the last literal of `a` and the first of `b` run together. */
function joinShapes(a: readonly string[], b: readonly string[]): string[] {
  return [...a.slice(0, -1), `${a.at(-1) ?? ''}${b[0] ?? ''}`, ...b.slice(1)];
}
