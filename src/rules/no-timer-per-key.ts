import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { TimerCallback } from '../analysis';
import { findTimerHandleStores, getConstantDelayMs, getSkippedFileKind, getTimerCallback, isBrowserProgram, isDeletionWhenEmpty, isExpiryOfWrite, isPerCallValue, isPerKeyDebounce, reopensWindow } from '../analysis';
import type { FunctionNode } from '../analysis/ast';
import { forEachDescendant, getEnclosingFunction, getPropertyName, getThisClassBody, getValueParent, isGlobalReference, isInLoopOf, isWithin, unwrapExpression } from '../analysis/ast';
import { createRule } from '../util/create-rule';

export type Options = [{ minDelaySeconds?: number }];
export type MessageIds = 'timerPerKey';

/** Methods that remove one keyed entry: `Map#delete`, `Set#delete`, a Redis client's or cache's `del`. */
const DELETE_METHODS = new Set(['delete', 'del']);

export default createRule<Options, MessageIds>({
  name: 'no-timer-per-key',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow scheduling one timer per cache key to expire it',
      recommended: 'warn',
      requiresTypeChecking: false,
    },
    messages: {
      timerPerKey:
        '`setTimeout` here schedules one timer per key to delete it from `{{collection}}`, so a burst of keys is a burst of timers: use a TTL cache (`@isaacs/ttlcache`, or `lru-cache` with `ttl`) or one `setInterval` sweeper.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          minDelaySeconds: {
            type: 'number',
            minimum: 0,
            description: 'Timers whose delay is a constant shorter than this are not reported: a short window (a tombstone, a de-duplication window) keeps only the keys of its last seconds pending, as in-flight requests are.',
          },
        },
      },
    ],
    defaultOptions: [{ minDelaySeconds: 10 }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    // RuleCreator has merged `defaultOptions` into the user's options, so it is set.
    const minDelayMs = options.minDelaySeconds! * 1000;
    // A file that never names setTimeout schedules no timer: skip it without walking its tree.
    if (!sourceCode.text.includes('setTimeout')) return {};
    let browserUi: boolean | undefined;
    return {
      CallExpression(node) {
        if (!isGlobalReference(sourceCode, node.callee, 'setTimeout') || isShortConstantDelay(node) || isBrowserTimer(node)) return;
        const timerCallback = getTimerCallback(sourceCode, node.arguments[0]);
        if (!timerCallback) return;
        const { callback } = timerCallback;
        // A callback that schedules the next timer itself is a chain: one timer pending at a time.
        if (isWithin(node, callback) || reopensWindow(sourceCode, callback, node) || isSingleStoredHandle(node) || settlesPromise(callback, node)) return;
        const handles = findTimerHandleStores(sourceCode, node);
        // The deletion first: most timers delete nothing by key, and the debounce test reads the whole file.
        const collection = findKeyedDeletion(timerCallback, node, handles);
        // A timer set where an entry ends (a delayed clean-up after a disconnect) expires nothing it added.
        if (!collection || !isExpiryOfWrite(sourceCode, node, callback, collection)) return;
        // A cleared previous timer makes a debounce only when the callback then does the key's work:
        // one that only deletes is a sliding expiry, and every live key still holds a timer.
        if (!onlyDeletes(callback) && isPerKeyDebounce(sourceCode, node, callback, handles)) return;
        context.report({ node, messageId: 'timerPerKey', data: { collection: collection === 'this' ? describeOwnClass(node) : collection } });
      },
    };

    /** `window.setTimeout(…)`, or any timer in browser code (a UI module: `react`, `vue`, `'use client'`; browser globals; JSX; a browser folder or package, as `no-unbounded-cache` tells them). */
    function isBrowserTimer(timer: TSESTree.CallExpression): boolean {
      const { callee } = timer;
      if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'window') return true;
      browserUi ??= isBrowserProgram(sourceCode) || getSkippedFileKind(context.physicalFilename, context.cwd, sourceCode.text) === 'browser';
      return browserUi;
    }

    /**
     * A delay written as a constant (`2000`, `5 * 1000`, a `const` of one) below `minDelaySeconds`,
     * or none: the timers pending at once are those of the keys written in its last seconds, not
     * every live key of a cache. A delay from a parameter or a setting may be any length.
     */
    function isShortConstantDelay(timer: TSESTree.CallExpression): boolean {
      const delay = timer.arguments[1];
      const ms = delay?.type === AST_NODE_TYPES.SpreadElement ? undefined : getConstantDelayMs(sourceCode, delay);
      return ms !== undefined && ms < minDelayMs;
    }

    /**
     * `this.timer = setTimeout(…)` or `timer = setTimeout(…)` into a variable of an outer scope:
     * one handle, replaced on each call (a debounce), so at most one timer is pending.
     * A handle stored on a per-call object (`entry.timer = …`) or overwritten in a loop is one per key.
     */
    function isSingleStoredHandle(timer: TSESTree.CallExpression): boolean {
      const { outer, parent } = getValueParent(timer);
      if (parent?.type !== AST_NODE_TYPES.AssignmentExpression || parent.right !== outer) return false;
      const holder = getHandleHolder(parent.left);
      if (!holder) return false;
      const owner = getEnclosingFunction(timer);
      if (isInLoopOf(timer, owner)) return false;
      if (holder.type === AST_NODE_TYPES.ThisExpression) return true;
      const variable = ASTUtils.findVariable(sourceCode.getScope(holder), holder);
      return variable !== null && (!owner || !isWithin(variable.scope.block, owner));
    }

    /**
     * The collection whose entry the callback deletes with a key that varies per call, as written.
     * Not deletions from where the handles are kept (`timers.delete(key)`: the timer's bookkeeping),
     * from a collection the callback makes itself (`const next = new Set(prev); next.delete(id)`),
     * or of a key only once its entry is empty (`if (!list.length) pool.delete(key)`: one timer per pooled item).
     */
    function findKeyedDeletion({ callback, boundArguments }: TimerCallback, timer: TSESTree.CallExpression, handles: ReadonlySet<string>): string | undefined {
      // `setTimeout(expire, ms, key)` calls `expire(key)`; `setTimeout(expire.bind(null, key), ms)` too.
      const boundCall = { callee: callback, arguments: [...boundArguments, ...timer.arguments.slice(2)] };
      let found: string | undefined;
      forEachDescendant(callback, sourceCode.visitorKeys, (node) => {
        if (found) return false;
        const deletion = parseDeletion(node);
        if (!deletion || handles.has(sourceCode.getText(deletion.collection)) || isDeletionWhenEmpty(node, callback)) return undefined;
        const root = getRootVariable(deletion.collection);
        if (root && isWithin(root.scope.block, callback)) return undefined;
        // The collection's own reads do not make a key per call: `map.delete(map.keys().next().value)` trims the oldest.
        if (isPerCallValue(sourceCode, deletion.key, timer, { boundCall, ignore: root })) found = sourceCode.getText(unwrapExpression(deletion.collection));
        return undefined;
      });
      return found;
    }

    /**
     * A request timeout, not a cache expiry: the callback fails a pending promise.
     * - `new Promise((resolve, reject) => { …; setTimeout(() => { pending.delete(id); reject(err); }, ms) })`
     * - `setTimeout(() => { pending.get(id).reject(err); pending.delete(id); }, ms)`
     */
    function settlesPromise(callback: FunctionNode, timer: TSESTree.CallExpression): boolean {
      const executors = getEnclosingPromiseExecutors(timer);
      let settles = false;
      forEachDescendant(callback, sourceCode.visitorKeys, (node) => {
        if (settles || node.type !== AST_NODE_TYPES.CallExpression) return undefined;
        const { callee } = node;
        if (callee.type === AST_NODE_TYPES.MemberExpression) settles = getPropertyName(callee) === 'reject';
        else if (callee.type === AST_NODE_TYPES.Identifier) settles = isExecutorParameter(callee, executors);
        return undefined;
      });
      return settles;
    }

    /** The executors of `new Promise(…)` around `node` (any `Promise`: Bluebird's settles just the same). */
    function getEnclosingPromiseExecutors(node: TSESTree.Node): FunctionNode[] {
      const executors: FunctionNode[] = [];
      for (let fn = getEnclosingFunction(node); fn; fn = getEnclosingFunction(fn)) {
        const parent = fn.parent;
        const isPromise = parent?.type === AST_NODE_TYPES.NewExpression && parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'Promise';
        if (isPromise && parent.arguments[0] === fn) executors.push(fn);
      }
      return executors;
    }

    function isExecutorParameter(identifier: TSESTree.Identifier, executors: readonly FunctionNode[]): boolean {
      const def = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier)?.defs[0];
      return def?.type === 'Parameter' && executors.includes(def.node as FunctionNode);
    }

    /** `cache` in `cache.delete(k)`, `this.cache` → none (`this` is no variable), `a.b.c` → `a`. */
    function getRootVariable(node: TSESTree.Node): Scope.Variable | undefined {
      let root = node;
      while (root.type === AST_NODE_TYPES.MemberExpression) root = root.object;
      if (root.type !== AST_NODE_TYPES.Identifier) return undefined;
      return ASTUtils.findVariable(sourceCode.getScope(root), root) ?? undefined;
    }
  },
});

/** A deletion through the object's own method (`this.delete(key)` in a `Map` subclass): the class, by name when it has one. */
function describeOwnClass(timer: TSESTree.Node): string {
  return getThisClassBody(timer)?.parent.id?.name ?? 'this';
}

/** `timer = …` → `timer`; `this.timer = …` → `this`; `state.timer = …` → `state`. Computed targets (`timers[key] = …`) hold one handle per key. */
function getHandleHolder(target: TSESTree.Node): TSESTree.Identifier | TSESTree.ThisExpression | undefined {
  if (target.type === AST_NODE_TYPES.Identifier) return target;
  if (target.type !== AST_NODE_TYPES.MemberExpression || target.computed) return undefined;
  const { object } = target;
  return object.type === AST_NODE_TYPES.Identifier || object.type === AST_NODE_TYPES.ThisExpression ? object : undefined;
}

/** Arguments that are no key: `del({ messageData, archive })` takes options, `delete(() => …)` a callback. */
const NOT_KEYS = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.SpreadElement,
]);

/**
 * A callback whose every statement deletes an entry: `() => cache.delete(key)`,
 * `{ delete keys[key]; delete timers[key]; }`, `{ return this.delete(key); }`, `async () => { await redis.del(key) }`,
 * `() => void cache.delete(key)`, `() => redis.del(key).catch(log)`; a bare `return` or `return true` may end it.
 */
function onlyDeletes(callback: FunctionNode): boolean {
  const { body } = callback;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return isDeletionExpression(body);
  const statements = body.body.filter((statement) => statement.type !== AST_NODE_TYPES.EmptyStatement);
  const deletes = statements.filter((statement) => {
    if (statement.type === AST_NODE_TYPES.ExpressionStatement) return isDeletionExpression(statement.expression);
    return statement.type === AST_NODE_TYPES.ReturnStatement && statement.argument !== null && isDeletionExpression(statement.argument);
  });
  const rest = statements.filter((statement) => !deletes.includes(statement));
  // What is left may only be the last statement, a `return` of nothing or of a literal.
  const ends = rest.length === 0 || (rest.length === 1 && rest[0] === statements.at(-1) && isPlainReturn(rest[0]!));
  return deletes.length > 0 && ends;
}

/** `x.delete(k)`, also awaited, voided, chained with `.catch(…)`, or several in a comma list. */
function isDeletionExpression(expression: TSESTree.Node): boolean {
  const node = unwrapExpression(expression);
  if (node.type === AST_NODE_TYPES.AwaitExpression) return isDeletionExpression(node.argument);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void') return isDeletionExpression(node.argument);
  if (node.type === AST_NODE_TYPES.SequenceExpression) return node.expressions.every(isDeletionExpression);
  const chained = node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(node.callee) === 'catch';
  if (chained) return isDeletionExpression((node.callee as TSESTree.MemberExpression).object);
  return parseDeletion(node) !== undefined;
}

/** `return;`, `return true;`: the callback's result, not more work. */
function isPlainReturn(statement: TSESTree.Statement): boolean {
  return statement.type === AST_NODE_TYPES.ReturnStatement && (statement.argument === null || statement.argument.type === AST_NODE_TYPES.Literal);
}

/** `x.delete(k)`, `x.del(k)`, `delete x[k]`: the collection and the key. */
function parseDeletion(node: TSESTree.Node): { collection: TSESTree.Node; key: TSESTree.Node } | undefined {
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = getPropertyName(node.callee);
    const [key] = node.arguments;
    return method !== undefined && DELETE_METHODS.has(method) && key && !NOT_KEYS.has(key.type) ? { collection: node.callee.object, key } : undefined;
  }
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete' && node.argument.type === AST_NODE_TYPES.MemberExpression && node.argument.computed) {
    return { collection: node.argument.object, key: node.argument.property };
  }
  return undefined;
}
