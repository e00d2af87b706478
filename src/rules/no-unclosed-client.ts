import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { findOwnership, getClientAnalysis, getClientReleaseProtocol } from '../analysis';
import { getEnclosingFunction, getPropertyName } from '../analysis/ast';
import { createRule } from '../util/create-rule';

export type Options = [{ closeMethods?: string[] }];
export type MessageIds = 'notClosed' | 'notClosedOnError';


export default createRule<Options, MessageIds>({
  name: 'no-unclosed-client',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require Redis clients opened in a function to be closed on every path or handed to an owner',
      recommended: 'error',
      requiresTypeChecking: false,
    },
    messages: {
      notClosed:
        'The {{library}} client `{{name}}` is opened here and not closed on every path, so each call leaks a connection: call `{{method}}()` in a `finally` block (the `close-client` codemod inserts one), or hand the client to an owner.',
      notClosedOnError:
        'The {{library}} client `{{name}}` is closed with `{{method}}()` only if nothing throws before it, so an error leaks the connection: move the close into a `finally` block (the `close-client` codemod does this).',
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
  },
  defaultOptions: [{ closeMethods: [] }],
  create(context, [{ closeMethods = [] }]) {
    const analysis = getClientAnalysis(context);
    if (!analysis.relevant) return {};
    return {
      NewExpression: check,
      CallExpression: check,
    };

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const creation = analysis.getClientCreation(node);
      // Module-scope and class-field clients live as long as the process: the recommended pattern.
      const owner = creation?.library.gracefulClose ? getEnclosingFunction(node) : undefined;
      if (!creation || !owner) return;
      const ownership = findOwnership(context.sourceCode, node, owner, getClientReleaseProtocol(creation.library, closeMethods));
      const data = { library: creation.library.name, method: creation.library.gracefulClose! };
      if (ownership.kind === 'notClosed' && !creation.longRunning) {
        const name = ownership.name ?? context.sourceCode.getText(node.callee);
        context.report({ node, messageId: 'notClosed', data: { ...data, name } });
      }
      if (ownership.kind === 'notClosedOnError') {
        const { callee } = ownership.release;
        const method = (callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : context.sourceCode.getText(callee)) ?? data.method;
        context.report({ node, messageId: 'notClosedOnError', data: { ...data, name: ownership.name, method } });
      }
    }
  },
});
