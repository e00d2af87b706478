/** The command's exit codes, as ESLint uses them. */
export const EXIT = {
  clean: 0,
  /** Findings (or, for `fix`, files it could not fix or write). */
  findings: 1,
  /** Bad usage, a missing prerequisite, or an internal error. */
  usage: 2,
} as const;
