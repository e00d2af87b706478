import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { connectsOnlyOnConnect, findOwnership, getClientAnalysis, getClientReleaseProtocol, getCloseFor, mayBeConnected, runsOnceAtLoad, startsLongRunningConsumer } from '../analysis';
import { getEnclosingFunction, getPropertyName, isInLoopOf } from '../analysis/ast';
import { buildCloseInFinally } from '../fixes/close';
import { reportWithFix } from '../fixes/report-with-fix';
import { createRule } from '../util/create-rule';

export type Options = [
  {
    /** Extra names that close a client, as a method on it or a helper given it. */
    closeMethods: string[];
  },
];
export type MessageIds = 'closeInFinally' | 'notClosed' | 'notClosedOnError';

export default createRule<Options, MessageIds>({
  name: 'no-unclosed-client',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require Redis clients opened in a function to be closed on every path or handed to an owner',
      recommended: 'error',
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: {
      notClosed:
        'The {{library}} client `{{name}}` is opened here and not closed on every path, so each call leaks {{leak}}: call `{{method}}()` in a `finally` block (the `close-client` codemod inserts one), or hand the client to an owner.',
      notClosedOnError:
        'The {{library}} client `{{name}}` is closed with `{{method}}()` only if nothing throws before it, so an error leaks {{leak}}: move the close into a `finally` block (the `close-client` codemod does this).',
      closeInFinally: 'Close `{{name}}` in a `finally` block with `{{method}}()`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          closeMethods: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Extra names that close a client: methods called on it (`client.shutdown()`) or helpers given it (`shutdown(client)`).',
          },
        },
      },
    ],
    defaultOptions: [{ closeMethods: [] }],
  },
  create(context, [{ closeMethods }]) {
    const analysis = getClientAnalysis(context);
    if (!analysis.relevant) return {};
    return {
      NewExpression: check,
      CallExpression: check,
    };

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const creation = analysis.getClientCreation(node);
      // node-redis 4 closes with `quit()`, 5+ with `close()`: asked of the version the file's project installed.
      const close = creation && getCloseFor(creation.library, context.filename);
      // HTTP clients (`@upstash/redis`) have nothing to close.
      if (!creation || close === undefined) return;
      // Module-scope and class-field clients live as long as the process: the recommended pattern.
      const owner = getEnclosingFunction(node);
      // … and so do the clients of a function that runs once as the module loads (a worker's `main()`), unless a loop in it opens them again.
      if (!owner || (runsOnceAtLoad(context.sourceCode, owner) && !isInLoopOf(node, owner))) return;
      const protocol = getClientReleaseProtocol(creation.library, closeMethods);
      const ownership = findOwnership(context.sourceCode, node, owner, protocol);
      const library = creation.library.name;
      // A BullMQ queue given a client opens no connection, but keeps its listeners on that client (and itself alive) until closed.
      const leak = creation.library.runsOnGivenClient ? 'a connection, or the listeners it adds to a connection it was given' : 'a connection';
      let finding: { messageId: MessageIds; data: Record<string, string> };
      // Long-running consumers (BullMQ `Worker`) are left open by design, and so is what the start-up that makes them opens beside them;
      // a close they skip on error is still a leak.
      // A node-redis client the function never connects holds no socket, and closing it would reject.
      const isNeverConnected = connectsOnlyOnConnect(creation, context.filename) && !mayBeConnected(context.sourceCode, node);
      if (ownership.kind === 'notClosed' && !creation.longRunning && !isNeverConnected && !startsLongRunningConsumer(context.sourceCode, analysis, owner)) {
        const name = ownership.name ?? context.sourceCode.getText(node.callee);
        finding = { messageId: 'notClosed', data: { library, name, method: close.graceful, leak } };
      } else if (ownership.kind === 'notClosedOnError') {
        const method = getReleaseMethodName(ownership.release) ?? close.graceful;
        finding = { messageId: 'notClosedOnError', data: { library, name: ownership.name, method, leak: leak === 'a connection' ? 'the connection' : leak } };
      } else {
        return;
      }
      const fix = buildCloseInFinally(context.sourceCode, {
        messageId: 'closeInFinally',
        creation: node,
        library: creation.library,
        close: { method: close.graceful, returnsPromise: close.returnsPromise },
        protocol,
      });
      reportWithFix(context, { node, ...finding }, fix);
    }

    /** `quit` in `client.quit()`, `shutdown` in `shutdown(client)` or `helpers.shutdown(client)`. */
    function getReleaseMethodName(release: TSESTree.CallExpression): string | undefined {
      const { callee } = release;
      return callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : context.sourceCode.getText(callee);
    }
  },
});
