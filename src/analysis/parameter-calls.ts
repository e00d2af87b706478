import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getValueParent, isFunction, unwrapExpression } from './ast';

const onlyCallsCache = new WeakMap<FunctionNode, Map<number, boolean>>();

/**
 * Whether `callback` is handed to a function of this file that only ever calls it, so it runs
 * within that call and does not outlive it: `await retry(() => probe.set(k, v))` where
 * `retry(fn)` only does `await fn()`. A helper that stores, returns or passes the callback on
 * (`setTimeout(fn)`) may run it later.
 */
export function isCalledByLocalHelper(sourceCode: Readonly<SourceCode>, callback: FunctionNode): boolean {
  const call = callback.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee === callback) return false;
  const index = call.arguments.indexOf(callback as TSESTree.CallExpressionArgument);
  const helper = findLocalFunction(sourceCode, unwrapExpression(call.callee));
  if (!helper || index === -1) return false;
  let byIndex = onlyCallsCache.get(helper);
  if (!byIndex) {
    byIndex = new Map();
    onlyCallsCache.set(helper, byIndex);
  }
  let result = byIndex.get(index);
  if (result === undefined) {
    result = onlyCallsParameter(sourceCode, helper, index);
    byIndex.set(index, result);
  }
  return result;
}

/** `function f() {}` or `const f = () => …` of this file (declared once, assigned once), for a callee `f`. */
export function findLocalFunction(sourceCode: Readonly<SourceCode>, callee: TSESTree.Node): FunctionNode | undefined {
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(sourceCode.getScope(callee), callee.name);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'FunctionName' && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
  if (def?.type !== 'Variable' || !def.node.init || variable!.references.filter((reference) => reference.isWrite()).length > 1) return undefined;
  const init = unwrapExpression(def.node.init);
  return isFunction(init) ? init : undefined;
}

/** Every use of the helper's parameter at `index` calls it: `fn()`, `await fn()`, `fn?.()`. */
function onlyCallsParameter(sourceCode: Readonly<SourceCode>, helper: FunctionNode, index: number): boolean {
  const parameter = helper.params[index];
  if (parameter?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = sourceCode.scopeManager?.getDeclaredVariables(helper).find((candidate) => candidate.name === parameter.name);
  if (!variable) return false;
  return variable.references.every((reference) => {
    if (reference.isWrite()) return false;
    const { outer, parent } = getValueParent(reference.identifier as TSESTree.Identifier);
    return parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === outer;
  });
}
