import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { isNothing, unwrapExpression } from './ast';
import { getConstInit } from './key-expiry';

/** `const` names followed at most, one into the next (`const TTL = 5 * SECOND`). */
const MAX_DEPTH = 4;

/**
 * A timer's delay in milliseconds when the code writes it as a constant: a number (`2000`,
 * `'2000'`), arithmetic of constants (`5 * 1000`), or a `const` of one; no delay, `undefined` and
 * `null` are 0, as `setTimeout` reads them. A member of an object (`settings.ttlMs`), a parameter
 * or a call may be any length: `undefined`.
 */
export function getConstantDelayMs(sourceCode: Readonly<SourceCode>, delay: TSESTree.Node | undefined): number | undefined {
  if (!delay) return 0;
  const value = evaluate(sourceCode, delay, 0);
  return value === undefined || Number.isNaN(value) ? undefined : Math.max(0, value);
}

function evaluate(sourceCode: Readonly<SourceCode>, expression: TSESTree.Node, depth: number): number | undefined {
  const node = unwrapExpression(expression);
  if (isNothing(node)) return 0;
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      if (typeof node.value === 'number') return node.value;
      return typeof node.value === 'string' && node.value.trim() !== '' ? Number(node.value) : undefined;
    case AST_NODE_TYPES.UnaryExpression: {
      const argument = node.operator === '-' || node.operator === '+' ? evaluate(sourceCode, node.argument, depth) : undefined;
      return argument === undefined ? undefined : node.operator === '-' ? -argument : argument;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      if (node.left.type === AST_NODE_TYPES.PrivateIdentifier) return undefined;
      const left = evaluate(sourceCode, node.left, depth);
      const right = left === undefined ? undefined : evaluate(sourceCode, node.right, depth);
      if (left === undefined || right === undefined) return undefined;
      if (node.operator === '*') return left * right;
      if (node.operator === '+') return left + right;
      if (node.operator === '-') return left - right;
      return node.operator === '/' ? left / right : undefined;
    }
    case AST_NODE_TYPES.Identifier: {
      const init = depth < MAX_DEPTH ? getConstInit(sourceCode, node) : undefined;
      return init ? evaluate(sourceCode, init, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}
