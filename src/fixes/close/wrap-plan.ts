import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { ReleaseProtocol } from '../../analysis';
import { forEachDescendant, getProcessMethod, getValueParent, isFunction, isWithin } from '../../analysis/ast';
import type { Outcome } from '../outcome';
import { cannotFix, ok } from '../outcome';
import { findEscapingDeclaration } from './escaping-declarations';
import type { OwnedClient } from './owned-client';

/** How the client is closed: the method, and whether it returns a promise to wait for. */
export interface ClosePlan {
  readonly method: string;
  readonly returnsPromise: boolean;
}

/** The statements that move into the `try`, and the user's own happy-path close that moves into the `finally`. */
export interface Wrap {
  readonly wrapped: readonly TSESTree.Statement[];
  readonly movedClose: TSESTree.ExpressionStatement | undefined;
  /** `return client.get(key)`: returns that become `return await …`, so the close waits for them. */
  readonly pendingReturns: readonly TSESTree.ReturnStatement[];
}

/** The statements after the declaration, minus the user's happy-path close, once nothing stands in the way of moving them. */
export function planWrap(sourceCode: Readonly<SourceCode>, owned: OwnedClient, protocol: ReleaseProtocol, close: ClosePlan): Outcome<Wrap> {
  const { block, declaration, name } = owned;
  const following = block.body.slice(block.body.indexOf(declaration) + 1);
  if (following.length === 0) {
    return cannotFix(`nothing follows the declaration of \`${name}\` in its block, so there is nothing to wrap: close it where it is used, or hand it to an owner`);
  }
  const uses = owned.variable.references.flatMap(({ identifier }) => (identifier.type === AST_NODE_TYPES.Identifier ? [identifier] : []));
  const happyPathCloses = following.filter((statement) => isStraightLineClose(statement, uses, protocol));
  if (happyPathCloses.length > 1) return cannotFix(`\`${name}\` is closed more than once in its block: keep one close, in a \`finally\`, by hand`);
  const [movedClose] = happyPathCloses;
  const wrapped = following.filter((statement) => statement !== movedClose);
  if (wrapped.length === 0) return cannotFix(`nothing happens between opening \`${name}\` and closing it`);
  const usesIn = (statement: TSESTree.Node) => uses.filter((use) => isWithin(use, statement));
  if (wrapped.some((statement) => usesIn(statement).some((use) => protocol.getReleaseCall(use)))) {
    return cannotFix(`\`${name}\` is already closed on some paths, so a \`finally\` would close it twice: move those closes into one \`finally\` by hand`);
  }
  const reassigned = owned.variable.references.some((reference) => reference.isWrite() && wrapped.some((statement) => isWithin(reference.identifier, statement)));
  if (reassigned) return cannotFix(`\`${name}\` is reassigned after it is opened, so a \`finally\` would close only the last client`);
  const exit = wrapped.map((statement) => findProcessExit(sourceCode, statement)).find((found) => found !== undefined);
  if (exit) {
    return cannotFix(`\`${exit}()\` ends the process without running a \`finally\`, so a close moved there would never run: close \`${name}\` before it by hand`);
  }
  const escaping = findEscapingDeclaration(sourceCode, declaration, wrapped);
  if (escaping !== undefined) {
    return cannotFix(`\`${escaping}\` is declared in the statements that would move into the \`try\` and used outside them: move or rename it by hand`);
  }
  const pendingReturns = wrapped.flatMap((statement) => findPendingReturns(sourceCode, statement, usesIn(statement)));
  if (pendingReturns.length > 0 && owned.owner?.async !== true) {
    return cannotFix(`a \`return\` hands back a call that may still be using \`${name}\` when the \`finally\` closes it: make the function \`async\` and \`return await\` it`);
  }
  if (!close.returnsPromise && wrapped.some((statement) => usesIn(statement).some(isUnawaitedCommand))) {
    return cannotFix(`a command on \`${name}\` is not awaited, and \`${close.method}()\` rejects the commands still pending: await it first`);
  }
  return ok({ wrapped, movedClose, pendingReturns });
}

// client.quit();  await client.quit();  void client.quit();  shutdown(client);
function isStraightLineClose(statement: TSESTree.Statement, uses: readonly TSESTree.Identifier[], protocol: ReleaseProtocol): statement is TSESTree.ExpressionStatement {
  const call = statement.type === AST_NODE_TYPES.ExpressionStatement ? getCloseCall(statement) : undefined;
  return call !== undefined && uses.some((use) => protocol.getReleaseCall(use) === call);
}

/** The call a statement makes, awaited, voided or not: `client.quit()` in `await client?.quit();`. */
export function getCloseCall(statement: TSESTree.ExpressionStatement): TSESTree.CallExpression | undefined {
  let { expression } = statement;
  if (expression.type === AST_NODE_TYPES.AwaitExpression) expression = expression.argument;
  else if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === 'void') expression = expression.argument;
  if (expression.type === AST_NODE_TYPES.ChainExpression) expression = expression.expression;
  return expression.type === AST_NODE_TYPES.CallExpression ? expression : undefined;
}

/** Visits the nodes of `statement` (itself included) that run when it runs: not the bodies of functions it declares. */
function forEachNodeRunBy(sourceCode: Readonly<SourceCode>, statement: TSESTree.Node, visit: (node: TSESTree.Node) => void): void {
  visit(statement);
  forEachDescendant(statement, sourceCode.visitorKeys, (node) => {
    if (isFunction(node)) return false;
    visit(node);
    return undefined;
  });
}

/** `process.exit`, `process.kill` or `process.abort`, called by `statement` (not in a function it declares): the name, if any. */
function findProcessExit(sourceCode: Readonly<SourceCode>, statement: TSESTree.Statement): string | undefined {
  let found: string | undefined;
  forEachNodeRunBy(sourceCode, statement, (node) => {
    if (found !== undefined) return;
    const method = getProcessMethod(node);
    if (method === 'exit' || method === 'kill' || method === 'abort') found = `process.${method}`;
  });
  return found;
}

/**
 * `return client.get(key)` in `statement` (not in a function it declares): the promise it
 * returns settles after the `finally` has run, so the close would not wait for it.
 */
function findPendingReturns(sourceCode: Readonly<SourceCode>, statement: TSESTree.Statement, uses: readonly TSESTree.Identifier[]): TSESTree.ReturnStatement[] {
  const returns: TSESTree.ReturnStatement[] = [];
  forEachNodeRunBy(sourceCode, statement, (node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement && isPendingUse(sourceCode, node.argument, uses)) returns.push(node);
  });
  return returns;
}

/** A call that involves the client and is not awaited: `client.get(key)`, `Promise.all(keys.map((k) => client.get(k)))`. */
function isPendingUse(sourceCode: Readonly<SourceCode>, expression: TSESTree.Expression | null, uses: readonly TSESTree.Identifier[]): boolean {
  if (!expression || expression.type === AST_NODE_TYPES.AwaitExpression || !uses.some((use) => isWithin(use, expression))) return false;
  let calls = isCall(expression);
  forEachDescendant(expression, sourceCode.visitorKeys, (node) => {
    calls ||= isCall(node);
    return !calls;
  });
  return calls;
}

function isCall(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression;
}

// client.set(key, value);  void client.set(key, value);
function isUnawaitedCommand(use: TSESTree.Identifier): boolean {
  const member = getValueParent(use).parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.parent.type !== AST_NODE_TYPES.CallExpression || member.parent.callee !== member) return false;
  const statement = getValueParent(member.parent).parent;
  return statement?.type === AST_NODE_TYPES.ExpressionStatement || (statement?.type === AST_NODE_TYPES.UnaryExpression && statement.operator === 'void');
}
