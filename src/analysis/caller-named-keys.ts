import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { unwrapExpression } from './ast';
import { getKeyShape, isFixedKey } from './key-expiry';

/** Variables followed from a key to the value they were given. */
const MAX_DEPTH = 4;

/**
 * Whether the write's function only passes on a key its caller names: every part of the key that
 * varies is one of the function's parameters (or a property of one) or a value fixed per process (an
 * import, a module-level `const`), and the key has no text of its
 * own beyond constants and separators (`key`, `` `${REDIS_PREFIX}${key}` ``, `opts.key`). Such a wrapper (`set(key, value) {
 * return this.client.set(key, value) }`) writes whatever family its callers choose, and whether that
 * family gets a time to live is decided where they call it.
 */
export function isCallerNamedKey(sourceCode: Readonly<SourceCode>, key: TSESTree.Node, fn: FunctionNode | undefined): boolean {
  if (!fn || hasOwnText(sourceCode, key)) return false;
  const parameters = { found: false };
  return isFromParameters(sourceCode, key, fn, parameters, 0) && parameters.found;
}

/** Text of the key's own beyond constants' names and separators: `h:` in `` `h:${id}` ``, not `` `${PREFIX}:${key}` ``. */
function hasOwnText(sourceCode: Readonly<SourceCode>, key: TSESTree.Node): boolean {
  return getKeyShape(sourceCode, key).some((piece) => piece.replace(/\{[A-Za-z_$][\w$]*\}/g, '').replace(/[:._\-/|]/g, '') !== '');
}

function isFromParameters(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, fn: FunctionNode, parameters: { found: boolean }, depth: number): boolean {
  const node = unwrapExpression(expression);
  if (isFixedKey(sourceCode, node)) return true;
  switch (node.type) {
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.every((part) => isFromParameters(sourceCode, part, fn, parameters, depth));
    case AST_NODE_TYPES.BinaryExpression:
      return node.operator === '+' && isFromParameters(sourceCode, node.left, fn, parameters, depth) && isFromParameters(sourceCode, node.right, fn, parameters, depth);
    case AST_NODE_TYPES.MemberExpression:
      return !node.computed && isFromParameters(sourceCode, node.object, fn, parameters, depth);
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(sourceCode.getScope(node), node);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type === 'Parameter' && def.node === fn) {
        parameters.found = true;
        return true;
      }
      // One value per process: an import, a module-level `const` (`process.env.PREFIX`)
      if (def?.type === 'ImportBinding' || (def?.type === 'Variable' && def.parent.kind === 'const' && def.parent.parent?.type === AST_NODE_TYPES.Program)) return true;
      const init = def?.type === 'Variable' && def.node.id.type === AST_NODE_TYPES.Identifier ? def.node.init : undefined;
      const keepsValue = init && variable!.references.every((reference) => !reference.isWrite() || reference.writeExpr === init);
      return depth < MAX_DEPTH && keepsValue === true && isFromParameters(sourceCode, init!, fn, parameters, depth + 1);
    }
    default:
      return false;
  }
}
