import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { findOwnership, getClientAnalysis, getLeaseReleaseProtocol } from '../analysis';
import { getEnclosingFunction, getPropertyName, getValueParent } from '../analysis/ast';
import { CLIENT_LIBRARIES } from '../redis';
import { createRule } from '../util/create-rule';

export type Options = [];
export type MessageIds = 'notReleased' | 'notReleasedOnError';

/** Every method that lends a resource in some library: calls by other names are skipped before any analysis. */
const ACQUIRE_METHODS: ReadonlySet<string> = new Set(CLIENT_LIBRARIES.flatMap((library) => library.leases?.acquireMethods ?? []));

export default createRule<Options, MessageIds>({
  name: 'require-pool-release',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require resources acquired from a pool to be released on every path',
      recommended: 'error',
      requiresTypeChecking: false,
    },
    messages: {
      notReleased:
        '`{{name}}` is acquired from the {{library}} pool here and not released on every path, so the pool runs dry: {{remedy}}.',
      notReleasedOnError:
        '`{{name}}` is released with `{{method}}()` only if nothing throws before it, so an error keeps it borrowed and the pool runs dry: {{remedy}}.',
    },
    schema: [],
  },
  create(context) {
    const analysis = getClientAnalysis(context);
    if (!analysis.relevant) return {};
    return {
      CallExpression(node) {
        if (node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = getPropertyName(node.callee);
        // Cheap checks first: in typed mode, `getClientOf` asks the type checker.
        if (method === undefined || !ACQUIRE_METHODS.has(method) || !isAwaitedOrDropped(node)) return;
        // An acquire at module scope holds its resource for the life of the process.
        const owner = getEnclosingFunction(node);
        if (!owner) return;
        const pool = analysis.getClientOf(node.callee.object, method);
        const leases = pool?.library.leases;
        if (!pool || !leases || !leases.acquireMethods.includes(method)) return;
        const ownership = findOwnership(context.sourceCode, node, owner, getLeaseReleaseProtocol(leases));
        const remedy = describeRemedy(context.sourceCode.getText(node.callee.object), leases.scopedUse, leases.releasedBy);
        const library = pool.library.name;
        if (ownership.kind === 'notClosed') {
          const name = ownership.name ?? context.sourceCode.getText(node);
          context.report({ node, messageId: 'notReleased', data: { name, library, remedy } });
        } else if (ownership.kind === 'notClosedOnError') {
          const releaseMethod = getPropertyName(ownership.release.callee as TSESTree.MemberExpression) ?? 'release';
          context.report({ node, messageId: 'notReleasedOnError', data: { name: ownership.name, method: releaseMethod, remedy } });
        }
      },
    };
  },
});

function describeRemedy(poolText: string, scopedUse: string | undefined, releasedBy: 'pool' | 'resource'): string {
  const release = releasedBy === 'pool' ? `\`${poolText}.release(…)\`` : '`release()`';
  const inFinally = `call ${release} in a \`finally\` block`;
  return scopedUse ? `use \`${poolText}.${scopedUse}(…)\`, which releases for you, or ${inFinally}` : inFinally;
}

/**
 * Whether the resource an `acquire()` call promises can be followed from the call:
 * - `await pool.acquire()`: the awaited value is the resource;
 * - `pool.acquire();`: the promise is dropped, and the resource with it.
 * A promise kept for later (`const pending = pool.acquire()`, `Promise.all([…])`, `.then(…)`)
 * is not the resource itself: following it would report `pending` as never released.
 */
function isAwaitedOrDropped(acquire: TSESTree.CallExpression): boolean {
  const { parent } = getValueParent(acquire);
  return parent?.type === AST_NODE_TYPES.AwaitExpression || parent?.type === AST_NODE_TYPES.ExpressionStatement;
}
