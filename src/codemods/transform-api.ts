import type { API, ASTPath, Collection, FileInfo, JSCodeshift } from 'jscodeshift';
import type { Finding } from './rule-findings';
import { getParserForPath } from './parser';

/** Options every transform accepts; the `redis-leaks fix` flags fill them, and plain jscodeshift passes `--ttl=…` the same way. */
export interface CodemodOptions {
  /** Seconds of TTL that `add-expiry` writes (default 86400). */
  ttl?: number | string;
  /** A constant name to write instead of the number, when the user passes `--ttl-name`. */
  ttlName?: string;
  /** `false` writes a plain `EXPIRE key ttl` (for Redis < 7.0, which has no NX). */
  nx?: boolean | string;
  /** Entries a bounded cache keeps (default 1000). */
  max?: number | string;
  /** Seconds an entry of a bounded cache lives (default 1800; 0 for none). */
  cacheTtl?: number | string;
  /** In-process runs collect findings that could not be fixed safely; plain jscodeshift prints them through `api.report`. */
  onUnfixable?: (unfixable: Unfixable) => void;
}

/** A finding a transform left alone, with why, so the user can fix it by hand. */
export interface Unfixable {
  readonly line: number;
  readonly reason: string;
}

/** Parses the file with the parser its extension calls for. */
export function parseSource(file: FileInfo, api: API): { j: JSCodeshift; root: Collection } {
  const j = api.jscodeshift.withParser(getParserForPath(file.path));
  return { j, root: j(file.source) };
}

/**
 * The node a rule reported: the innermost one that spans exactly the finding.
 * recast parses a copy of the file with LF line breaks and leading tabs expanded to
 * spaces, so the finding's line and column are mapped onto that copy first.
 */
export function findReportedNode(root: Collection, j: JSCodeshift, finding: Finding, source: string): ASTPath | undefined {
  const lines = source.split(/\r\n|\r|\n/);
  const start = toParsedColumn(lines[finding.line - 1] ?? '', finding.column);
  const end = toParsedColumn(lines[finding.endLine - 1] ?? '', finding.endColumn);
  const paths = root
    .find(j.Node)
    .filter((path) => {
      const loc = (path.node as { loc?: null | { start: { line: number; column: number }; end: { line: number; column: number } } }).loc;
      return (
        loc != null &&
        loc.start.line === finding.line &&
        loc.start.column === start &&
        loc.end.line === finding.endLine &&
        loc.end.column === end
      );
    })
    .paths();
  // Nodes that share a span come outermost first; the innermost is the expression the rule saw.
  return paths.at(-1) as ASTPath | undefined;
}

/** Expressions that give their operand's value unchanged: parentheses and type assertions (jscodeshift node types). */
export const TRANSPARENT_WRAPPERS: ReadonlySet<string> = new Set([
  'ParenthesizedExpression',
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TypeCastExpression',
]);

/** recast's tab width when it expands indentation. */
export const TAB_WIDTH = 4;

/** A column of `line` as it is in recast's copy, where the indentation's tabs are spaces. */
function toParsedColumn(line: string, column: number): number {
  const indentation = /^[ \t]*/.exec(line)![0];
  let width = 0;
  for (const character of indentation) width = character === '\t' ? width + TAB_WIDTH - (width % TAB_WIDTH) : width + 1;
  return column >= indentation.length ? column - indentation.length + width : column;
}

export function reportUnfixable(file: FileInfo, api: API, options: CodemodOptions, unfixable: Unfixable): void {
  if (options.onUnfixable) options.onUnfixable(unfixable);
  // jscodeshift puts the file's path in front of what is reported.
  else api.report(`line ${unfixable.line}: not fixed: ${unfixable.reason}`);
}

/** A numeric option from the CLI or from jscodeshift's `--name=value` flags. */
export function readNumberOption(value: number | string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`expected a number of 0 or more, got ${String(value)}`);
  return number;
}
