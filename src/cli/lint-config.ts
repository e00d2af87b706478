import { includeIgnoreFile } from '@eslint/compat';
import type { Linter } from 'eslint';
import type TypeScript from 'typescript';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PRESETS = ['recommended', 'strict', 'all'] as const;
export type PresetName = (typeof PRESETS)[number];

/** Output formats of `redis-leaks check`. */
export const FORMATS = ['stylish', 'json', 'sarif'] as const;
export type FormatName = (typeof FORMATS)[number];

/** Never linted: dependencies, build output, declaration files, minified bundles. */
export const ALWAYS_IGNORED = [
  '**/node_modules/',
  '**/dist/',
  '**/build/',
  '**/out/',
  '**/coverage/',
  '**/.next/',
  '**/.nuxt/',
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
  '**/*.min.js',
];

export const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];
export const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'];

export interface LintConfigOptions {
  cwd: string;
  preset: Linter.Config;
  /** The folder of the `tsconfig.json` to type-check with, when linting with types. */
  tsconfigRootDir: string | undefined;
  /** Whether to skip dependencies, build output and what `.gitignore` lists (default true; codemods lint exactly the file they are given). */
  ignores?: boolean;
}

/**
 * The whole ESLint configuration `redis-leaks check` lints with, so a project needs
 * no ESLint config of its own: the chosen preset, TypeScript parsing, the project's
 * `.gitignore`, and nothing from the user's own ESLint config.
 */
export function buildLintConfig({ cwd, preset, tsconfigRootDir, ignores = true }: LintConfigOptions): Linter.Config[] {
  const gitignoreFile = path.join(cwd, '.gitignore');
  return [
    ...(ignores ? [{ name: 'redis-leaks/ignores', ignores: ALWAYS_IGNORED }] : []),
    ...(ignores && existsSync(gitignoreFile) ? [includeIgnoreFile(gitignoreFile)] : []),
    {
      name: 'redis-leaks/javascript',
      files: JS_FILES,
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    ...typescriptConfig(cwd, tsconfigRootDir),
    // Other tools' disable comments are not ours to judge.
    { name: 'redis-leaks/linter-options', linterOptions: { reportUnusedDisableDirectives: 'off' } },
    { ...preset, files: [...JS_FILES, ...TS_FILES] },
  ];
}

/**
 * TypeScript parsing, when the project has `typescript` installed (the parser needs it);
 * a JavaScript-only project without it still gets its `.js` files linted.
 */
function typescriptConfig(cwd: string, tsconfigRootDir: string | undefined): Linter.Config[] {
  let parser: Linter.Parser;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    parser = require('@typescript-eslint/parser') as Linter.Parser;
  } catch {
    return [];
  }
  const untyped: Linter.Config = { name: 'redis-leaks/typescript', files: TS_FILES, languageOptions: { parser } };
  if (!tsconfigRootDir) return [untyped];
  // Type information only for the files the tsconfig includes: the project service rejects the
  // others (scripts, excluded tests), and those are still linted, without types.
  const projectFiles = listProjectFiles(tsconfigRootDir)
    .filter((file) => /\.(?:[cm]?ts|tsx)$/.test(file) && !/\.d\.[cm]?ts$/.test(file))
    .map((file) => path.relative(cwd, file))
    .filter((file) => !file.startsWith('..') && !path.isAbsolute(file))
    .map((file) => escapeGlob(file.split(path.sep).join('/')));
  if (projectFiles.length === 0) return [untyped];
  return [
    untyped,
    { name: 'redis-leaks/typescript-typed', files: projectFiles, languageOptions: { parserOptions: { projectService: true, tsconfigRootDir } } },
  ];
}

/** The files a tsconfig.json includes, as TypeScript itself resolves `include`, `exclude` and `files`. */
function listProjectFiles(tsconfigRootDir: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof TypeScript;
  const configPath = path.join(tsconfigRootDir, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config ?? {}, ts.sys, tsconfigRootDir, undefined, configPath).fileNames.map((file) => path.resolve(file));
}

/** A file path as a glob that matches only itself. */
function escapeGlob(file: string): string {
  return file.replace(/[*?[\]{}()!+@]/g, '\\$&');
}

/** The folder of the nearest `tsconfig.json` at or above `from`. */
export function findTsconfigRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'tsconfig.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
