import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { forEachDescendant, getEnclosingFunction, getReturnedExpression, isFunction, isWithin } from './ast';

/*
 * A key builder that assembles its key in a variable and returns it:
 *
 *   let key = `${prefix}:${this.queue.name}:queue:${queueName}`;
 *   if (state) key += `:${state}`;
 *   return key;
 *
 * reads as `init + appended…` (here `…:queue:*` then `:*`): a part appended on some paths only
 * varies as a parameter does, so every call of the builder is in one family, whatever it passes.
 */

const assembled = new WeakMap<TSESTree.Node, TSESTree.Expression | null>();

/** The key a builder function returns: its whole body's `return <key>`, or the key it assembles. */
export function getBuilderKey(sourceCode: Readonly<SourceCode>, fn: TSESTree.Node): TSESTree.Expression | undefined {
  return getReturnedExpression(fn) ?? getAssembledKey(sourceCode, fn);
}

/** The key `fn` assembles and returns, as one expression; `undefined` for any other shape of builder. */
function getAssembledKey(sourceCode: Readonly<SourceCode>, fn: TSESTree.Node): TSESTree.Expression | undefined {
  let key = assembled.get(fn);
  if (key === undefined) {
    key = readAssembledKey(sourceCode, fn) ?? null;
    assembled.set(fn, key);
  }
  return key ?? undefined;
}

function readAssembledKey(sourceCode: Readonly<SourceCode>, fn: TSESTree.Node): TSESTree.Expression | undefined {
  if (!isFunction(fn) || fn.body.type !== AST_NODE_TYPES.BlockStatement) return undefined;
  const last = fn.body.body.at(-1);
  if (last?.type !== AST_NODE_TYPES.ReturnStatement || last.argument?.type !== AST_NODE_TYPES.Identifier || countReturns(sourceCode, fn) !== 1) return undefined;
  const variable = ASTUtils.findVariable(sourceCode.getScope(last.argument), last.argument);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || !def.node.init || def.node.id.type !== AST_NODE_TYPES.Identifier || getEnclosingFunction(def.node) !== fn) return undefined;
  const appended: TSESTree.Expression[] = [];
  for (const reference of variable!.references) {
    if (!reference.isWrite() || reference.init) continue;
    // Only `key += part` in the builder itself: any other write makes the key something else.
    const write = reference.identifier.parent;
    if (write?.type !== AST_NODE_TYPES.AssignmentExpression || write.operator !== '+=' || write.left !== reference.identifier || getEnclosingFunction(write) !== fn) return undefined;
    appended.push(write.right);
  }
  appended.sort((a, b) => a.range[0] - b.range[0]);
  return appended.reduce<TSESTree.Expression>((left, right) => joined(left, right, last), def.node.init);
}

/** `left + right`, made for reading only: its parent is the builder's `return`, so it is read as inside the builder. */
function joined(left: TSESTree.Expression, right: TSESTree.Expression, parent: TSESTree.ReturnStatement): TSESTree.BinaryExpression {
  return {
    type: AST_NODE_TYPES.BinaryExpression,
    operator: '+',
    left,
    right,
    range: [left.range[0], right.range[1]],
    loc: { start: left.loc.start, end: right.loc.end },
    parent,
  } as TSESTree.BinaryExpression;
}

function countReturns(sourceCode: Readonly<SourceCode>, fn: TSESTree.FunctionLike): number {
  let returns = 0;
  forEachDescendant(fn.body!, sourceCode.visitorKeys, (node) => {
    if (node !== fn && isFunction(node)) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement && isWithin(node, fn)) returns++;
    return undefined;
  });
  return returns;
}
