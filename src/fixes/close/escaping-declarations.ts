import type { TSESTree } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { isWithin } from '../../analysis/ast';

/**
 * A name declared by the statements that move into the new `try` block and referred to from
 * outside them, which the block would hide: a closure or a type declared before the client, a
 * function declaration or a `var` used before it (hoisting), the close that moves to the
 * `finally`. Looked up in the block's scope and, for `var` and functions, the function's.
 */
export function findEscapingDeclaration(
  sourceCode: Readonly<SourceCode>,
  declaration: TSESTree.VariableDeclaration,
  wrapped: readonly TSESTree.Statement[],
): string | undefined {
  const isMoved = (node: TSESTree.Node) => wrapped.some((statement) => isWithin(node, statement));
  const scope = sourceCode.getScope(declaration);
  const candidates = new Set<Scope.Variable>([...scope.variables, ...scope.variableScope.variables]);
  for (const variable of candidates) {
    if (!variable.defs.some((def) => isMoved(def.name))) continue;
    if (variable.references.some((reference) => !isMoved(reference.identifier))) return variable.name;
  }
  return undefined;
}
