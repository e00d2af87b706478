import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { isFunction, unwrapExpression } from './ast';

/*
 * Whether a key a call names is one a listing of keys found (`keys(pattern)`, `scan`, `scanStream`,
 * `scanIterator`, `sscan` of an index of key names): what a sweep deletes, expires or trims must be
 * what it listed, not a queue it also pops or an index it prunes by the listed names.
 */

/** Variables and callbacks followed back to the listing at most this deep (`for (const key of keys)` over `const [, keys] = await scan(…)`). */
const MAX_DEPTH = 4;

/**
 * Whether `node` holds what `listing` found: the listing's result (awaited or not), an element of
 * it (`keys[0]`, a spread), a variable given it (also through `const [cursor, keys] = …`), the
 * variable of a `for … of` loop over it, or the parameter of a callback handed to a method of it
 * (`keys.forEach((key) => …)`, a scan stream's `on('data', (keys) => …)`).
 */
export function comesFromListing(sourceCode: Readonly<SourceCode>, node: TSESTree.Node, listing: TSESTree.CallExpression, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const value = unwrapExpression(node.type === AST_NODE_TYPES.SpreadElement ? node.argument : node);
  if (value === listing) return true;
  switch (value.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return comesFromListing(sourceCode, value.argument, listing, depth + 1);
    case AST_NODE_TYPES.MemberExpression:
      return value.computed && comesFromListing(sourceCode, value.object, listing, depth + 1);
    case AST_NODE_TYPES.Identifier:
      return isVariableOfListing(sourceCode, value, listing, depth + 1);
    default:
      return false;
  }
}

function isVariableOfListing(sourceCode: Readonly<SourceCode>, identifier: TSESTree.Identifier, listing: TSESTree.CallExpression, depth: number): boolean {
  const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !def) return false;
  if (def.type === 'Parameter') return isCallbackOfListing(sourceCode, def.node, listing, depth);
  if (def.type !== 'Variable') return false;
  // for (const key of keys), for await (const keys of redis.scanIterator(…))
  const loop = def.parent.parent;
  if (loop?.type === AST_NODE_TYPES.ForOfStatement && loop.left === def.parent) return comesFromListing(sourceCode, loop.right, listing, depth);
  // const keys = await redis.keys(…); const [cursor, keys] = await redis.scan(…); let keys; keys = …
  if (def.node.id.type === AST_NODE_TYPES.ObjectPattern) return false;
  return variable.references.some((reference) => reference.writeExpr !== null && reference.writeExpr !== undefined && comesFromListing(sourceCode, reference.writeExpr, listing, depth));
}

/** A function handed to a method called on what the listing found: `keys.forEach(fn)`, `stream.on('data', fn)`, `redis.keys(p).then(fn)`. */
function isCallbackOfListing(sourceCode: Readonly<SourceCode>, fn: TSESTree.Node, listing: TSESTree.CallExpression, depth: number): boolean {
  const call = fn.parent;
  if (!isFunction(fn) || call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  return call.callee.type === AST_NODE_TYPES.MemberExpression && comesFromListing(sourceCode, call.callee.object, listing, depth);
}
