import { RuleTester } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The folder typed tests lint in: its tsconfig resolves the real client packages from the project's node_modules. */
export const typedFixtureDir = path.join(__dirname, 'fixtures', 'typed');

/**
 * A project under `fixtures/<name>/src` whose files import each other: `read(file)` gives a file's
 * text, `lint(file)` a case that lints it at its path (the rules read the modules it imports), with
 * `code` in place of its text when given.
 */
export function fixtureProject(name: string) {
  const src = path.join(__dirname, '..', 'fixtures', name, 'src');
  const read = (file: string) => readFileSync(path.join(src, file), 'utf8');
  return { read, lint: (file: string, code = read(file)) => ({ filename: path.join(src, file), code }) };
}

/** Untyped: TypeScript parser, ES modules. Cases set `filename: 'file.js'` and `sourceType: 'commonjs'` for CommonJS. */
export function createRuleTester(): RuleTester {
  return new RuleTester();
}

/** Typed: the project service over `test/fixtures/typed`, so the real `.d.ts` of ioredis, redis, … are seen. */
export function createTypedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: typedFixtureDir,
      },
    },
  });
}

/**
 * Spread into a case to lint it as CommonJS JavaScript the way ESLint's defaults parse
 * a `.cjs` file: espree with `sourceType: 'commonjs'` (the TypeScript parser has no such mode).
 */
export const commonjs = {
  filename: 'file.js',
  languageOptions: { parser: espree, parserOptions: { sourceType: 'commonjs' } },
} as const;
