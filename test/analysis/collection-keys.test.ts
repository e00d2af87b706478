import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import type { KeyOrigin } from '../../src/analysis/collection-keys';
import { getKeyDomain, getKeyOrigin, isConstantKey, isRuntimeKey } from '../../src/analysis/collection-keys';

/** Runs `probe` on the first argument of `cache.set(…)` in `code`, or on the key type of `const cache: Map<K, V>`. */
function inspect<T>(code: string, probe: (context: Readonly<TSESLint.RuleContext<string, []>>, node: TSESTree.Node) => T): T {
  let result: T | undefined;
  const rule: TSESLint.RuleModule<string> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: {}, schema: [] },
    create: (context) => ({
      'CallExpression[callee.object.name="cache"][callee.property.name="set"]'(node: TSESTree.CallExpression) {
        result = probe(context, node.arguments[0]!);
      },
      'VariableDeclarator[id.name="cache"] > Identifier > TSTypeAnnotation > TSTypeReference'(node: TSESTree.TSTypeReference) {
        result = probe(context, node.typeArguments!.params[0]!);
      },
    }),
  };
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { test: { rules: { probe: rule as never } } }, rules: { 'test/probe': 'error' } }],
    'file.ts',
  );
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  return result!;
}

const origin = (code: string): KeyOrigin => inspect(code, (context, node) => getKeyOrigin(context.sourceCode, node));
const domain = (code: string) => inspect(code, (context, node) => getKeyDomain(context.sourceCode, node as TSESTree.TypeNode));

describe('getKeyOrigin', () => {
  it.each([
    ['a parameter', 'declare const cache: Map<string, number>;\nexport function f(key: string) { cache.set(key, 1); }', 'key'],
    ['a member of a parameter', 'declare const cache: Map<string, number>;\nexport function f(tx: { hash: string }) { cache.set(tx.hash, 1); }', 'tx'],
    ['a template of parameters', 'declare const cache: Map<string, number>;\nexport function f(a: string, b: number) { cache.set(`${a}:${b}`, 1); }', 'a'],
    ['a local computed from a parameter', 'declare const cache: Map<string, number>;\nexport function f(url: string) { const key = url.toLowerCase(); cache.set(key, 1); }', 'url'],
    ['a loop over a parameter', 'declare const cache: Map<string, number>;\nexport function f(ids: string[]) { for (const id of ids) cache.set(id, 1); }', 'ids'],
    ['an array callback over a parameter', 'declare const cache: Map<string, number>;\nexport function f(ids: string[]) { ids.forEach((id) => cache.set(id, 1)); }', 'ids'],
    ['a stream', 'declare const cache: Map<string, number>;\ndeclare const stream: AsyncIterable<string>;\nfor await (const message of stream) cache.set(message, 1);', 'message'],
  ])('%s is input', (_, code, input) => {
    const found = origin(code);
    expect(isRuntimeKey(found)).toBe(true);
    expect(found.input).toBe(input);
  });

  it.each([
    ['`Date.now()`', 'declare const cache: Map<string, number>;\nexport function f(s: string) { cache.set(`${s}:${Date.now()}`, 1); }', '`Date.now()`'],
    ['`randomUUID()`', "import { randomUUID } from 'node:crypto';\ndeclare const cache: Map<string, number>;\nexport function f() { cache.set(randomUUID(), 1); }", '`randomUUID()`'],
    ['a counter', 'declare const cache: Map<number, number>;\nlet next = 0;\nexport function f() { cache.set(next++, 1); }', '`next++`'],
    ['a fresh object', 'declare const cache: Map<object, number>;\nexport function f() { cache.set({}, 1); }', '`a new object`'],
  ])('%s is new every time', (_, code, unique) => {
    const found = origin(code);
    expect(isRuntimeKey(found)).toBe(true);
    expect(`\`${found.unique}\``).toBe(unique);
  });

  it.each([
    ['a literal', "declare const cache: Map<string, number>;\nexport function f() { cache.set('hits', 1); }"],
    ['an enum member', "enum Kind { A = 'a' }\ndeclare const cache: Map<string, number>;\nexport function f() { cache.set(Kind.A, 1); }"],
    ['an import', "import { KEY } from './keys';\ndeclare const cache: Map<string, number>;\nexport function f() { cache.set(KEY, 1); }"],
    ['a module constant', "const KEY = ['a', 'b'].join(':');\ndeclare const cache: Map<string, number>;\nexport function f() { cache.set(KEY, 1); }"],
    ['a loop over a module constant', "const NAMES = ['a', 'b'];\ndeclare const cache: Map<string, number>;\nexport function f() { NAMES.forEach((name) => cache.set(name, 1)); }"],
    ['entries of an import', "import { COUNTERS } from './counters';\ndeclare const cache: Map<string, number>;\nexport function f() { Object.entries(COUNTERS).forEach(([, value]) => cache.set(value, 1)); }"],
  ])('%s is constant', (_, code) => {
    expect(isConstantKey(origin(code))).toBe(true);
  });

  it.each([
    ['a locale', 'declare const cache: Map<string, number>;\nexport function f(locale: string) { cache.set(locale, 1); }'],
    ['a time zone and a language', 'declare const cache: Map<string, number>;\nexport function f(timeZone: string, language: string) { cache.set(`${timeZone}|${language}`, 1); }'],
    ['an editor theme', 'declare const cache: Map<string, number>;\nexport function f(editorTheme: string) { cache.set(editorTheme, 1); }'],
    ['a platform', 'declare const cache: Map<string, number>;\nexport function f(platform: string) { cache.set(platform, 1); }'],
    ['a queue name', 'declare const cache: Map<string, number>;\nexport function f(queueName: string) { cache.set(queueName, 1); }'],
    ['an installed plugin name', 'declare const cache: Map<string, number>;\nexport function f(installedPluginName: string) { cache.set(installedPluginName, 1); }'],
  ])('%s is a small key space, not run-time data', (_, code) => {
    expect(isRuntimeKey(origin(code))).toBe(false);
  });
});

describe('names of things users make', () => {
  it.each([
    ['a document name', 'declare const cache: Map<string, number>;\nexport function f(docName: string) { cache.set(docName, 1); }'],
    ['a tag name', 'declare const cache: Map<string, number>;\nexport function f(tagName: string) { cache.set(tagName, 1); }'],
    ['an event name', 'declare const cache: Map<string, number>;\nexport function f(eventName: string) { cache.set(eventName, 1); }'],
    ['a metric name', 'declare const cache: Map<string, number>;\nexport function f(metricName: string) { cache.set(metricName, 1); }'],
    ['a field name', 'declare const cache: Map<string, number>;\nexport function f(fieldName: string) { cache.set(fieldName, 1); }'],
    ["a registry's package name", 'declare const cache: Map<string, number>;\nexport function f(packageName: string) { cache.set(packageName, 1); }'],
    ["a no-code database's table name", 'declare const cache: Map<string, number>;\nexport function f(tableName: string) { cache.set(tableName, 1); }'],
  ])('%s is run-time data', (_, code) => {
    expect(isRuntimeKey(origin(code))).toBe(true);
  });
});

describe('getKeyDomain', () => {
  it.each([
    ['a literal union', "const cache: Map<'read' | 'write', number> = new Map();"],
    ['an alias of one', "type Access = 'read' | 'write';\nconst cache: Map<Access, number> = new Map();"],
    ['an enum', "enum Kind { A = 'a', B = 'b' }\nconst cache: Map<Kind, number> = new Map();"],
    ['keyof', 'const LIMITS = { a: 1 };\nconst cache: Map<keyof typeof LIMITS, number> = new Map();'],
    ['the values of a constant', "const ROLES = ['a', 'b'] as const;\nconst cache: Map<(typeof ROLES)[number], number> = new Map();"],
    ['boolean', 'const cache: Map<boolean, number> = new Map();'],
    ['an imported enum used as `Kind.Member`', "import { Kind } from './kind';\nconst cache: Map<Kind, number> = new Map();\nexport const first = Kind.A;"],
  ])('%s is finite', (_, code) => {
    expect(domain(code)).toBe('finite');
  });

  it.each([
    ['object', 'const cache: Map<object, number> = new Map();'],
    ['a type literal', 'const cache: Map<{ id: string }, number> = new Map();'],
    ['an interface of the file', 'interface Schema { type: string }\nconst cache: Map<Schema, number> = new Map();'],
    ['an imported schema type', "import type { JsonSchema } from './schema';\nconst cache: Map<JsonSchema, number> = new Map();"],
    ['a constrained type parameter', 'export function f<T extends object>() {\n  const cache: Map<T, number> = new Map();\n  return cache;\n}'],
  ])('%s is objects', (_, code) => {
    expect(domain(code)).toBe('object');
  });

  it.each([
    ['string', 'const cache: Map<string, number> = new Map();'],
    ['an imported id type', "import type { UserId } from './ids';\nconst cache: Map<UserId, number> = new Map();"],
  ])('%s says nothing', (_, code) => {
    expect(domain(code)).toBeUndefined();
  });
});
