import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { forEachDescendant, getPropertyName, getRequiredModule, isFunction } from './ast';

/*
 * What a program is, read from its code where its path does not say: code that runs in a browser
 * tab, or a script that ends the process when its work is done. A collection that grows in either
 * goes with the tab or the run, not with a server's uptime.
 */

/**
 * Modules that only a browser UI imports (their subpaths too: `react-dom/client`, `svelte/store`).
 * What such a module keeps lives as long as a page and grows with what one user does, not with traffic.
 */
const BROWSER_UI_MODULES: readonly string[] = [
  'react',
  'react-dom',
  'react-native',
  'preact',
  'vue',
  'svelte',
  'solid-js',
  '@angular/core',
  'next/navigation',
  'next/router',
  'mobx-react',
  'mobx-react-lite',
  '@tanstack/react-query',
  '@tanstack/vue-query',
  '@trpc/react-query',
];

/** Globals only a browser has: a module that reads them as globals runs in a tab (or renders for one). */
const BROWSER_GLOBALS = ['window', 'document', 'localStorage', 'sessionStorage'];
/** Promise methods whose callback runs once the work is done (`.catch` is how servers die on a failed start, so it does not count). */
const DONE_CALLBACKS = new Set(['then', 'finally']);

/**
 * A module that runs in a browser: a UI module ({@link isBrowserUiModule}), or one that reads
 * `window`, `document`, `localStorage` or `sessionStorage` as globals, or renders JSX.
 */
export function isBrowserProgram(sourceCode: Readonly<SourceCode>): boolean {
  if (isBrowserUiModule(sourceCode.ast)) return true;
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (globalScope) {
    if (globalScope.through.some(({ identifier }) => BROWSER_GLOBALS.includes(identifier.name))) return true;
    // Declared by the configuration's `globals` (`globals.browser`): then they resolve to the global scope.
    if (BROWSER_GLOBALS.some((name) => (globalScope.set.get(name)?.references.length ?? 0) > 0)) return true;
  }
  return sourceCode.ast.tokens?.some((token) => (token.type as string) === 'JSXIdentifier') ?? false;
}

/**
 * A script that exits when its work is done: a top-level statement calls `process.exit()`, or
 * chains it after its work (`main().then(() => process.exit(0))`, `.finally(() => process.exit())`).
 */
export function isScriptThatExits(sourceCode: Readonly<SourceCode>): boolean {
  return sourceCode.ast.body.some((statement) => {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
    let exits = false;
    forEachDescendant(statement, sourceCode.visitorKeys, (node) => {
      if (exits) return false;
      if (isFunction(node)) return isDoneCallback(node) ? undefined : false;
      if (isProcessExit(node)) exits = true;
      return undefined;
    });
    return exits;
  });
}

function isDoneCallback(fn: TSESTree.Node): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression || !(call.arguments as readonly TSESTree.Node[]).includes(fn)) return false;
  const method = getPropertyName(call.callee);
  return method !== undefined && DONE_CALLBACKS.has(method);
}

function isProcessExit(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const { object } = node.callee;
  return object.type === AST_NODE_TYPES.Identifier && object.name === 'process' && getPropertyName(node.callee) === 'exit';
}

/**
 * Whether a module is browser UI code:
 * - a `'use client'` directive (React server components' client boundary)
 * - an import or a top-level `require` of a UI framework: `react`, `react-dom/client`, `vue`, `svelte`, …
 */
export function isBrowserUiModule(program: TSESTree.Program): boolean {
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive === 'use client') return true;
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && isBrowserUiSpecifier(statement.source.value)) return true;
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const declarator of statement.declarations) {
      const required = declarator.init ? getRequiredModule(declarator.init) : undefined;
      if (required !== undefined && isBrowserUiSpecifier(required)) return true;
    }
  }
  return false;
}

function isBrowserUiSpecifier(specifier: string): boolean {
  return BROWSER_UI_MODULES.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}
