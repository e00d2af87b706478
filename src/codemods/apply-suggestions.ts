import type { Linter, Rule } from 'eslint';
import { getUnfixedReason } from 'eslint-plugin-redis-leaks/internal';
import type { CodemodEntry, Unfixable } from './registry';
import { lintWithRule } from './rule-findings';

/**
 * Passes at most: each applies every suggestion that does not overlap another and lints again.
 * Overlaps are rare (two `expire`s before one `exec()`), except with `ttlName` in a file that
 * lacks the constant: each such fix spans from the imports to its write, so one lands per pass.
 */
const MAX_PASSES = 100;
const BOM = '\uFEFF';

export interface SuggestionRun {
  readonly output: string;
  /** Findings left in the output, with why each has no fix. */
  readonly unfixable: Unfixable[];
}

interface Suggested {
  readonly message: Linter.LintMessage;
  readonly fix: Rule.Fix;
}

/**
 * A codemod's work (docs/architecture.md, "How a finding becomes a fix"): lint `source` with the
 * transform's rule, apply the suggestion it attached to each finding, and lint again, until no
 * suggestion is left. Suggestions that overlap wait for the next pass, as ESLint's fixer does.
 * Throws `SourceParseError` when the input, or a rewrite, does not parse.
 */
export function applyRuleSuggestions(source: string, filePath: string, codemod: CodemodEntry, ruleOptions: Record<string, unknown>): SuggestionRun {
  // ESLint's ranges skip a byte-order mark; it is put back in front.
  if (source.startsWith(BOM)) {
    const run = applyRuleSuggestions(source.slice(1), filePath, codemod, ruleOptions);
    return { ...run, output: BOM + run.output };
  }
  let text = source;
  for (let pass = 1; ; pass += 1) {
    const lint = lintWithRule(text, filePath, codemod.rule, ruleOptions);
    const suggested = lint.messages.flatMap((message) => pickSuggestion(codemod, message));
    const next = suggested.length === 0 || pass > MAX_PASSES ? text : applyNonOverlapping(text, suggested);
    // Done when nothing is left to apply (or a suggestion changes nothing, which would loop).
    if (next === text) {
      const unfixable = lint.messages.map((message) => ({ line: message.line, reason: describeUnfixed(codemod, message, lint.sourceCode) }));
      return { output: text, unfixable };
    }
    text = next;
  }
}

/** The suggestion of a finding that the transform applies: the first of its preferred messages. */
function pickSuggestion(codemod: CodemodEntry, message: Linter.LintMessage): Suggested[] {
  for (const messageId of codemod.suggestions) {
    const suggestion = message.suggestions?.find((candidate) => candidate.messageId === messageId);
    if (suggestion) return [{ message, fix: suggestion.fix }];
  }
  return [];
}

function describeUnfixed(codemod: CodemodEntry, message: Linter.LintMessage, sourceCode: object | undefined): string {
  if (pickSuggestion(codemod, message).length > 0) return 'its fix overlaps other fixes in the same place; run the fix again, or fix it by hand';
  const noted = sourceCode && getUnfixedReason(sourceCode, `redis-leaks/${codemod.rule}`, message.line, message.column - 1);
  return noted ?? `the ${codemod.name} transform has no safe rewrite for this finding`;
}

/** Applies fixes in source order, skipping any that starts where an earlier one ends or before (ESLint's rule). */
function applyNonOverlapping(text: string, suggested: readonly Suggested[]): string {
  const ordered = [...suggested].sort((a, b) => a.fix.range[0] - b.fix.range[0] || a.fix.range[1] - b.fix.range[1]);
  let output = '';
  let offset = 0;
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const { fix } of ordered) {
    const [start, end] = fix.range;
    if (start <= lastEnd) continue;
    output += text.slice(offset, start) + fix.text;
    offset = end;
    lastEnd = end;
  }
  return output + text.slice(offset);
}
