import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getPropertyName, getThisClassBody, isFunction, isInStaticMember, isNothing, unwrapExpression } from './ast';
import { getMemberName } from './collection-sites';
import { findLocalFunction } from './parameter-calls';

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
  const bound = getBoundFunction(sourceCode, unwrapExpression(argument));
  if (bound) return bound;
  const callback = getLocalFunction(sourceCode, argument);
  return callback && { callback, boundArguments: [] };
}

function getBoundFunction(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): TimerCallback | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(node.callee) !== 'bind') return undefined;
  const [thisArgument, ...boundArguments] = node.arguments;
  if (!thisArgument || boundArguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  const target = unwrapExpression(node.callee.object);
  const boundToThis = thisArgument.type === AST_NODE_TYPES.ThisExpression;
  let callback: FunctionNode | undefined;
  if (target.type === AST_NODE_TYPES.MemberExpression && target.object.type === AST_NODE_TYPES.ThisExpression) callback = boundToThis ? getOwnMethod(target) : undefined;
  // A function that reads `this` runs on the object bound; only `this` (or no object) keeps what it deletes from in sight.
  else if (boundToThis || isNothing(thisArgument)) callback = getLocalFunction(sourceCode, target);
  return callback && { callback, boundArguments };
}

/**
 * `this.expire` → the method (or arrow-function field) `expire` of the class around it, static
 * when `this` is the class (in a static method), the one with a body when it is overloaded.
 */
function getOwnMethod(member: TSESTree.MemberExpression): FunctionNode | undefined {
  const name = getMemberName(member);
  const body = getThisClassBody(member);
  if (name === undefined || !body) return undefined;
  const isStatic = isInStaticMember(member, body);
  for (const element of body.body) {
    if ((element.type !== AST_NODE_TYPES.MethodDefinition && element.type !== AST_NODE_TYPES.PropertyDefinition) || element.static !== isStatic || getMemberName(element) !== name) continue;
    const value = element.value;
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'method' && value?.type === AST_NODE_TYPES.FunctionExpression) return value;
    if (element.type === AST_NODE_TYPES.PropertyDefinition && value && isFunction(value)) return value;
  }
  return undefined;
}

/** An inline function, or a local function by name (declared once, assigned once). */
function getLocalFunction(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): FunctionNode | undefined {
  return isFunction(node) ? node : findLocalFunction(sourceCode, node);
}
