import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getEnclosingFunction, isExportedFunction } from './ast';

/**
 * Whether a function runs only as the module loads, once per process, like the module's own top
 * level: an IIFE that is a top-level statement (`(async () => { … })()`, `void main()`, with
 * `.catch(…)` or `.then(…)` after it), or a named function whose every use is such a call
 * (`async function main() { … } main().catch(console.error)`), also inside a top-level `if`
 * (`if (require.main === module) main()`). A client it opens lives as long as the process, the
 * way a worker's start-up keeps its connections.
 */
export function runsOnceAtLoad(sourceCode: Readonly<SourceCode>, fn: FunctionNode): boolean {
  if (fn.parent?.type === AST_NODE_TYPES.CallExpression && fn.parent.callee === fn) return isTopLevelCall(fn.parent);
  const name = getFunctionName(fn);
  // An exported function may also be called by the modules that import it, as often as they like.
  if (!name || isExportedFunction(fn)) return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(name), name);
  const uses = variable?.references.filter((reference) => reference.identifier !== name && !reference.init) ?? [];
  return uses.length > 0 && uses.every(({ identifier }) => identifier.parent?.type === AST_NODE_TYPES.CallExpression && identifier.parent.callee === identifier && isTopLevelCall(identifier.parent));
}

/** `function main() {}`'s `main`, `const main = async () => {}`'s `main`. */
function getFunctionName(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id ?? undefined;
  const { parent } = fn;
  return parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier && parent.parent.kind === 'const' ? parent.id : undefined;
}

/** A call that is a statement of the module's top level, through `await`, `void` and promise chaining. */
function isTopLevelCall(call: TSESTree.CallExpression): boolean {
  if (getEnclosingFunction(call)) return false;
  let node: TSESTree.Node = call;
  for (;;) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.ExpressionStatement) return isTopLevelStatement(parent);
    const chained = parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node && parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent;
    if (chained) node = parent.parent as TSESTree.CallExpression;
    else if (parent.type === AST_NODE_TYPES.AwaitExpression || (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void')) node = parent;
    else return false;
  }
}

/**
 * A statement of the module's top level, or of a block of a top-level `if` or `try` (`if
 * (require.main === module) { … }`): run at most once, as the module loads. Not a loop's body.
 */
function isTopLevelStatement(statement: TSESTree.Node): boolean {
  let node = statement;
  for (;;) {
    const parent = node.parent;
    if (!parent) return false;
    if (parent.type === AST_NODE_TYPES.Program) return true;
    const isBlockOfOnce =
      parent.type === AST_NODE_TYPES.BlockStatement ||
      (parent.type === AST_NODE_TYPES.IfStatement && parent.test !== node) ||
      (parent.type === AST_NODE_TYPES.TryStatement && parent.block === node);
    if (!isBlockOfOnce) return false;
    node = parent;
  }
}
