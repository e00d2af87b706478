import type { CodemodEntry } from '../codemods/registry';
import { CODEMODS } from '../codemods/registry';
import type { CodemodOptions, Unfixable } from '../codemods/transform-api';
import type { FileLintSettings } from '../project/lint';
import { RULE_PREFIX } from '../project/lint';

// The shapes `redis-leaks fix` passes to its workers, and the text pre-filter. Kept apart
// from `fix-file.ts` so the main thread can pre-filter without loading ESLint and the transforms.

/** Plain data, so a job can cross to a worker thread. */
export interface FileJob {
  readonly file: string;
  readonly transforms: readonly string[];
  readonly options: Omit<CodemodOptions, 'onUnfixable'>;
  /** The file's rule settings from the project's ESLint config: a transform whose rule is off there does not run. */
  readonly settings: FileLintSettings;
}

export interface FileResult {
  readonly file: string;
  /** `unchanged` with `prefiltered` means the text cannot hold a finding, so it was never parsed. */
  readonly status: 'changed' | 'failed' | 'unchanged';
  readonly prefiltered?: boolean;
  /** A rewrite the type gate rolled back. */
  readonly rolledBack?: boolean;
  readonly reason?: string;
  readonly original?: string;
  readonly output?: string;
  /** Findings fixed, per transform. */
  readonly fixed: Record<string, number>;
  readonly unfixable: UnfixableInFile[];
}

/** A finding a transform left alone: its line and reason in the rewritten file, and `before` in the file as it was. */
export interface UnfixableInFile extends Unfixable {
  readonly transform: string;
  readonly before: Unfixable;
}

/** The transforms of `job` that may apply to this text; none means the file cannot hold a finding and is never parsed. */
export function selectCodemods(job: FileJob, text: string): CodemodEntry[] {
  // With type information a client may come from any module, so the Redis transforms' text test (a client module named) cannot rule a file out.
  const typed = job.settings.tsconfigRootDir !== undefined;
  return CODEMODS.filter(
    (codemod) =>
      job.transforms.includes(codemod.name) &&
      `${RULE_PREFIX}${codemod.rule}` in job.settings.rules &&
      (codemod.mayApply(text, job.file) || (typed && codemod.rule !== 'no-unbounded-cache')),
  );
}

/** The result for a file the text pre-filter ruled out. */
export function prefilteredResult(file: string): FileResult {
  return { file, status: 'unchanged', prefiltered: true, fixed: {}, unfixable: [] };
}
