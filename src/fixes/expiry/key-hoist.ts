import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import type { MethodCall } from '../../analysis/ast';
import { forEachDescendant, getEnclosingFunction, unwrapExpression } from '../../analysis/ast';
import { endsWithSemicolon } from '../code-style';
import type { Outcome, TextEdit } from '../outcome';
import { cannotFix, insertAt, ok, replaceRange } from '../outcome';
import { isPlainReceiver } from './receivers';
import { isPureExpression } from './pure-expression';
import { getStatementSlot } from './statements';

/** How the `expire` names the written key, and what naming it that way takes. */
export interface KeyReference {
  /** The key's own text, or the name of the `const` it was hoisted into. */
  readonly keyText: string;
  /** The key replaced by that name. */
  readonly edits: readonly TextEdit[];
  /** `const key = keyFor(id);`, to go before the write's statement. */
  readonly declaration: string | undefined;
}

/**
 * A key that is safe to evaluate again is written twice; one with side effects (`keyFor(id)`,
 * `` `k:${i++}` ``) is first hoisted into a `const` before the write's statement:
 * `const key = keyFor(id);`. Only when nothing with side effects runs before the key in that statement.
 */
export function getKeyReference(sourceCode: Readonly<SourceCode>, write: MethodCall, key: TSESTree.Node, statement: TSESTree.Statement | undefined): Outcome<KeyReference> {
  const keyText = sourceCode.getText(key);
  if (isPureExpression(key)) return ok({ keyText, edits: [], declaration: undefined });
  if (!statement || !getStatementSlot(statement) || !runsFirstInStatement(write)) {
    return cannotFix('the key has side effects (a call, `++`) and cannot be moved out of where it is evaluated');
  }
  const scope = getEnclosingFunction(statement) ?? sourceCode.ast;
  const name = chooseKeyName(sourceCode, scope);
  const semicolon = endsWithSemicolon(sourceCode.text, statement) ? ';' : '';
  // Empty edits at the scope's ends make the fix span it: two writes of one function hoisted in the
  // same pass of the codemod would both pick `key`; overlapping, the second waits and picks `key2`.
  const claim = [insertAt(scope.range[0], ''), insertAt(scope.range[1], '')];
  return ok({ keyText: name, edits: [...claim, replaceRange(key.range, name)], declaration: `const ${name} = ${keyText}${semicolon}` });
}

/**
 * Whether the key is the first thing with side effects its statement evaluates: the write's
 * receiver is a variable or a field, reached through batch or command calls whose arguments
 * have none (queuing a command does nothing until `exec()`).
 */
function runsFirstInStatement(write: MethodCall): boolean {
  let current = unwrapExpression(write.callee.object);
  while (current.type === AST_NODE_TYPES.CallExpression && current.callee.type === AST_NODE_TYPES.MemberExpression) {
    if (!current.arguments.every(isPureExpression)) return false;
    current = unwrapExpression(current.callee.object);
  }
  return isPlainReceiver(current);
}

/** `key`, else `key2`, `key3`…: a name no identifier in `scope` (the function around the write, or the module) uses yet. */
function chooseKeyName(sourceCode: Readonly<SourceCode>, scope: TSESTree.Node): string {
  const used = new Set<string>();
  forEachDescendant(scope, sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier) used.add(node.name);
  });
  let name = 'key';
  for (let index = 2; used.has(name); index += 1) name = `key${index}`;
  return name;
}
