import { AST_TOKEN_TYPES } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { TextEdit } from '../outcome';
import { insertAt } from '../outcome';

/**
 * The edits that indent, by `unit`, every line that starts in `[start, end)`: code moving one
 * block deeper. Blank lines stay as they are, and so do lines that start inside a multi-line
 * template literal or string, whose text would change. `start` counts as a line start only when
 * it is one.
 */
export function indentLines(sourceCode: Readonly<SourceCode>, start: number, end: number, unit: string): TextEdit[] {
  const { text } = sourceCode;
  const literals = findMultiLineLiterals(sourceCode, start, end);
  const edits: TextEdit[] = [];
  for (let lineStart = getFirstLineStart(text, start); lineStart < end; lineStart = getNextLineStart(text, lineStart)) {
    const inLiteral = literals.some(([from, to]) => lineStart > from && lineStart < to);
    if (!inLiteral && !isBlankLine(text, lineStart)) edits.push(insertAt(lineStart, unit));
  }
  return edits;
}

/** `text.slice(start, end)` with every line after its first indented by `unit` (see {@link indentLines}). */
export function indentFollowingLines(sourceCode: Readonly<SourceCode>, start: number, end: number, unit: string): string {
  const edits = indentLines(sourceCode, start, end, unit).filter((edit) => edit.start > start);
  let output = '';
  let offset = start;
  for (const edit of edits) {
    output += sourceCode.text.slice(offset, edit.start) + edit.text;
    offset = edit.start;
  }
  return output + sourceCode.text.slice(offset, end);
}

/** The ranges of template literal parts and strings (with escaped line breaks) that span lines. */
function findMultiLineLiterals(sourceCode: Readonly<SourceCode>, start: number, end: number): Array<readonly [number, number]> {
  return sourceCode.ast.tokens
    .filter((token) => token.range[1] > start && token.range[0] < end)
    .filter((token) => (token.type === AST_TOKEN_TYPES.Template || token.type === AST_TOKEN_TYPES.String) && token.loc.start.line !== token.loc.end.line)
    .map((token) => token.range);
}

function getFirstLineStart(text: string, offset: number): number {
  return offset === 0 || text[offset - 1] === '\n' ? offset : getNextLineStart(text, offset);
}

/** The start of the line after the one `offset` is on (the end of the text on the last line). */
export function getNextLineStart(text: string, offset: number): number {
  const lineBreak = text.indexOf('\n', offset);
  return lineBreak === -1 ? text.length : lineBreak + 1;
}

function isBlankLine(text: string, lineStart: number): boolean {
  return /^[ \t]*(?:\r?\n|$)/.test(text.slice(lineStart, getNextLineStart(text, lineStart)));
}
