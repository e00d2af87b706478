import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { EXPIRE_COMMANDS } from '../redis';
import type { MethodCall } from './ast';
import { forEachDescendant, getEnclosingFunction, getPropertyName, isMethodCall } from './ast';
import { hasGetexExpiry } from './key-expiry';
import { getKeyIdentity } from './key-identity';

/**
 * Whether another branch around a write gives the same key an expiry, in the write's function:
 * then the branch that writes it without one does so by choice (no TTL was asked for), not by mistake.
 * - `if (at) await redis.set(key, v, 'PXAT', at); else await redis.set(key, v);`
 * - `ttl ? client.set(key, v, { EX: ttl }) : client.set(key, v)`
 * - `switch (mode) { case 'session': …set(key, v, 'EX', 60)…; default: …set(key, v)… }`
 * - a branch that writes the key and then `expire`s it.
 * `writesWithExpiry` says whether a call writes its first argument with an expiry (on a client).
 */
export function findExpiryInSiblingBranch(
  sourceCode: Readonly<SourceCode>,
  write: MethodCall,
  key: TSESTree.Node,
  writesWithExpiry: (call: MethodCall) => boolean,
): boolean {
  const boundary = getEnclosingFunction(write);
  const identity = getKeyIdentity(sourceCode, key);
  const givesExpiry = (node: TSESTree.Node): boolean => {
    if (!isMethodCall(node)) return false;
    const [first] = node.arguments;
    if (!first || first.type === AST_NODE_TYPES.SpreadElement) return false;
    const command = getPropertyName(node.callee)?.toLowerCase();
    const expires = command !== undefined && (EXPIRE_COMMANDS.has(command) || (command === 'getex' && hasGetexExpiry(node)));
    return (expires || writesWithExpiry(node)) && getKeyIdentity(sourceCode, first) === identity;
  };
  for (let child: TSESTree.Node = write, parent: TSESTree.Node | undefined = write.parent; parent && child !== boundary; child = parent, parent = parent.parent) {
    for (const branch of getSiblingBranches(parent, child)) {
      if (containsNode(sourceCode, branch, givesExpiry)) return true;
    }
  }
  return false;
}

/** The other branches of the `if`, `?:` or `switch` that `child` is a branch of. */
function getSiblingBranches(parent: TSESTree.Node, child: TSESTree.Node): TSESTree.Node[] {
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression: {
      if (child === parent.consequent) return parent.alternate ? [parent.alternate] : [];
      return child === parent.alternate ? [parent.consequent] : [];
    }
    case AST_NODE_TYPES.SwitchCase:
      return parent.test === child || parent.parent.type !== AST_NODE_TYPES.SwitchStatement ? [] : parent.parent.cases.filter((other) => other !== parent);
    default:
      return [];
  }
}

function containsNode(sourceCode: Readonly<SourceCode>, root: TSESTree.Node, matches: (node: TSESTree.Node) => boolean): boolean {
  if (matches(root)) return true;
  let found = false;
  forEachDescendant(root, sourceCode.visitorKeys, (node) => {
    if (found) return false;
    found = matches(node);
    return undefined;
  });
  return found;
}
