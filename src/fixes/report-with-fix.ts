import type { TSESTree } from '@typescript-eslint/utils';
import type { RuleContext } from '@typescript-eslint/utils/ts-eslint';
import type { Outcome, TextEdit } from './outcome';
import { toRuleFix } from './outcome';
import { noteUnfixed } from './unfixed-notes';

/** The suggestion a fix builder proposes: the edits, and the message that names them in the editor. */
export interface SuggestedFix<MessageIds extends string> {
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, string>>;
  readonly edits: readonly TextEdit[];
}

interface Finding<MessageIds extends string> {
  readonly node: TSESTree.Node;
  /** Where to point instead of the whole node (a chained call's own method, not the chain's start). */
  readonly loc?: TSESTree.SourceLocation;
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, unknown>>;
}

/**
 * Reports a finding with its fix as an editor suggestion, or, when the builder found no safe
 * fix, with none and a note of why (which `redis-leaks fix` prints). The codemods apply these
 * same suggestions, so the editor and the command always make the same edit.
 */
export function reportWithFix<MessageIds extends string>(
  context: Readonly<RuleContext<MessageIds, readonly unknown[]>>,
  finding: Finding<MessageIds>,
  fix: Outcome<SuggestedFix<MessageIds>>,
): void {
  if (!fix.ok) noteUnfixed(context, finding.loc ?? finding.node.loc, fix.reason);
  const suggest = fix.ok ? [{ messageId: fix.value.messageId, data: { ...finding.data, ...fix.value.data }, fix: toRuleFix(fix.value.edits) }] : [];
  context.report({ ...finding, suggest });
}
