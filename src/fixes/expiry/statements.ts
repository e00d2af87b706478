import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { getCodeStyle, getInsertionPointAfter, getLineIndent, getWhitespaceBefore, isFirstOnLine } from '../code-style';
import type { TextEdit } from '../outcome';
import { insertAt } from '../outcome';

/*
 * Where a statement can go before or after the one a write stands in, and the edits that put
 * it there on a line of its own.
 */

/** How a write stands as a statement: `await w;`, `void w;`, `w;`, `const x = [await] w;`. */
export interface WriteStatement {
  readonly statement: TSESTree.Statement;
  /** How a statement after it sends its command the same way (`const n = w` counts as `void`). */
  readonly form: 'await' | 'bare' | 'void';
}

/** Containers whose statements sit in a list, so a statement can go before or after one. */
const STATEMENT_LISTS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.Program,
  AST_NODE_TYPES.BlockStatement,
  AST_NODE_TYPES.StaticBlock,
  AST_NODE_TYPES.TSModuleBlock,
  AST_NODE_TYPES.SwitchCase,
]);

/** Statements whose body may be a single statement without braces: a fix there wraps it in a block. */
const BRACELESS_PARENTS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

/** Type-only wrappers that leave the value as it is: `x!`, `x as T`, `<T>x`, `x satisfies T`. */
const TYPE_WRAPPERS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
]);

/** The outermost type-only wrapper around an expression (the expression itself when none). */
export function climbTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && TYPE_WRAPPERS.has(current.parent.type)) current = current.parent;
  return current;
}

/** The statement a write is the whole of, and how it sends its command; `undefined` inside a larger expression. */
export function getWriteStatement(write: TSESTree.Node): WriteStatement | undefined {
  let current = climbTypeWrappers(write);
  let form: WriteStatement['form'] = 'bare';
  if (current.parent?.type === AST_NODE_TYPES.AwaitExpression) {
    form = 'await';
    current = climbTypeWrappers(current.parent);
  } else if (current.parent?.type === AST_NODE_TYPES.UnaryExpression && current.parent.operator === 'void') {
    form = 'void';
    current = current.parent;
  }
  const { parent } = current;
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement) return { statement: parent, form };
  // const count = await redis.incr(key);
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current) {
    const statement = getDeclarationStatement(parent);
    return statement && { statement, form: form === 'bare' ? 'void' : form };
  }
  return undefined;
}

/** The statement a declarator with the only declaration stands in: `const x = …;`, `export const x = …;`. */
function getDeclarationStatement(declarator: TSESTree.VariableDeclarator): TSESTree.Statement | undefined {
  const declaration = declarator.parent;
  if (declaration.declarations.length !== 1) return undefined;
  return declaration.parent.type === AST_NODE_TYPES.ExportNamedDeclaration ? declaration.parent : declaration;
}

/**
 * The statement an expression is evaluated in, straight through: chained calls, `await`, `void`
 * and type wrappers, with no callback, condition or short circuit on the way.
 */
export function findEnclosingStatement(expression: TSESTree.Node): TSESTree.Statement | undefined {
  let current = expression;
  for (let parent = current.parent; parent; current = parent, parent = current.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.ExpressionStatement:
      case AST_NODE_TYPES.ReturnStatement:
        return parent;
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === current ? getDeclarationStatement(parent) : undefined;
      case AST_NODE_TYPES.MemberExpression:
        if (parent.object !== current) return undefined;
        break;
      case AST_NODE_TYPES.CallExpression:
        if (parent.callee !== current) return undefined;
        break;
      case AST_NODE_TYPES.UnaryExpression:
        if (parent.operator !== 'void') return undefined;
        break;
      case AST_NODE_TYPES.AwaitExpression:
        break;
      default:
        if (!TYPE_WRAPPERS.has(parent.type)) return undefined;
    }
  }
  return undefined;
}

/**
 * Where a statement sits: in a list (a block, the program, a `case`), or as the braceless
 * body of an `if` or a loop, which a fix turns into a block.
 */
export function getStatementSlot(statement: TSESTree.Node): 'braceless' | 'list' | undefined {
  const { parent } = statement;
  if (!parent) return undefined;
  if (STATEMENT_LISTS.has(parent.type)) return 'list';
  if (BRACELESS_PARENTS.has(parent.type) && statement.type !== AST_NODE_TYPES.VariableDeclaration) return 'braceless';
  return undefined;
}

/** The statements of the list a statement sits in (a block's body, a `case`'s consequent). */
export function getSiblingStatements(statement: TSESTree.Node): readonly TSESTree.Statement[] | undefined {
  const { parent } = statement;
  if (!parent || !STATEMENT_LISTS.has(parent.type)) return undefined;
  return parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : (parent as { body: TSESTree.Statement[] }).body;
}

/** New statements to put around an existing one. */
export interface AroundStatement {
  readonly statement: TSESTree.Statement;
  readonly before?: readonly string[];
  readonly after?: readonly string[];
}

/**
 * Statements before and after a statement, on lines of their own at its indentation (on its
 * line when it shares one). A braceless body becomes a block: `if (x) w;` → `if (x) {\n  w;\n  expire;\n}`.
 */
export function getAroundEdits(sourceCode: Readonly<SourceCode>, { statement, before = [], after = [] }: AroundStatement): TextEdit[] {
  const { text } = sourceCode;
  const style = getCodeStyle(sourceCode);
  const { eol } = style;
  const [start, end] = statement.range;
  const afterAt = getInsertionPointAfter(text, end);
  if (getStatementSlot(statement) === 'braceless') {
    const indent = getLineIndent(text, statement.parent!.range[0]);
    const inner = indent + style.indentUnit;
    const gapStart = start - getWhitespaceBefore(text, start).length;
    const opening = ` {${eol}${inner}${before.map((line) => `${line}${eol}${inner}`).join('')}`;
    const closing = `${after.map((line) => `${eol}${inner}${line}`).join('')}${eol}${indent}}`;
    return [{ start: gapStart, end: start, text: opening }, insertAt(afterAt.offset, closing)];
  }
  const indent = getLineIndent(text, start);
  const ownLine = isFirstOnLine(text, start);
  const edits: TextEdit[] = [];
  if (before.length > 0) edits.push(insertAt(start, before.map((line) => (ownLine ? `${line}${eol}${indent}` : `${line} `)).join('')));
  if (after.length > 0) edits.push(insertAt(afterAt.offset, after.map((line) => (afterAt.lineEnd ? `${eol}${indent}${line}` : ` ${line}`)).join('')));
  return edits;
}
