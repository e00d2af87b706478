import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { ClientAnalysis, KeyWrite } from '../../analysis';
import { unwrapExpression } from '../../analysis/ast';
import { EXPIRY_DIALECTS } from '../../redis';
import { getCodeStyle } from '../code-style';
import type { Outcome, TextEdit } from '../outcome';
import { cannotFix, ok } from '../outcome';
import type { SuggestedFix } from '../report-with-fix';
import { describeExpiry } from './describe-expiry';
import type { ExpirySettings } from './expiry-form';
import { fillTemplate, getExpireArgumentsTemplate, getSetOptionTemplate, getTtlText } from './expiry-form';
import { getFollowUpExpireEdits } from './follow-up-expire';
import { bindTemplateExports } from './library-exports';
import { getSetExpiryEdits } from './set-expiry-option';
import { getTtlConstantEdits } from './ttl-constant';

export type ExpiryFixMessageIds = 'missingExpiryFixAddExpire' | 'missingExpiryFixAddOption';

export interface ExpiryFixRequest {
  readonly sourceCode: Readonly<SourceCode>;
  readonly filename: string;
  readonly clients: ClientAnalysis;
  readonly write: KeyWrite;
  /** The written key that gets no expiry. */
  readonly key: TSESTree.Node;
  readonly settings: ExpirySettings;
}

/**
 * The fix of a key written with no expiry, in the form of the write's own client library:
 * a `set` gets its expiry option (`'EX', ttl` / `{ expiration: … }` / `{ ex: ttl }` / `{ expiry: … }`),
 * any other write a follow-up `expire(key, ttl, 'NX')`. Plus what the new code names: glide's
 * `TimeUnit` or `ExpireOptions` imported, the `ttlName` constant declared.
 */
export function buildExpiryFix(request: ExpiryFixRequest): Outcome<SuggestedFix<ExpiryFixMessageIds>> {
  const { sourceCode, filename, write, settings } = request;
  if (isOptionalCall(write.call)) return cannotFix('the write is not a plain method call (an optional call `?.`, or a computed method)');
  const isSet = write.command === 'set';
  const template = isSet ? getSetOptionTemplate(write, filename) : getExpireArgumentsTemplate(write.dialect, settings.expireNx);
  const bound = bindTemplateExports(sourceCode, filename, write, template);
  if (!bound.ok) return bound;
  const text = fillTemplate(template, { ttlText: getTtlText(settings), quote: getCodeStyle(sourceCode).quote, names: bound.value.names });
  const edits = isSet
    ? getSetExpiryEdits(sourceCode, write.call, EXPIRY_DIALECTS[write.dialect], text)
    : getFollowUpExpireEdits({ ...request, expireArguments: text });
  if (!edits.ok) return edits;
  const constant = getTtlConstantEdits(sourceCode, settings, write.call);
  if (!constant.ok) return constant;
  // Edits at one offset apply in this order: imports, then the constant after them, then the fix.
  const all: TextEdit[] = [...bound.value.edits, ...constant.value, ...edits.value];
  const described = describeExpiry(write, filename, settings);
  return isSet
    ? ok({ messageId: 'missingExpiryFixAddOption', data: { option: described.code }, edits: all })
    : ok({ messageId: 'missingExpiryFixAddExpire', data: { expire: described.code }, edits: all });
}

/** `redis?.sadd(k)`, `redis.sadd?.(k)`, `a?.b.sadd(k)`: whether the write runs at all depends on a value. */
function isOptionalCall(call: KeyWrite['call']): boolean {
  let current: TSESTree.Node = call;
  while (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.MemberExpression) {
    if (current.optional) return true;
    current = unwrapExpression(current.type === AST_NODE_TYPES.CallExpression ? current.callee : current.object);
  }
  return false;
}
