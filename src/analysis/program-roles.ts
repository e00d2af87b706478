import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast';
import { getProcessMethod, getPropertyName, getRequiredModule, isFunction } from './ast';
import { findLocalFunction } from './parameter-calls';

/*
 * What a program is, read from its code where its path does not say: code that runs in a browser
 * tab, or a script that ends the process when its work is done. A collection that grows in either
 * goes with the tab or the run, not with a server's uptime.
 */

/**
 * Modules that only a browser UI imports (their subpaths too: `react-dom/client`, `svelte/store`),
 * and the libraries that hold a UI's state (zustand, MobX, Redux, Jotai, Recoil, Valtio, Pinia,
 * Vuex, NgRx, nanostores). What such a module keeps lives as long as a page and grows with what one
 * user does, not with traffic.
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
  'next/router',
  'mobx-react',
  'mobx-react-lite',
  '@tanstack/react-query',
  '@tanstack/vue-query',
  '@trpc/react-query',
  'zustand',
  'mobx',
  'mobx-state-tree',
  'mobx-utils',
  'jotai',
  'recoil',
  'valtio',
  'redux',
  '@reduxjs/toolkit',
  'pinia',
  'vuex',
  '@ngrx/store',
  'nanostores',
];

/** Globals only a browser has: a module that reads them as globals runs in a tab (or renders for one). */
const BROWSER_GLOBALS = ['window', 'document', 'localStorage', 'sessionStorage'];
/** Promise methods whose callback runs once the work is done (`.catch` is how servers die on a failed start, so it does not count). */
const DONE_CALLBACKS = new Set(['then', 'finally']);

/**
 * A module that runs in a browser: a UI module ({@link isBrowserUiModule}), or one that reads
 * `window`, `document`, `localStorage` or `sessionStorage` as globals (`typeof window` is how
 * server code checks where it runs, so it does not count). A `'use server'` module, or one that
 * imports `server-only`, runs on the server whatever else it does.
 */
export function isBrowserProgram(sourceCode: Readonly<SourceCode>): boolean {
  if (isServerModule(sourceCode.ast)) return false;
  if (isBrowserUiModule(sourceCode.ast)) return true;
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (!globalScope) return false;
  const readsBrowserGlobal = ({ identifier }: { identifier: TSESTree.Node }) => !isTypeofOperand(identifier);
  if (globalScope.through.some((reference) => BROWSER_GLOBALS.includes(reference.identifier.name) && readsBrowserGlobal(reference))) return true;
  // Declared by the configuration's `globals` (`globals.browser`): then they resolve to the global scope.
  return BROWSER_GLOBALS.some((name) => globalScope.set.get(name)?.references.some(readsBrowserGlobal) ?? false);
}

function isTypeofOperand(node: TSESTree.Node): boolean {
  return node.parent?.type === AST_NODE_TYPES.UnaryExpression && node.parent.operator === 'typeof';
}

/** `'use server'` (server actions) or `import 'server-only'`. */
function isServerModule(program: TSESTree.Program): boolean {
  return program.body.some(
    (statement) =>
      (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive === 'use server') ||
      (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.source.value === 'server-only'),
  );
}

/**
 * A script that exits when its work is done: a top-level `process.exit()` statement, one that
 * ends the first callback of a `.then(…)` or `.finally(…)` chained on a top-level call
 * (`main().then(() => process.exit(0))`, `.finally(() => { …; process.exit(); })`), or the last
 * statement of a function of the file that a top-level statement calls (`const main = async () =>
 * { …; process.exit(); }; main().catch(…)`). An exit on a failure only (`.catch`, the second
 * callback of `.then`, `cfg || process.exit(1)`) does not count.
 */
export function isScriptThatExits(sourceCode: Readonly<SourceCode>): boolean {
  return sourceCode.ast.body.some((statement) => {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
    if (isProcessExit(statement.expression)) return true;
    let call: TSESTree.Node = unwrapStarted(statement.expression);
    while (call.type === AST_NODE_TYPES.CallExpression) {
      const callee: TSESTree.Expression = call.callee;
      if (callee.type === AST_NODE_TYPES.Identifier) return endsWithOwnExit(findLocalFunction(sourceCode, callee));
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
      const method = getPropertyName(callee);
      const [callback] = call.arguments;
      if (method !== undefined && DONE_CALLBACKS.has(method) && callback && isFunction(callback) && endsWithExit(callback)) return true;
      call = callee.object;
    }
    return false;
  });
}

/** `void main()`, `await main()`: the call itself. */
function unwrapStarted(expression: TSESTree.Expression): TSESTree.Expression {
  if (expression.type === AST_NODE_TYPES.AwaitExpression) return expression.argument;
  return expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === 'void' ? expression.argument : expression;
}

/** A block body whose last statement is `process.exit(…)` (or `await` of one): the success path ends there. */
function endsWithOwnExit(fn: FunctionNode | undefined): boolean {
  if (fn?.body?.type !== AST_NODE_TYPES.BlockStatement) return false;
  const last = fn.body.body.at(-1);
  return last?.type === AST_NODE_TYPES.ExpressionStatement && isProcessExit(unwrapStarted(last.expression));
}

/** `() => process.exit()`, or a block body with a `process.exit()` statement of its own. */
function endsWithExit(fn: FunctionNode): boolean {
  const { body } = fn;
  if (!body) return false;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return isProcessExit(body);
  return body.body.some((statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && isProcessExit(statement.expression));
}

function isProcessExit(node: TSESTree.Node): boolean {
  return getProcessMethod(node) === 'exit';
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
