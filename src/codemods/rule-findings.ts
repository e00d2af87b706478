import type { Linter, SourceCode } from 'eslint';
import type { FileLintSettings, LintOutcome } from '../project/lint';
import { lintText } from '../project/lint';

export type { RuleName } from './registry';
import type { RuleName } from './registry';

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
    /** The parser's own words, without the file and line. */
    readonly parserMessage: string,
  ) {
    super(`${filePath}:${line}: ${parserMessage}`);
    this.name = 'SourceParseError';
  }
}


/**
 * Every finding of `rules` in `source`, from one lint pass; throws `SourceParseError` when
 * the text does not parse.
 */
export function findAllRuleFindings(source: string, filePath: string, rules: readonly RuleName[]): Map<RuleName, Finding[]> {
  const { messages } = lint(source, filePath, Object.fromEntries(rules.map((rule) => [`redis-leaks/${rule}`, 'error'])));
  return new Map(rules.map((rule) => [rule, toFindings(source, messages, rule)]));
}

/**
 * Lints `source` with one rule on, its options the active settings' (the user's) with
 * `ruleOptions` over them; throws `SourceParseError` when the text does not parse. The
 * SourceCode holds the rule's notes on findings it has no fix for.
 */
export function lintWithRule(source: string, filePath: string, rule: RuleName, ruleOptions: Record<string, unknown>): { messages: Linter.LintMessage[]; sourceCode: SourceCode | undefined } {
  const id = `redis-leaks/${rule}`;
  const own = activeSettings?.rules[id];
  const configured = Array.isArray(own) ? (own[1] as Record<string, unknown> | undefined) : undefined;
  const entry = ['error', { ...configured, ...ruleOptions }] as Linter.RuleEntry;
  const { messages, sourceCode } = lintText(source, filePath, { ...activeSettings, rules: { [id]: entry } });
  throwOnParseError(filePath, messages);
  return { messages: messages.filter((message) => message.ruleId === id), sourceCode };
}

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
function lint(source: string, filePath: string, rules: Linter.RulesRecord): LintOutcome {
  const configured = activeSettings?.rules ?? {};
  const entries: Linter.RulesRecord = Object.fromEntries(
    Object.entries(rules).map(([id, entry]) => {
      const own = configured[id];
      return [id, Array.isArray(own) ? (['error', ...own.slice(1)] as Linter.RuleEntry) : entry];
    }),
  );
  const outcome = lintText(source, filePath, { ...activeSettings, rules: entries });
  throwOnParseError(filePath, outcome.messages);
  return outcome;
}

function throwOnParseError(filePath: string, messages: readonly Linter.LintMessage[]): void {
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new SourceParseError(filePath, fatal.line, fatal.message);
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
