import { ESLintUtils } from '@typescript-eslint/utils';
import { getClientAnalysis, hasExpiry, KeyWriteAnalysis } from 'eslint-plugin-redis-leaks/internal';
import { getSiteKeyPattern } from './match-patterns';
import type { KeyWriteSite } from './types';

/** What the rule reports of one written key; the runner adds the file and position. */
export type KeyWriteReport = Pick<KeyWriteSite, 'command' | 'expiry' | 'keyPattern' | 'keyPrefix' | 'keyText'>;

export type MessageIds = 'keyWrite';

/**
 * An internal rule, not part of the plugin: reports every key write the `require-expiry`
 * analysis sees, with or without an expiry, at the method's name (the line of a
 * chained `.set(…)` in a `multi()`). Constant keys are left out: one key cannot pile up.
 * Writes that carry their expiry in the command (`setex`, `psetex`), which the rule
 * never looks at, are reported too, with an expiry: their keys show as confirmed.
 * The message is the report as JSON, for {@link parseKeyWriteReport}.
 */
export const keyWriteRule = ESLintUtils.RuleCreator.withoutDocs<[], MessageIds>({
  meta: {
    type: 'problem',
    messages: { keyWrite: '{{report}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const clients = getClientAnalysis(context);
    if (!clients.relevant) return {};
    const keyWrites = new KeyWriteAnalysis(context.sourceCode, clients);
    return {
      CallExpression(node) {
        const write = keyWrites.getKeyWrite(node) ?? keyWrites.getExpiringKeyWrite(node);
        for (const key of write?.keys ?? []) {
          // A constant key, or a few the code spells out: no pattern of keys that piles up.
          if (key.expiry === 'fixed' || key.expiry === 'finite') continue;
          const keyPattern = getSiteKeyPattern(keyWrites.getKeyShape(key.node));
          const report: KeyWriteReport = {
            command: write!.method,
            keyPrefix: keyWrites.getKeyPrefix(key.node),
            ...(keyPattern !== undefined && { keyPattern }),
            keyText: keyWrites.getKeyText(key.node),
            expiry: hasExpiry(key.expiry) ? 'present' : 'none',
          };
          context.report({ loc: write!.call.callee.property.loc, messageId: 'keyWrite', data: { report: JSON.stringify(report) } });
        }
      },
    };
  },
});

/** The report a `keyWrite` message carries, or `undefined` for any other message. */
export function parseKeyWriteReport(message: string): KeyWriteReport | undefined {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  return isKeyWriteReport(value) ? value : undefined;
}

function isKeyWriteReport(value: unknown): value is KeyWriteReport {
  if (typeof value !== 'object' || value === null) return false;
  const { command, keyPrefix, keyPattern, keyText, expiry } = value as Record<string, unknown>;
  return (
    typeof command === 'string' &&
    typeof keyPrefix === 'string' &&
    (keyPattern === undefined || typeof keyPattern === 'string') &&
    typeof keyText === 'string' &&
    (expiry === 'none' || expiry === 'present')
  );
}
