import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { forEachDescendant, getPropertyName, getValueParent, isFunction, isWithin } from './ast';

/**
 * What happens to a resource (a client, a pooled connection) opened inside a function:
 * - `handedOn`: returned, stored, passed to a call, captured by a long-lived callback: another owner closes it;
 * - `closed`: released in a `finally`, in a registered callback, in a `catch`, or on every exit with nothing in between that can throw;
 * - `notClosed`: some way out of its block (or all) never releases it;
 * - `notClosedOnError`: released only on the straight path, after a call or `await` that can throw.
 */
export type Ownership =
  | { readonly kind: 'closed' }
  | { readonly kind: 'handedOn' }
  | { readonly kind: 'notClosed'; readonly name: string | undefined }
  | { readonly kind: 'notClosedOnError'; readonly name: string; readonly release: TSESTree.CallExpression };

/** How a kind of resource is released and which of its methods return it. */
export interface ReleaseProtocol {
  /** The call that releases the resource when `value` (a place that holds it) is that call's receiver or argument. */
  getReleaseCall(value: TSESTree.Node): TSESTree.CallExpression | undefined;
  /** Whether calling `method` on the resource gives the resource back (`on`, node-redis `connect`). */
  isPassThrough(method: string): boolean;
}

/** Callbacks that run while their caller waits, so a client used in them is still the caller's. */
const INLINE_CALLBACK_METHODS = new Set([
  'every', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'forEach', 'map',
  'reduce', 'reduceRight', 'some', 'sort', 'then', 'catch', 'finally',
]);

/** Methods of a promise: the resource is no longer what the chain holds. */
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

export function findOwnership(
  sourceCode: Readonly<SourceCode>,
  resource: TSESTree.Node,
  owner: FunctionNode,
  protocol: ReleaseProtocol,
): Ownership {
  const binding = findBinding(sourceCode, resource, owner, protocol);
  if (binding.kind !== 'variable') return binding;
  return followVariable(sourceCode, binding.variable, binding.end, owner, protocol);
}

type Binding = Ownership | { readonly kind: 'variable'; readonly variable: Scope.Variable; readonly end: TSESTree.Node };

/** Climbs from the opening expression through `await` and pass-through calls to where its value lands. */
function findBinding(sourceCode: Readonly<SourceCode>, resource: TSESTree.Node, owner: FunctionNode, protocol: ReleaseProtocol): Binding {
  let current = resource;
  for (;;) {
    const { outer, parent } = getValueParent(current);
    if (parent?.type === AST_NODE_TYPES.AwaitExpression) {
      current = parent;
      continue;
    }
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) {
      if (protocol.getReleaseCall(outer)) return { kind: 'closed' };
      const method = getPropertyName(parent);
      const call = parent.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent || method === undefined) return { kind: 'notClosed', name: undefined };
      if (protocol.isPassThrough(method)) {
        current = call;
        continue;
      }
      if (PROMISE_METHODS.has(method)) return { kind: 'handedOn' };
      // `new Redis(url).get(key)`: used once and dropped.
      return { kind: 'notClosed', name: undefined };
    }
    if (parent?.type === AST_NODE_TYPES.ExpressionStatement) return { kind: 'notClosed', name: undefined };
    if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === outer && parent.id.type === AST_NODE_TYPES.Identifier) {
      const declaration = parent.parent;
      if (declaration.kind === 'using' || declaration.kind === 'await using') return { kind: 'closed' };
      const variable = sourceCode.getDeclaredVariables(parent)[0];
      return variable ? { kind: 'variable', variable, end: outer } : { kind: 'handedOn' };
    }
    if (
      parent?.type === AST_NODE_TYPES.AssignmentExpression &&
      parent.operator === '=' &&
      parent.right === outer &&
      parent.left.type === AST_NODE_TYPES.Identifier
    ) {
      const variable = ASTUtils.findVariable(sourceCode.getScope(parent.left), parent.left);
      // Assigned to a variable of an outer scope: it outlives this call.
      if (!variable || !isWithin(variable.scope.block, owner)) return { kind: 'handedOn' };
      return { kind: 'variable', variable, end: outer };
    }
    // Returned, yielded, passed as an argument, put in an object or array, exported, stored on a property.
    return { kind: 'handedOn' };
  }
}

function followVariable(
  sourceCode: Readonly<SourceCode>,
  variable: Scope.Variable,
  opened: TSESTree.Node,
  owner: FunctionNode,
  protocol: ReleaseProtocol,
): Ownership {
  const releases: TSESTree.CallExpression[] = [];
  let releasedInCallback = false;
  for (const reference of variable.references) {
    if (!reference.isRead()) continue;
    const use = reference.identifier as TSESTree.Identifier;
    const callbacks = getFunctionsBetween(use, owner);
    const release = protocol.getReleaseCall(use);
    if (release) {
      if (callbacks.length > 0) releasedInCallback = true;
      else releases.push(release);
      continue;
    }
    if (isHandedOn(use)) return { kind: 'handedOn' };
    // Used in a callback that outlives this call (an event handler, a timer, a returned closure).
    if (!callbacks.every(isInlineCallback)) return { kind: 'handedOn' };
  }
  const name = variable.name;
  if (releasedInCallback || releases.some((release) => isInClause(release, owner, 'finalizer') || isInClause(release, owner, 'handler'))) {
    return { kind: 'closed' };
  }
  if (releases.length === 0) return { kind: 'notClosed', name };

  const block = getStatementContainer(opened, owner);
  const exits = [...findReturnsAfter(sourceCode, block, opened), block.range[1]];
  let unsafeRelease: TSESTree.CallExpression | undefined;
  for (const exit of exits) {
    const covering = releases.filter((release) => covers(release, exit));
    if (covering.length === 0) return { kind: 'notClosed', name };
    const first = covering.reduce((a, b) => (a.range[0] <= b.range[0] ? a : b));
    if (!unsafeRelease && canThrowBetween(sourceCode, owner, opened.range[1], first.range[0], variable.name)) unsafeRelease = first;
  }
  return unsafeRelease ? { kind: 'notClosedOnError', name, release: unsafeRelease } : { kind: 'closed' };
}

/** The functions nested between `node` and `owner`, innermost first. */
function getFunctionsBetween(node: TSESTree.Node, owner: FunctionNode): FunctionNode[] {
  const functions: FunctionNode[] = [];
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (isFunction(current)) functions.push(current);
  }
  return functions;
}

/** A callback run before its caller goes on: array methods, promise reactions, `new Promise` executors, IIFEs. */
function isInlineCallback(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression) {
    if (parent.callee === fn) return true;
    if (parent.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = getPropertyName(parent.callee);
    return method !== undefined && INLINE_CALLBACK_METHODS.has(method);
  }
  return (
    parent?.type === AST_NODE_TYPES.NewExpression &&
    parent.callee.type === AST_NODE_TYPES.Identifier &&
    parent.callee.name === 'Promise'
  );
}

/** Whether a read of the resource gives it to something else (returns, stores, passes it), rather than using it. */
function isHandedOn(use: TSESTree.Identifier): boolean {
  const { outer, parent } = getValueParent(use);
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression:
      return parent.object !== outer;
    case AST_NODE_TYPES.CallExpression:
      return parent.callee !== outer;
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.AwaitExpression:
      return false;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === 'delete';
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test !== outer;
    case AST_NODE_TYPES.LogicalExpression:
      return !(parent.left === outer && parent.operator === '&&');
    default:
      return true;
  }
}

/** Whether `node` lies in the `finally` (`finalizer`) or `catch` (`handler`) clause of a `try` inside `owner`. */
function isInClause(node: TSESTree.Node, owner: FunctionNode, clause: 'finalizer' | 'handler'): boolean {
  for (let current: TSESTree.Node = node; current.parent && current !== owner; current = current.parent) {
    const parent = current.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent[clause] === current) return true;
  }
  return false;
}

type StatementContainer = TSESTree.BlockStatement | TSESTree.Program | TSESTree.StaticBlock | TSESTree.SwitchCase | FunctionNode;

/** The block whose statements follow the opening: when it ends, the resource is out of reach. */
function getStatementContainer(node: TSESTree.Node, owner: FunctionNode): StatementContainer {
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (current.type === AST_NODE_TYPES.BlockStatement || current.type === AST_NODE_TYPES.SwitchCase) return current;
  }
  return owner;
}

/** Positions where control leaves through a `return` after `opened`, inside `block` (not in nested functions). */
function findReturnsAfter(sourceCode: Readonly<SourceCode>, block: TSESTree.Node, opened: TSESTree.Node): number[] {
  const exits: number[] = [];
  forEachDescendant(block, sourceCode.visitorKeys, (node) => {
    if (isFunction(node)) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.range[0] > opened.range[1]) {
      exits.push(node.argument ? node.argument.range[1] : node.range[0]);
    }
    return undefined;
  });
  return exits;
}

/** Wrappers a release can sit in and still run whenever control reaches it. */
const UNCONDITIONAL_WRAPPERS = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.AwaitExpression,
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.ChainExpression,
  AST_NODE_TYPES.ExpressionStatement,
  AST_NODE_TYPES.LabeledStatement,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.ReturnStatement,
  AST_NODE_TYPES.TryStatement,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.VariableDeclaration,
  AST_NODE_TYPES.VariableDeclarator,
]);

/** Whether `release` runs on every path that reaches `exit`: it comes first and no branch or loop stands between. */
function covers(release: TSESTree.CallExpression, exit: number): boolean {
  if (release.range[1] > exit) return false;
  for (let current: TSESTree.Node | undefined = release.parent; current; current = current.parent) {
    const isBlock = current.type === AST_NODE_TYPES.BlockStatement || current.type === AST_NODE_TYPES.Program || isFunction(current);
    if (isBlock && current.range[0] <= exit && exit <= current.range[1]) return true;
    if (!UNCONDITIONAL_WRAPPERS.has(current.type)) return false;
  }
  return false;
}

/** Nodes that can throw: calls, `new`, `await`, `throw`. */
const THROWING = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.AwaitExpression,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.TaggedTemplateExpression,
  AST_NODE_TYPES.ThrowStatement,
]);

/**
 * Whether something between `start` and `end` can throw past the release.
 * Calls inside a `try` that has a `catch` are caught; listener registration on the resource itself (`client.on('error', f)`) does not throw.
 */
function canThrowBetween(sourceCode: Readonly<SourceCode>, owner: FunctionNode, start: number, end: number, name: string): boolean {
  const inRange = (node: TSESTree.Node) => node.range[0] >= start && node.range[1] <= end;
  let found = false;
  const scan = (root: TSESTree.Node, onlyThrowStatements: boolean) =>
    forEachDescendant(root, sourceCode.visitorKeys, (node) => {
      if (found || node.range[1] <= start || node.range[0] >= end || isFunction(node)) return false;
      if (node.type === AST_NODE_TYPES.TryStatement && node.handler) {
        // What the try block throws is caught; only its catch and finally clauses can throw on.
        scan(node.handler, true);
        if (node.finalizer) scan(node.finalizer, onlyThrowStatements);
        return false;
      }
      if (!inRange(node) || !THROWING.has(node.type)) return undefined;
      if (onlyThrowStatements ? node.type !== AST_NODE_TYPES.ThrowStatement : isListenerRegistration(node, name)) return undefined;
      found = true;
      return false;
    });
  scan(owner.body, false);
  return found;
}

function isListenerRegistration(node: TSESTree.Node, name: string): boolean {
  return (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    node.callee.object.type === AST_NODE_TYPES.Identifier &&
    node.callee.object.name === name &&
    LISTENER_METHODS.has(getPropertyName(node.callee) ?? '')
  );
}

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'off', 'removeListener']);
