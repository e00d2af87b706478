import type { Linter } from 'eslint';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { selectSourceFiles } from '../project/files';
import { lintText } from '../project/lint';
import { mayUseClient } from 'eslint-plugin-redis-leaks/internal';
import { keyWriteRule, parseKeyWriteReport } from './key-write-rule';
import type { KeyWriteSite } from './types';

/** A file the audit could not read or parse, or a given path it could not use. */
export interface FailedFile {
  /** Relative to the working folder, `/`-separated. */
  readonly file: string;
  readonly reason: string;
}

export interface KeyWriteSiteCollection {
  /** Source files selected under the paths (those that import no client included). */
  readonly files: number;
  /** Every write of a varying key on a Redis client, in file order; lines and columns are 1-based, at the method's name. */
  readonly sites: KeyWriteSite[];
  readonly failed: FailedFile[];
}

const RULE_ID = 'redis-leaks-audit/key-writes';

/**
 * The key writes of the code under `paths` (files or folders, relative to `cwd`),
 * selected as `redis-leaks fix` selects files and judged by the `require-expiry`
 * analysis. A file that cannot be read or parsed is listed in `failed`, not fatal.
 */
export function collectKeyWriteSites(paths: readonly string[], cwd: string): KeyWriteSiteCollection {
  const { files, skipped } = selectSourceFiles(paths, cwd);
  const sites: KeyWriteSite[] = [];
  const failed: FailedFile[] = skipped.map(({ file, reason }) => ({ file: toRelative(cwd, file), reason }));
  for (const file of files) {
    const relative = toRelative(cwd, file);
    const found = findFileSites(file, relative);
    if (typeof found === 'string') failed.push({ file: relative, reason: found });
    else sites.push(...found);
  }
  return { files: files.length, sites, failed };
}

/** The key write sites of one file, or why it could not be read or parsed. */
function findFileSites(file: string, relative: string): KeyWriteSite[] | string {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    return `could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  // The cheap text test the rules make first: no client module named or module imported, no client.
  if (!mayUseClient(source, file)) return [];
  let messages: Linter.LintMessage[];
  try {
    messages = lintForKeyWrites(source, file);
  } catch (error) {
    // A crash on one file's code should not end the audit of the others.
    return `could not be analysed (${error instanceof Error ? error.message : String(error)})`;
  }
  const fatal = messages.find((message) => message.fatal);
  if (fatal) return `does not parse (line ${fatal.line}: ${fatal.message})`;
  const sites: KeyWriteSite[] = [];
  for (const message of messages) {
    const report = message.ruleId === RULE_ID ? parseKeyWriteReport(message.message) : undefined;
    if (report) sites.push({ file: relative, line: message.line, column: message.column, ...report });
  }
  return sites;
}

const KEY_WRITE_RULE: Linter.Config = {
  // typescript-eslint's rule type and ESLint's differ only in their typings.
  plugins: { 'redis-leaks-audit': { rules: { 'key-writes': keyWriteRule as never } } },
  rules: { [RULE_ID]: 'error' },
};

/** Lints one file as `redis-leaks check` parses it, with only the internal key-write rule on. */
function lintForKeyWrites(source: string, file: string): Linter.LintMessage[] {
  return lintText(source, file, { rules: {} }, [KEY_WRITE_RULE]).messages;
}

function toRelative(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
