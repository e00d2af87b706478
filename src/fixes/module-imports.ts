import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { forEachDescendant, getKeyName, getRequiredModule, getStaticString } from '../analysis/ast';
import { endsWithSemicolon, getCodeStyle, getInsertionPointAfter, getLineStart, getWhitespaceBefore } from './code-style';
import type { Outcome, TextEdit } from './outcome';
import { cannotFix, insertAt, ok } from './outcome';

/** How new code names a module's export, and the edits that make that name available (none when it already is). */
export interface ExportBinding {
  /** `LRUCache`, `LRU` (an alias), `glide.TimeUnit` (through a namespace). */
  readonly name: string;
  readonly edits: readonly TextEdit[];
}

export interface ExportRequest {
  /** Specifiers that load the module (a client library has several). */
  readonly modules: readonly string[];
  readonly exportName: string;
  readonly filename: string;
  /** Where the name will be used: a new binding must be free there, and a new `require` must run before it. */
  readonly usedAt: TSESTree.Node;
  /** Whether a new import or `require` statement may be added when no existing one can take the name. */
  readonly mayAddImport: boolean;
}

/**
 * How code at `usedAt` can name a value export of a module, in this order:
 * - an existing binding: `import { X as Y } from m`, `const { X: Y } = require(m)`, a namespace
 *   (`import * as ns`, `const ns = require(m)`, `import ns = require(m)`) as `ns.X`; a type-only
 *   `import type { X }` or `{ type X }` loses its `type` keyword
 * - the name added to an existing named import or destructured `require` of the module
 * - a new `import { X } from m` below a type-only import of the module
 * - when `mayAddImport`: a new import (or `require`, in a CommonJS file) after the file's imports
 */
export function bindModuleExport(sourceCode: Readonly<SourceCode>, request: ExportRequest): Outcome<ExportBinding> {
  const loads = findModuleLoads(sourceCode, request.modules);
  const existing = findExistingBinding(sourceCode, loads, request.exportName);
  if (existing) return ok(existing);
  const { exportName } = request;
  if (isNameTaken(sourceCode, request.usedAt, exportName)) return cannotFix(`the fix needs \`${exportName}\`, but that name already means something else here`);
  const extendable = loads.find((load) => load.list !== undefined && (load.kind !== 'require' || load.statement.range[1] <= request.usedAt.range[0]));
  if (extendable) return ok({ name: exportName, edits: [appendToList(sourceCode.text, extendable.list!, exportName)] });
  const typeOnly = loads.find((load) => load.kind === 'typeImport');
  if (typeOnly) return ok({ name: exportName, edits: [addImportAfter(sourceCode, typeOnly.statement, typeOnly.specifier, exportName)] });
  if (!request.mayAddImport || request.modules.length === 0) {
    return cannotFix(`the fix needs \`${exportName}\` from ${request.modules[0] ?? 'its module'}, and this file has no import of it that can take one more name`);
  }
  return ok({ name: exportName, edits: [insertNewImport(sourceCode, request)] });
}

/** One statement of the file that loads the module. */
interface ModuleLoad {
  readonly kind: 'import' | 'require' | 'typeImport';
  readonly statement: TSESTree.Node;
  readonly specifier: string;
  /** Named specifiers or destructured properties that a name can be appended to. */
  readonly list: readonly TSESTree.Node[] | undefined;
  /** Export name → local name, and the `type` keyword to drop when the binding is type-only. */
  readonly names: ReadonlyMap<string, { local: string; typeKeyword?: TSESTree.Node }>;
  readonly namespace: string | undefined;
}

function findModuleLoads(sourceCode: Readonly<SourceCode>, modules: readonly string[]): ModuleLoad[] {
  const loads: ModuleLoad[] = [];
  for (const statement of sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && modules.includes(statement.source.value)) loads.push(readImport(statement));
    if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration && statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
      const specifier = getStaticString(statement.moduleReference.expression);
      if (specifier !== undefined && modules.includes(specifier)) {
        loads.push({ kind: 'import', statement, specifier, list: undefined, names: new Map(), namespace: statement.id.name });
      }
    }
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        const specifier = declarator.init ? getRequiredModule(declarator.init) : undefined;
        if (specifier !== undefined && modules.includes(specifier)) loads.push(readRequire(statement, declarator.id, specifier));
      }
    }
  }
  return loads;
}

function readImport(statement: TSESTree.ImportDeclaration): ModuleLoad {
  const names = new Map<string, { local: string; typeKeyword?: TSESTree.Node }>();
  let namespace: string | undefined;
  const typeOnly = statement.importKind === 'type';
  for (const specifier of statement.specifiers) {
    if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier && !typeOnly) namespace = specifier.local.name;
    if (specifier.type !== AST_NODE_TYPES.ImportSpecifier) continue;
    const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
    const typeKeyword = typeOnly ? statement : specifier.importKind === 'type' ? specifier : undefined;
    names.set(imported, { local: specifier.local.name, typeKeyword });
  }
  const named = statement.specifiers.length > 0 && statement.specifiers.every((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier);
  const list = named && !typeOnly ? statement.specifiers : undefined;
  return { kind: typeOnly ? 'typeImport' : 'import', statement, specifier: statement.source.value, list, names, namespace };
}

/** `const { A, B: C } = require(m)` (a list to extend) and `const ns = require(m)`. */
function readRequire(statement: TSESTree.VariableDeclaration, id: TSESTree.Node, specifier: string): ModuleLoad {
  const names = new Map<string, { local: string }>();
  if (id.type === AST_NODE_TYPES.Identifier) return { kind: 'require', statement, specifier, list: undefined, names, namespace: id.name };
  if (id.type !== AST_NODE_TYPES.ObjectPattern) return { kind: 'require', statement, specifier, list: undefined, names, namespace: undefined };
  for (const property of id.properties) {
    const key = property.type === AST_NODE_TYPES.Property ? getKeyName(property) : undefined;
    if (property.type === AST_NODE_TYPES.Property && key !== undefined && property.value.type === AST_NODE_TYPES.Identifier) names.set(key, { local: property.value.name });
  }
  const plain = id.properties.every((property) => property.type === AST_NODE_TYPES.Property);
  return { kind: 'require', statement, specifier, list: plain && id.properties.length > 0 ? id.properties : undefined, names, namespace: undefined };
}

function findExistingBinding(sourceCode: Readonly<SourceCode>, loads: readonly ModuleLoad[], exportName: string): ExportBinding | undefined {
  for (const load of loads) {
    const named = load.names.get(exportName);
    if (named) return { name: named.local, edits: named.typeKeyword ? dropTypeKeyword(sourceCode, named.typeKeyword) : [] };
  }
  const namespace = loads.find((load) => load.namespace !== undefined);
  return namespace && { name: `${namespace.namespace!}.${exportName}`, edits: [] };
}

/** `import type {` → `import {`, `{ type X }` → `{ X }`. */
function dropTypeKeyword(sourceCode: Readonly<SourceCode>, node: TSESTree.Node): TextEdit[] {
  const tokens = sourceCode.getTokens(node);
  const index = tokens.findIndex((token) => token.value === 'type');
  const keyword = tokens[index];
  const next = tokens[index + 1];
  return keyword && next ? [{ start: keyword.range[0], end: next.range[0], text: '' }] : [];
}

/** Whether `name` is declared in a scope that `node` sees, or referenced there as an undeclared global. */
function isNameTaken(sourceCode: Readonly<SourceCode>, node: TSESTree.Node, name: string): boolean {
  for (let scope: ReturnType<SourceCode['getScope']> | null = sourceCode.getScope(node); scope; scope = scope.upper) {
    if (scope.set.has(name)) return true;
    if (scope.type === 'global' && scope.through.some((reference) => reference.identifier.name === name)) return true;
  }
  let used = false;
  forEachDescendant(sourceCode.ast, sourceCode.visitorKeys, (descendant) => {
    if (descendant.type === AST_NODE_TYPES.Identifier && descendant.name === name && descendant.parent.type !== AST_NODE_TYPES.MemberExpression) used = true;
  });
  return used;
}

/** `{ A }` → `{ A, B }`; `{\n  A,\n}` → `{\n  A,\n  B,\n}`: the list's own separators and trailing comma. */
function appendToList(text: string, items: readonly TSESTree.Node[], name: string): TextEdit {
  const last = items.at(-1)!;
  const gap = getWhitespaceBefore(text, last.range[0]);
  const separator = gap === '' ? ' ' : gap;
  const trailingComma = /^\s*,/.exec(text.slice(last.range[1]));
  if (trailingComma) return insertAt(last.range[1] + trailingComma[0].length, `${separator}${name},`);
  return insertAt(last.range[1], `,${separator}${name}`);
}

/** A new `import { X } from m` on the line after `anchor`. */
function addImportAfter(sourceCode: Readonly<SourceCode>, anchor: TSESTree.Node, specifier: string, name: string): TextEdit {
  const { quote, eol } = getCodeStyle(sourceCode);
  const semicolon = endsWithSemicolon(sourceCode.text, anchor) ? ';' : '';
  return insertAt(getInsertionPointAfter(sourceCode.text, anchor.range[1]).offset, `${eol}import { ${name} } from ${quote}${specifier}${quote}${semicolon}`);
}

/**
 * A new import of the first module, in the file's module style:
 * - after the last top-level import, on its own line
 * - after the last `require` statement before `usedAt`, which may run as the module loads
 * - else above the first statement and the comments attached to it, below a file header, a `#!` line and directives
 */
function insertNewImport(sourceCode: Readonly<SourceCode>, request: ExportRequest): TextEdit {
  const { text, ast } = sourceCode;
  const { quote, eol, semicolon } = getCodeStyle(sourceCode);
  const isModule = detectModuleSyntax(sourceCode, request.filename) === 'module';
  const specifier = `${quote}${request.modules[0]!}${quote}`;
  const statement = isModule ? `import { ${request.exportName} } from ${specifier}${semicolon}` : `const { ${request.exportName} } = require(${specifier})${semicolon}`;
  const isAnchor = isModule
    ? (node: TSESTree.Node) => node.type === AST_NODE_TYPES.ImportDeclaration
    : (node: TSESTree.Node) => isRequireStatement(node) && node.range[1] <= request.usedAt.range[0];
  const anchor = ast.body.findLast(isAnchor);
  if (anchor) return insertAt(getInsertionPointAfter(text, anchor.range[1]).offset, `${eol}${statement}`);
  const first = ast.body.find((node) => !isDirective(node)) ?? ast.body[0]!;
  // A `#!` line stays first whatever follows it.
  const hashbangEnd = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
  const start = Math.max(getLineStart(text, getAttachedCommentsStart(sourceCode, first)), hashbangEnd);
  return insertAt(start, `${statement}${eol}${eol}`);
}

/** `const x = require('x')`, `const y = require('x').y` at the top level. */
function isRequireStatement(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.VariableDeclaration) return false;
  return node.declarations.every(({ init }) => {
    const required = init?.type === AST_NODE_TYPES.MemberExpression ? init.object : init;
    return required != null && isRequireCall(required);
  });
}

function isRequireCall(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require';
}

function isDirective(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.ExpressionStatement && typeof node.directive === 'string';
}

/** Comments directly above a statement (no blank line between) belong to it; a header separated by a blank line does not. */
function getAttachedCommentsStart(sourceCode: Readonly<SourceCode>, statement: TSESTree.Node): number {
  let start = statement.range[0];
  let startLine = statement.loc.start.line;
  for (const comment of sourceCode.getCommentsBefore(statement).reverse()) {
    if (comment.loc.end.line < startLine - 1) break;
    start = comment.range[0];
    startLine = comment.loc.start.line;
  }
  return start;
}

/**
 * `import` or `require` for a new binding:
 * - TypeScript, `.mjs`: `import`; `.cjs`: `require`
 * - `.js`: what the file already uses, else the nearest package.json's `"type"` (CommonJS by default, as in Node)
 */
function detectModuleSyntax(sourceCode: Readonly<SourceCode>, filename: string): 'commonjs' | 'module' {
  if (/\.(?:[mc]?tsx?|mjs)$/i.test(filename)) return 'module';
  if (/\.cjs$/i.test(filename)) return 'commonjs';
  if (sourceCode.ast.body.some((node) => node.type === AST_NODE_TYPES.ImportDeclaration || node.type.startsWith('Export'))) return 'module';
  let requires = false;
  forEachDescendant(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (isRequireCall(node)) requires = true;
  });
  return requires ? 'commonjs' : readPackageType(path.dirname(path.resolve(filename)));
}

function readPackageType(folder: string): 'commonjs' | 'module' {
  for (let current = folder; ; current = path.dirname(current)) {
    const manifest = path.join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (path.dirname(current) === current) return 'commonjs';
  }
}
