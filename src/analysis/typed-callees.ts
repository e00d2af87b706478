import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { Declaration, Symbol as TsSymbol, TypeChecker } from 'typescript';
import type { FunctionNode } from './ast';
import { forEachDescendant, isFunction, unwrapExpression } from './ast';
import { loadProjectModule, mayHoldClient } from './project-modules';

/** `ts.SymbolFlags.Alias`: an import binding, whose target the checker gives with `getAliasedSymbol`. */
const ALIAS_FLAG = 2_097_152;

/**
 * Typed mode: the function a call's callee is declared as, in a source file of the project
 * (not a package's declarations), parsed as the rules parse it, so its summary can be read.
 * `createRedis` in `createRedis(url)` imported through any path the compiler resolves.
 */
export function findDeclaredFunction(services: ParserServicesWithTypeInformation, callee: TSESTree.Node): DeclaredFunction | undefined {
  try {
    return searchDeclaredFunction(services, callee);
  } catch {
    return undefined; // another file that cannot be read or parsed is unknown
  }
}

interface DeclaredFunction {
  readonly sourceCode: Readonly<SourceCode>;
  readonly file: string;
  readonly fn: FunctionNode;
}

function searchDeclaredFunction(services: ParserServicesWithTypeInformation, callee: TSESTree.Node): DeclaredFunction | undefined {
  const checker = services.program.getTypeChecker();
  const expression = unwrapExpression(callee);
  // The checker names `createRedis` in `factories.createRedis` by the property's own name node.
  const named = expression.type === AST_NODE_TYPES.MemberExpression ? expression.property : expression;
  const tsNode = services.esTreeNodeToTSNodeMap.get(named as TSESTree.Expression);
  const declaration = tsNode && getTarget(checker, checker.getSymbolAtLocation(tsNode))?.declarations?.[0];
  if (!declaration) return undefined;
  // One lookup per declaration while the program lives (its nodes are new when a file changes).
  if (!byDeclaration.has(declaration)) byDeclaration.set(declaration, readDeclaredFunction(declaration) ?? null);
  return byDeclaration.get(declaration) ?? undefined;
}

const byDeclaration = new WeakMap<object, DeclaredFunction | null>();

function readDeclaredFunction(declaration: Declaration): DeclaredFunction | undefined {
  const file = declaration.getSourceFile().fileName;
  if (file.includes('/node_modules/') || /\.d\.[cm]?ts$/.test(file) || !mayHoldClient(file)) return undefined;
  const sourceCode = loadProjectModule(file);
  const fn = sourceCode && findFunctionAt(sourceCode, declaration.getStart());
  return fn && { sourceCode: sourceCode!, file, fn };
}

function getTarget(checker: TypeChecker, symbol: TsSymbol | undefined): TsSymbol | undefined {
  if (!symbol || (symbol.flags & ALIAS_FLAG) === 0) return symbol;
  try {
    return checker.getAliasedSymbol(symbol);
  } catch {
    return undefined;
  }
}

const functionsAt = new WeakMap<object, Map<number, FunctionNode | null>>();

/** The function declared at `start`: `function f`, `const f = () => …`, a method `f() {}`. */
function findFunctionAt(sourceCode: Readonly<SourceCode>, start: number): FunctionNode | undefined {
  let byStart = functionsAt.get(sourceCode);
  if (!byStart) {
    byStart = new Map();
    functionsAt.set(sourceCode, byStart);
  }
  if (!byStart.has(start)) byStart.set(start, searchFunctionAt(sourceCode, start) ?? null);
  return byStart.get(start) ?? undefined;
}

function searchFunctionAt(sourceCode: Readonly<SourceCode>, start: number): FunctionNode | undefined {
  let found: FunctionNode | undefined;
  forEachDescendant(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (found || node.range[1] <= start || node.range[0] > start) return false;
    if (node.range[0] !== start) return undefined;
    // TypeScript counts `export` as part of the declaration; ESTree wraps it.
    const declared = node.type === AST_NODE_TYPES.ExportNamedDeclaration || node.type === AST_NODE_TYPES.ExportDefaultDeclaration ? node.declaration : node;
    if (declared?.type === AST_NODE_TYPES.FunctionDeclaration) found = declared;
    if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init && isFunction(unwrapExpression(node.init))) found = unwrapExpression(node.init) as FunctionNode;
    if (node.type === AST_NODE_TYPES.MethodDefinition && node.value.type === AST_NODE_TYPES.FunctionExpression) found = node.value;
    return undefined;
  });
  return found;
}
