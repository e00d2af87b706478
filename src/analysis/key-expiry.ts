import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { ClientDialect } from '../redis';
import { EXPIRE_COMMANDS, MULTI_KEY_COMMANDS, SET_EXPIRY_OPTIONS } from '../redis';
import type { FunctionNode, MethodCall } from './ast';
import { forEachDescendant, getEnclosingFunction, getKeyName, getPropertyName, getStaticString, isFunction, unwrapExpression } from './ast';

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
export function getSetExpiry(call: MethodCall, dialect: Exclude<ClientDialect, 'bullmq'>): 'absent' | 'present' | 'unknown' {
  const options = SET_EXPIRY_OPTIONS[dialect];
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
  const [object] = extra;
  if (!object) return 'absent';
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return 'unknown';
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) return 'unknown';
    const key = getKeyName(property);
    if (key === undefined) return 'unknown';
    if (options.keys.has(key)) return 'present';
  }
  return 'absent';
}

/** A key that is one fixed string (`'config'`, or a `const` holding one) cannot make the key count grow. */
export function isFixedKey(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): boolean {
  const node = unwrapExpression(key);
  if (getStaticString(node) !== undefined) return true;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'number') return true;
  const init = getConstInit(sourceCode, node);
  return init !== undefined && getStaticString(init) !== undefined;
}

/** The literal text before a key's first interpolation: `` `sess:${id}` `` and `'sess:' + id` give `sess:`. */
export function getStaticKeyPrefix(sourceCode: Readonly<SourceCode>, key: TSESTree.Node, depth = 0): string {
  const node = unwrapExpression(key);
  const whole = getStaticString(node);
  if (whole !== undefined) return whole;
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return node.quasis[0]?.value.cooked ?? '';
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') {
    return getStaticKeyPrefix(sourceCode, node.left, depth + 1);
  }
  const init = depth < 4 ? getConstInit(sourceCode, node) : undefined;
  return init ? getStaticKeyPrefix(sourceCode, init, depth + 1) : '';
}

function getConstInit(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): TSESTree.Expression | undefined {
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(sourceCode.getScope(node), node);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.parent.kind !== 'const' || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  return def.node.init ?? undefined;
}

/** Where the same key gets an `expire` relative to a write, within the write's function (or module). */
export type ExpiryPlacement = 'after' | 'before' | 'none';

/** `expire`-family calls in a function (nested callbacks included), by key text; built once per function. */
export class ExpireCallIndex {
  private readonly byScope = new WeakMap<TSESTree.Node, Map<string, number[]>>();

  constructor(private readonly sourceCode: Readonly<SourceCode>) {}

  getPlacement(write: MethodCall, key: TSESTree.Node): ExpiryPlacement {
    const scope: FunctionNode | TSESTree.Program = getEnclosingFunction(write) ?? this.sourceCode.ast;
    const positions = this.getIndex(scope).get(this.keyText(key)) ?? [];
    if (positions.some((position) => position > write.range[0])) return 'after';
    return positions.length > 0 ? 'before' : 'none';
  }

  private getIndex(scope: TSESTree.Node): Map<string, number[]> {
    let index = this.byScope.get(scope);
    if (index) return index;
    index = new Map();
    this.byScope.set(scope, index);
    forEachDescendant(scope, this.sourceCode.visitorKeys, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const method = getPropertyName(node.callee)?.toLowerCase();
      const [key] = node.arguments;
      if (method !== undefined && EXPIRE_COMMANDS.has(method) && key) {
        const text = this.keyText(key);
        index!.set(text, [...(index!.get(text) ?? []), node.range[0]]);
      }
      return undefined;
    });
    return index;
  }

  /** Key expressions compare by their text, blind to spacing: the same variable or the same template. */
  private keyText(key: TSESTree.Node): string {
    return this.sourceCode.getText(unwrapExpression(key)).replace(/\s+/g, '');
  }
}
