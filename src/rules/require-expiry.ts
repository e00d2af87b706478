import type { TSESTree } from '@typescript-eslint/utils';
import type { RuleFix, RuleFixer, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import path from 'node:path';
import { getClientAnalysis, isMissingExpiry, KeyWriteAnalysis } from '../analysis';
import type { MethodCall } from '../analysis/ast';
import { unwrapExpression } from '../analysis/ast';
import type { ExpiryDialect } from '../redis';
import { EXPIRY_DIALECTS } from '../redis';
import { createRule } from '../util/create-rule';

export type Options = [
  {
    /** Whether test files are checked too. */
    checkTestFiles?: boolean;
    /** Regular expressions matched against a key's static prefix. */
    ignoreKeys?: string[];
    /** The time to live that messages and suggestions propose. */
    ttlSeconds?: number;
  },
];
export type MessageIds = 'expireBeforeWrite' | 'missingExpiry' | 'missingExpiryFixAddExpire' | 'missingExpiryFixAddOption';

const codemod = 'the `add-expiry` codemod adds one';

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
      missingExpiryFixAddOption: 'Add `{{option}}` to this `{{command}}`.',
      missingExpiryFixAddExpire: 'Add `{{expire}}` after this `{{command}}`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkTestFiles: {
            type: 'boolean',
            description: 'Whether to check test files too (`*.test.*`, `*.spec.*`, files under `__tests__`, `test` or `tests`), which usually write to a database the suite wipes.',
          },
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
    defaultOptions: [{ checkTestFiles: false, ignoreKeys: [], ttlSeconds: 86_400 }],
  },
  create(context, [options]) {
    if (!options.checkTestFiles && isTestFile(context.filename, context.cwd)) return {};
    const analysis = getClientAnalysis(context);
    if (!analysis.relevant) return {};
    const { sourceCode } = context;
    // RuleCreator has merged `defaultOptions` into the user's options, so both are set.
    const ttl = String(options.ttlSeconds!);
    // Without the `u` flag, as the schema's `regex` format checks them.
    const ignoreKeys = options.ignoreKeys!.map((pattern) => new RegExp(pattern));
    const keyWrites = new KeyWriteAnalysis(sourceCode, analysis, ignoreKeys);

    return {
      CallExpression(node) {
        const write = keyWrites.getKeyWrite(node);
        // The first key that can grow and gets no expiry after the write.
        const key = write?.keys.find(({ expiry }) => isMissingExpiry(expiry));
        if (!write || !key) return;
        const { call, command, method } = write;
        const expiry = EXPIRY_DIALECTS[write.dialect];
        const data = { command: method, key: keyWrites.getKeyText(key.node) };
        const hint = command === 'set' ? `\`${describeSetOption(expiry)}\`` : `\`${describeExpire(expiry)}\` after it`;
        const suggestion = expiry.libraryExports.length === 0 ? getSuggestion(call, command, key.node, expiry) : undefined;
        context.report({
          node,
          messageId: key.expiry === 'expireBefore' ? 'expireBeforeWrite' : 'missingExpiry',
          data: { ...data, hint },
          suggest: suggestion ? [{ ...suggestion, data: { ...data, ...suggestion.data } }] : [],
        });
      },
    };

    /** The dialect's text with the configured seconds in place of `TTL`. */
    function withTtl(template: string): string {
      return template.replace('TTL', ttl);
    }

    function describeSetOption(expiry: ExpiryDialect): string {
      const option = withTtl(expiry.setOption);
      return expiry.set.style === 'tokens' ? option : `{ ${option} }`;
    }

    function describeExpire(expiry: ExpiryDialect): string {
      return `expire(key, ${withTtl(expiry.expireNxArguments)})`;
    }

    function getSuggestion(call: MethodCall, command: string, key: TSESTree.Node, expiry: ExpiryDialect): Suggestion | undefined {
      if (command !== 'set') return getFollowUpExpireSuggestion(sourceCode, call, key, withTtl(expiry.expireNxArguments));
      const fix = getSetOptionFix(call, expiry.set.style, withTtl(expiry.setOption));
      return fix && { messageId: 'missingExpiryFixAddOption', data: { option: describeSetOption(expiry) }, fix };
    }
  },
});

/** Folders whose files are tests, at any depth: `__tests__`, `test`, `tests`. */
const TEST_FOLDERS = new Set(['__tests__', 'test', 'tests']);
/** Test file names, `*.{test,spec}.*` at any depth: `cache.test.ts`, `cache.spec.js`, `cache.test.d.ts`. */
const TEST_FILE_NAME = /^[^.].*\.(?:test|spec)\./;

/**
 * Whether a file is a test, by its path relative to the working directory (the part outside it
 * when it lies outside): a `*.test.*` or `*.spec.*` file, or any file under a `__tests__`, `test`
 * or `tests` folder. ESLint's placeholders for text without a file (`<input>`, `<text>`) are not tests.
 */
function isTestFile(filename: string, cwd: string): boolean {
  if (/^<.*>$/.test(filename)) return false;
  const relative = path.relative(cwd, path.resolve(cwd, filename));
  const segments = relative.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '..');
  const name = segments.pop();
  return (name !== undefined && TEST_FILE_NAME.test(name)) || segments.some((segment) => TEST_FOLDERS.has(segment));
}

interface Suggestion {
  messageId: 'missingExpiryFixAddExpire' | 'missingExpiryFixAddOption';
  data: Record<string, string>;
  fix: (fixer: RuleFixer) => RuleFix;
}

/**
 * Adds the expiry to a `set`:
 * - `set(k, v)` → `set(k, v, 'EX', ttl)` (tokens go right after the value, before `'NX'` or a callback)
 * - `set(k, v)` → `set(k, v, { EX: ttl })`; `set(k, v, { NX: true })` → `set(k, v, { EX: ttl, NX: true })`
 * Nothing when the options are not an object literal.
 */
function getSetOptionFix(call: MethodCall, style: ExpiryDialect['set']['style'], option: string): Suggestion['fix'] | undefined {
  const [, value, argument] = call.arguments;
  const options = argument && unwrapExpression(argument);
  if (!value) return undefined;
  if (style === 'tokens' || !options) {
    const text = style === 'tokens' ? option : `{ ${option} }`;
    return (fixer) => fixer.insertTextAfter(value, `, ${text}`);
  }
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const [first] = options.properties;
  return (fixer) => (first ? fixer.insertTextBefore(first, `${option}, `) : fixer.replaceText(options, `{ ${option} }`));
}

/**
 * `await client.sadd(key, m);` → followed by `await client.expire(key, ttl, 'NX');`
 * Only for a statement of its own in a block (or a `const x = await client.incr(key);`),
 * on a plain receiver (a variable, a pipeline in a variable, `this.client`),
 * with a key that is safe to evaluate twice.
 */
function getFollowUpExpireSuggestion(
  sourceCode: Readonly<SourceCode>,
  call: MethodCall,
  key: TSESTree.Node,
  expireArguments: string,
): Suggestion | undefined {
  const awaited = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent : undefined;
  const statement = getStatementOf(awaited ?? call);
  const receiver = unwrapExpression(call.callee.object);
  if (!statement || !isPlainReceiver(receiver) || !isSideEffectFree(key)) return undefined;
  const expire = `${sourceCode.getText(receiver)}.expire(${sourceCode.getText(key)}, ${expireArguments})`;
  const line = sourceCode.lines[statement.loc.start.line - 1] ?? '';
  const indent = /^\s*/.exec(line)![0];
  return {
    messageId: 'missingExpiryFixAddExpire',
    data: { expire: `expire(…, ${expireArguments})` },
    fix: (fixer) => fixer.insertTextAfter(statement, `\n${indent}${awaited ? 'await ' : ''}${expire};`),
  };
}

/** The statement a write is the whole of, when a statement can follow it in the same block. */
function getStatementOf(expression: TSESTree.Node): TSESTree.Statement | undefined {
  const { parent } = expression;
  let statement: TSESTree.Statement | undefined;
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement) statement = parent;
  // const count = await redis.incr(key);
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === expression && parent.parent.declarations.length === 1) {
    statement = parent.parent;
  }
  const block = statement?.parent?.type;
  const inBlock = block === AST_NODE_TYPES.BlockStatement || block === AST_NODE_TYPES.Program || block === AST_NODE_TYPES.StaticBlock;
  return inBlock ? statement : undefined;
}

/** `redis`, `pipeline`, `this.redis`: receivers that name the same client when written again. */
function isPlainReceiver(receiver: TSESTree.Node): boolean {
  return (
    receiver.type === AST_NODE_TYPES.Identifier ||
    (receiver.type === AST_NODE_TYPES.MemberExpression && receiver.object.type === AST_NODE_TYPES.ThisExpression && !receiver.computed)
  );
}

/** Identifiers, literals, member reads and templates of those: evaluating them twice gives the same key. */
function isSideEffectFree(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.ThisExpression:
      return true;
    case AST_NODE_TYPES.MemberExpression:
      return isSideEffectFree(node.object) && (!node.computed || isSideEffectFree(node.property));
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.every(isSideEffectFree);
    case AST_NODE_TYPES.BinaryExpression:
      return node.left.type !== AST_NODE_TYPES.PrivateIdentifier && isSideEffectFree(node.left) && isSideEffectFree(node.right);
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
      return isSideEffectFree(node.expression);
    default:
      return false;
  }
}
