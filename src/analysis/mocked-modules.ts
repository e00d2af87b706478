import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { forEachDescendant, getPropertyName } from './ast';

/*
 * The modules a test file replaces with mocks: `vi.mock('ioredis')`, `jest.mock('bullmq', () => …)`,
 * `mock.module('redis', …)` (node:test, Bun). A client made from such a module is a fake: it opens
 * no connection and writes nowhere. A partial mock that keeps the real module (its factory calls
 * `importOriginal`, `vi.importActual` or `jest.requireActual`) may still make real clients, so it
 * does not count.
 */

/** The cheap test on the text before the tree is walked: most files mock nothing. */
const MOCK_CALL_TEXT = /\b(?:vi|jest)\s*\.\s*(?:mock|doMock|unstable_mockModule)\s*\(|\bmock\s*\.\s*module\s*\(/;
const MOCKING_METHODS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['vi', new Set(['mock', 'doMock'])],
  ['jest', new Set(['mock', 'doMock', 'unstable_mockModule'])],
  ['mock', new Set(['module'])],
]);
const KEEPS_ORIGINAL = /\b(?:importOriginal|importActual|requireActual)\b/;

const mockedByTree = new WeakMap<TSESTree.Program, ReadonlySet<string>>();

/** The module specifiers the file mocks whole, as written (`'ioredis'`, `'./lib/redis'`). */
export function getMockedModules(sourceCode: Readonly<SourceCode>): ReadonlySet<string> {
  let mocked = mockedByTree.get(sourceCode.ast);
  if (!mocked) {
    mocked = findMockedModules(sourceCode);
    mockedByTree.set(sourceCode.ast, mocked);
  }
  return mocked;
}

function findMockedModules(sourceCode: Readonly<SourceCode>): ReadonlySet<string> {
  const mocked = new Set<string>();
  if (!MOCK_CALL_TEXT.test(sourceCode.text)) return mocked;
  forEachDescendant(sourceCode.ast, sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
    const { object } = node.callee;
    const method = getPropertyName(node.callee);
    if (object.type !== AST_NODE_TYPES.Identifier || method === undefined || !MOCKING_METHODS.get(object.name)?.has(method)) return;
    const [specifier, factory] = node.arguments;
    if (specifier?.type !== AST_NODE_TYPES.Literal || typeof specifier.value !== 'string') return;
    if (factory && KEEPS_ORIGINAL.test(sourceCode.getText(factory))) return;
    mocked.add(specifier.value);
  });
  return mocked;
}
