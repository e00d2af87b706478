import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getEnclosingFunction, isExportedFunction } from './ast';

/** Functions followed from a function called once to the one that calls it (`setupCronJobs` in `main`). */
const MAX_CALLERS = 3;

/**
 * Whether a function runs only as the module loads, once per process, like the module's own top
 * level: an IIFE that is a top-level statement (`(async () => { … })()`, `void main()`, with
 * `.catch(…)` or `.then(…)` after it), or a named function whose every use is such a call
 * (`async function main() { … } main().catch(console.error)`), also inside a top-level `if`
 * (`if (require.main === module) main()`), or a statement of such a function's own body, not in a
 * loop or a callback (`await setupCronJobs()` in `main`, up to three functions deep). A client it
 * opens lives as long as the process, the way a worker's start-up keeps its connections.
 */
export function runsOnceAtLoad(sourceCode: Readonly<SourceCode>, fn: FunctionNode, depth = 0): boolean {
  if (fn.parent?.type === AST_NODE_TYPES.CallExpression && fn.parent.callee === fn) return isCallRunOnce(sourceCode, fn.parent, depth);
  const name = getFunctionName(fn);
  // An exported function may also be called by the modules that import it, as often as they like.
  if (!name || isExportedFunction(fn)) return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(name), name);
  const uses = variable?.references.filter((reference) => reference.identifier !== name && !reference.init) ?? [];
  return uses.length > 0 && uses.every(({ identifier }) => identifier.parent?.type === AST_NODE_TYPES.CallExpression && identifier.parent.callee === identifier && isCallRunOnce(sourceCode, identifier.parent, depth));
}

/** A call made once as the module loads: a statement of the top level, or of the body of a function that runs once so. */
function isCallRunOnce(sourceCode: Readonly<SourceCode>, call: TSESTree.CallExpression, depth: number): boolean {
  const caller = getEnclosingFunction(call);
  const statement = getCallStatement(call);
  if (!statement) return false;
  if (!caller) return isStatementRunOnce(statement, undefined);
  return depth < MAX_CALLERS && isStatementRunOnce(statement, caller) && runsOnceAtLoad(sourceCode, caller, depth + 1);
}

/** `function main() {}`'s `main`, `const main = async () => {}`'s `main`. */
function getFunctionName(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id ?? undefined;
  const { parent } = fn;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier && parent.parent.kind === 'const' ? parent.id : undefined;
}

/** The statement a call is, through `await`, `void` and promise chaining (`main().catch(…)`); `undefined` when its value is used otherwise. */
function getCallStatement(call: TSESTree.CallExpression): TSESTree.ExpressionStatement | undefined {
  let node: TSESTree.Node = call;
  for (;;) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (!parent) return undefined;
    if (parent.type === AST_NODE_TYPES.ExpressionStatement) return parent;
    const chained = parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node && parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent;
    if (chained) node = parent.parent as TSESTree.CallExpression;
    else if (parent.type === AST_NODE_TYPES.AwaitExpression || (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void')) node = parent;
    else return undefined;
  }
}

/**
 * A statement of the module's top level (`fn` undefined) or of `fn`'s body, or of a block of an
 * `if` or `try` there (`if (require.main === module) { … }`): run at most once each time the top
 * level or `fn` runs. Not a loop's body.
 */
function isStatementRunOnce(statement: TSESTree.Node, fn: FunctionNode | undefined): boolean {
  let node = statement;
  for (;;) {
    const parent = node.parent;
    if (!parent) return false;
    if (fn === undefined ? parent.type === AST_NODE_TYPES.Program : parent === fn.body) return true;
    const isBlockOfOnce =
      parent.type === AST_NODE_TYPES.BlockStatement ||
      (parent.type === AST_NODE_TYPES.IfStatement && parent.test !== node) ||
      (parent.type === AST_NODE_TYPES.TryStatement && parent.block === node);
    if (!isBlockOfOnce) return false;
    node = parent;
  }
}
