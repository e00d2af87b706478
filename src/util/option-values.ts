/*
 * Limits of option values, shared by the rules' schemas and the command's flags, so an option
 * means the same in eslint.config.js and on the command line.
 */

/** The longest time to live taken: 2^31 - 1 seconds (68 years); anything longer is a typo. */
export const MAX_TTL_SECONDS = 2_147_483_647;

/** A JavaScript identifier, as a `const` name. */
export const IDENTIFIER_PATTERN = '^[A-Za-z_$][\\w$]*$';

/** Words JavaScript reserves (and globals no constant should shadow), which cannot name a constant. */
export const RESERVED_WORDS: readonly string[] = (
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
  'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface ' +
  'package private protected public await arguments eval undefined NaN Infinity'
).split(' ');
