import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

/**
 * Whether an expression gives the same value when evaluated again and changes nothing:
 * names, literals, member reads, templates and operators over those.
 * - pure: `id`, `this.prefix`, `` `sess:${id}` ``, `'k:' + id`, `user.id!`, `a ? b : c`
 * - not: `keyFor(id)`, `i++`, `x = y`, `await k`, `new Key()`, `` tag`k` ``, `delete o.k`
 */
export function isPureExpression(node: TSESTree.Node | null | undefined): boolean {
  if (!node) return true;
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.PrivateIdentifier:
    case AST_NODE_TYPES.ThisExpression:
    case AST_NODE_TYPES.Literal:
      return true;
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.every(isPureExpression);
    case AST_NODE_TYPES.MemberExpression:
      return isPureExpression(node.object) && (!node.computed || isPureExpression(node.property));
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return isPureExpression(node.left) && isPureExpression(node.right);
    case AST_NODE_TYPES.ConditionalExpression:
      return isPureExpression(node.test) && isPureExpression(node.consequent) && isPureExpression(node.alternate);
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator !== 'delete' && isPureExpression(node.argument);
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return isPureExpression(node.expression);
    default:
      return false;
  }
}
