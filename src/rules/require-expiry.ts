import type { TSESTree } from '@typescript-eslint/utils';
import type { RuleFix, RuleFixer, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { ClientHandle } from '../analysis';
import { ExpireCallIndex, getClientAnalysis, getSetExpiry, getStaticKeyPrefix, getWrittenKeys, isFixedKey } from '../analysis';
import type { MethodCall } from '../analysis/ast';
import { getPropertyName, isMethodCall, unwrapExpression } from '../analysis/ast';
import { KEY_CREATING_COMMANDS, SET_EXPIRY_OPTIONS } from '../redis';
import { createRule } from '../util/create-rule';

export type Options = [{ ignoreKeys?: string[]; ttlSeconds?: number }];
export type MessageIds = 'expireBeforeWrite' | 'missingExpiry' | 'missingExpiryFixAddExpire' | 'missingExpiryFixAddOption';

const codemod = 'the `add-expiry` codemod adds one';
const MAX_KEY_TEXT = 60;

export default createRule<Options, MessageIds>({
  name: 'require-expiry',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require keys written with a per-entity name to get an expiry',
      recommended: 'error',
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: {
      missingExpiry: `\`{{command}}\` writes key \`{{key}}\` with no expiry, so keys like it pile up in Redis forever: give it a TTL ({{hint}}); ${codemod}.`,
      expireBeforeWrite: `\`{{command}}\` creates key \`{{key}}\` after its \`expire\` ran, and an \`expire\` on a missing key does nothing: expire the key after the write; ${codemod}.`,
      missingExpiryFixAddOption: 'Add {{option}} to this `{{command}}`.',
      missingExpiryFixAddExpire: "Add `expire(…, {{ttl}}, 'NX')` after this `{{command}}`.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ignoreKeys: {
            type: 'array',
            items: { type: 'string', format: 'regex' },
            uniqueItems: true,
            description: "Regular expressions matched against a key's static prefix (the text before its first interpolation), for keys meant to be permanent.",
          },
          ttlSeconds: {
            type: 'integer',
            minimum: 1,
            description: 'The time to live, in seconds, that messages and suggestions propose.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ ignoreKeys: [], ttlSeconds: 86_400 }],
  create(context, [{ ignoreKeys = [], ttlSeconds = 86_400 }]) {
    const analysis = getClientAnalysis(context);
    if (!analysis.relevant) return {};
    const { sourceCode } = context;
    const ignored = ignoreKeys.map((pattern) => new RegExp(pattern, 'u'));
    const expireCalls = new ExpireCallIndex(sourceCode);

    return {
      CallExpression(node) {
        if (!isMethodCall(node)) return;
        const method = getPropertyName(node.callee);
        const command = method?.toLowerCase();
        if (command === undefined || !KEY_CREATING_COMMANDS.has(command)) return;
        const handle = analysis.getClientOf(node.callee.object, method);
        if (!handle || handle.library.dialect === 'bullmq') return;
        const growing = (getWrittenKeys(node, command) ?? []).filter((key) => !isFixedKey(sourceCode, key));
        const key = growing.find((candidate) => !ignored.some((pattern) => pattern.test(getStaticKeyPrefix(sourceCode, candidate))));
        if (!key) return;
        const dialect = handle.library.dialect;
        if (command === 'set' && getSetExpiry(node, dialect) !== 'absent') return;
        const placement = expireCalls.getPlacement(node, key);
        if (placement === 'after') return;
        const data = { command: method!, key: shorten(sourceCode.getText(key)), ttl: String(ttlSeconds) };
        const hint = command === 'set' ? describeOption(dialect, ttlSeconds) ?? 'an expiry option' : `\`expire(key, ${ttlSeconds}, 'NX')\` after it`;
        context.report({
          node,
          messageId: placement === 'before' ? 'expireBeforeWrite' : 'missingExpiry',
          data: { ...data, hint },
          suggest: getSuggestions(sourceCode, node, command, key, handle, ttlSeconds).map(({ messageId, option, fix }) => ({
            messageId,
            data: { ...data, option: option ?? '' },
            fix,
          })),
        });
      },
    };
  },
});

type Dialect = Exclude<ClientHandle['library']['dialect'], 'bullmq'>;

function describeOption(dialect: Dialect, ttl: number): string | undefined {
  const { style, suggestion } = SET_EXPIRY_OPTIONS[dialect];
  if (!suggestion) return undefined;
  const text = suggestion.replace('TTL', String(ttl));
  return style === 'tokens' ? `\`${text}\`` : `\`{ ${text} }\``;
}

interface Suggestion {
  messageId: 'missingExpiryFixAddExpire' | 'missingExpiryFixAddOption';
  option?: string;
  fix: (fixer: RuleFixer) => RuleFix;
}

function getSuggestions(
  sourceCode: Readonly<SourceCode>,
  call: MethodCall,
  command: string,
  key: TSESTree.Node,
  handle: ClientHandle,
  ttl: number,
): Suggestion[] {
  const dialect = handle.library.dialect as Dialect;
  if (command === 'set') {
    const suggestion = getSetOptionSuggestion(call, dialect, ttl);
    return suggestion ? [suggestion] : [];
  }
  const suggestion = getFollowUpExpireSuggestion(sourceCode, call, key, handle, ttl);
  return suggestion ? [suggestion] : [];
}

/** `set(k, v)` → `set(k, v, 'EX', ttl)` / `set(k, v, { EX: ttl })`, merging into an options object literal. */
function getSetOptionSuggestion(call: MethodCall, dialect: Dialect, ttl: number): Suggestion | undefined {
  const { style, suggestion } = SET_EXPIRY_OPTIONS[dialect];
  const value = call.arguments[1];
  if (!suggestion || !value) return undefined;
  const text = suggestion.replace('TTL', String(ttl));
  const option = describeOption(dialect, ttl);
  if (style === 'tokens') {
    return { messageId: 'missingExpiryFixAddOption', option, fix: (fixer) => fixer.insertTextAfter(value, `, ${text}`) };
  }
  const options = call.arguments[2];
  if (!options) return { messageId: 'missingExpiryFixAddOption', option, fix: (fixer) => fixer.insertTextAfter(value, `, { ${text} }`) };
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const [first] = options.properties;
  return {
    messageId: 'missingExpiryFixAddOption',
    option,
    fix: (fixer) => (first ? fixer.insertTextBefore(first, `${text}, `) : fixer.replaceText(options, `{ ${text} }`)),
  };
}

/**
 * `await client.sadd(key, m);` → followed by `await client.expire(key, ttl, 'NX');`
 * Only for a statement of its own on a plain receiver, with a key that is safe to evaluate twice.
 */
function getFollowUpExpireSuggestion(
  sourceCode: Readonly<SourceCode>,
  call: MethodCall,
  key: TSESTree.Node,
  handle: ClientHandle,
  ttl: number,
): Suggestion | undefined {
  if (handle.batch || handle.library.dialect === 'glide') return undefined;
  const awaited = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent : undefined;
  const statement = (awaited ?? call).parent;
  const receiver = unwrapExpression(call.callee.object);
  const plainReceiver =
    receiver.type === AST_NODE_TYPES.Identifier ||
    (receiver.type === AST_NODE_TYPES.MemberExpression && receiver.object.type === AST_NODE_TYPES.ThisExpression && !receiver.computed);
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || !plainReceiver || !isSideEffectFree(key)) return undefined;
  const indent = ' '.repeat(statement.loc.start.column);
  const text = `${awaited ? 'await ' : ''}${sourceCode.getText(receiver)}.expire(${sourceCode.getText(key)}, ${ttl}, 'NX');`;
  return { messageId: 'missingExpiryFixAddExpire', fix: (fixer) => fixer.insertTextAfter(statement, `\n${indent}${text}`) };
}

/** Identifiers, literals, member reads and templates of those: evaluating them twice gives the same key. */
function isSideEffectFree(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.Literal:
      return true;
    case AST_NODE_TYPES.MemberExpression:
      return isSideEffectFree(node.object) && (!node.computed || isSideEffectFree(node.property));
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.every(isSideEffectFree);
    case AST_NODE_TYPES.BinaryExpression:
      return node.left.type !== AST_NODE_TYPES.PrivateIdentifier && isSideEffectFree(node.left) && isSideEffectFree(node.right);
    default:
      return false;
  }
}

/** The key as written, on one line, without a template literal's backticks (they would break the message's code span). */
function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').replace(/^`(.*)`$/, '$1');
  return oneLine.length > MAX_KEY_TEXT ? `${oneLine.slice(0, MAX_KEY_TEXT - 1)}…` : oneLine;
}
