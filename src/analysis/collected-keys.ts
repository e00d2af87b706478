import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { getPropertyName, unwrapExpression } from './ast';

/*
 * Keys gathered in a local array and handled in a loop over it, as rate limiters do so that only
 * the request that created a counter sets its window:
 *
 *   const keysToExpire = [];
 *   if (count === 1) keysToExpire.push(counterKey);
 *   for (const key of keysToExpire) pipeline.expire(key, ttl);
 *
 * The loop's `key` stands for each key put in the array.
 */

/** Methods that put their arguments into an array. */
const ADDING_METHODS: ReadonlySet<string> = new Set(['push', 'unshift']);

/**
 * The keys a loop variable takes, when `key` is one: the variable of `for (const key of keys)` or
 * the first parameter of `keys.forEach((key) => …)`, over a local `const` array made with a literal,
 * whose elements are the literal's and the arguments of its `push`/`unshift` calls. `undefined`
 * when `key` is no such variable, or the array is written any other way (assigned, spread
 * from elsewhere, or handed to a call that may add to it).
 */
export function getCollectedKeys(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): TSESTree.Node[] | undefined {
  const node = unwrapExpression(key);
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = ASTUtils.findVariable(sourceCode.getScope(node), node)?.defs[0];
  const array = def && getIteratedArray(def);
  return array && getArrayElements(sourceCode, array);
}

/** The array a loop variable's definition iterates: `keys` of `for (const key of keys)` or `keys.forEach((key) => …)`. */
function getIteratedArray(def: { readonly type: string; readonly node: TSESTree.Node; readonly name: TSESTree.Node }): TSESTree.Identifier | undefined {
  if (def.type === 'Variable') {
    const declaration = def.node.parent;
    const loop = declaration?.parent;
    const isLoopVariable = loop?.type === AST_NODE_TYPES.ForOfStatement && loop.left === declaration && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id === def.name;
    return isLoopVariable && loop.right.type === AST_NODE_TYPES.Identifier ? loop.right : undefined;
  }
  if (def.type !== 'Parameter') return undefined;
  const callback = def.node;
  const call = callback.parent;
  const isFirstParameter = 'params' in callback && callback.params[0] === def.name;
  if (!isFirstParameter || call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== callback) return undefined;
  const callee = call.callee;
  const isForEach = callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'forEach';
  return isForEach && callee.object.type === AST_NODE_TYPES.Identifier ? callee.object : undefined;
}

/** The elements of a local `const` array literal and of its `push`/`unshift` calls, when nothing else writes it. */
function getArrayElements(sourceCode: Readonly<SourceCode>, array: TSESTree.Identifier): TSESTree.Node[] | undefined {
  const variable = ASTUtils.findVariable(sourceCode.getScope(array), array);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.parent.kind !== 'const' || def.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const literal = def.node.init && unwrapExpression(def.node.init);
  if (literal?.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const elements: TSESTree.Node[] = [];
  for (const element of literal.elements) {
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) return undefined;
    elements.push(element);
  }
  for (const reference of variable!.references) {
    if (reference.init) continue;
    const added = getAddedElements(reference.identifier);
    if (added === undefined && !isRead(reference.identifier)) return undefined;
    elements.push(...(added ?? []));
  }
  return elements;
}

/** The arguments of `array.push(a, b)`; `undefined` for any other use, or a spread argument. */
function getAddedElements(identifier: TSESTree.Node): TSESTree.Node[] | undefined {
  const member = identifier.parent;
  const call = member?.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return undefined;
  const method = getPropertyName(member);
  if (method === undefined || !ADDING_METHODS.has(method) || call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  return [...call.arguments];
}

/** A use that cannot add to the array: iterated, its `length` or an element read, its `forEach`. */
function isRead(identifier: TSESTree.Node): boolean {
  const parent = identifier.parent;
  if (parent?.type === AST_NODE_TYPES.ForOfStatement) return parent.right === identifier;
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== identifier) return false;
  const name = getPropertyName(parent);
  // Not a write through it: `keys[0] = …`, `keys.length = 0` (which empties it).
  const isWritten = parent.parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent;
  return !isWritten && (parent.computed || name === 'length' || name === 'forEach');
}
