import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * The layer rules of docs/architecture.md, checked on every import, re-export, `require` and
 * `import()` under src/. The build alone does not keep them: tsc compiles whatever a relative
 * import reaches, so a command file that imported the plugin's sources would still build.
 */

const SRC = path.join(__dirname, '..', 'src');
const PLUGIN_PACKAGE = 'eslint-plugin-redis-leaks';

/** What each layer may import of ours, besides itself; `plugin` is the plugin through its package name. */
const ALLOWED: Record<string, readonly string[]> = {
  redis: [],
  util: [],
  analysis: ['redis', 'util'],
  fixes: ['analysis', 'redis'],
  rules: ['analysis', 'fixes', 'redis', 'util'],
  'configs.ts': ['util'],
  'index.ts': ['configs.ts', 'rules'],
  'internal.ts': ['analysis', 'fixes', 'redis', 'util', 'configs.ts'],
  project: ['plugin'],
  codemods: ['plugin', 'project'],
  audit: ['plugin', 'project'],
  cli: ['plugin', 'project', 'codemods', 'audit'],
};

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? listSources(file) : /\.ts$/.test(entry.name) ? [file] : [];
  });
}

/** The layer of a file under src/: its top folder, or the entry file's own name. */
function layerOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0]!;
}

/** Every module specifier the text names, with its line. */
function listSpecifiers(file: string, text = readFileSync(file, 'utf8')): { specifier: string; line: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { specifier: string; line: number }[] = [];
  const add = (literal: ts.StringLiteralLike) => found.push({ specifier: literal.text, line: source.getLineAndCharacterOfPosition(literal.getStart()).line + 1 });
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      // `require(…)`, `require.resolve(…)`, `import(…)`
      const isRequire = ts.isIdentifier(callee) ? callee.text === 'require' : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require';
      if (isRequire || callee.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The layer a specifier reaches: a layer of ours, `plugin`, or undefined for a package or a package.json. */
function targetOf(file: string, specifier: string): string | undefined {
  if (specifier === PLUGIN_PACKAGE || specifier.startsWith(`${PLUGIN_PACKAGE}/`)) return 'plugin';
  if (!specifier.startsWith('.') || specifier.endsWith('package.json')) return undefined;
  const target = path.resolve(path.dirname(file), specifier);
  const relative = path.relative(SRC, target);
  if (relative.startsWith('..')) return `outside src (${relative})`;
  const [top] = relative.split(path.sep);
  // `../redis` is the folder (its index.ts); `./configs` the entry file.
  if (relative.includes(path.sep) || statSync(target, { throwIfNoEntry: false })?.isDirectory()) return top;
  return `${top!.replace(/\.[cm]?[jt]s$/, '')}.ts`;
}

/** The imports of `file` (its text given, or read) that its layer may not make. */
function findViolations(file: string, text?: string): string[] {
  const from = layerOf(file);
  return listSpecifiers(file, text).flatMap(({ specifier, line }) => {
    const to = targetOf(file, specifier);
    if (to === undefined || to === from || ALLOWED[from]!.includes(to)) return [];
    return [`${path.relative(SRC, file)}:${line} (${from}) imports '${specifier}' (${to})`];
  });
}

describe('the layers of docs/architecture.md', () => {
  const files = listSources(SRC);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(new Set(files.map(layerOf))).toEqual(new Set(Object.keys(ALLOWED)));
  });

  it('each layer imports only what the table allows, and the command reaches the plugin only by its package name', () => {
    expect(files.flatMap((file) => findViolations(file))).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const command = path.join(SRC, 'cli', 'fix.ts');
    expect(findViolations(command, "import { x } from '../analysis';\nconst y = require('../rules/no-unclosed-client');\nimport z = require('../redis');\nrequire.resolve('../fixes/outcome');\n")).toEqual([
      "cli/fix.ts:1 (cli) imports '../analysis' (analysis)",
      "cli/fix.ts:2 (cli) imports '../rules/no-unclosed-client' (rules)",
      "cli/fix.ts:3 (cli) imports '../redis' (redis)",
      "cli/fix.ts:4 (cli) imports '../fixes/outcome' (fixes)",
    ]);
    expect(findViolations(command, "import plugin from 'eslint-plugin-redis-leaks';\nimport { mayUseClient } from 'eslint-plugin-redis-leaks/internal';\nimport { EXIT } from './exit-codes';\n")).toEqual([]);
    // The plugin never imports itself by its package name, nor the command.
    expect(findViolations(path.join(SRC, 'analysis', 'x.ts'), "import plugin from 'eslint-plugin-redis-leaks';\nimport { EXIT } from '../cli/exit-codes';\n")).toEqual([
      "analysis/x.ts:1 (analysis) imports 'eslint-plugin-redis-leaks' (plugin)",
      "analysis/x.ts:2 (analysis) imports '../cli/exit-codes' (cli)",
    ]);
  });
});
