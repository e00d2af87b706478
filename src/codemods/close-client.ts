import type { API, ASTNode, ASTPath, BlockStatement, Collection, FileInfo, JSCodeshift, ReturnStatement, VariableDeclaration } from 'jscodeshift';
import { getCloseFor } from 'eslint-plugin-redis-leaks/internal';
import type { ClientLibraryFacts } from 'eslint-plugin-redis-leaks/internal';
import { CLOSE_METHODS, getLibraryByModule, PASS_THROUGH_METHODS } from 'eslint-plugin-redis-leaks/internal';
import type { Finding } from './rule-findings';
import { findRuleFindings } from './rule-findings';
import type { CodemodOptions } from './transform-api';
import { findReportedNode, parseSource, reportUnfixable, TAB_WIDTH, TRANSPARENT_WRAPPERS } from './transform-api';

/*
 * close-client fixes `no-unclosed-client`: it wraps the statements that follow a client's
 * creation, to the end of its block, in `try { … } finally { await client.quit(); }` with the
 * library's graceful close. A close that only runs on the happy path moves into the `finally`.
 * Whatever it cannot rewrite exactly, it reports and leaves alone.
 */

export const parser = 'tsx';

type Statement = BlockStatement['body'][number];

/** How a client is closed: the method, and whether it returns a promise to wait for. */
interface ClosePlan {
  readonly method: string;
  readonly returnsPromise: boolean;
}

/** A client held by a `const`/`let` declaration statement that sits directly in a block. */
interface OwnedClient {
  readonly name: string;
  readonly declaration: VariableDeclaration;
  readonly block: BlockStatement;
  /** The function the block belongs to: it decides `await`, and where hoisted names can be seen. */
  readonly owner: ASTNode | undefined;
}

/** The statements that move into the `try`, and the user's own happy-path close that moves into the `finally`. */
interface Wrap {
  readonly wrapped: Statement[];
  readonly movedClose: Statement | undefined;
  /** `return client.get(key)`: returns that become `return await …`, so the close waits for them. */
  readonly pendingReturns: ReturnStatement[];
}

type Outcome<T> = { readonly ok: true; readonly value: T } | Unfixed;
type Unfixed = { readonly ok: false; readonly reason: string };

interface FileContext {
  readonly file: FileInfo;
  readonly j: JSCodeshift;
  readonly root: Collection;
  readonly libraries: ImportedLibraries;
}

export default function transform(file: FileInfo, api: API, options: CodemodOptions): string {
  const findings = findRuleFindings(file.source, file.path, 'no-unclosed-client');
  if (findings.length === 0) return file.source;
  const { j, root } = parseSource(file, api);
  const context: FileContext = { file, j, root, libraries: findImportedLibraries(root, j) };
  let changed = false;
  // Last first: wrapping a later client never moves an earlier client's declaration.
  for (const finding of [...findings].sort((a, b) => b.start - a.start)) {
    const outcome = closeInFinally(context, finding);
    if (outcome.ok) changed = true;
    else reportUnfixable(file, api, options, { line: finding.line, reason: outcome.reason });
  }
  return changed ? print(file.source, root, j) : file.source;
}

/** Rewrites one finding, or says why it cannot. */
function closeInFinally(context: FileContext, finding: Finding): Outcome<undefined> {
  const { j, root, file } = context;
  const creation = findReportedNode(root, j, finding, file.source);
  if (!creation) return unfixed('the reported expression was not found in the parsed file');
  const library = findLibraryOf(context, creation.node);
  const plan = library && getClosePlan(library, file.path);
  if (!library || !plan) return unfixed('the client library cannot be told from the file’s imports, so the close method is unknown');
  const owned = findOwnedClient(j, creation, library);
  if (!owned.ok) return owned;
  const wrap = planWrap(j, owned.value, plan);
  if (!wrap.ok) return wrap;
  applyWrap(j, owned.value, wrap.value, plan);
  return { ok: true, value: undefined };
}

function unfixed(reason: string): Unfixed {
  return { ok: false, reason };
}

// ─── Which library, which close ────────────────────────────────────────────

/** Local names bound to a client module or its exports, and every client library the file loads. */
interface ImportedLibraries {
  readonly byLocalName: ReadonlyMap<string, ClientLibraryFacts>;
  readonly all: ReadonlySet<ClientLibraryFacts>;
}

function findImportedLibraries(root: Collection, j: JSCodeshift): ImportedLibraries {
  const byLocalName = new Map<string, ClientLibraryFacts>();
  const all = new Set<ClientLibraryFacts>();
  const record = (library: ClientLibraryFacts | undefined, names: readonly string[]) => {
    if (!library) return;
    all.add(library);
    for (const name of names) byLocalName.set(name, library);
  };
  // import Redis from 'ioredis';  import { createClient } from 'redis';  import * as redis from 'redis';
  root.find(j.ImportDeclaration).forEach(({ node }) => {
    const names = (node.specifiers ?? []).flatMap((specifier) => (specifier.local ? [String(specifier.local.name)] : []));
    record(getLibraryByModule(String(node.source.value)), names);
  });
  // import Redis = require('ioredis');
  root.find(j.TSImportEqualsDeclaration).forEach(({ node }) => {
    if (j.TSExternalModuleReference.check(node.moduleReference)) {
      record(getLibraryByModule(String(node.moduleReference.expression.value)), [String(node.id.name)]);
    }
  });
  // const Redis = require('ioredis');  const { createClient } = require('redis');  require('redis').createClient()
  root.find(j.CallExpression).forEach((path) => {
    const module = getRequiredModule(j, path.node);
    if (module !== undefined) record(getLibraryByModule(module), getNamesBoundToRequire(j, path));
  });
  return { byLocalName, all };
}

/** `'ioredis'` in `require('ioredis')`. */
function getRequiredModule(j: JSCodeshift, node: ASTNode): string | undefined {
  if (!j.CallExpression.check(node) || !j.Identifier.check(node.callee) || node.callee.name !== 'require') return undefined;
  const [argument] = node.arguments;
  return j.StringLiteral.check(argument) || (j.Literal.check(argument) && typeof argument.value === 'string') ? String(argument.value) : undefined;
}

/** Where a `require()` lands: `const X = require(m)`, `const X = require(m).Redis`, `const { X, Y: Z } = require(m)`. */
function getNamesBoundToRequire(j: JSCodeshift, path: ASTPath): string[] {
  let value: ASTPath = path;
  if (isObjectOf(j, value.parent as ASTPath | null, value)) value = value.parent as ASTPath;
  const declarator = (value.parent as ASTPath | null)?.node;
  return j.VariableDeclarator.check(declarator) && declarator.init === value.node ? getPatternNames(j, declarator.id) : [];
}

/** The library of the client a creation makes: from the import its callee starts at, else the one closable library the file loads. */
function findLibraryOf(context: FileContext, creation: ASTNode): ClientLibraryFacts | undefined {
  const { j, libraries, file } = context;
  if (!j.NewExpression.check(creation) && !j.CallExpression.check(creation)) return undefined;
  const start = getCalleeRoot(j, creation.callee);
  const module = getRequiredModule(j, start);
  if (module !== undefined) return getLibraryByModule(module);
  const imported = j.Identifier.check(start) ? libraries.byLocalName.get(start.name) : undefined;
  if (imported) return imported;
  // `base.duplicate()`: a client of whichever library the file loads, when every candidate closes the same way.
  const closable = [...libraries.all].filter((library) => getClosePlan(library, file.path));
  const ways = new Set(closable.map((library) => describePlan(getClosePlan(library, file.path)!)));
  return ways.size === 1 ? closable[0] : undefined;
}

/** `Redis` in `new Redis.Cluster()`, `redis` in `redis.createClient()`, `require('redis')` in `require('redis').createClient()`. */
function getCalleeRoot(j: JSCodeshift, callee: ASTNode): ASTNode {
  let current = callee;
  while (j.MemberExpression.check(current)) current = current.object;
  return current;
}

function getClosePlan(library: ClientLibraryFacts, filePath: string): ClosePlan | undefined {
  // node-redis 4 closes with `quit()`, 5+ with `close()`: asked of the version installed beside the file.
  const close = getCloseFor(library, filePath);
  return close === undefined ? undefined : { method: close.graceful, returnsPromise: close.returnsPromise };
}

function describePlan(plan: ClosePlan): string {
  return `${plan.method}:${String(plan.returnsPromise)}`;
}

// ─── Where the client lives ────────────────────────────────────────────────

const IN_EXPRESSION =
  'the client is used inside a larger expression (`new Redis(url).get(key)`), so no variable holds it to close: assign it to a `const` first';
const ASSIGNED_ELSEWHERE =
  'the client is assigned to a variable declared elsewhere: declare it where it is opened (`const client = …`) or add the `try`/`finally` by hand';
const DESTRUCTURED = 'the client is destructured, so no variable holds it to close: assign it to a `const` first';

/**
 * Climbs from the reported creation to the declaration statement that holds it: through
 * `await`, pass-through calls (`.on('error', f)`), node-redis' awaited `.connect()`,
 * parentheses and type assertions.
 */
function findOwnedClient(j: JSCodeshift, creation: ASTPath, library: ClientLibraryFacts): Outcome<OwnedClient> {
  let current = creation;
  for (;;) {
    const parent = current.parent as ASTPath | null;
    const node = parent?.node;
    if (!parent || !node) return unfixed(IN_EXPRESSION);
    // await GlideClient.createClient(…);  (new Redis()) as Redis
    if (j.AwaitExpression.check(node) || TRANSPARENT_WRAPPERS.has(node.type)) {
      current = parent;
      continue;
    }
    // createClient().on('error', f);  await createClient().connect()
    if (isObjectOf(j, parent, current)) {
      const call = getPassThroughCall(j, parent, library);
      if (!call) return unfixed(IN_EXPRESSION);
      current = call;
      continue;
    }
    if (j.VariableDeclarator.check(node)) return findDeclarationStatement(j, parent, current);
    return unfixed(j.AssignmentExpression.check(node) ? ASSIGNED_ELSEWHERE : IN_EXPRESSION);
  }
}

/** The call whose callee is `member`, when it gives the same client back. */
function getPassThroughCall(j: JSCodeshift, member: ASTPath, library: ClientLibraryFacts): ASTPath | undefined {
  const call = member.parent as ASTPath | null;
  const method = getPropertyName(j, member.node);
  if (!call || !j.CallExpression.check(call.node) || call.node.callee !== member.node || method === undefined) return undefined;
  if (PASS_THROUGH_METHODS.has(method)) return call;
  // node-redis: `await client.connect()` resolves to the client; unawaited, it is a promise.
  const awaited = j.AwaitExpression.check((call.parent as ASTPath | null)?.node);
  return method === 'connect' && library.connectReturnsClient && awaited ? call : undefined;
}

// const client = new Redis();
// let client = await createClient().connect();
function findDeclarationStatement(j: JSCodeshift, declaratorPath: ASTPath, value: ASTPath): Outcome<OwnedClient> {
  const declarator = declaratorPath.node;
  if (!j.VariableDeclarator.check(declarator) || declarator.init !== value.node) return unfixed(IN_EXPRESSION);
  if (!j.Identifier.check(declarator.id)) return unfixed(DESTRUCTURED);
  const name = declarator.id.name;
  const declarationPath = declaratorPath.parent as ASTPath;
  const declaration = declarationPath.node;
  if (!j.VariableDeclaration.check(declaration)) return unfixed(IN_EXPRESSION);
  if (declaration.kind !== 'const' && declaration.kind !== 'let') {
    return unfixed(`\`${name}\` is declared with \`${declaration.kind}\`, which code after its block can still use: declare it with \`const\` or \`let\``);
  }
  const blockPath = declarationPath.parent as ASTPath | null;
  const block = blockPath?.node;
  if (!blockPath || !j.BlockStatement.check(block) || !block.body.includes(declaration)) {
    const place = j.SwitchCase.check(block) ? 'in a `switch` case' : j.ForStatement.check(block) ? 'in a `for` head' : 'outside a block';
    return unfixed(`\`${name}\` is declared ${place}, not directly in a \`{ … }\` block, so there are no statements to wrap after it`);
  }
  return { ok: true, value: { name, declaration, block, owner: findEnclosingFunction(j, blockPath) } };
}

function findEnclosingFunction(j: JSCodeshift, path: ASTPath): ASTNode | undefined {
  for (let current: ASTPath | null = path; current; current = current.parent as ASTPath | null) {
    if (j.Function.check(current.node)) return current.node;
  }
  return undefined;
}

// ─── What moves into the try ───────────────────────────────────────────────

/** The statements after the declaration, minus the user's happy-path close, once nothing stands in the way of moving them. */
function planWrap(j: JSCodeshift, owned: OwnedClient, plan: ClosePlan): Outcome<Wrap> {
  const { block, declaration, name } = owned;
  const following = block.body.slice(block.body.indexOf(declaration) + 1);
  if (following.length === 0) {
    return unfixed(`nothing follows the declaration of \`${name}\` in its block, so there is nothing to wrap: close it where it is used, or hand it to an owner`);
  }
  const happyPathCloses = following.filter((statement) => isStraightLineClose(j, statement, name));
  if (happyPathCloses.length > 1) return unfixed(`\`${name}\` is closed more than once in its block: keep one close, in a \`finally\`, by hand`);
  const [movedClose] = happyPathCloses;
  const wrapped = following.filter((statement) => statement !== movedClose);
  if (wrapped.length === 0) return unfixed(`nothing happens between opening \`${name}\` and closing it`);
  if (wrapped.some((statement) => containsCloseOf(j, statement, name))) {
    return unfixed(`\`${name}\` is already closed on some paths, so a \`finally\` would close it twice: move those closes into one \`finally\` by hand`);
  }
  if (declaration.kind === 'let' && wrapped.some((statement) => reassigns(j, statement, name))) {
    return unfixed(`\`${name}\` is reassigned after it is opened, so a \`finally\` would close only the last client`);
  }
  const exit = wrapped.map((statement) => findProcessExit(j, statement)).find((found) => found !== undefined);
  if (exit) {
    return unfixed(`\`${exit}()\` ends the process without running a \`finally\`, so a close moved there would never run: close \`${name}\` before it by hand`);
  }
  const escaping = findEscapingDeclaration(j, owned, wrapped);
  if (escaping !== undefined) {
    return unfixed(`\`${escaping}\` is declared in the statements that would move into the \`try\` and used outside them: move or rename it by hand`);
  }
  const pendingReturns = findPendingReturns(j, wrapped, name);
  if (pendingReturns.length > 0 && !isAsyncFunction(j, owned.owner)) {
    return unfixed(`a \`return\` hands back a call that may still be using \`${name}\` when the \`finally\` closes it: make the function \`async\` and \`return await\` it`);
  }
  if (!plan.returnsPromise && wrapped.some((statement) => hasUnawaitedCommand(j, statement, name))) {
    return unfixed(`a command on \`${name}\` is not awaited, and \`${plan.method}()\` rejects the commands still pending: await it first`);
  }
  return { ok: true, value: { wrapped, movedClose, pendingReturns } };
}

/** `process.exit`, `process.kill` or `process.abort`, called in `statement` outside nested functions: the name, if any. */
function findProcessExit(j: JSCodeshift, statement: Statement): string | undefined {
  const calls = j(statement)
    .find(j.CallExpression)
    .filter((path) => !isInsideNestedFunction(j, path, statement))
    .nodes();
  const statementCall = j.ExpressionStatement.check(statement) && j.CallExpression.check(statement.expression) ? [statement.expression] : [];
  for (const call of [...statementCall, ...calls]) {
    const callee = call.callee;
    if (!j.MemberExpression.check(callee) || !j.Identifier.check(callee.object) || callee.object.name !== 'process') continue;
    const method = getPropertyName(j, callee);
    if (method === 'exit' || method === 'kill' || method === 'abort') return `process.${method}`;
  }
  return undefined;
}

/**
 * `return client.get(key)` in the wrapped statements (not in nested functions): the promise it
 * returns settles after the `finally` has run, so the close would not wait for it.
 */
function findPendingReturns(j: JSCodeshift, statements: readonly Statement[], name: string): ReturnStatement[] {
  return statements.flatMap((statement) => {
    // A collection's `find` looks below its root: the statement may be the `return` itself.
    const nested = j(statement)
      .find(j.ReturnStatement)
      .filter((path) => !isInsideNestedFunction(j, path, statement))
      .nodes();
    const returns = j.ReturnStatement.check(statement) ? [statement, ...nested] : nested;
    return returns.filter((node) => isPendingUse(j, node.argument, name));
  });
}

/** A call that involves the client and is not awaited: `client.get(key)`, `Promise.all(keys.map((k) => client.get(k)))`. */
function isPendingUse(j: JSCodeshift, expression: ASTNode | null | undefined, name: string): boolean {
  if (!expression || j.AwaitExpression.check(expression)) return false;
  const isCall = (node: unknown) => j.CallExpression.check(node) || j.NewExpression.check(node);
  const calls = isCall(expression) || j(expression).find(j.Node).some((path) => isCall(path.node));
  return calls && findReferencedNames(j, [expression], new Set()).has(name);
}

// client.set(key, value);  void client.set(key, value);
function hasUnawaitedCommand(j: JSCodeshift, statement: Statement, name: string): boolean {
  return j(statement)
    .find(j.CallExpression)
    .some((path) => {
      const parent = (path.parent as ASTPath | null)?.node;
      const floating = j.ExpressionStatement.check(parent) || (j.UnaryExpression.check(parent) && parent.operator === 'void');
      return floating && j.MemberExpression.check(path.node.callee) && j.Identifier.check(path.node.callee.object) && path.node.callee.object.name === name;
    });
}

// client.quit();  await client.quit();  void client.quit();
function isStraightLineClose(j: JSCodeshift, statement: Statement, name: string): boolean {
  if (!j.ExpressionStatement.check(statement)) return false;
  let { expression } = statement;
  if (j.AwaitExpression.check(expression) && expression.argument) expression = expression.argument;
  else if (j.UnaryExpression.check(expression) && expression.operator === 'void') expression = expression.argument;
  return isCloseCallOn(j, expression, name);
}

/** `client.quit(…)`, `client?.close()`: a call of a close method on the variable `name`. */
function isCloseCallOn(j: JSCodeshift, node: ASTNode, name: string): boolean {
  if (!j.CallExpression.check(node) || !j.MemberExpression.check(node.callee)) return false;
  const { object } = node.callee;
  const method = getPropertyName(j, node.callee);
  return j.Identifier.check(object) && object.name === name && method !== undefined && CLOSE_METHODS.has(method);
}

function containsCloseOf(j: JSCodeshift, statement: Statement, name: string): boolean {
  return j(statement)
    .find(j.CallExpression)
    .some((path) => isCloseCallOn(j, path.node, name));
}

// client = createClient();  [client] = clients;  client++
function reassigns(j: JSCodeshift, statement: Statement, name: string): boolean {
  const assigned = j(statement)
    .find(j.AssignmentExpression)
    .some(({ node }) => getPatternNames(j, node.left).includes(name));
  const updated = j(statement)
    .find(j.UpdateExpression)
    .some(({ node }) => j.Identifier.check(node.argument) && node.argument.name === name);
  return assigned || updated;
}

/**
 * A name declared in the wrapped statements that code outside them refers to: moving its
 * declaration into the `try` block would hide it. A block-scoped name can only be seen
 * earlier in the same block (by a closure, or a type used before its declaration); a `var`
 * or a function declaration anywhere in the function.
 */
function findEscapingDeclaration(j: JSCodeshift, owned: OwnedClient, wrapped: readonly Statement[]): string | undefined {
  const { blockScoped, functionScoped } = findDeclaredNames(j, wrapped);
  const before = owned.block.body.slice(0, owned.block.body.indexOf(owned.declaration) + 1);
  const usedBefore = findReferencedNames(j, before, new Set());
  const hidden = [...blockScoped].find((name) => usedBefore.has(name));
  if (hidden !== undefined || functionScoped.size === 0) return hidden;
  const usedInFunction = findReferencedNames(j, owned.owner ? [owned.owner] : before, new Set<ASTNode>(wrapped));
  return [...functionScoped].find((name) => usedInFunction.has(name));
}

function findDeclaredNames(j: JSCodeshift, statements: readonly Statement[]): { blockScoped: Set<string>; functionScoped: Set<string> } {
  const blockScoped = new Set<string>();
  const functionScoped = new Set<string>();
  for (const statement of statements) {
    if (j.VariableDeclaration.check(statement)) {
      const names = statement.declarations.flatMap((declarator) => (j.VariableDeclarator.check(declarator) ? getPatternNames(j, declarator.id) : []));
      for (const name of names) (statement.kind === 'var' ? functionScoped : blockScoped).add(name);
    } else if (j.FunctionDeclaration.check(statement) && statement.id) {
      // Hoisted to the top of its scope, so code before the `try` may call it.
      functionScoped.add(String(statement.id.name));
    } else {
      // class, enum, namespace, interface and type alias declarations
      const name = getDeclaredName(j, statement);
      if (name !== undefined) blockScoped.add(name);
    }
  }
  // A `var` in a nested block of the wrapped statements belongs to the function too.
  for (const statement of statements) {
    j(statement)
      .find(j.VariableDeclaration, { kind: 'var' })
      .filter((path) => !isInsideNestedFunction(j, path, statement))
      .forEach(({ node }) => {
        for (const declarator of node.declarations) {
          if (j.VariableDeclarator.check(declarator)) getPatternNames(j, declarator.id).forEach((name) => functionScoped.add(name));
        }
      });
  }
  return { blockScoped, functionScoped };
}

function getDeclaredName(j: JSCodeshift, statement: Statement): string | undefined {
  if (
    j.ClassDeclaration.check(statement) ||
    j.TSEnumDeclaration.check(statement) ||
    j.TSInterfaceDeclaration.check(statement) ||
    j.TSTypeAliasDeclaration.check(statement) ||
    j.TSModuleDeclaration.check(statement)
  ) {
    return j.Identifier.check(statement.id) ? statement.id.name : undefined;
  }
  return undefined;
}

function isInsideNestedFunction(j: JSCodeshift, path: ASTPath, container: ASTNode): boolean {
  for (let current = path.parent as ASTPath | null; current && current.node !== container; current = current.parent as ASTPath | null) {
    if (j.Function.check(current.node)) return true;
  }
  return false;
}

/** Names read or written in `nodes`, except under `excluded`. Property names are not references. */
function findReferencedNames(j: JSCodeshift, nodes: readonly ASTNode[], excluded: ReadonlySet<ASTNode>): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) {
    j(node)
      .find(j.Identifier)
      .filter((path) => isReference(j, path) && !hasAncestorIn(path, excluded))
      .forEach(({ node: identifier }) => names.add(identifier.name));
  }
  return names;
}

/** Not the `x` of `a.x`, of `{ x: 1 }`, or of a class member `x`. */
function isReference(j: JSCodeshift, path: ASTPath): boolean {
  const parent = (path.parent as ASTPath | null)?.node as (ASTNode & { computed?: boolean; shorthand?: boolean }) | undefined;
  if (!parent || parent.computed) return true;
  if (path.name === 'property') return !j.MemberExpression.check(parent);
  if (path.name === 'key') return parent.shorthand === true;
  return true;
}

function hasAncestorIn(path: ASTPath, nodes: ReadonlySet<ASTNode>): boolean {
  for (let current: ASTPath | null = path; current; current = current.parent as ASTPath | null) {
    if (nodes.has(current.node)) return true;
  }
  return false;
}

// ─── The rewrite ───────────────────────────────────────────────────────────

// const client = new Redis();
// try { …the statements that followed… } finally { await client.quit(); }
function applyWrap(j: JSCodeshift, owned: OwnedClient, wrap: Wrap, plan: ClosePlan): void {
  const { block, declaration } = owned;
  const close = wrap.movedClose ?? buildCloseStatement(j, owned, plan);
  for (const pending of wrap.pendingReturns) pending.argument = j.awaitExpression(pending.argument!);
  const guarded = j.tryStatement(j.blockStatement(wrap.wrapped), null, j.blockStatement([close]));
  block.body.splice(block.body.indexOf(declaration) + 1, block.body.length, guarded);
}

// await client.quit();   void client.quit(); (not in an async function)   client.close(); (synchronous: glide)
function buildCloseStatement(j: JSCodeshift, owned: OwnedClient, plan: ClosePlan): Statement {
  const call = j.callExpression(j.memberExpression(j.identifier(owned.name), j.identifier(plan.method)), []);
  if (!plan.returnsPromise) return j.expressionStatement(call);
  return j.expressionStatement(isAsyncFunction(j, owned.owner) ? j.awaitExpression(call) : j.unaryExpression('void', call, true));
}

function isAsyncFunction(j: JSCodeshift, node: ASTNode | undefined): boolean {
  return j.Function.check(node) && node.async === true;
}

// ─── Small AST readers ─────────────────────────────────────────────────────

/** Whether `parent` is a member expression (`a.b`, `a?.b`) whose object is `child`. */
function isObjectOf(j: JSCodeshift, parent: ASTPath | null, child: ASTPath): boolean {
  return parent !== null && j.MemberExpression.check(parent.node) && parent.node.object === child.node;
}

/** `quit` in `client.quit` or `client['quit']`. */
function getPropertyName(j: JSCodeshift, member: ASTNode): string | undefined {
  if (!j.MemberExpression.check(member)) return undefined;
  const { property, computed } = member;
  if (!computed && j.Identifier.check(property)) return property.name;
  if (j.StringLiteral.check(property)) return property.value;
  return j.Literal.check(property) && typeof property.value === 'string' ? property.value : undefined;
}

/** The names a binding pattern declares: `a`, `{ a, b: c }`, `[d, ...e]`, `f = 1`. */
function getPatternNames(j: JSCodeshift, pattern: ASTNode | null | undefined): string[] {
  if (j.Identifier.check(pattern)) return [pattern.name];
  if (j.ObjectPattern.check(pattern)) {
    return pattern.properties.flatMap((property) => {
      if (j.RestElement.check(property)) return getPatternNames(j, property.argument);
      return j.ObjectProperty.check(property) || j.Property.check(property) ? getPatternNames(j, property.value) : [];
    });
  }
  if (j.ArrayPattern.check(pattern)) return pattern.elements.flatMap((element) => getPatternNames(j, element));
  if (j.RestElement.check(pattern)) return getPatternNames(j, pattern.argument);
  if (j.AssignmentPattern.check(pattern)) return getPatternNames(j, pattern.left);
  return [];
}

// ─── Printing ──────────────────────────────────────────────────────────────

type PrintOptions = NonNullable<Parameters<Collection['toSource']>[0]>;

/** Prints the rewritten file the way it already writes code: its quotes, line endings and tab indentation. */
function print(source: string, root: Collection, j: JSCodeshift): string {
  const lineTerminator = source.includes('\r\n') ? '\r\n' : '\n';
  const usesTabs = /^\t/m.test(source);
  // recast reads a tab as 4 columns; printing with the same width keeps the columns.
  const options: PrintOptions = { quote: detectQuoteStyle(root, j), lineTerminator, ...(usesTabs ? { useTabs: true, tabWidth: TAB_WIDTH } : {}) };
  const output = root.toSource(options);
  return usesTabs ? restoreTabIndentation(output, source, lineTerminator) : output;
}

/**
 * recast re-indents a reprinted block with spaces after the first tab (benjamn/recast#315):
 * lines the rewrite touched get their indentation back as tabs, 4 columns each.
 */
function restoreTabIndentation(output: string, source: string, lineTerminator: string): string {
  const untouched = new Set(source.split(/\r?\n/));
  return output
    .split(lineTerminator)
    .map((line) => (untouched.has(line) ? line : line.replace(/^[\t ]+/, (indent) => toTabs(indent))))
    .join(lineTerminator);
}

function toTabs(indent: string): string {
  let columns = 0;
  for (const character of indent) columns = character === '\t' ? columns - (columns % TAB_WIDTH) + TAB_WIDTH : columns + 1;
  return '\t'.repeat(Math.floor(columns / TAB_WIDTH)) + ' '.repeat(columns % TAB_WIDTH);
}

/** The quotes of the file's first string: `StringLiteral` under the TypeScript parsers, ESTree `Literal` under babel's. */
function detectQuoteStyle(root: Collection, j: JSCodeshift): 'single' | 'double' {
  const first = root
    .find(j.Node)
    .filter(({ node }) => j.StringLiteral.check(node) || (j.Literal.check(node) && typeof node.value === 'string'))
    .nodes()[0] as { raw?: string; extra?: { raw?: string } } | undefined;
  const raw = first?.extra?.raw ?? first?.raw;
  return raw?.startsWith('"') ? 'double' : 'single';
}
