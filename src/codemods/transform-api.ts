export type { CodemodOptions, Unfixable } from './registry';
