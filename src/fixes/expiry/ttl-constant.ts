import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { Scope, SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { getRequiredModule } from '../../analysis/ast';
import { endsWithSemicolon, getCodeStyle, getInsertionPointAfter } from '../code-style';
import type { Outcome, TextEdit } from '../outcome';
import { cannotFix, insertAt, ok } from '../outcome';
import type { ExpirySettings } from './expiry-form';

/**
 * The declaration of the `ttlName` constant a fix writes instead of the seconds:
 * `const SESSION_TTL = 86400;` after the imports, unless the file declares that name at its top
 * already (then the fix uses it as it is). Declines when the name means another variable where
 * the write is.
 */
export function getTtlConstantEdits(sourceCode: Readonly<SourceCode>, settings: ExpirySettings, usedAt: TSESTree.Node): Outcome<TextEdit[]> {
  const name = settings.ttlName;
  if (name === undefined) return ok([]);
  const variable = findValueVariable(sourceCode.getScope(usedAt), name);
  if (variable && variable.scope.block === sourceCode.ast && variable.defs.length > 0) return ok([]);
  if (variable) return cannotFix(`the TTL constant's name \`${name}\` already names another variable here; choose another name (the \`ttlName\` option, \`--ttl-name\`)`);
  return ok([getDeclarationEdit(sourceCode, `const ${name} = ${settings.ttlSeconds}`)]);
}

/** The value variable `name` resolves to from `scope` (a type of that name is no conflict). */
function findValueVariable(scope: Scope.Scope, name: string): Scope.Variable | undefined {
  for (let current: Scope.Scope | null = scope; current; current = current.upper) {
    const variable = current.set.get(name);
    if (variable?.isValueVariable) return variable;
  }
  return undefined;
}

/** A top-level declaration after the file's directives and imports (`import`, `import x = require()`, `const x = require()`). */
function getDeclarationEdit(sourceCode: Readonly<SourceCode>, declaration: string): TextEdit {
  const { text, ast } = sourceCode;
  const { eol } = getCodeStyle(sourceCode);
  const firstCode = ast.body.findIndex((statement) => !isImportStatement(statement));
  const anchor = (firstCode === -1 ? ast.body : ast.body.slice(0, firstCode)).at(-1);
  if (!anchor) return insertAt(ast.body[0]?.range[0] ?? text.length, `${declaration};${eol}${eol}`);
  const semicolon = endsWithSemicolon(text, anchor) ? ';' : '';
  return insertAt(getInsertionPointAfter(text, anchor.range[1]).offset, `${eol}${eol}${declaration}${semicolon}`);
}

function isImportStatement(statement: TSESTree.ProgramStatement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ImportDeclaration:
    case AST_NODE_TYPES.TSImportEqualsDeclaration:
      return true;
    case AST_NODE_TYPES.ExpressionStatement:
      return typeof statement.directive === 'string';
    case AST_NODE_TYPES.VariableDeclaration:
      // const Redis = require('ioredis'); const { createClient } = require('redis'); const x = require('m').x;
      return statement.declarations.every(({ init }) => {
        let required = init;
        while (required?.type === AST_NODE_TYPES.MemberExpression) required = required.object;
        return required != null && getRequiredModule(required) !== undefined;
      });
    default:
      return false;
  }
}
