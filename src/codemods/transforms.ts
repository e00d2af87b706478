import type { Transform } from 'jscodeshift';
import addExpiry from './add-expiry';
import boundCache from './bound-cache';
import closeClient from './close-client';
import type { CodemodName } from './registry';

/** The transform of each codemod in `registry.ts`, by name. */
export const TRANSFORMS: Readonly<Record<CodemodName, Transform>> = {
  'close-client': closeClient,
  'add-expiry': addExpiry,
  'bound-cache': boundCache,
};
