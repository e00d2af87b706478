import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../src';

const root = path.join(__dirname, '..');
const ruleFiles = readdirSync(path.join(root, 'src', 'rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.replace(/\.ts$/, ''));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };

describe('plugin', () => {
  it('names itself after the package, so ESLint caches key on the right version', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version });
  });

  it('registers every rule file, in alphabetical order', () => {
    expect(Object.keys(plugin.rules)).toEqual([...ruleFiles].sort());
  });

  describe.each(ruleFiles)('%s', (name) => {
    const rule = plugin.rules[name as keyof typeof plugin.rules];

    it('has a doc page and a test file', () => {
      expect(existsSync(path.join(root, 'docs', 'rules', `${name}.md`))).toBe(true);
      expect(existsSync(path.join(root, 'test', 'rules', `${name}.test.ts`))).toBe(true);
    });

    it('has valid meta', () => {
      expect(['problem', 'suggestion', 'layout']).toContain(rule.meta.type);
      expect(rule.meta.docs!.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
      expect(rule.meta.docs!.description).toMatch(/^[A-Z].*[^.]$/);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    });
  });
});

describe('package entry points (built dist)', () => {
  const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();

  it('require() returns the plugin itself', () => {
    const out = run(['-e', "const p = require('eslint-plugin-redis-leaks'); console.log(Object.keys(p.rules).join(','), Object.keys(p.configs).join(','))"]);
    expect(out).toBe(`${[...ruleFiles].sort().join(',')} recommended,strict,all`);
  });

  it('an ES module default import gets the same plugin', () => {
    const out = run([
      '--input-type=module',
      '-e',
      "import p from 'eslint-plugin-redis-leaks'; console.log(p.meta.name, p.configs.recommended.plugins['redis-leaks'] === p)",
    ]);
    expect(out).toBe(`${pkg.name} true`);
  });

  it('ships type declarations', () => {
    expect(existsSync(path.join(root, 'dist', 'index.d.ts'))).toBe(true);
  });
});
