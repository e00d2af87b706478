import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { getLibraryByModule } from '../redis';
import { getPropertyName, getRequiredModule, isFunction } from './ast';
import { isNodeBuiltinModule, resolveProjectModule } from './module-resolution';

/*
 * The modules a test file replaces with mocks for all of its code: a top-level `vi.mock('ioredis')`
 * or `jest.mock('bullmq', () => …)` (hoisted above the imports), `mock.module('redis', …)` (node:test,
 * Bun). A client made from such a module is a fake: it opens no connection and writes nowhere.
 * What may keep the real module does not count: a factory that is not written in place, one that
 * takes a parameter (vitest's `importOriginal`) or calls `importOriginal`, `importActual` or
 * `requireActual`, vitest's options (`{ spy: true }` keeps the real code), a mock undone by
 * `unmock`, and `doMock`, which is not hoisted and leaves static imports real.
 */

/** The cheap test on the text before the tree is read: most files mock nothing. */
const MOCK_CALL_TEXT = /\b(?:vi|jest)\s*\.\s*mock\s*\(|\bmock\s*\.\s*module\s*\(/;
const KEEPS_ORIGINAL = /\b(?:importOriginal|importActual|requireActual)\b/;

export interface ModuleMocks {
  /** The specifiers the file mocks whole, as written (`'ioredis'`, `'./lib/redis'`). */
  readonly mocked: ReadonlySet<string>;
  /** The specifiers the file unmocks (`vi.unmock`, `jest.unmock`, `doUnmock`), as written. */
  readonly unmocked: ReadonlySet<string>;
  /** The specifiers the file imports or requires at its top level. */
  readonly imported: ReadonlySet<string>;
}

const NO_MOCKS: ModuleMocks = { mocked: new Set(), unmocked: new Set(), imported: new Set() };
const mocksByTree = new WeakMap<TSESTree.Program, ModuleMocks>();

export function getModuleMocks(sourceCode: Readonly<SourceCode>): ModuleMocks {
  let mocks = mocksByTree.get(sourceCode.ast);
  if (!mocks) {
    mocks = MOCK_CALL_TEXT.test(sourceCode.text) ? findModuleMocks(sourceCode) : NO_MOCKS;
    mocksByTree.set(sourceCode.ast, mocks);
  }
  return mocks;
}

function findModuleMocks(sourceCode: Readonly<SourceCode>): ModuleMocks {
  const mocked = new Set<string>();
  const unmocked = new Set<string>();
  const imported = new Set<string>();
  for (const statement of sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) imported.add(statement.source.value);
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        const required = declarator.init ? getRequiredModule(declarator.init) : undefined;
        if (required !== undefined) imported.add(required);
      }
    }
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const call = statement.expression;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression || call.callee.object.type !== AST_NODE_TYPES.Identifier) continue;
    const mocker = call.callee.object.name;
    const method = getPropertyName(call.callee);
    const [specifier, replacement] = call.arguments;
    if (specifier?.type !== AST_NODE_TYPES.Literal || typeof specifier.value !== 'string') continue;
    if ((mocker === 'vi' || mocker === 'jest') && (method === 'unmock' || method === 'doUnmock')) unmocked.add(specifier.value);
    else if ((mocker === 'vi' || mocker === 'jest') && method === 'mock' && replacesWhole(sourceCode, replacement)) mocked.add(specifier.value);
    else if (mocker === 'mock' && method === 'module' && !(replacement && KEEPS_ORIGINAL.test(sourceCode.getText(replacement)))) mocked.add(specifier.value);
  }
  for (const specifier of unmocked) mocked.delete(specifier);
  return { mocked, unmocked, imported };
}

/** No factory (an automatic mock), or a factory written in place that takes nothing and reads no original. */
function replacesWhole(sourceCode: Readonly<SourceCode>, factory: TSESTree.CallExpressionArgument | undefined): boolean {
  if (!factory) return true;
  return isFunction(factory) && factory.params.length === 0 && !KEEPS_ORIGINAL.test(sourceCode.getText(factory));
}

/**
 * Whether the project module `specifier` (imported by `file`) is one the file mocks whole: named
 * the same, or resolving to the same file (`vi.mock('../lib/redis.ts')` beside an import of
 * `'../lib/redis'`, or through a `tsconfig.json` path).
 */
export function isProjectModuleMocked(mocks: ModuleMocks, file: string, specifier: string): boolean {
  if (mocks.mocked.size === 0) return false;
  if (mocks.mocked.has(specifier) && mocks.unmocked.size === 0) return true;
  const target = resolveProjectModule(file, specifier);
  if (target === undefined) return mocks.mocked.has(specifier);
  const namesTarget = (named: string) => named === specifier || (mayNameProjectModule(named) && resolveProjectModule(file, named) === target);
  // Unmocked under any of its names, it is the real module (as when named alike, findModuleMocks).
  return [...mocks.mocked].some(namesTarget) && ![...mocks.unmocked].some(namesTarget);
}

/**
 * A mocked name that may stand for a module of the project: not a client library nor a Node
 * module, which a test runner takes from node_modules whatever a tsconfig `baseUrl` would make of it.
 */
function mayNameProjectModule(specifier: string): boolean {
  return getLibraryByModule(specifier) === undefined && !isNodeBuiltinModule(specifier);
}
