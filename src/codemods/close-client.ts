import { createSuggestionTransform } from './suggestion-transform';

/** The `close-client` codemod: applies the suggestions of its rule (see `registry.ts`), as `redis-leaks fix --transform close-client` does. */
export default createSuggestionTransform('close-client');
