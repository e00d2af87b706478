import type { RuleWithMetaAndName } from '@typescript-eslint/utils/eslint-utils';
import { ESLintUtils } from '@typescript-eslint/utils';

/** `meta.docs` of every rule; configs are derived from it. */
export interface RedisLeaksDocs {
  description: string;
  /** The lowest config that enables the rule, and at which severity there. */
  recommended: 'error' | 'warn' | false;
  /** Always false: every rule works without type information and uses it when present. */
  requiresTypeChecking: false;
}

export const REPOSITORY_URL = 'https://github.com/eslint-plugin-redis-leaks/eslint-plugin-redis-leaks';

const createNamedRule = ESLintUtils.RuleCreator<RedisLeaksDocs>((name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`);

/**
 * typescript-eslint's rule creator, except that the options merged with the defaults are kept
 * while the user's options stay the same: it deep-clones the defaults for every file, and a
 * rule's `create` runs once per file. The merged options are never written to.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(rule: Readonly<RuleWithMetaAndName<Options, MessageIds, RedisLeaksDocs>>): ReturnType<typeof createNamedRule<Options, MessageIds>> {
  const created = createNamedRule(rule);
  const defaults = (rule.meta.defaultOptions ?? rule.defaultOptions ?? []) as Options;
  let last: { readonly userOptions: string; readonly options: Options } | undefined;
  return {
    ...created,
    create(context) {
      const userOptions = JSON.stringify(context.options);
      if (last?.userOptions !== userOptions) last = { userOptions, options: ESLintUtils.applyDefault<Options, Options>(defaults, context.options) };
      return rule.create(context, last.options);
    },
  };
}
