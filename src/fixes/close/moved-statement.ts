import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { getLineEnd, getLineStart, isFirstOnLine } from '../code-style';
import { getNextLineStart } from './reindent';

/** The text a statement moves with: its own-line comments above it, and comments after it on its last line. */
export interface StatementSpan {
  readonly start: number;
  readonly end: number;
  /** The first comment or the statement. */
  readonly first: TSESTree.Node | TSESTree.Token;
}

export function getStatementSpan(sourceCode: Readonly<SourceCode>, statement: TSESTree.Node): StatementSpan {
  const previous = sourceCode.getTokenBefore(statement);
  let first: TSESTree.Node | TSESTree.Token = statement;
  for (const comment of sourceCode.getCommentsBefore(statement).reverse()) {
    if (previous && comment.loc.start.line <= previous.loc.end.line) break;
    first = comment;
  }
  let end = statement.range[1];
  for (const comment of sourceCode.getCommentsAfter(statement)) {
    if (comment.loc.start.line !== statement.loc.end.line) break;
    end = comment.range[1];
  }
  return { start: first.range[0], end, first };
}

/**
 * The range that takes a statement's span out of the code around it: its whole lines when it has
 * them to itself, else the span and the white space that separates it from its neighbour.
 */
export function getRemovalRange(sourceCode: Readonly<SourceCode>, span: StatementSpan): readonly [number, number] {
  const { text } = sourceCode;
  const ownsLastLine = text.slice(span.end, getLineEnd(text, span.end)).trim() === '';
  if (isFirstOnLine(text, span.start)) {
    if (ownsLastLine) return [getLineStart(text, span.start), getNextLineStart(text, span.end)];
    const next = sourceCode.getTokenByRangeStart(skipWhitespace(text, span.end), { includeComments: true });
    return [span.start, next?.range[0] ?? span.end];
  }
  const previous = sourceCode.getTokenBefore(span.first, { includeComments: true });
  return [previous?.range[1] ?? span.start, span.end];
}

function skipWhitespace(text: string, offset: number): number {
  return offset + /^\s*/.exec(text.slice(offset))![0].length;
}
