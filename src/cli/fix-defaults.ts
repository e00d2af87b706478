// Defaults of `redis-leaks fix`, in a module of their own so the command line can show them
// without loading the fix itself.

/** The TTL add-expiry writes when neither `--ttl` nor the project's `require-expiry` `ttlSeconds` sets one (24 h). */
export const DEFAULT_TTL_SECONDS = 86_400;

/** The longest `--ttl` taken: 2^31 - 1 seconds (68 years); anything longer is a typo, and Redis rejects expiries past 64-bit milliseconds. */
export const MAX_TTL_SECONDS = 2_147_483_647;
