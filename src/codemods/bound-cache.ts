import { createSuggestionTransform } from './suggestion-transform';

/** The `bound-cache` codemod: applies the suggestions of its rule (see `registry.ts`), as `redis-leaks fix --transform bound-cache` does. */
export default createSuggestionTransform('bound-cache');
