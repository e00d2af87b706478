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

/** The node a rule reported: the one whose source range is exactly the finding's. */
export function findReportedNode(root: Collection, j: JSCodeshift, finding: Finding): ASTPath | undefined {
  const paths = root
    .find(j.Node)
    .filter((path) => {
      const node = path.node as { start?: number; end?: number };
      return node.start === finding.start && node.end === finding.end;
    })
    .paths();
  // Nodes that share a range come outermost first; the innermost is the expression the rule saw.
  return paths.at(-1) as ASTPath | undefined;
}

export function reportUnfixable(file: FileInfo, api: API, options: CodemodOptions, unfixable: Unfixable): void {
  if (options.onUnfixable) options.onUnfixable(unfixable);
  else api.report(`${file.path}:${unfixable.line}: not fixed: ${unfixable.reason}`);
}

/** A numeric option from the CLI or from jscodeshift's `--name=value` flags. */
export function readNumberOption(value: number | string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`expected a number of 0 or more, got ${String(value)}`);
  return number;
}
