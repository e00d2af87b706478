import type { Transform } from 'jscodeshift';
import { applyRuleSuggestions } from './apply-suggestions';
import type { CodemodName, CodemodOptions } from './registry';
import { getCodemod, toRuleOptions } from './registry';

/**
 * The jscodeshift transform of a codemod: apply its rule's suggestions to the file
 * (`npx jscodeshift -t …/add-expiry.js` and `redis-leaks fix` run the same code).
 * Findings left alone are reported with why: to `onUnfixable` in-process, else through
 * jscodeshift's `api.report`, which prints them after the file's path.
 */
export function createSuggestionTransform(name: CodemodName): Transform {
  const codemod = getCodemod(name);
  return (file, api, options: CodemodOptions) => {
    const run = applyRuleSuggestions(file.source, file.path, codemod, toRuleOptions(codemod, options));
    for (const unfixable of run.unfixable) {
      if (options.onUnfixable) options.onUnfixable(unfixable);
      else api.report(`line ${unfixable.line}: not fixed: ${unfixable.reason}`);
    }
    return run.output;
  };
}
