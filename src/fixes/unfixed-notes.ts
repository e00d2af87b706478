import type { TSESTree } from '@typescript-eslint/utils';

/*
 * Why a finding has no suggestion. A rule notes it when its fix builder declines; the codemods,
 * which lint in the same process, read the notes of the linted file's SourceCode to tell the user
 * why a finding was left alone. Kept per SourceCode object, so they go when the lint result goes.
 */

const notesBySourceCode = new WeakMap<object, Map<string, string>>();

/** Notes that the finding the rule `context.id` reports at `node` has no fix, and why. */
export function noteUnfixed(context: { readonly id: string; readonly sourceCode: object }, loc: TSESTree.SourceLocation, reason: string): void {
  let notes = notesBySourceCode.get(context.sourceCode);
  if (!notes) {
    notes = new Map();
    notesBySourceCode.set(context.sourceCode, notes);
  }
  notes.set(getNoteKey(context.id, loc.start.line, loc.start.column), reason);
}

/** Why the finding of `ruleId` that starts at `line` (1-based) and `column` (0-based) has no fix, when its rule said. */
export function getUnfixedReason(sourceCode: object, ruleId: string, line: number, column: number): string | undefined {
  return notesBySourceCode.get(sourceCode)?.get(getNoteKey(ruleId, line, column));
}

function getNoteKey(ruleId: string, line: number, column: number): string {
  return `${ruleId}@${line}:${column}`;
}
