import { createSuggestionTransform } from './suggestion-transform';

/** The `add-expiry` codemod: applies the suggestions of its rule (see `registry.ts`), as `redis-leaks fix --transform add-expiry` does. */
export default createSuggestionTransform('add-expiry');
