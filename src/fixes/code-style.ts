import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, AST_TOKEN_TYPES } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';

/** The file's own conventions, which new code follows. */
export interface CodeStyle {
  /** The quote of the file's first string. */
  readonly quote: string;
  readonly eol: string;
  /** One step of indentation: a tab, or the smallest indentation of a code line. */
  readonly indentUnit: string;
  /** `;` unless the file's statements go without. */
  readonly semicolon: string;
}

const styles = new WeakMap<object, CodeStyle>();

export function getCodeStyle(sourceCode: Readonly<SourceCode>): CodeStyle {
  let style = styles.get(sourceCode);
  if (!style) {
    const { text, ast } = sourceCode;
    const string = ast.tokens.find((token) => token.type === AST_TOKEN_TYPES.String);
    style = {
      quote: string?.value.startsWith('"') ? '"' : "'",
      eol: text.includes('\r\n') ? '\r\n' : '\n',
      indentUnit: getIndentUnit(text),
      semicolon: usesSemicolons(text, ast.body) ? ';' : '',
    };
    styles.set(sourceCode, style);
  }
  return style;
}

/** A tab when lines are indented with tabs, else the smallest indentation of a code line (not a `*` comment line), else two spaces. */
function getIndentUnit(text: string): string {
  let smallest: number | undefined;
  for (const line of text.split('\n')) {
    const indent = /^[ \t]*/.exec(line)![0];
    const rest = line.slice(indent.length);
    if (indent === '' || rest.trim() === '' || rest.startsWith('*')) continue;
    if (indent.startsWith('\t')) return '\t';
    smallest = Math.min(smallest ?? indent.length, indent.length);
  }
  return ' '.repeat(smallest ?? 2);
}

function usesSemicolons(text: string, body: readonly TSESTree.ProgramStatement[]): boolean {
  const statements = body.filter(
    (node) => node.type === AST_NODE_TYPES.ImportDeclaration || node.type === AST_NODE_TYPES.VariableDeclaration || node.type === AST_NODE_TYPES.ExpressionStatement,
  );
  return statements.length === 0 || statements.some((node) => text[node.range[1] - 1] === ';');
}

/** Whether a statement ends with its own `;`. */
export function endsWithSemicolon(text: string, node: TSESTree.Node): boolean {
  return text[node.range[1] - 1] === ';';
}

/** The indentation of the line `offset` is on. */
export function getLineIndent(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(getLineStart(text, offset)))![0];
}

export function getLineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line `offset` is on, before its line break. */
export function getLineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  if (end === -1) return text.length;
  return text[end - 1] === '\r' ? end - 1 : end;
}

export function isFirstOnLine(text: string, offset: number): boolean {
  return text.slice(getLineStart(text, offset), offset).trim() === '';
}

/** The white space (line breaks too) right before `offset`. */
export function getWhitespaceBefore(text: string, offset: number): string {
  return /\s*$/.exec(text.slice(0, offset))![0];
}

/** The white space (line breaks too) right after `offset`. */
export function getWhitespaceAfter(text: string, offset: number): string {
  return /^\s*/.exec(text.slice(offset))![0];
}

/**
 * Where a new line goes after a statement that ends at `end`: the end of its line when only a
 * comment follows it there (the comment stays with the statement), else right after it.
 */
export function getInsertionPointAfter(text: string, end: number): { offset: number; lineEnd: boolean } {
  const lineEnd = getLineEnd(text, end);
  const rest = text.slice(end, lineEnd);
  const trailing = /^[ \t]*(?:\/\/.*|\/\*(?:(?!\*\/).)*\*\/[ \t]*)?$/.test(rest);
  return trailing ? { offset: lineEnd, lineEnd: true } : { offset: end, lineEnd: false };
}
