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

export const createRule = ESLintUtils.RuleCreator<RedisLeaksDocs>((name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`);
