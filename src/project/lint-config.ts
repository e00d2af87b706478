import type { Linter } from 'eslint';
import type TypeScript from 'typescript';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PRESETS = ['recommended', 'strict', 'all'] as const;
export type PresetName = (typeof PRESETS)[number];

export const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];
export const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'];

const parsingConfigs = new Map<string, Linter.Config[]>();

/**
 * How the command parses a file (patterns relative to `base`, the linter's base path), whatever the project's own ESLint config says (its parser
 * may be a package the command cannot load in a worker): espree for JavaScript (with JSX),
 * typescript-eslint's parser for TypeScript when `typescript` is installed, and type
 * information from `tsconfigRootDir`'s tsconfig.json for the files it includes. One array
 * per tsconfig folder, built once: ESLint caches on the config objects.
 */
export function parsingConfig(tsconfigRootDir: string | undefined, base: string): Linter.Config[] {
  const key = `${tsconfigRootDir ?? ''}\0${base}`;
  let config = parsingConfigs.get(key);
  if (!config) {
    config = [
      { name: 'redis-leaks/javascript', files: JS_FILES, languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
      ...typescriptConfig(tsconfigRootDir, base),
      // Other tools' disable comments are not ours to judge.
      { name: 'redis-leaks/linter-options', linterOptions: { reportUnusedDisableDirectives: 'off' } },
    ];
    parsingConfigs.set(key, config);
  }
  return config;
}

/**
 * TypeScript parsing, when the project has `typescript` installed (the parser needs it);
 * a JavaScript-only project without it still gets its `.js` files linted.
 */
function typescriptConfig(tsconfigRootDir: string | undefined, base: string): Linter.Config[] {
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
  // others (scripts, excluded tests), and those are still linted, without types. Patterns are
  // relative to the linter's base path.
  const projectFiles = listProjectFiles(tsconfigRootDir)
    .filter((file) => /\.(?:[cm]?ts|tsx)$/.test(file) && !/\.d\.[cm]?ts$/.test(file))
    .map((file) => path.relative(base, file))
    .filter((file) => !file.startsWith('..') && !path.isAbsolute(file))
    .map((file) => escapeGlob(file.split(path.sep).join('/')));
  if (projectFiles.length === 0) return [untyped];
  return [untyped, { name: 'redis-leaks/typescript-typed', files: projectFiles, languageOptions: { parserOptions: { projectService: true, tsconfigRootDir } } }];
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

/** Why `--typed` cannot run from `cwd`. */
export const describeMissingTsconfig = (cwd: string): string => `--typed needs a tsconfig.json in ${cwd}, a folder above it, or beside the files`;

/** Whether `--typed` has a tsconfig.json to read: at or above `cwd`, or beside one of the files. */
export function hasTsconfig(cwd: string, files: Iterable<{ readonly tsconfigRootDir?: string } | undefined>): boolean {
  if (findTsconfigRoot(cwd)) return true;
  for (const file of files) if (file?.tsconfigRootDir) return true;
  return false;
}

/** The folder of the nearest `tsconfig.json` at or above `from`. */
export function findTsconfigRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'tsconfig.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
