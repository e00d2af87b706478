/**
 * Where code that touches a collection runs: which function a call belongs to, what that
 * function is called (`registerHook`, `onMessage`), who calls it, and whether it runs per
 * event (an event or route handler, a loop that never ends) or once, while the program sets up.
 * Shared by `collection-growth` and `collection-evidence`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { forEachDescendant, getEnclosingFunction, getKeyName, getPropertyName, getStaticString, isFunction } from './ast';

/** Methods whose callback runs before the call returns: code in it runs where the call is (`TABLE.forEach((row) => byId.set(…))`). */
const SYNCHRONOUS_CALLBACK_METHODS = new Set([
  'every',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'forEach',
  'map',
  'reduce',
  'reduceRight',
  'some',
]);

/** Methods that run a callback once per event, message, job or request: `bus.on('message', cb)`, `queue.process(cb)`. */
const EVENT_METHODS = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'addEventListener',
  'subscribe',
  'psubscribe',
  'process',
  'consume',
  'handle',
]);
/** Route methods of HTTP routers, when the first argument is a path: `app.get('/users/:id', cb)`. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'ws']);
/** Functions and methods that call back per connection or per tick: `createServer(cb)`, `setInterval(cb)`. */
const PER_EVENT_CALLEES = new Set(['createServer', 'setInterval']);
/** Classes whose constructor takes a per-job processor: bullmq's `new Worker(queue, processor)`. */
const PROCESSOR_CLASSES = new Set(['Worker']);

/**
 * The function whose call runs `node`, skipping functions that run right where they
 * are written, so their code belongs to the enclosing one:
 * - immediately invoked functions: `(() => { … })()`
 * - synchronous array callbacks: `TABLE.forEach((row) => …)`, `rows.map(…)`
 * - promise executors: `new Promise((resolve) => …)`
 * `undefined` at module top level, in a field initialiser or in a static block.
 */
export function getCallingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let fn = getEnclosingFunction(node);
  while (fn && isRunInPlace(fn)) fn = getEnclosingFunction(fn);
  return fn;
}

/** `(() => …)()`, `rows.forEach((row) => …)`, `new Promise((resolve) => …)`: the function runs inside the expression that holds it. */
export function isRunInPlace(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call?.type === AST_NODE_TYPES.NewExpression) return call.arguments[0] === fn && call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === 'Promise';
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  return call.callee === fn || isPerElementCallback(fn);
}

/** `rows.forEach((row) => …)`, `keys.map(…)`: a callback an array method runs, before it returns, once per element. */
export function isPerElementCallback(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression || call.arguments[0] !== fn) return false;
  const method = getPropertyName(call.callee);
  return method !== undefined && SYNCHRONOUS_CALLBACK_METHODS.has(method);
}

/**
 * Whether `node` runs while the module loads: top-level code, and what it runs in place or
 * calls exactly once (`function buildIndex() {…} buildIndex();`), a finite loop there included
 * (filling a table entry by entry is still set-up). A loop that never ends (`while (true)`,
 * `for (;;)`, `for await (… of stream)`) is the life of the process, not its start.
 * `runsOnceAtLoad` (runs-once.ts) asks a narrower question for clients: a function whose body
 * runs once, so that no loop may repeat what it opens.
 */
export function runsDuringLoad(sourceCode: Readonly<SourceCode>, node: TSESTree.Node, depth = 0): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isEndlessLoop(current)) return false;
    // An instance field initialiser runs per instance.
    if (current.type === AST_NODE_TYPES.PropertyDefinition && !current.static) return false;
    if (!isFunction(current) || isRunInPlace(current)) continue;
    const call = getOnlyCall(sourceCode, current);
    return call !== undefined && depth < MAX_CALL_DEPTH && runsDuringLoad(sourceCode, call, depth + 1);
  }
  return true;
}

const MAX_CALL_DEPTH = 4;

/** The one call of a local, unexported function (`function f() {}` or `const f = () => {}`) that nothing else references. */
function getOnlyCall(sourceCode: Readonly<SourceCode>, fn: FunctionNode): TSESTree.CallExpression | undefined {
  const declaration = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : fn.parent;
  if (declaration?.type !== AST_NODE_TYPES.FunctionDeclaration && declaration?.type !== AST_NODE_TYPES.VariableDeclarator) return undefined;
  const statement = declaration.type === AST_NODE_TYPES.VariableDeclarator ? declaration.parent : declaration;
  if (statement.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return undefined;
  const variable = sourceCode.getDeclaredVariables(declaration).find((candidate) => candidate.defs.some((def) => def.node === declaration && def.type !== 'Parameter'));
  const reads = variable?.references.filter((reference) => reference.isRead()) ?? [];
  const callee = reads.length === 1 ? reads[0]!.identifier : undefined;
  return callee?.parent?.type === AST_NODE_TYPES.CallExpression && callee.parent.callee === callee ? callee.parent : undefined;
}

/** Calls that list what exists and end: a database cursor (`db.blobs.find()`), a directory, a `SCAN`. */
const LISTING_METHOD = /^(?:find(?:[A-Z_$]\w*)?|aggregate|query|list(?:[A-Z_$]\w*)?|scan(?:[A-Z_$]\w*)?|readdir|opendir|glob(?:[A-Z_$]\w*)?|paginate(?:[A-Z_$]\w*)?)$/;

/** `db.blobs.find()`, or a variable that holds one: a `for await` over it ends when the listing does. */
function isFiniteListing(iterable: TSESTree.Expression): boolean {
  let source: TSESTree.Node = iterable;
  if (source.type === AST_NODE_TYPES.Identifier) {
    const name = source.name;
    let scope: TSESTree.Node | undefined = iterable.parent;
    while (scope && scope.type !== AST_NODE_TYPES.BlockStatement && scope.type !== AST_NODE_TYPES.Program) scope = scope.parent;
    const declarator = scope && 'body' in scope ? findConstDeclarator(scope.body as TSESTree.Node[], name) : undefined;
    if (!declarator?.init) return false;
    source = declarator.init;
  }
  while (source.type === AST_NODE_TYPES.AwaitExpression) source = source.argument;
  if (source.type !== AST_NODE_TYPES.CallExpression) return false;
  const method = source.callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(source.callee) : source.callee.type === AST_NODE_TYPES.Identifier ? source.callee.name : undefined;
  return method !== undefined && LISTING_METHOD.test(method);
}

function findConstDeclarator(statements: readonly TSESTree.Node[], name: string): TSESTree.VariableDeclarator | undefined {
  for (const statement of statements) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.kind !== 'const') continue;
    const declarator = statement.declarations.find((candidate) => candidate.id.type === AST_NODE_TYPES.Identifier && candidate.id.name === name);
    if (declarator) return declarator;
  }
  return undefined;
}

/** `while (true)`, `for (;;)`, `for await (… of stream)` (not over a listing that ends): a loop that is the life of the process, not its start. */
export function isEndlessLoop(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ForOfStatement:
      return node.await && !isFiniteListing(node.right);
    case AST_NODE_TYPES.ForStatement:
      return !node.test || isTrueLiteral(node.test);
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return isTrueLiteral(node.test);
    default:
      return false;
  }
}

/** The endless loop around `node`, below `boundary` (a function, or the whole file when `undefined`). */
export function findEndlessLoop(node: TSESTree.Node, boundary: TSESTree.Node | undefined): TSESTree.Node | undefined {
  for (let current = node.parent; current && current !== boundary; current = current.parent) {
    if (isEndlessLoop(current)) return current;
  }
  return undefined;
}

function isTrueLiteral(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && node.value === true;
}

export function isConstructor(fn: FunctionNode): boolean {
  return fn.parent?.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor';
}

/** `cache`, `#cache` (private), `'cache'`: the static name of a class member or member access. */
export function getMemberName(node: TSESTree.MemberExpression | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | undefined {
  const key = node.type === AST_NODE_TYPES.MemberExpression ? node.property : node.key;
  if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  if (node.computed) return node.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(node) : undefined;
  return key.type === AST_NODE_TYPES.Identifier ? key.name : undefined;
}

export interface MemberAccesses {
  /** `x.name`, `this.#name`, `x['name']`. */
  readonly members: TSESTree.MemberExpression[];
  /** `const { name } = this`, `({ name }) => …`: a destructured field leaves our sight under another name. */
  readonly destructured: TSESTree.Property[];
}

const memberAccessesByFile = new WeakMap<TSESTree.Program, Map<string, MemberAccesses>>();

/** Every member access and destructured property of the file, by name: one walk per file, however many collections and methods are asked about. */
export function getMemberAccesses(sourceCode: Readonly<SourceCode>): Map<string, MemberAccesses> {
  let byName = memberAccessesByFile.get(sourceCode.ast);
  if (byName) return byName;
  const found = new Map<string, MemberAccesses>();
  const entry = (name: string) => {
    let accesses = found.get(name);
    if (!accesses) found.set(name, (accesses = { members: [], destructured: [] }));
    return accesses;
  };
  forEachDescendant(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      const name = getMemberName(node);
      if (name !== undefined) entry(name).members.push(node);
    } else if (node.type === AST_NODE_TYPES.Property && node.parent.type === AST_NODE_TYPES.ObjectPattern && !node.computed && node.key.type === AST_NODE_TYPES.Identifier) {
      entry(node.key.name).destructured.push(node);
    }
    return undefined;
  });
  byName = found;
  memberAccessesByFile.set(sourceCode.ast, byName);
  return byName;
}

/**
 * The name a function is known by:
 * - `function remember() {}`, `const remember = () => {}`
 * - methods and fields: `remember() {}`, `onMessage = () => {}`, `#evict() {}`
 * - `{ remember() {} }`, `exports.accept = function () {}`, `handlers.onmessage = …`
 */
export function getFunctionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : undefined;
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
      return parent.value === fn ? getMemberName(parent) : undefined;
    case AST_NODE_TYPES.Property:
      return parent.value === fn ? getKeyName(parent) : undefined;
    case AST_NODE_TYPES.AssignmentExpression:
      if (parent.right !== fn) return undefined;
      if (parent.left.type === AST_NODE_TYPES.Identifier) return parent.left.name;
      return parent.left.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(parent.left) : undefined;
    default:
      return undefined;
  }
}

/**
 * What runs `fn` once per event, when it is written as the callback of something that does:
 * - `bus.on('message', (id) => …)`, `queue.process(async (job) => …)`, `source.subscribe((value) => …)`
 * - `app.get('/users/:id', (req, res) => …)`, `app.use((req, res, next) => …)`
 * - `createServer((req, res) => …)`, `setInterval(() => …)`, `new Worker('jobs', async (job) => …)`
 * - `socket.onmessage = (event) => …`
 * Returns how to name it in a message (`` the `'message'` handler ``), or `undefined`.
 */
export function getEventSource(fn: FunctionNode): string | undefined {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === fn && parent.left.type === AST_NODE_TYPES.MemberExpression) {
    const property = getPropertyName(parent.left);
    return property !== undefined && /^on[a-z]/i.test(property) ? `the \`${property}\` handler` : undefined;
  }
  if (parent?.type === AST_NODE_TYPES.NewExpression) {
    const callee = parent.callee;
    return callee.type === AST_NODE_TYPES.Identifier && PROCESSOR_CLASSES.has(callee.name) && (parent.arguments as readonly TSESTree.Node[]).indexOf(fn) > 0 ? `the \`${callee.name}\` processor` : undefined;
  }
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !(parent.arguments as readonly TSESTree.Node[]).includes(fn)) return undefined;
  return describeEventCall(parent, fn);
}

/** `bus.on('message', handler)`: the call registers `callback` to run per event. */
function describeEventCall(call: TSESTree.CallExpression, callback: TSESTree.Node): string | undefined {
  const { callee } = call;
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
  if (name === undefined) return undefined;
  if (PER_EVENT_CALLEES.has(name)) return `the \`${name}()\` callback`;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const first = call.arguments[0];
  const label = first && first !== callback ? getStaticString(first) : undefined;
  if (EVENT_METHODS.has(name)) return label === undefined ? `the \`.${name}()\` handler` : `the \`'${label}'\` handler`;
  if (ROUTE_METHODS.has(name)) return label?.startsWith('/') ? `the \`${name.toUpperCase()} ${label}\` route` : undefined;
  // `app.use((req, res, next) => …)`: middleware runs per request; `app.use(plugin)` does not.
  if (name === 'use' && isFunction(callback) && callback.params.length >= 2) return 'the `.use()` middleware';
  return undefined;
}

/** A place that runs a function: a call, or a hand-over as a callback to something that runs it per event. */
export interface CallSite {
  readonly node: TSESTree.Node;
  /** Set when the site hands the function over as an event callback (`bus.on('x', handle)`). */
  readonly eventSource: string | undefined;
}

/**
 * The sites in this file that run `fn`, found through its binding or, for a method, its name
 * (`this.register(…)`, `registry.register(…)`); `complete` says whether code elsewhere may call it
 * too (exported, public method) or a use was not a plain call.
 */
export function findCallSites(sourceCode: Readonly<SourceCode>, fn: FunctionNode): { readonly sites: CallSite[]; readonly complete: boolean } {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition) {
    const name = getMemberName(parent);
    if (name === undefined) return { sites: [], complete: false };
    const sites: CallSite[] = [];
    const accesses = getMemberAccesses(sourceCode).get(name);
    // `emitter.on('data', this.onData.bind(this))`, `const { onData } = this`: handed over, called from where we cannot see.
    let handedOver = (accesses?.destructured.length ?? 0) > 0;
    for (const member of accesses?.members ?? []) {
      const call = member.parent;
      if (call.type === AST_NODE_TYPES.CallExpression && call.callee === member) sites.push({ node: call, eventSource: undefined });
      else handedOver = true;
    }
    const isPrivate = parent.key.type === AST_NODE_TYPES.PrivateIdentifier || parent.accessibility === 'private';
    return { sites, complete: isPrivate && !handedOver };
  }
  const declaration = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn ? parent : undefined;
  if (!declaration) return { sites: [], complete: false };
  const statement = declaration.type === AST_NODE_TYPES.VariableDeclarator ? declaration.parent : declaration;
  const exported = statement.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
  const variable = sourceCode.getDeclaredVariables(declaration).find((candidate) => candidate.defs.some((def) => def.node === declaration && def.type !== 'Parameter'));
  const sites: CallSite[] = [];
  let complete = !exported && variable !== undefined;
  for (const reference of variable?.references ?? []) {
    if (!reference.isRead()) continue;
    const use = reference.identifier;
    const call = use.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === use) {
      sites.push({ node: call, eventSource: undefined });
    } else if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments.includes(use as TSESTree.Identifier)) {
      const eventSource = describeEventCall(call, use);
      sites.push({ node: call, eventSource });
      if (!eventSource) complete = false;
    } else {
      // Exported by name, stored, returned: called from where we cannot see.
      complete = false;
    }
  }
  return { sites, complete };
}
