import type { Transform } from 'jscodeshift';
import { applyRuleSuggestions } from './apply-suggestions';
import { mapLineMentions, mapLines, SAME_LINES } from './line-map';
import type { CodemodName, CodemodOptions } from './registry';
import { getCodemod, toRuleOptions } from './registry';

/**
 * The jscodeshift transform of a codemod: apply its rule's suggestions to the file
 * (`npx jscodeshift -t …/add-expiry.js` and `redis-leaks fix` run the same code).
 * Findings left alone are reported with why: to `onUnfixable` in-process (lines of the output),
 * else through jscodeshift's `api.report`, which prints them after the file's path: with lines of
 * the output it writes, or of the file as it is under `--dry`, which writes nothing.
 */
export function createSuggestionTransform(name: CodemodName): Transform {
  const codemod = getCodemod(name);
  return (file, api, options: CodemodOptions) => {
    const run = applyRuleSuggestions(file.source, file.path, codemod, toRuleOptions(codemod, options));
    const toReportedLine = options.dry && !options.onUnfixable ? mapLines(run.output, file.source) : SAME_LINES;
    for (const unfixable of run.unfixable) {
      if (options.onUnfixable) options.onUnfixable(unfixable);
      else api.report(`line ${toReportedLine(unfixable.line)}: not fixed: ${mapLineMentions(unfixable.reason, toReportedLine)}`);
    }
    return run.output;
  };
}
