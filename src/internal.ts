/**
 * The plugin's analysis and client facts, for the `redis-leaks` command of the same version
 * (`eslint-plugin-redis-leaks/internal`). Not a public API: it changes with any release.
 */
export * from './analysis';
export * from './analysis/ast';
export * from './analysis/collection-text';
export { mayUseClient } from './analysis/project-modules';
export * from './redis';
export { PLUGIN_NAMESPACE } from './configs';
export { getUnfixedReason } from './fixes/unfixed-notes';
export { IDENTIFIER_PATTERN, MAX_TTL_SECONDS, RESERVED_WORDS } from './util/option-values';
