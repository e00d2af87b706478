import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { ClientLibraryFacts } from '../redis';
import { CLOSE_METHODS, PASS_THROUGH_METHODS } from '../redis';
import { getPropertyName, getValueParent } from './ast';
import type { ReleaseProtocol } from './ownership';

/**
 * How a Redis client is released: `client.quit()` (or any close method), or a
 * user's own helper named in `extraCloseMethods`, called on it (`client.shutdown()`)
 * or given it (`shutdown(client)`).
 */
export function getClientReleaseProtocol(library: ClientLibraryFacts, extraCloseMethods: readonly string[]): ReleaseProtocol {
  const isClose = (name: string | undefined) => name !== undefined && (CLOSE_METHODS.has(name) || extraCloseMethods.includes(name));
  return {
    getReleaseCall(value) {
      const { outer, parent } = getValueParent(value);
      if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outer) {
        const call = parent.parent;
        return call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent && isClose(getPropertyName(parent)) ? call : undefined;
      }
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(outer as TSESTree.CallExpressionArgument)) {
        const helper = getCalleeName(parent.callee);
        return helper !== undefined && extraCloseMethods.includes(helper) ? parent : undefined;
      }
      return undefined;
    },
    isPassThrough(method) {
      return PASS_THROUGH_METHODS.has(method) || (method === 'connect' && library.connectReturnsClient);
    },
  };
}

function getCalleeName(callee: TSESTree.Expression): string | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
}
