import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TextEdit } from '../outcome';
import { insertAt } from '../outcome';

/** Expressions that `await x` takes whole: anything that binds at least as tightly as a unary operator. */
const TIGHT_EXPRESSIONS = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.AwaitExpression,
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.ChainExpression,
  AST_NODE_TYPES.ClassExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.ImportExpression,
  AST_NODE_TYPES.JSXElement,
  AST_NODE_TYPES.JSXFragment,
  AST_NODE_TYPES.Literal,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.MetaProperty,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.TaggedTemplateExpression,
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.ThisExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.UnaryExpression,
]);

/**
 * `return client.get(key)` → `return await client.get(key)`, so a `finally` around it waits for
 * the command; `return a ? b : c` → `return await (a ? b : c)`. A parenthesised value keeps its
 * parentheses: `return await (…)`.
 */
export function awaitReturnedValue(sourceCode: Readonly<SourceCode>, statement: TSESTree.ReturnStatement): TextEdit[] {
  const value = statement.argument;
  if (!value) return [];
  const start = sourceCode.getTokenAfter(sourceCode.getFirstToken(statement)!)!;
  if (start.range[0] < value.range[0]) return [insertAt(start.range[0], 'await ')];
  if (TIGHT_EXPRESSIONS.has(value.type)) return [insertAt(value.range[0], 'await ')];
  return [insertAt(value.range[0], 'await ('), insertAt(value.range[1], ')')];
}
