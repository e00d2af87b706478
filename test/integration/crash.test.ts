import { Linter } from 'eslint';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { expect, it } from 'vitest';
import plugin from '../../src';

const nodeModules = path.join(__dirname, '..', '..', 'node_modules');
/** The client packages' own sources and declarations: thousands of real files that use these APIs every way there is. */
const PACKAGES = ['ioredis', 'iovalkey', 'redis', '@redis', '@upstash/redis', '@valkey', '@keyv/redis', 'bullmq'];
const SOURCE_FILE = /\.(?:[cm]?js|[cm]?ts)$/;

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(full).isDirectory())) return listSources(full);
    return SOURCE_FILE.test(entry.name) ? [full] : [];
  });
}

// Parse failures (a file no parser accepts) are not rule crashes; they are counted
// to keep the corpus honest. A rule that throws makes Linter#verify throw.
it('runs every rule over the client packages’ own files without an exception', () => {
  const files = PACKAGES.flatMap((name) => listSources(path.join(nodeModules, name)));
  expect(files.length).toBeGreaterThan(2000);
  const linter = new Linter({ configType: 'flat' });
  const config = [
    { files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'], languageOptions: { parser: tseslint.parser, sourceType: 'module' as const } },
    { files: ['**/*.cjs', '**/*.js'], languageOptions: { sourceType: 'commonjs' as const } },
    plugin.configs.all as never,
  ];
  let parsed = 0;
  const crashes: string[] = [];
  for (const file of files) {
    try {
      // A path outside node_modules, so ESLint's default ignores do not skip the file.
      const messages = linter.verify(readFileSync(file, 'utf8'), config, path.relative(nodeModules, file).replaceAll('node_modules', 'nested_modules'));
      if (messages.some((message) => message.message.startsWith('No matching configuration'))) throw new Error('not linted');
      if (!messages.some((message) => message.fatal)) parsed += 1;
    } catch (error) {
      crashes.push(`${path.relative(nodeModules, file)}: ${(error as Error).message.split('\n').slice(0, 3).join(' | ')}`);
    }
  }
  expect(crashes).toEqual([]);
  expect(parsed / files.length).toBeGreaterThan(0.95);
}, 600_000);
