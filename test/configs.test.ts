import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src';

const ruleEntries = Object.entries(plugin.rules);
const prefixed = (name: string) => `redis-leaks/${name}`;

describe('configs', () => {
  it.each(['recommended', 'strict', 'all'] as const)('%s registers the plugin under redis-leaks', (name) => {
    expect(plugin.configs[name].plugins).toEqual({ 'redis-leaks': plugin });
    expect(plugin.configs[name].name).toBe(`redis-leaks/${name}`);
  });

  it('recommended enables each rule at the severity its meta recommends', () => {
    const expected = Object.fromEntries(
      ruleEntries.flatMap(([name, rule]) => (rule.meta.docs!.recommended ? [[prefixed(name), rule.meta.docs!.recommended]] : [])),
    );
    expect(plugin.configs.recommended.rules).toEqual(expected);
  });

  it('strict raises every recommended rule to an error', () => {
    const expected = Object.fromEntries(ruleEntries.flatMap(([name, rule]) => (rule.meta.docs!.recommended ? [[prefixed(name), 'error']] : [])));
    expect(plugin.configs.strict.rules).toEqual(expected);
  });

  it('all enables every rule as an error', () => {
    expect(plugin.configs.all.rules).toEqual(Object.fromEntries(ruleEntries.map(([name]) => [prefixed(name), 'error'])));
  });

  it('works in a real ESLint run with no other configuration', async () => {
    const eslint = new ESLint({
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, plugin.configs.recommended as never],
    });
    const [result] = await eslint.lintText(
      `import { Redis } from 'ioredis';
export async function readOnce(url: string) {
  const client = new Redis(url);
  return client.get('k');
}
`,
      { filePath: 'leak.ts' },
    );
    expect(result!.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['redis-leaks/no-unclosed-client', 3, 18]]);
  });

  describe('option schemas reject what would fail at lint time', () => {
    const verify = (ignore: string[]) =>
      new Linter({ configType: 'flat' }).verify('const m = new Map();\nexport const f = (k: string) => m.set(k, k);\n', [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
        { plugins: { 'redis-leaks': plugin as never }, rules: { 'redis-leaks/no-unbounded-cache': ['warn', { ignore }] } },
      ], 'f.ts');

    it.each([['/(/'], ['/a/z']])('no-unbounded-cache ignore %s', (entry) => {
      expect(() => verify([entry])).toThrow(new RegExp(`Key "redis-leaks/no-unbounded-cache":\\s+Value "${entry.replace(/[()/]/g, '\\$&')}" should match (format "regex"|pattern)`));
    });

    it('no-unbounded-cache ignore takes names and /pattern/flags', () => {
      expect(() => verify(['m', '#shardByTenant', '/^m$/i', 'a/b'])).not.toThrow();
    });

    const verifyTtlName = (ttlName: string) =>
      new Linter({ configType: 'flat' }).verify("import Redis from 'ioredis';\nconst redis = new Redis();\nexport const f = (k: string) => redis.set(`s:${k}`, k);\n", [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
        { plugins: { 'redis-leaks': plugin as never }, rules: { 'redis-leaks/require-expiry': ['warn', { ttlName }] } },
      ], 'f.ts');

    it('require-expiry ttlName: not an identifier, or a reserved word, with a message that says what to do', () => {
      expect(() => verifyTtlName('1abc')).toThrow(/Key "redis-leaks\/require-expiry":\s+Value "1abc" should match pattern/);
      expect(() => verifyTtlName('class')).toThrow('redis-leaks/require-expiry: the `ttlName` option class is a reserved word in JavaScript; choose a constant name such as SESSION_TTL.');
      expect(verifyTtlName('SESSION_TTL').map((message) => message.ruleId)).toEqual(['redis-leaks/require-expiry']);
    });
  });
});
