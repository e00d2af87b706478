import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { LeaseFacts } from '../redis';
import { getPropertyName, getValueParent } from './ast';
import type { ReleaseProtocol } from './ownership';

/**
 * How a leased resource is given back:
 * - `releasedBy: 'pool'`: it is the argument of `pool.release(conn)` / `pool.destroy(conn)`;
 * - `releasedBy: 'resource'`: its own method is called, `lease.release()`.
 */
export function getLeaseReleaseProtocol(leases: LeaseFacts): ReleaseProtocol {
  const isRelease = (callee: TSESTree.MemberExpression) => leases.releaseMethods.includes(getPropertyName(callee) ?? '');
  return {
    getReleaseCall(value) {
      const { outer, parent } = getValueParent(value);
      if (leases.releasedBy === 'resource') {
        const call = parent?.parent;
        const isOwnMethod = parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer && isRelease(parent);
        return isOwnMethod && call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent ? call : undefined;
      }
      const isArgumentOfRelease =
        parent?.type === AST_NODE_TYPES.CallExpression &&
        parent.callee.type === AST_NODE_TYPES.MemberExpression &&
        parent.arguments[0] === outer &&
        isRelease(parent.callee);
      return isArgumentOfRelease ? parent : undefined;
    },
    isPassThrough: () => false,
  };
}
