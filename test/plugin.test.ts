import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../src';

const root = path.join(__dirname, '..');
const ruleFiles = readdirSync(path.join(root, 'src', 'rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.replace(/\.ts$/, ''));
const pluginDir = path.join(root, 'packages', 'eslint-plugin-redis-leaks');
const readManifest = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: string; dependencies?: Record<string, string> };
const pkg = readManifest(path.join(pluginDir, 'package.json'));

describe('plugin', () => {
  it('names itself after the package, so ESLint caches key on the right version', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version });
  });

  it('shares one version with the command and the workspace, and the command depends on exactly it', () => {
    const command = readManifest(path.join(root, 'packages', 'redis-leaks', 'package.json'));
    const workspace = readManifest(path.join(root, 'package.json'));
    expect([command.version, workspace.version]).toEqual([pkg.version, pkg.version]);
    expect(command.dependencies?.['eslint-plugin-redis-leaks']).toBe(pkg.version);
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
    expect(existsSync(path.join(pluginDir, 'dist', 'index.d.ts'))).toBe(true);
  });
});
