import type { ESLint, Linter } from 'eslint';
import type { RedisLeaksDocs } from './util/create-rule';

export const PLUGIN_NAMESPACE = 'redis-leaks';

type Severity = 'error' | 'warn';
type RuleWithDocs = { meta: { docs?: Partial<RedisLeaksDocs> } };

/**
 * The three presets, derived from each rule's `meta.docs.recommended`, so they cannot drift:
 * - `recommended`: the rules marked `error` or `warn`, at that severity;
 * - `strict`: the same rules, all as errors;
 * - `all`: every rule, as an error.
 *
 * Typed with ESLint's own `Linter.Config` (ESLint is a peer dependency), so the presets go into
 * `defineConfig(...)` of a typed `eslint.config.ts` next to typescript-eslint's.
 */
export function buildConfigs(plugin: ESLint.Plugin, rules: Record<string, RuleWithDocs>) {
  const entries = Object.entries(rules);
  const preset = (name: string, pick: (level: RedisLeaksDocs['recommended']) => Severity | undefined): Linter.Config => ({
    name: `${PLUGIN_NAMESPACE}/${name}`,
    plugins: { [PLUGIN_NAMESPACE]: plugin },
    rules: Object.fromEntries(
      entries.flatMap(([ruleName, rule]) => {
        const severity = pick(rule.meta.docs?.recommended ?? false);
        return severity ? [[`${PLUGIN_NAMESPACE}/${ruleName}`, severity]] : [];
      }),
    ),
  });
  return {
    recommended: preset('recommended', (level) => level || undefined),
    strict: preset('strict', (level) => (level ? 'error' : undefined)),
    all: preset('all', () => 'error'),
  };
}
