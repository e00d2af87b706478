import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { ReleaseProtocol } from '../../analysis';
import { getPropertyName, isNothing, isTruthTest } from '../../analysis/ast';
import type { ClientLibraryFacts } from '../../redis';
import { getCodeStyle, getInsertionPointAfter, getLineIndent, getLineStart, isFirstOnLine } from '../code-style';
import type { Outcome, TextEdit } from '../outcome';
import { ok, replaceRange } from '../outcome';
import type { SuggestedFix } from '../report-with-fix';
import { awaitReturnedValue } from './await-return';
import { getRemovalRange, getStatementSpan } from './moved-statement';
import type { OwnedClient } from './owned-client';
import { findOwnedClient } from './owned-client';
import { indentFollowingLines, indentLines } from './reindent';
import type { ClosePlan, Wrap } from './wrap-plan';
import { getCloseCall, planWrap } from './wrap-plan';

export interface CloseInFinallyRequest<MessageIds extends string> {
  /** The rule's message for the suggestion; its data are `name` and `method`. */
  readonly messageId: MessageIds;
  /** The expression that opens the client: `new Redis(url)`, `createClient()`. */
  readonly creation: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly library: ClientLibraryFacts;
  /** The library's graceful close, for the installed version. */
  readonly close: ClosePlan;
  /** What counts as closing the client (the user's `closeMethods` too). */
  readonly protocol: ReleaseProtocol;
}

/**
 * Closes a client in a `finally`: the statements that follow its declaration, to the end of
 * its block, move into `try { … }`, indented one step, and `finally { await client.quit(); }`
 * closes it with the library's graceful close. A close the user wrote on the happy path moves
 * into the `finally` as written. Declines, with a reason, whatever it cannot rewrite exactly.
 *
 *   const client = new Redis(url);        const client = new Redis(url);
 *   const value = await client.get(k);
 *   await client.quit();             →    try {
 *   return value;                           const value = await client.get(k);
 *                                           return value;
 *                                         } finally {
 *                                           await client.quit();
 *                                         }
 */
export function buildCloseInFinally<MessageIds extends string>(
  sourceCode: Readonly<SourceCode>,
  request: CloseInFinallyRequest<MessageIds>,
): Outcome<SuggestedFix<MessageIds>> {
  const owned = findOwnedClient(sourceCode, request.creation, request.library);
  if (!owned.ok) return owned;
  const wrap = planWrap(sourceCode, owned.value, request.protocol, request.close);
  if (!wrap.ok) return wrap;
  const method = wrap.value.movedClose ? getCalledName(sourceCode, wrap.value.movedClose) : request.close.method;
  return ok({ messageId: request.messageId, data: { name: owned.value.name, method }, edits: buildEdits(sourceCode, owned.value, wrap.value, request.close) });
}

// const client = new Redis();
//
// try { …the statements that followed, one step deeper… } finally { await client.quit(); }
function buildEdits(sourceCode: Readonly<SourceCode>, owned: OwnedClient, wrap: Wrap, close: ClosePlan): TextEdit[] {
  const { text } = sourceCode;
  const { eol, indentUnit } = getCodeStyle(sourceCode);
  // A declaration that shares its line with the block's `{` is one step deeper than the line.
  const lineIndent = getLineIndent(text, owned.declaration.range[0]);
  const indent = isFirstOnLine(text, owned.declaration.range[0]) ? lineIndent : lineIndent + indentUnit;
  const closeSpan = wrap.movedClose && getStatementSpan(sourceCode, wrap.movedClose);
  const isKept = (token: TSESTree.Token) => !closeSpan || token.range[1] <= closeSpan.start || token.range[0] >= closeSpan.end;
  const afterDeclaration = getInsertionPointAfter(text, owned.declaration.range[1]).offset;
  const closingBrace = sourceCode.getLastToken(owned.block)!;
  const first = sourceCode.getTokenAfter(owned.declaration, { includeComments: true, filter: (token) => token.range[0] >= afterDeclaration && isKept(token) })!;
  const last = sourceCode.getTokenBefore(closingBrace, { includeComments: true, filter: isKept })!;

  // The moved code starts a line of its own, one step deeper; a blank line sets the `try` apart.
  const firstOnLine = isFirstOnLine(text, first.range[0]);
  const bodyStart = firstOnLine ? getLineStart(text, first.range[0]) : first.range[0];
  const opening = replaceRange([afterDeclaration, bodyStart], `${eol}${eol}${indent}try {${eol}${firstOnLine ? '' : indent + indentUnit}`);

  // The happy-path close leaves its place: covered by the opening or the tail when it comes first or last.
  const closeRemoval = closeSpan && closeSpan.start > first.range[0] && closeSpan.end < last.range[1] ? getRemovalRange(sourceCode, closeSpan) : undefined;
  const indentation = indentLines(sourceCode, bodyStart, last.range[1], indentUnit).filter(
    (edit) => !closeRemoval || edit.start < closeRemoval[0] || edit.start >= closeRemoval[1],
  );

  const closeStatement = closeSpan ? indentFollowingLines(sourceCode, closeSpan.start, closeSpan.end, indentUnit) : writeClose(sourceCode, owned, close);
  const tailEnd = closeSpan && closeSpan.start > last.range[1] ? closeSpan.end : last.range[1];
  const tail = replaceRange([last.range[1], tailEnd], `${eol}${indent}} finally {${eol}${indent}${indentUnit}${closeStatement}${eol}${indent}}`);

  const awaits = wrap.pendingReturns.flatMap((statement) => awaitReturnedValue(sourceCode, statement));
  return [opening, ...indentation, ...(closeRemoval ? [replaceRange(closeRemoval, '')] : []), ...awaits, tail];
}

// await client.quit();   void client.quit(); (not in an async function)   client.close(); (synchronous: glide)
// await queue?.close(); when the code tests whether it got one (`if (!queue) throw …`): the finally runs then too
function writeClose(sourceCode: Readonly<SourceCode>, owned: OwnedClient, close: ClosePlan): string {
  const call = `${owned.name}${isTestedForNothing(owned) ? '?.' : '.'}${close.method}()`;
  const statement = !close.returnsPromise ? call : owned.owner?.async ? `await ${call}` : `void ${call}`;
  return statement + getCodeStyle(sourceCode).semicolon;
}

/**
 * Whether the function treats the client as possibly missing: tests it for truth (`if (!queue)`,
 * `queue ? … : …`), compares it with `null` or `undefined`, or reaches into it with `?.`. A factory
 * of the project may give nothing (`getQueue(): Promise<Queue | undefined>`), and the close in the
 * `finally` runs after such a test has thrown.
 */
function isTestedForNothing(owned: OwnedClient): boolean {
  return owned.variable.references.some(({ identifier, init }) => {
    if (init) return false;
    const parent = identifier.parent;
    if (isTruthTest(identifier)) return true;
    if (parent?.type === AST_NODE_TYPES.LogicalExpression && parent.left === identifier) return true;
    if (parent?.type === AST_NODE_TYPES.BinaryExpression && ['==', '!=', '===', '!=='].includes(parent.operator)) {
      const other = parent.left === identifier ? parent.right : parent.left;
      return isNothing(other);
    }
    return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier && parent.optional;
  });
}

/** `quit` in `await client.quit()`, `shutdown` in `shutdown(client)`. */
function getCalledName(sourceCode: Readonly<SourceCode>, statement: TSESTree.ExpressionStatement): string {
  const callee = getCloseCall(statement)!.callee;
  return (callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined) ?? sourceCode.getText(callee);
}
