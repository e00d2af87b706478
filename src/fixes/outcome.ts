import type { RuleFix, RuleFixer } from '@typescript-eslint/utils/ts-eslint';

/*
 * What a fix builder gives back: text edits, or why there is no safe fix. Rules attach the
 * edits as a suggestion; the codemods apply those suggestions, so both make the same edit.
 */

/** A replacement of `text.slice(start, end)`; an insertion has `start === end`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

/** No safe fix, and a reason the user can act on (`redis-leaks fix` lists it). */
export function cannotFix(reason: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason };
}

export function insertAt(offset: number, text: string): TextEdit {
  return { start: offset, end: offset, text };
}

export function replaceRange(range: readonly [number, number], text: string): TextEdit {
  return { start: range[0], end: range[1], text };
}

/** The edits as ESLint fixes (ESLint merges a suggestion's fixes into one). */
export function toRuleFix(edits: readonly TextEdit[]): (fixer: RuleFixer) => RuleFix[] {
  return (fixer) => edits.map(({ start, end, text }) => fixer.replaceTextRange([start, end], text));
}
