import type { Linter } from 'eslint';
import type plugin from 'eslint-plugin-redis-leaks';
import type { FileLintSettings } from '../project/lint';
import { lintText } from '../project/lint';

export type RuleName = keyof typeof plugin.rules;

/** One report of a rule, with the source offsets of the node it reported. */
export interface Finding {
  readonly messageId: string;
  /** 1-based lines and 0-based columns of the reported node, as ESLint reports them. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Offsets of the reported node in the linted text. */
  readonly start: number;
  readonly end: number;
}

/** A file the parser rejects: the codemods leave it untouched and the runner lists it as failed. */
export class SourceParseError extends Error {
  constructor(
    readonly filePath: string,
    readonly line: number,
    message: string,
  ) {
    super(`${filePath}:${line}: ${message}`);
    this.name = 'SourceParseError';
  }
}


/**
 * Asks a rule where its findings are in `source` (DESIGN.md: rules decide, codemods
 * rewrite). The file is linted the way `redis-leaks check` lints it, with only this rule on,
 * unless `findAllRuleFindings` has just linted the same text with this rule among others.
 */
export function findRuleFindings(source: string, filePath: string, rule: RuleName, ruleOptions: readonly unknown[] = []): Finding[] {
  if (ruleOptions.length === 0 && lastLint?.source === source && lastLint.filePath === filePath) {
    const known = lastLint.findings.get(rule);
    if (known) return known;
  }
  const messages = lint(source, filePath, { [`redis-leaks/${rule}`]: ['error', ...ruleOptions] as Linter.RuleEntry });
  return toFindings(source, messages, rule);
}

/**
 * Every finding of `rules` in `source`, from one lint pass; throws `SourceParseError` when
 * the text does not parse. The result is kept for the next `findRuleFindings` call on the
 * same text, so a runner that counts findings first and then runs the transforms lints
 * an unchanged file once, not once per transform.
 */
export function findAllRuleFindings(source: string, filePath: string, rules: readonly RuleName[]): Map<RuleName, Finding[]> {
  const messages = lint(source, filePath, Object.fromEntries(rules.map((rule) => [`redis-leaks/${rule}`, 'error'])));
  const findings = new Map(rules.map((rule) => [rule, toFindings(source, messages, rule)]));
  lastLint = { source, filePath, findings };
  return findings;
}

/** The last `findAllRuleFindings` result; one entry, so memory stays flat over a whole run. */
let lastLint: { readonly source: string; readonly filePath: string; readonly findings: Map<RuleName, Finding[]> } | undefined;

function toFindings(source: string, messages: readonly Linter.LintMessage[], rule: RuleName): Finding[] {
  const lineStarts = getLineStarts(source);
  return messages
    .filter((message) => message.ruleId === `redis-leaks/${rule}`)
    .map((message) => ({
      messageId: message.messageId ?? '',
      line: message.line,
      column: message.column - 1,
      endLine: message.endLine ?? message.line,
      endColumn: (message.endColumn ?? message.column) - 1,
      start: toOffset(lineStarts, message.line, message.column),
      end: toOffset(lineStarts, message.endLine ?? message.line, message.endColumn ?? message.column),
    }));
}

/**
 * The settings of the file `redis-leaks fix` is working on (the user's rule options and type
 * information); a plain jscodeshift run has none and lints with the rules' defaults.
 */
let activeSettings: FileLintSettings | undefined;

/** Runs `work` with `settings` as the lint settings of every rule lint inside it. */
export function withLintSettings<T>(settings: FileLintSettings | undefined, work: () => T): T {
  const previous = activeSettings;
  activeSettings = settings;
  try {
    return work();
  } finally {
    activeSettings = previous;
  }
}

/**
 * Lints `source` as `redis-leaks check` would, with only `rules` on (with the options the
 * active settings give them, else those passed); a parse failure throws.
 */
function lint(source: string, filePath: string, rules: Linter.RulesRecord): Linter.LintMessage[] {
  const configured = activeSettings?.rules ?? {};
  const entries: Linter.RulesRecord = Object.fromEntries(
    Object.entries(rules).map(([id, entry]) => {
      const own = configured[id];
      return [id, Array.isArray(own) ? (['error', ...own.slice(1)] as Linter.RuleEntry) : entry];
    }),
  );
  const { messages } = lintText(source, filePath, { ...activeSettings, rules: entries });
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new SourceParseError(filePath, fatal.line, fatal.message);
  return messages;
}

/** Where each line starts; ESLint strips a byte-order mark, so the first line starts after it. */
function getLineStarts(source: string): number[] {
  const starts = [source.startsWith('\uFEFF') ? 1 : 0];
  for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** ESLint lines are 1-based and columns 1-based in messages. */
function toOffset(lineStarts: readonly number[], line: number, column: number): number {
  return (lineStarts[line - 1] ?? 0) + column - 1;
}

/** How many findings each of `rules` has in `source`, from one lint pass; throws `SourceParseError` when the text does not parse. */
export function countRuleFindings(source: string, filePath: string, rules: readonly RuleName[]): Map<RuleName, number> {
  return new Map([...findAllRuleFindings(source, filePath, rules)].map(([rule, findings]) => [rule, findings.length]));
}
