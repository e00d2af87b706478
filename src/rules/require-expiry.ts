import type { TSESTree } from '@typescript-eslint/utils';
import path from 'node:path';
import type { MethodCall } from '../analysis/ast';
import { getClientAnalysis, isMissingExpiry, isScriptFolder, KeyWriteAnalysis } from '../analysis';
import type { ExpiryFixMessageIds } from '../fixes/expiry';
import { buildExpiryFix, describeExpiry } from '../fixes/expiry';
import { reportWithFix } from '../fixes/report-with-fix';
import { createRule } from '../util/create-rule';
import { IDENTIFIER_PATTERN, MAX_TTL_SECONDS, RESERVED_WORDS } from '../util/option-values';

export type Options = [
  {
    /** Whether test files are checked too. */
    checkTestFiles?: boolean;
    /** Whether one-off scripts and examples are checked too. */
    checkScripts?: boolean;
    /** Regular expressions matched against a key's static prefix. */
    ignoreKeys?: string[];
    /** The time to live that messages and suggestions propose. */
    ttlSeconds?: number;
    /** A constant name suggestions write instead of the seconds. */
    ttlName?: string;
    /** Whether the follow-up `expire` passes `NX` (Redis 7.0+). */
    expireNx?: boolean;
  },
];
export type MessageIds = 'expireBeforeWrite' | 'missingExpiry' | ExpiryFixMessageIds;

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
          checkScripts: {
            type: 'boolean',
            description: 'Whether to check one-off scripts, examples, database migrations and tooling too (files under a `scripts`, `script`, `examples`, `example`, `migrations` or `migration` folder, one named `…-migrations`, or a hidden folder such as `.github`), which seed, repair or move keys the service itself manages.',
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
            maximum: MAX_TTL_SECONDS,
            description: 'The time to live, in seconds, that messages and suggestions propose.',
          },
          ttlName: {
            type: 'string',
            // A reserved word matches the pattern too: rejected when the rule starts, with a message that says why
            // (the schema's `not` could only say "should NOT be valid").
            pattern: IDENTIFIER_PATTERN,
            description:
              'A constant name (a JavaScript identifier) that suggestions write instead of the `ttlSeconds` number; a file that does not declare it at its top gets `const NAME = <ttlSeconds>` after its imports.',
          },
          expireNx: {
            type: 'boolean',
            description:
              "Whether the follow-up `expire` passes `NX`, which sets a TTL only on a key that has none (Redis 7.0+); `false` writes a plain `expire(key, ttl)` for older servers, which restarts the TTL at each write.",
          },
        },
      },
    ],
    defaultOptions: [{ checkTestFiles: false, checkScripts: false, ignoreKeys: [], ttlSeconds: 86_400, expireNx: true }],
  },
  create(context, [options]) {
    if (options.ttlName !== undefined && RESERVED_WORDS.includes(options.ttlName)) {
      throw new Error(`redis-leaks/require-expiry: the \`ttlName\` option ${options.ttlName} is a reserved word in JavaScript; choose a constant name such as SESSION_TTL.`);
    }
    const segments = getSegmentsBelow(context.filename, context.cwd);
    if (!options.checkTestFiles && isTestFile(segments)) return {};
    if (!options.checkScripts && segments.slice(0, -1).some(isScriptFolder)) return {};
    const analysis = getClientAnalysis(context);
    if (!analysis.relevant) return {};
    const { sourceCode, filename } = context;
    // RuleCreator has merged `defaultOptions` into the user's options, so they are set.
    const settings = { ttlSeconds: options.ttlSeconds!, ttlName: options.ttlName, expireNx: options.expireNx! };
    // Without the `u` flag, as the schema's `regex` format checks them.
    const ignoreKeys = options.ignoreKeys!.map((pattern) => new RegExp(pattern));
    const keyWrites = new KeyWriteAnalysis(sourceCode, analysis, ignoreKeys, { filename: context.physicalFilename, cwd: context.cwd });

    return {
      CallExpression(node) {
        const write = keyWrites.getKeyWrite(node);
        // The first key that can grow and gets no expiry after the write.
        const key = write?.keys.find(({ expiry }) => isMissingExpiry(expiry));
        if (!write || !key) return;
        const expiry = describeExpiry(write, filename, settings);
        const hint = expiry.placement === 'option' ? `\`${expiry.code}\`` : `\`${expiry.code}\` after it`;
        reportWithFix(
          context,
          {
            node,
            loc: getChainedCallLoc(write.call),
            messageId: key.expiry === 'expireBefore' ? 'expireBeforeWrite' : 'missingExpiry',
            data: { command: write.method, key: keyWrites.getKeyText(key.node), hint },
          },
          buildExpiryFix({ sourceCode, filename, clients: analysis, write, key: key.node, settings }),
        );
      },
    };
  },
});

/**
 * A call on a later line of a chain (`redis.multi()` ⏎ `.hset(key, f, v)` ⏎ `.exec()`) is reported from
 * its method on, not from the chain's first line, which every call of the chain shares.
 */
function getChainedCallLoc(call: MethodCall): TSESTree.SourceLocation | undefined {
  const method = call.callee.property;
  return method.loc.start.line > call.loc.start.line ? { start: method.loc.start, end: call.loc.end } : undefined;
}

/** Folders whose files are tests, at any depth: `__tests__`, `test`, `tests` (and `Test`, `Tests`). */
const TEST_FOLDERS = new Set(['__tests__', 'test', 'tests', 'Test', 'Tests']);
/** Test file names, `*.{test,spec}.*` at any depth: `cache.test.ts`, `cache.spec.js`, `cache.test.d.ts`. */
const TEST_FILE_NAME = /^[^.].*\.(?:test|spec)\./;

/**
 * The folders of a file's path relative to the working directory (the part outside it when it
 * lies outside), then its name. ESLint's placeholders for text without a file (`<input>`,
 * `<text>`) have none.
 */
function getSegmentsBelow(filename: string, cwd: string): string[] {
  if (/^<.*>$/.test(filename)) return [];
  const absolute = path.resolve(cwd, filename);
  // Most files lie inside the working folder: their path below it is a slice, without `path.relative`'s work.
  const relative = absolute.startsWith(cwd + path.sep) ? absolute.slice(cwd.length + 1) : path.relative(cwd, absolute);
  return relative.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '..');
}

/** A `*.test.*` or `*.spec.*` file, or any file under a `__tests__`, `test` or `tests` folder (`segments`: {@link getSegmentsBelow}). */
function isTestFile(segments: readonly string[]): boolean {
  const name = segments.at(-1);
  return (name !== undefined && TEST_FILE_NAME.test(name)) || segments.slice(0, -1).some((segment) => TEST_FOLDERS.has(segment));
}
