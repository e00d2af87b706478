import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { MethodCall } from './ast';
import { getEnclosingFunction, getPropertyName, isMethodCall, unwrapExpression } from './ast';
import { getKeyIdentity } from './key-identity';

/** Hash writes that keep an existing key's time to live. */
const HASH_FIELD_WRITES: ReadonlySet<string> = new Set(['hset', 'hmset']);
/** Reads that list a hash's fields: `hgetall`, `hgetallBuffer`, `hkeys`, `hscan`, `hscanStream`. */
const HASH_FIELD_READ = /^(?:hgetall|hkeys|hscan)/i;

/**
 * Whether a hash write updates fields of a hash its function has read and is walking:
 * `const entries = await redis.hgetall(key); for (const field of Object.keys(entries)) { … await redis.hset(key, field, v) }`.
 * The hash exists (its fields are being walked) and HSET keeps an existing key's time to live, so
 * the write changes no key's lifetime: whoever made the hash chose it (a migration that re-encodes
 * entries, a rotation of secrets).
 */
export function isUpdateOfWalkedHash(sourceCode: Readonly<SourceCode>, write: MethodCall, command: string, key: TSESTree.Node): boolean {
  if (!HASH_FIELD_WRITES.has(command)) return false;
  const fn = getEnclosingFunction(write);
  const identity = getKeyIdentity(sourceCode, key);
  for (let node: TSESTree.Node | undefined = write.parent; node && node !== fn; node = node.parent) {
    const walked = getWalkedExpression(node);
    if (walked && readsFieldsOf(sourceCode, walked, identity)) return true;
  }
  return false;
}

/** What a loop walks: `for (… of X)`, `for (… in X)`, `X.forEach(…)` around the write. */
function getWalkedExpression(node: TSESTree.Node): TSESTree.Node | undefined {
  if (node.type === AST_NODE_TYPES.ForOfStatement || node.type === AST_NODE_TYPES.ForInStatement) return node.right;
  const call = node.parent;
  if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === node && call.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(call.callee) === 'forEach') return call.callee.object;
  return undefined;
}

/**
 * `X` is a read of the fields of the key `identity`, or a `const` that holds one, through `await`,
 * `Object.keys/entries/values(…)` and a fallback (`entries || {}`); a `let` never written again counts as a `const`. Only the walked value itself
 * counts: a read named somewhere inside it (`Object.entries(updates)`, `k in existing`) does not.
 */
function readsFieldsOf(sourceCode: Readonly<SourceCode>, walked: TSESTree.Node, identity: string, depth = 0): boolean {
  const node = unwrapExpression(walked);
  if (depth > 4) return false;
  if (node.type === AST_NODE_TYPES.AwaitExpression) return readsFieldsOf(sourceCode, node.argument, identity, depth + 1);
  if (node.type === AST_NODE_TYPES.LogicalExpression) return readsFieldsOf(sourceCode, node.left, identity, depth + 1);
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(sourceCode.getScope(node), node.name);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    // A `const`, or a `let` never written again: it still holds the read.
    const written = variable?.references.filter((reference) => reference.isWrite() && !reference.init).length ?? 1;
    const declarator = def?.node.type === AST_NODE_TYPES.VariableDeclarator && written === 0 ? def.node : undefined;
    return declarator?.init !== undefined && declarator.init !== null && readsFieldsOf(sourceCode, declarator.init, identity, depth + 1);
  }
  if (isObjectListing(node)) return readsFieldsOf(sourceCode, node.arguments[0]!, identity, depth + 1);
  return isFieldRead(sourceCode, node, identity);
}

/** `Object.keys(x)`, `Object.entries(x)`, `Object.values(x)`. */
function isObjectListing(node: TSESTree.Node): node is TSESTree.CallExpression {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression || node.arguments.length !== 1) return false;
  const { object } = node.callee;
  const method = getPropertyName(node.callee);
  return object.type === AST_NODE_TYPES.Identifier && object.name === 'Object' && (method === 'keys' || method === 'entries' || method === 'values') && node.arguments[0]!.type !== AST_NODE_TYPES.SpreadElement;
}

function isFieldRead(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, identity: string): boolean {
  let node = unwrapExpression(expression);
  while (node.type === AST_NODE_TYPES.AwaitExpression) node = unwrapExpression(node.argument);
  if (!isMethodCall(node)) return false;
  const method = getPropertyName(node.callee);
  const [key] = node.arguments;
  return method !== undefined && HASH_FIELD_READ.test(method) && key !== undefined && key.type !== AST_NODE_TYPES.SpreadElement && getKeyIdentity(sourceCode, key) === identity;
}
