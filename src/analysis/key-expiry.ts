import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { CommandDialect } from '../redis';
import { EXPIRE_COMMANDS, EXPIRY_DIALECTS, MULTI_KEY_COMMANDS } from '../redis';
import type { FunctionNode, MethodCall } from './ast';
import { forEachDescendant, getEnclosingFunction, getKeyName, getPropertyName, getStaticString, isFunction, isWithin, unwrapExpression } from './ast';

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

function getConstantString(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, depth: number): string | undefined {
  if (depth > MAX_CONSTANT_DEPTH) return undefined;
  const node = unwrapExpression(expression);
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'string' || typeof node.value === 'number' ? String(node.value) : undefined;
    case AST_NODE_TYPES.TemplateLiteral: {
      const parts = node.expressions.map((part) => getConstantString(sourceCode, part, depth + 1));
      if (parts.some((part) => part === undefined)) return undefined;
      return node.quasis.map((quasi, index) => `${quasi.value.cooked ?? ''}${parts[index] ?? ''}`).join('');
    }
    case AST_NODE_TYPES.BinaryExpression: {
      if (node.operator !== '+') return undefined;
      const left = getConstantString(sourceCode, node.left, depth + 1);
      const right = left === undefined ? undefined : getConstantString(sourceCode, node.right, depth + 1);
      return right === undefined ? undefined : left! + right;
    }
    case AST_NODE_TYPES.Identifier: {
      const init = getConstInit(sourceCode, node);
      return init && getConstantString(sourceCode, init, depth + 1);
    }
    case AST_NODE_TYPES.MemberExpression: {
      const member = getConstantMember(sourceCode, node);
      return member && getConstantString(sourceCode, member, depth + 1);
    }
    default:
      return undefined;
  }
}

/** `KEYS.board` → `'lb'` for `const KEYS = { board: 'lb' }`; `Keys.Board` → its initialiser in `enum Keys { Board = 'lb' }`. */
function getConstantMember(sourceCode: Readonly<SourceCode>, member: TSESTree.MemberExpression): TSESTree.Node | undefined {
  const name = getPropertyName(member);
  const object = unwrapExpression(member.object);
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

function getEnumMemberName(member: TSESTree.TSEnumMember): string | undefined {
  return member.id.type === AST_NODE_TYPES.Identifier ? member.id.name : getStaticString(member.id);
}

function getSingleDefinition(sourceCode: Readonly<SourceCode>, identifier: TSESTree.Identifier): Scope.Variable | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
  return variable?.defs.length === 1 ? variable : undefined;
}

/** The initialiser of a variable that keeps it: a `const`, or a `let` never assigned again. */
function getConstInit(sourceCode: Readonly<SourceCode>, node: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = getSingleDefinition(sourceCode, node);
  const def = variable?.defs[0];
  if (def?.type !== 'Variable' || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  // The initialiser is the one write of a `const`, and of a `let` that is never reassigned.
  const writes = variable!.references.filter((reference) => reference.isWrite()).length;
  return writes === 1 ? (def.node.init ?? undefined) : undefined;
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

/**
 * Where the same key gets an `expire` relative to a write:
 * - `after`: an `expire` that may run after the write (later in the function or chain, or in a callback);
 * - `before`: only `expire`s that surely run first, which do nothing to a key that does not exist yet;
 * - `none`: no `expire` of that key.
 */
export type ExpiryPlacement = 'after' | 'before' | 'none';

/** `expire`-family calls by key text, indexed once per function (nested callbacks included). */
export class ExpireCallIndex {
  private readonly byRoot = new WeakMap<TSESTree.Node, Map<string, MethodCall[]>>();

  constructor(private readonly sourceCode: Readonly<SourceCode>) {}

  getPlacement(write: MethodCall, key: TSESTree.Node): ExpiryPlacement {
    const expires = this.getIndex(this.getSearchRoot(write, key)).get(this.keyText(key)) ?? [];
    if (expires.length === 0) return 'none';
    return expires.every((expire) => runsBefore(expire, write)) ? 'before' : 'after';
  }

  /**
   * The function whose `expire` calls count: the write's own, or the outer one its key
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

  private getIndex(root: TSESTree.Node): Map<string, MethodCall[]> {
    let index = this.byRoot.get(root);
    if (index) return index;
    const calls = new Map<string, MethodCall[]>();
    forEachDescendant(root, this.sourceCode.visitorKeys, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const method = getPropertyName(node.callee)?.toLowerCase();
      const [key] = node.arguments;
      if (method !== undefined && EXPIRE_COMMANDS.has(method) && key) {
        const text = this.keyText(key);
        calls.set(text, [...(calls.get(text) ?? []), node as MethodCall]);
      }
      return undefined;
    });
    index = calls;
    this.byRoot.set(root, index);
    return index;
  }

  /** Key expressions compare by their text, blind to spacing: the same variable or the same template. */
  private keyText(key: TSESTree.Node): string {
    return this.sourceCode.getText(unwrapExpression(key)).replace(/\s+/g, '');
  }
}

/**
 * Whether an `expire` surely runs before a write: it ends before the write's method name
 * (an earlier statement, or earlier in the same chain: `multi().expire(k).sadd(k)`),
 * and it is not inside a callback the write is not in, which may run at any time.
 */
function runsBefore(expire: MethodCall, write: MethodCall): boolean {
  if (expire.range[1] > write.callee.property.range[0]) return false;
  const expireFunction = getEnclosingFunction(expire);
  return expireFunction === undefined || isWithin(write, expireFunction);
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

function getExpressionShape(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, depth: number): string[] {
  const constant = getConstantString(sourceCode, expression, 0);
  if (constant !== undefined) return [constant];
  const node = unwrapExpression(expression);
  if (node.type === AST_NODE_TYPES.TemplateLiteral) {
    let shape = [node.quasis[0]?.value.cooked ?? ''];
    for (const [index, part] of node.expressions.entries()) {
      shape = joinShapes(shape, getExpressionShape(sourceCode, part, depth));
      shape = joinShapes(shape, [node.quasis[index + 1]?.value.cooked ?? '']);
    }
    return shape;
  }
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') {
    return joinShapes(getExpressionShape(sourceCode, node.left, depth), getExpressionShape(sourceCode, node.right, depth));
  }
  const init = node.type === AST_NODE_TYPES.Identifier && depth < MAX_CONSTANT_DEPTH ? getConstInit(sourceCode, node) : undefined;
  return init ? getExpressionShape(sourceCode, init, depth + 1) : ['', ''];
}

/** The shape of `a + b`: the last literal of `a` and the first of `b` run together. */
function joinShapes(a: readonly string[], b: readonly string[]): string[] {
  return [...a.slice(0, -1), `${a.at(-1) ?? ''}${b[0] ?? ''}`, ...b.slice(1)];
}
