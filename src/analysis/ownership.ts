import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { climbToValueHolder, forEachDescendant, getEnclosingFunction, getPropertyName, getValueParent, isFunction, isLoop, isWithin } from './ast';
import { isCalledByLocalHelper } from './parameter-calls';

/**
 * What happens to a resource (a client, a pooled connection) opened inside a function:
 * - `handedOn`: returned, stored, passed to a call, captured by a long-lived callback: another owner closes it;
 * - `closed`: released in a registered callback, or on every way out of its block (`return`, `break`,
 *   `continue`, its end): by a `finally`, or by a release with nothing before it that can throw unless a
 *   `catch` releases it too;
 * - `notClosed`: some way out of its block (or all) never releases it, a `catch` alone included;
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
  const { outer, parent } = climbToValueHolder(resource, (member, value) => {
    const call = member.parent;
    const method = getPropertyName(member);
    const passesThrough = !protocol.getReleaseCall(value) && method !== undefined && protocol.isPassThrough(method);
    return passesThrough && call?.type === AST_NODE_TYPES.CallExpression && call.callee === member ? call : undefined;
  });
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) {
    if (protocol.getReleaseCall(outer)) return { kind: 'closed' };
    const method = getPropertyName(parent);
    if (method !== undefined && PROMISE_METHODS.has(method) && parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent) return { kind: 'handedOn' };
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

function followVariable(
  sourceCode: Readonly<SourceCode>,
  variable: Scope.Variable,
  opened: TSESTree.Node,
  owner: FunctionNode,
  protocol: ReleaseProtocol,
  followed: ReadonlySet<Scope.Variable> = new Set(),
): Ownership {
  const aliasesFollowed = new Set([...followed, variable]);
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
    if (isHandedOn(use) || handsOnThroughAlias(sourceCode, use, owner, protocol, aliasesFollowed)) return { kind: 'handedOn' };
    // Used in a callback that outlives this call (an event handler, a timer, a returned closure).
    if (!callbacks.every((callback) => isInlineCallback(callback) || isCalledByLocalHelper(sourceCode, callback))) return { kind: 'handedOn' };
  }
  const name = variable.name;
  if (releasedInCallback) return { kind: 'closed' };
  if (releases.length === 0) return { kind: 'notClosed', name };

  const block = getLifetimeBlock(opened, variable, owner);
  const exits = [...findExitsAfter(sourceCode, block, opened), block.range[1]];
  let unsafeRelease: TSESTree.CallExpression | undefined;
  for (const exit of exits) {
    const covering = releases.filter((release) => covers(release, exit, owner, releases));
    if (covering.length === 0) return { kind: 'notClosed', name };
    // A `finally` also runs when something throws, so nothing before it can skip it.
    if (covering.some((release) => getTryOfFinally(release, owner))) continue;
    const first = covering.reduce((a, b) => (a.range[0] <= b.range[0] ? a : b));
    if (!unsafeRelease && canThrowBetween(sourceCode, owner, opened.range[1], first.range[0], name, releases)) unsafeRelease = first;
  }
  return unsafeRelease ? { kind: 'notClosedOnError', name, release: unsafeRelease } : { kind: 'closed' };
}

/**
 * `const connected = await redis.connect()`: a method that gives the resource back (node-redis
 * `connect()`) makes another name for it, and what happens to that name happens to the resource.
 * Only a name that hands it on counts here (`client = connected`, `return connected` from the
 * owner itself); a close through it is not followed, so the resource stays reported unless closed
 * under its own name. `followed`: the names already followed, so that `a = b.on(…)` after
 * `b = a.on(…)` ends.
 */
function handsOnThroughAlias(sourceCode: Readonly<SourceCode>, use: TSESTree.Identifier, owner: FunctionNode, protocol: ReleaseProtocol, followed: ReadonlySet<Scope.Variable>): boolean {
  const member = use.parent;
  const call = member?.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== use || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return false;
  const method = getPropertyName(member);
  if (method === undefined || !protocol.isPassThrough(method) || protocol.getReleaseCall(use)) return false;
  const { outer, parent } = climbToValueHolder(call, () => undefined);
  // Returned by the owner itself, not by a callback inside it (`.then(() => { return client.connect(); })`).
  if (parent?.type === AST_NODE_TYPES.ReturnStatement) return getEnclosingFunction(parent) === owner;
  // A plain name for it: `const connected = …`, `shared = …` (not `const { isOpen } = …` or `x ??= …`).
  const isNamed =
    (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) ||
    (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === '=' && parent.left.type === AST_NODE_TYPES.Identifier);
  const binding = isNamed ? findBinding(sourceCode, outer, owner, protocol) : undefined;
  if (binding?.kind === 'handedOn') return true;
  if (binding?.kind !== 'variable' || followed.has(binding.variable)) return false;
  return followVariable(sourceCode, binding.variable, binding.end, owner, protocol, followed).kind === 'handedOn';
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

/** The `try` statement (inside `owner`) whose `finally` clause holds `node`. */
function getTryOfFinally(node: TSESTree.Node, owner: FunctionNode): TSESTree.TryStatement | undefined {
  for (let current: TSESTree.Node = node; current.parent && current !== owner; current = current.parent) {
    const parent = current.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer === current) return parent;
  }
  return undefined;
}

type StatementContainer = TSESTree.BlockStatement | TSESTree.Program | TSESTree.StaticBlock | TSESTree.SwitchCase | FunctionNode;

/** The block whose statements follow the opening: when it ends, the resource is out of reach. */
function getStatementContainer(node: TSESTree.Node, owner: FunctionNode): StatementContainer {
  for (let current = node.parent; current && current !== owner; current = current.parent) {
    if (current.type === AST_NODE_TYPES.BlockStatement || current.type === AST_NODE_TYPES.SwitchCase) return current;
  }
  return owner;
}

/**
 * The block whose end puts the resource out of reach: the one it is opened in, widened past a
 * `try` that does not declare its variable (`let c; try { c = open() } catch {} c?.close()`).
 * A loop body is never widened: each iteration opens a new resource.
 */
function getLifetimeBlock(opened: TSESTree.Node, variable: Scope.Variable, owner: FunctionNode): StatementContainer {
  const declaration = variable.defs[0]?.name;
  let block = getStatementContainer(opened, owner);
  while (declaration && !isWithin(declaration, block) && block.type === AST_NODE_TYPES.BlockStatement) {
    const clause = block.parent?.type === AST_NODE_TYPES.CatchClause ? block.parent : block;
    if (clause.parent?.type !== AST_NODE_TYPES.TryStatement) break;
    block = getStatementContainer(clause.parent, owner);
  }
  return block;
}

/**
 * Positions where control leaves `block` after `opened` (not counting nested functions):
 * a `return`, or a `break`/`continue` aimed at a loop or label outside the block.
 */
function findExitsAfter(sourceCode: Readonly<SourceCode>, block: TSESTree.Node, opened: TSESTree.Node): number[] {
  const exits: number[] = [];
  forEachDescendant(block, sourceCode.visitorKeys, (node) => {
    if (isFunction(node)) return false;
    if (node.range[0] <= opened.range[1]) return undefined;
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      exits.push(node.argument ? node.argument.range[1] : node.range[0]);
    } else if ((node.type === AST_NODE_TYPES.BreakStatement || node.type === AST_NODE_TYPES.ContinueStatement) && jumpsOutOf(node, block)) {
      exits.push(node.range[0]);
    }
    return undefined;
  });
  return exits;
}

/** Whether a `break` or `continue` leaves `block`, rather than ending a loop, `switch` or label inside it. */
function jumpsOutOf(jump: TSESTree.BreakStatement | TSESTree.ContinueStatement, block: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = jump.parent; current && current !== block; current = current.parent) {
    if (jump.label) {
      if (current.type === AST_NODE_TYPES.LabeledStatement && current.label.name === jump.label.name) return false;
    } else if (isLoop(current) || (jump.type === AST_NODE_TYPES.BreakStatement && current.type === AST_NODE_TYPES.SwitchStatement)) {
      return false;
    }
  }
  return true;
}

/** Wrappers a release can sit in and still run whenever control reaches it. */
const UNCONDITIONAL_WRAPPERS = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.ArrayExpression, // await Promise.all([a.quit(), b.quit()])
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

/**
 * Whether `release` runs on every path that reaches `exit`: it sits in the `finally` of a `try`
 * that `exit` leaves or that comes before `exit`, or it comes first itself.
 */
function covers(release: TSESTree.CallExpression, exit: number, owner: FunctionNode, releases: readonly TSESTree.CallExpression[]): boolean {
  const guarded = getTryOfFinally(release, owner);
  if (!guarded) return runsBefore(release, exit, releases);
  // A `finally` runs whenever control leaves its `try` block or `catch` clause,
  // whatever guards the release inside it (`if (c)`, `c?.quit()`).
  if (guarded.block.range[0] < exit && exit <= (guarded.handler ?? guarded.block).range[1]) return true;
  return runsBefore(guarded, exit, releases);
}

/**
 * Whether control that reaches `exit` has run `node` first: no loop or branch stands between,
 * except an `if` whose other branch also releases (`if (a) { c.quit() } else { c.quit() }`).
 */
function runsBefore(node: TSESTree.Node, exit: number, releases: readonly TSESTree.CallExpression[]): boolean {
  if (node.range[1] > exit) return false;
  for (let child = node, current = node.parent; current; child = current, current = current.parent) {
    if (isStatementList(current) && current.range[0] <= exit && exit <= current.range[1]) return true;
    if (current.type === AST_NODE_TYPES.IfStatement && child !== current.test) {
      const other = child === current.consequent ? current.alternate : current.consequent;
      if (!other || !releases.some((release) => isWithin(release, other) && alwaysRunsIn(release, other))) return false;
    } else if (!UNCONDITIONAL_WRAPPERS.has(current.type)) {
      return false;
    }
  }
  return false;
}

/** Whether `release` runs whenever `branch` does: only unconditional wrappers stand between. */
function alwaysRunsIn(release: TSESTree.CallExpression, branch: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = release.parent; current && current !== branch; current = current.parent) {
    if (!UNCONDITIONAL_WRAPPERS.has(current.type)) return false;
  }
  return true;
}

/** Nodes whose statements run one after another. */
function isStatementList(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.BlockStatement ||
    node.type === AST_NODE_TYPES.SwitchCase ||
    node.type === AST_NODE_TYPES.Program ||
    isFunction(node)
  );
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
 * Whether something between `start` and `end` can throw past the release at `end`.
 * - What a `try` before the release throws is caught: only its `catch` and `finally` clauses can throw on.
 * - A `try` whose `catch` releases the resource covers its block: the error path is closed there.
 * - A `try` that holds the release does not protect it: a throw before it jumps over it.
 * - Listener registration on the resource itself (`client.on('error', f)`) does not throw.
 */
function canThrowBetween(
  sourceCode: Readonly<SourceCode>,
  owner: FunctionNode,
  start: number,
  end: number,
  name: string,
  releases: readonly TSESTree.CallExpression[],
): boolean {
  const inRange = (node: TSESTree.Node) => node.range[0] >= start && node.range[1] <= end;
  let found = false;
  const scan = (root: TSESTree.Node, onlyThrowStatements: boolean) =>
    forEachDescendant(root, sourceCode.visitorKeys, (node) => {
      if (found || node.range[1] <= start || node.range[0] >= end || isFunction(node)) return false;
      if (node.type === AST_NODE_TYPES.TryStatement && node.handler) {
        const handler = node.handler;
        const releasedInCatch = releases.some((release) => isWithin(release, handler));
        if (!releasedInCatch && node.block.range[1] > end) return undefined;
        if (!releasedInCatch) scan(handler, true);
        if (node.finalizer) scan(node.finalizer, onlyThrowStatements);
        return false;
      }
      // Another release (on an early-exit branch) gives the resource back; it is not a hazard for this one.
      if (isReleaseOrAwaitedRelease(node, releases)) return false;
      if (!inRange(node) || !THROWING.has(node.type)) return undefined;
      if (onlyThrowStatements ? node.type !== AST_NODE_TYPES.ThrowStatement : isListenerRegistration(node, name)) return undefined;
      found = true;
      return false;
    });
  scan(owner.body, false);
  return found;
}

function isReleaseOrAwaitedRelease(node: TSESTree.Node, releases: readonly TSESTree.CallExpression[]): boolean {
  const call = node.type === AST_NODE_TYPES.AwaitExpression ? node.argument : node;
  return releases.includes(call as TSESTree.CallExpression);
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
