import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getKeyName, getPropertyName, getThisClassBody, isFunction, unwrapExpression } from './ast';

/** The function a timer runs, and the arguments `.bind` gave it before the timer's own. */
export interface TimerCallback {
  readonly callback: FunctionNode;
  readonly boundArguments: readonly TSESTree.Node[];
}

/**
 * What `setTimeout`'s first argument runs, when this file says: an inline function, a local
 * function by name (`function expire() {}`, `const expire = () => {}`), or either of those or a
 * method of the calling class with arguments bound (`this.expire.bind(this, key)`,
 * `expire.bind(null, key)`). A bound method is read from the class that schedules the timer; a
 * subclass that overrides it is not followed.
 */
export function getTimerCallback(sourceCode: Readonly<SourceCode>, argument: TSESTree.Node | undefined): TimerCallback | undefined {
  if (!argument) return undefined;
  const bound = getBoundFunction(sourceCode, argument);
  if (bound) return bound;
  const callback = getLocalFunction(sourceCode, argument);
  return callback && { callback, boundArguments: [] };
}

function getBoundFunction(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): TimerCallback | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(node.callee) !== 'bind') return undefined;
  const [thisArgument, ...boundArguments] = node.arguments;
  if (!thisArgument || boundArguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  const target = unwrapExpression(node.callee.object);
  const callback =
    target.type === AST_NODE_TYPES.MemberExpression && target.object.type === AST_NODE_TYPES.ThisExpression && thisArgument.type === AST_NODE_TYPES.ThisExpression
      ? getOwnMethod(target)
      : getLocalFunction(sourceCode, target);
  return callback && { callback, boundArguments };
}

/** `this.expire` → the `expire(…) {}` method of the class around it (not a static one). */
function getOwnMethod(member: TSESTree.MemberExpression): FunctionNode | undefined {
  const name = getPropertyName(member);
  if (name === undefined) return undefined;
  const method = getThisClassBody(member)?.body.find(
    (element): element is TSESTree.MethodDefinition => element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'method' && !element.static && getKeyName(element) === name,
  );
  return method?.value.type === AST_NODE_TYPES.FunctionExpression ? method.value : undefined;
}

/** An inline function, or a local function by name. */
function getLocalFunction(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): FunctionNode | undefined {
  if (isFunction(node)) return node;
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const def = ASTUtils.findVariable(sourceCode.getScope(node), node)?.defs[0];
  if (def?.type === 'FunctionName') return isFunction(def.node) ? def.node : undefined;
  const init = def?.type === 'Variable' ? def.node.init : undefined;
  return init && isFunction(init) ? init : undefined;
}
