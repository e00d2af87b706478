/**
 * Whether a client whose library connects only on `connect()` (node-redis) is ever connected by
 * the function that creates it. `createClient()` alone opens no socket and keeps no handle (see
 * `../shared/redis-clients.md`, node-redis): a client a test builds to read its options, or one
 * made and dropped, leaks nothing, and a `close()` on it would reject with `ClientClosedError`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getKeyName, getPropertyName, unwrapExpression } from './ast';
import type { ClientCreation } from './client-analysis';
import { getInstalledLibraryMajor } from './graceful-close';

/**
 * Whether the client a creation makes opens its connection only on `connect()`: a node-redis factory's
 * (or a factory of the project that returns one unconnected), where the project has node-redis 4 or
 * later (3 connected on creation; an unknown version counts as a current one).
 */
export function connectsOnlyOnConnect(creation: ClientCreation, filename: string): boolean {
  const from = creation.library.explicitConnectFrom;
  if (creation.connectsExplicitly !== true || from === undefined) return false;
  const major = getInstalledLibraryMajor(creation.library, filename);
  return major === undefined || major >= from;
}

/**
 * Whether the client `creation` makes may be connected: `createClient().connect()` (also after
 * other chained calls, `.on('error', …)`), a `connect()` call on the variable it is kept in, or a
 * use of that variable this test cannot follow (handed to a call, returned, stored, aliased, a
 * method's result kept), where other code may connect it. Member reads (`client.options`) and
 * method calls whose result nothing keeps (`client.withTypeMapping(m);`) connect nothing.
 */
export function mayBeConnected(sourceCode: Readonly<SourceCode>, creation: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  let node: TSESTree.Node = creation;
  // createClient({ url }).on('error', log).connect()
  for (;;) {
    const member: TSESTree.Node | undefined = node.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node || member.parent?.type !== AST_NODE_TYPES.CallExpression || member.parent.callee !== member) break;
    const method = getPropertyName(member);
    if (method === 'connect') return true;
    // Only `on`/`once`/`off` hand the client back: any other method's result is something else.
    if (method !== 'on' && method !== 'once' && method !== 'off') return true;
    node = member.parent;
  }
  const variable = getKeptIn(sourceCode, node);
  if (!variable) return true;
  return variable.references.some(({ identifier, init }) => {
    if (init) return false;
    const parent = identifier.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== identifier) return true;
    const call = parent.parent;
    // `client.options`: a read of the client's state
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return false;
    // A method's result kept or passed on may be the client again (`on` returns it, `withTypeMapping` a view of it), connected later.
    if (getPropertyName(parent) === 'connect') return !(isAssertedToReject(call) && turnsReconnectionOff(creation));
    return !isDiscarded(call);
  });
}

/**
 * `await expect(client.connect()).rejects…`, `assert.rejects(client.connect())`,
 * `assert.rejects(() => client.connect())`: a test that the connection fails.
 */
function isAssertedToReject(connect: TSESTree.CallExpression): boolean {
  let value: TSESTree.Node = connect;
  // `() => client.connect()` handed to `assert.rejects`
  if (value.parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && value.parent.body === value) value = value.parent;
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== value) return false;
  const { callee } = call;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(callee) === 'rejects';
  const rejects = call.parent;
  return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'expect' && rejects?.type === AST_NODE_TYPES.MemberExpression && rejects.object === call && getPropertyName(rejects) === 'rejects';
}

/**
 * `createClient({ socket: { reconnectStrategy: false } })`, or a strategy that always answers
 * `false`: a failed `connect()` then leaves the client closed (node-redis stops and rejects),
 * where the default strategy would keep retrying with an open handle.
 */
function turnsReconnectionOff(creation: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const options = creation.arguments[0];
  const socket = options?.type === AST_NODE_TYPES.ObjectExpression ? findProperty(options, 'socket') : undefined;
  const strategy = socket?.type === AST_NODE_TYPES.ObjectExpression ? findProperty(socket, 'reconnectStrategy') : undefined;
  if (!strategy) return false;
  if (isFalse(strategy)) return true;
  if (strategy.type !== AST_NODE_TYPES.ArrowFunctionExpression && strategy.type !== AST_NODE_TYPES.FunctionExpression) return false;
  const { body } = strategy;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return isFalse(body);
  return body.body.length === 1 && body.body[0]!.type === AST_NODE_TYPES.ReturnStatement && body.body[0].argument !== null && isFalse(body.body[0].argument);
}

/** The value of the last property of that name written in the object literal (a later spread may still override it: then none). */
function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | undefined {
  const index = object.properties.findLastIndex((property) => property.type === AST_NODE_TYPES.Property && getKeyName(property) === name);
  if (index === -1 || object.properties.slice(index + 1).some((property) => property.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  return (object.properties[index] as TSESTree.Property).value;
}

function isFalse(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  return value.type === AST_NODE_TYPES.Literal && value.value === false;
}

/** `client.withTypeMapping(m);` or `await client.on(…);` as a statement of its own: nothing keeps the result. */
function isDiscarded(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  return parent?.type === AST_NODE_TYPES.ExpressionStatement || (parent?.type === AST_NODE_TYPES.AwaitExpression && parent.parent?.type === AST_NODE_TYPES.ExpressionStatement);
}

/** The variable a `const`/`let` declaration gives the client to, never assigned again (`undefined`: kept some other way). */
function getKeptIn(sourceCode: Readonly<SourceCode>, node: TSESTree.Node) {
  let value = node;
  while (value.parent?.type === AST_NODE_TYPES.TSAsExpression || value.parent?.type === AST_NODE_TYPES.TSNonNullExpression || value.parent?.type === AST_NODE_TYPES.TSSatisfiesExpression) value = value.parent;
  const declarator = value.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || unwrapExpression(declarator.init ?? declarator) !== unwrapExpression(value) || declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(sourceCode.getScope(declarator.id), declarator.id);
  return variable && variable.references.every((reference) => !reference.isWrite() || reference.init) ? variable : undefined;
}
