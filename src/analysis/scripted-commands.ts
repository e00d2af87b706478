/**
 * Custom commands a file defines from a Lua script with ioredis' `defineCommand(name, {
 * numberOfKeys, lua })`, which the client then offers as a method (`redis.name(key, arg)`, also
 * `nameBuffer` and in a pipeline), and scripts a file runs with `eval`. A script that deletes
 * (`redis.call('DEL', KEYS[1])`) or expires its keys manages them as a `del` or an `expire` would:
 * a scheduled job that deletes each project's notification marker through such a command, or a
 * cleanup that `eval`s a script deleting a session's keys, is where that family's lifetime is managed.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { forEachDescendant, getKeyName, getPropertyName, getStaticString, unwrapExpression } from './ast';
import { getConstInit } from './key-expiry';

/** What a scripted command does to the keys it is given (the first `numberOfKeys` arguments). */
export interface ScriptedLifetime {
  readonly kind: 'delete' | 'expire';
  readonly numberOfKeys: number;
}

/** `redis.call('DEL', …)`, `redis.pcall("unlink", …)`. */
const LUA_DELETE = /\bredis\.p?call\s*\(\s*(['"])(?:del|unlink|getdel)\1/i;
/** `redis.call('EXPIRE', …)`, `PEXPIREAT`, … */
const LUA_EXPIRE = /\bredis\.p?call\s*\(\s*(['"])p?expire(?:at)?\1/i;
const NONE: ReadonlyMap<string, ScriptedLifetime> = new Map();

/** The file's scripted commands that delete or expire their keys, by the method names a client calls them by. */
export function collectScriptedCommands(sourceCode: Readonly<SourceCode>): ReadonlyMap<string, ScriptedLifetime> {
  if (!sourceCode.text.includes('defineCommand')) return NONE;
  const commands = new Map<string, ScriptedLifetime>();
  forEachDescendant(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(node.callee) !== 'defineCommand') return undefined;
    const [name, definition] = node.arguments.map((argument) => unwrapExpression(argument));
    const commandName = name && getStaticString(name);
    const lifetime = definition?.type === AST_NODE_TYPES.ObjectExpression ? readDefinition(definition) : undefined;
    if (commandName && lifetime) {
      commands.set(commandName, lifetime);
      commands.set(`${commandName}Buffer`, lifetime);
    }
    return undefined;
  });
  return commands;
}

/**
 * What `eval(script, …)` does to the keys it names, when the script is text of the file (a literal,
 * or a `const` given one) that deletes or expires: the keys are ioredis' `numkeys` arguments after
 * the count (`eval(LUA, 2, a, b, arg)`) or node-redis' `{ keys: [a, b] }`.
 */
export function readEvalLifetime(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression): { readonly kind: ScriptedLifetime['kind']; readonly keys: readonly TSESTree.Node[] } | undefined {
  const [scriptArgument, second, ...rest] = call.arguments;
  if (!scriptArgument || !second || scriptArgument.type === AST_NODE_TYPES.SpreadElement || second.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const script = getScriptText(sourceCode, scriptArgument);
  const kind = script === undefined ? undefined : LUA_DELETE.test(script) ? 'delete' : LUA_EXPIRE.test(script) ? 'expire' : undefined;
  if (!kind) return undefined;
  const count = unwrapExpression(second);
  if (count.type === AST_NODE_TYPES.Literal && typeof count.value === 'number' && count.value >= 1) {
    const keys = rest.slice(0, count.value);
    return keys.some((key) => key.type === AST_NODE_TYPES.SpreadElement) ? undefined : { kind, keys };
  }
  if (count.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const listed = count.properties.find((property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && getKeyName(property) === 'keys');
  const list = listed && unwrapExpression(listed.value);
  if (list?.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  return { kind, keys: list.elements.filter((element): element is TSESTree.Expression => element !== null && element.type !== AST_NODE_TYPES.SpreadElement) };
}

/** A script's text: a string literal or template without parts, or a variable of the file given one once. */
function getScriptText(sourceCode: Readonly<SourceCode>, argument: TSESTree.Node): string | undefined {
  const node = unwrapExpression(argument);
  const value = node.type === AST_NODE_TYPES.Identifier ? getConstInit(sourceCode, node) : node;
  return value && getStaticString(unwrapExpression(value));
}

/** `{ numberOfKeys: 1, lua: '…' }`: a script written in the code, with a fixed number of keys (else the call names it first). */
function readDefinition(definition: TSESTree.ObjectExpression): ScriptedLifetime | undefined {
  const values = new Map<string, TSESTree.Node>();
  for (const property of definition.properties) {
    const key = property.type === AST_NODE_TYPES.Property ? getKeyName(property) : undefined;
    if (key !== undefined) values.set(key, unwrapExpression((property as TSESTree.Property).value));
  }
  const count = values.get('numberOfKeys');
  const lua = values.get('lua');
  const script = lua && getStaticString(lua);
  if (count?.type !== AST_NODE_TYPES.Literal || typeof count.value !== 'number' || count.value < 1 || script === undefined) return undefined;
  if (LUA_DELETE.test(script)) return { kind: 'delete', numberOfKeys: count.value };
  return LUA_EXPIRE.test(script) ? { kind: 'expire', numberOfKeys: count.value } : undefined;
}
