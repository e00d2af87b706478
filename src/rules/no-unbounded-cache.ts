import path from 'node:path';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import type { TSESTree } from '@typescript-eslint/utils';
import type { LongLivedCollection } from '../analysis';
import type { BoundedCachePlan } from '../fixes/cache';
import type { Outcome } from '../fixes/outcome';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { findLongLivedCollection, findRuntimeGrowth, findUntrimmedGrowth, getClientAnalysis, getSkippedFileKind, isBrowserProgram, isFilledOnlyByConsumerStarts, isKeyFixedByProjectCallers, isOwnedByPerCallOwner, isScriptThatExits, isTrimmedInAnotherModule, mayGrowCollection } from '../analysis';
import { rememberSourceFile } from '../analysis/source-files';
import { buildBoundedCacheFixes, planBoundedCache } from '../fixes/cache';
import { reportWithFix } from '../fixes/report-with-fix';
import { createRule } from '../util/create-rule';

export type Options = [
  {
    ignore?: string[];
    /** The entries the suggested `LRUCache` keeps. */
    lruMax?: number;
    /** The `ttl` of the suggested `LRUCache`, in seconds; 0 for none. */
    lruTtlSeconds?: number;
  },
];
export type MessageIds = 'boundWithLruCache' | 'unbounded' | 'unboundedObjectKeys';

const growthBase = '`{{name}}` is a {{lifetime}} `{{kind}}` that grows with `{{method}}()` {{evidence}} and is never trimmed';

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-cache',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow long-lived `Map` and `Set` caches that grow and are never trimmed',
      recommended: 'warn',
      requiresTypeChecking: false,
    },
    // `reportWithFix` attaches the suggestions, which this lint rule cannot see.
    hasSuggestions: true,
    messages: {
      unbounded: `${growthBase}, so the process holds every entry until it runs out of memory: bound it with \`LRUCache({ max, ttl })\`, or delete entries when they are done (the \`bound-cache\` codemod rewrites read-through \`Map\` caches; a \`Set\` it leaves to you).`,
      unboundedObjectKeys: `${growthBase}, and its keys are objects, so it keeps every one of them alive: make it a \`{{weakKind}}\`, which lets an entry go with its key.`,
      boundWithLruCache: 'Replace `{{name}}` with an `LRUCache({{options}})`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ignore: {
            type: 'array',
            // A name, or `/pattern/flags` with known flags that compiles as one pattern, slashes and all (the `regex` format has
            // no flags: an entry valid only without its flags, `/\-/u`, still fails when the rule starts, with a message naming it).
            // `if`/`then` (draft 7, which ESLint's Ajv reads) gives the clearest message; the JSON Schema 4 type does not list them.
            items: {
              type: 'string',
              minLength: 1,
              if: { pattern: '^/.+/[a-z]*$' },
              then: { pattern: '^/.+/[dgimsuvy]*$', format: 'regex' },
            } as JSONSchema4,
            uniqueItems: true,
            description: 'Names of collections bounded by the domain (one entry per configured region), or regular expressions written as `/pattern/flags`.',
          },
          lruMax: {
            type: 'integer',
            minimum: 1,
            description: 'The entries the suggested `LRUCache` keeps (its `max`).',
          },
          lruTtlSeconds: {
            type: 'integer',
            minimum: 0,
            description: 'How long, in seconds, an entry of the suggested `LRUCache` lives (its `ttl`, written in milliseconds); 0 writes no `ttl`.',
          },
        },
      },
    ],
    defaultOptions: [{ ignore: [], lruMax: 1000, lruTtlSeconds: 1800 }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    if (!mayGrowCollection(sourceCode.text)) return {};
    // Tests, scripts, browser code, vendored bundles and generated code: not the running service's memory, or not ours to change.
    if (getSkippedFileKind(context.filename, context.cwd, sourceCode.text)) return {};
    // Key types imported from the project's modules are read there, which needs to know where this file is.
    if (path.isAbsolute(context.physicalFilename)) rememberSourceFile(sourceCode, context.physicalFilename);
    // RuleCreator has merged `defaultOptions` into the user's options, so all are set.
    const ignored = options.ignore!.map(toMatcher);
    const bounds = { max: options.lruMax!, ttlSeconds: options.lruTtlSeconds! };
    const findings: { node: TSESTree.Node; messageId: MessageIds; data: Record<string, string>; plan: Outcome<BoundedCachePlan> }[] = [];
    return {
      NewExpression(node) {
        const collection = findLongLivedCollection(sourceCode, node);
        if (!collection || ignored.some((matches) => matches(collection.name))) return;
        const method = findUntrimmedGrowth(collection);
        if (method === undefined || holdsClients(collection)) return;
        // Silent unless some write adds a key that comes from run-time data (a registry filled at start-up is not a leak).
        // An exported function whose every caller in the project passes a literal (`cachedFlag({ key: 'theme' })`) writes a fixed set of keys.
        const evidence = findRuntimeGrowth(sourceCode, collection, (write) => isKeyFixedByProjectCallers(sourceCode, context.physicalFilename, context.cwd, write));
        if (!evidence || isOwnedByPerCallOwner(sourceCode, context.physicalFilename, context.cwd, collection)) return;
        // A public field that another module trims (`this.connection.mailboxes.delete(path)`) is bounded there.
        if (isTrimmedInAnotherModule(context.physicalFilename, context.cwd, collection)) return;
        // Filled only where the process starts its BullMQ workers: it grows with start-ups, not traffic.
        if (isFilledByStartUp(collection)) return;
        findings.push({
          node: collection.declaration,
          messageId: evidence.objectKeys ? 'unboundedObjectKeys' : 'unbounded',
          data: {
            name: collection.name,
            kind: collection.kind,
            method,
            lifetime: LIFETIME_WORDS[collection.lifetime],
            evidence: evidence.description,
            weakKind: WEAK_KINDS[collection.kind],
          },
          plan: planBoundedCache(sourceCode, context.filename, { collection, creation: node, objectKeys: evidence.objectKeys }),
        });
      },
      // Reported once every cache is known: the fixes share one `LRUCache` import, placed for the first cache.
      'Program:exit'() {
        // Read from the code only when there is something to report: a tab's memory goes with the tab, a script's with the run.
        if (findings.length === 0 || isBrowserProgram(sourceCode) || isScriptThatExits(sourceCode)) return;
        const fixes = buildBoundedCacheFixes(sourceCode, context.filename, findings.map((finding) => finding.plan), bounds);
        findings.forEach(({ node, messageId, data }, index) => reportWithFix(context, { node, messageId, data }, fixes[index]!));
      },
    };

    function isFilledByStartUp(collection: LongLivedCollection): boolean {
      const clients = getClientAnalysis(context);
      return clients.relevant && isFilledOnlyByConsumerStarts(sourceCode, clients, collection);
    }

    /**
     * A collection of Redis clients (one per tenant, per shard) owns open connections: an LRU
     * eviction would drop a client without closing it, a worse leak, so it is not reported here.
     */
    function holdsClients(collection: LongLivedCollection): boolean {
      const clients = getClientAnalysis(context);
      if (!clients.relevant) return false;
      return collection.uses.some((use) => {
        const call = use.parent?.parent;
        if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== use.parent) return false;
        const value = call.arguments[collection.kind === 'Map' ? 1 : 0];
        return value !== undefined && clients.getClientOf(value) !== undefined;
      });
    }
  },
});

const LIFETIME_WORDS: Record<LongLivedCollection['lifetime'], string> = {
  module: 'module-level',
  class: 'class-field',
  closure: 'closure-held',
};

const WEAK_KINDS: Record<LongLivedCollection['kind'], string> = {
  Map: 'WeakMap',
  Set: 'WeakSet',
};

/** `'/^region/i'` is a regular expression; anything else is an exact name. */
function toMatcher(entry: string): (name: string) => boolean {
  const literal = /^\/(.+)\/([a-z]*)$/.exec(entry);
  if (!literal) return (name) => name === entry;
  let pattern: RegExp;
  try {
    pattern = new RegExp(literal[1]!, literal[2]);
  } catch (error) {
    throw new Error(`redis-leaks/no-unbounded-cache: the \`ignore\` entry ${entry} is not a valid regular expression (${(error as Error).message}).`);
  }
  return (name) => pattern.test(name);
}
