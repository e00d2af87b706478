import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { MethodCall } from '../../analysis/ast';
import { getKeyName, getStaticString, isFunction, unwrapExpression } from '../../analysis/ast';
import type { ExpiryDialect } from '../../redis';
import { getWhitespaceBefore } from '../code-style';
import type { Outcome, TextEdit } from '../outcome';
import { cannotFix, insertAt, ok, replaceRange } from '../outcome';

/**
 * The edits that give a `set` its client's expiry option (`option` is the filled-in text,
 * `'EX', 86400` or `expiration: { type: 'EX', value: 86400 }`):
 * - ioredis, iovalkey: `set(k, v)` → `set(k, v, 'EX', ttl)`, before `NX`/`XX`/`GET` and a callback
 * - node-redis, upstash, glide: `set(k, v)` → `set(k, v, { option })`, merged into an options object literal
 */
export function getSetExpiryEdits(sourceCode: Readonly<SourceCode>, call: MethodCall, expiry: ExpiryDialect, option: string): Outcome<TextEdit[]> {
  const [, value] = call.arguments;
  if (!value || value.type === AST_NODE_TYPES.SpreadElement) return cannotFix('the `set` has no value argument to put the expiry after');
  return expiry.set.style === 'tokens' ? getTokenEdits(sourceCode, call, value, expiry, option) : getObjectEdits(sourceCode, call, value, option);
}

/**
 * Tokens go right after the value: `set(k, v, 'NX')` → `set(k, v, 'EX', ttl, 'NX')`. Tokens the
 * typings accept only in another order are put in it (`setTokenOrder`): `'GET', 'NX'` → `'NX', 'GET'`.
 */
function getTokenEdits(sourceCode: Readonly<SourceCode>, call: MethodCall, value: TSESTree.Node, expiry: ExpiryDialect, option: string): Outcome<TextEdit[]> {
  const tokens = call.arguments.slice(2).filter((argument) => !isFunction(argument));
  const order = tokens.map((token) => expiry.setTokenOrder?.[getStaticString(token)?.toLowerCase() ?? '']);
  const reorder = order.every((rank) => rank !== undefined) && order.some((rank, index) => index > 0 && rank! < order[index - 1]!);
  if (!reorder) return ok([insertAt(value.range[1], `, ${option}`)]);
  const sorted = tokens.map((token, index) => ({ token, rank: order[index]! })).sort((a, b) => a.rank - b.rank);
  const text = [option, ...sorted.map(({ token }) => sourceCode.getText(token))].join(', ');
  return ok([replaceRange([tokens[0]!.range[0], tokens.at(-1)!.range[1]], text)]);
}

/**
 * The option goes into the options object:
 * - `set(k, v)` → `set(k, v, { EX: ttl })`; `set(k, v, {})` → `set(k, v, { EX: ttl })`
 * - `set(k, v, { NX: true })` → `set(k, v, { EX: ttl, NX: true })`, on one line or many
 * - `set(k, v, { EX: undefined })` → `set(k, v, { EX: ttl })` (a value the client skips)
 */
function getObjectEdits(sourceCode: Readonly<SourceCode>, call: MethodCall, value: TSESTree.Node, option: string): Outcome<TextEdit[]> {
  const options = call.arguments[2];
  if (!options) return ok([insertAt(value.range[1], `, { ${option} }`)]);
  const object = unwrapExpression(options);
  if (object.type !== AST_NODE_TYPES.ObjectExpression) return cannotFix('the options of this `set` are not an object literal, so the expiry cannot be merged in');
  const [first] = object.properties;
  if (!first) return ok([replaceRange(object.range, `{ ${option} }`)]);
  const optionKey = option.slice(0, option.indexOf(':')).trim();
  const same = object.properties.find((property) => property.type === AST_NODE_TYPES.Property && getKeyName(property) === optionKey);
  if (same) return ok([replaceRange(same.range, option)]);
  const gap = getWhitespaceBefore(sourceCode.text, first.range[0]);
  return ok([insertAt(first.range[0], `${option},${gap === '' ? ' ' : gap}`)]);
}
