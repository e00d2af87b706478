// Typed lint cost: parse with projectService only, this plugin's `all` config, and a type-aware anchor rule.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Linter } from 'eslint';
import { ROOT } from './corpus.mjs';
import { prepareConfig } from './lint.mjs';

const require = createRequire(import.meta.url);
const plugin = require('../packages/eslint-plugin-redis-leaks/dist/index.js');
const tsParser = require('@typescript-eslint/parser');
const tseslint = require('typescript-eslint');

const CONFIGS = {
  parse: [],
  ours: [{ plugins: plugin.configs.all.plugins, rules: plugin.configs.all.rules }],
  anchor: [{ plugins: { '@typescript-eslint': tseslint.plugin }, rules: { '@typescript-eslint/no-floating-promises': 'error' } }],
};

/**
 * The TypeScript project: this repository's own `src` and `test` (tsconfig.json includes
 * them; they import ioredis, redis, ESLint and TypeScript, so types resolve through real
 * packages). Fixtures are left out, as tsconfig.json leaves them out.
 */
export function typedProjectFiles() {
  return execFileSync('git', ['ls-files', 'src/*.ts', 'test/*.ts'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file && !file.startsWith('test/fixtures/'))
    .map((file) => path.join(ROOT, file));
}

/**
 * Lints each file of the project with every config, rotating the order per file, all
 * with `parserOptions.projectService`, so each pays the same type-aware parse. The
 * project is loaded once before timing starts (the first file of a warm-up round).
 */
export function benchTypedLint(files, { rounds = 3 } = {}) {
  const linter = new Linter({ configType: 'flat', cwd: ROOT });
  const languageOptions = { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: ROOT } };
  const names = Object.keys(CONFIGS);
  // Built once, as an `eslint` run has them (see prepareConfig in lint.mjs).
  const configsFor = Object.fromEntries(
    names.map((name) => [name, prepareConfig([{ files: ['**/*.ts'], languageOptions, linterOptions: { reportUnusedDisableDirectives: 'off' } }, ...CONFIGS[name].map((c) => ({ ...c, files: ['**/*.ts'] }))], ROOT)]),
  );
  const sources = files.map((file) => readFileSync(file, 'utf8'));
  const totals = Object.fromEntries(names.map((name) => [name, 0n]));
  let findings = 0;
  // Warm-up: open every file once, so no timed call pays for loading the program.
  files.forEach((file, index) => {
    const fatal = linter.verify(sources[index], configsFor.parse, file).find((message) => message.fatal);
    if (fatal) throw new Error(`typed bench: ${file} does not parse: ${fatal.message}`);
  });
  for (let round = 0; round < rounds; round++) {
    files.forEach((file, index) => {
      const offset = (index + round) % names.length;
      for (let k = 0; k < names.length; k++) {
        const name = names[(offset + k) % names.length];
        const start = process.hrtime.bigint();
        const messages = linter.verify(sources[index], configsFor[name], file);
        totals[name] += process.hrtime.bigint() - start;
        if (name === 'ours' && round === 0) findings += messages.filter((message) => message.ruleId?.startsWith('redis-leaks/')).length;
      }
    });
  }
  const ms = (ns) => Number(ns) / 1e6;
  return { files: files.length, rounds, findings, parseMs: ms(totals.parse), oursMs: ms(totals.ours), anchorMs: ms(totals.anchor) };
}
