import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = path.join(__dirname, '..', '..');

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; message: string; fatal?: boolean }[];
}

let project: string;
/** The demo's six files, and any a test adds. */
let lintedFiles = 6;

// A project like fixtures/demo, linted by ESLint's own CLI with the built plugin.
beforeAll(() => {
  project = realpathSync(mkdtempSync(path.join(tmpdir(), 'redis-leaks-eslint-options-')));
  symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  mkdirSync(path.join(project, 'src'));
  cpSync(path.join(root, 'fixtures', 'demo', 'src'), path.join(project, 'src'), { recursive: true });
  writeFileSync(
    path.join(project, 'eslint.config.mjs'),
    [
      `import redisLeaks from ${JSON.stringify(pathToFileURL(path.join(root, 'packages', 'eslint-plugin-redis-leaks', 'dist', 'index.js')).href)};`,
      `import tseslint from 'typescript-eslint';`,
      '',
      'export default [',
      `  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },`,
      '  redisLeaks.configs.all,',
      '];',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Runs ESLint's CLI in the project; returns its findings as sorted, comparable strings. */
function eslint(...args: string[]): string[] {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '-f', 'json', ...args, 'src'], {
    cwd: project,
    encoding: 'utf8',
  });
  // 0: no errors, 1: errors found; 2 would be a crash or a config problem.
  expect(result.status, result.stderr).toBeLessThan(2);
  const results = JSON.parse(result.stdout) as LintResult[];
  expect(results).toHaveLength(lintedFiles);
  return results
    .flatMap((file) => file.messages.map((m) => `${path.relative(project, file.filePath)}:${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.message}`))
    .sort();
}

it('finds the same leaks with --concurrency 2 and with --cache, cold and warm', () => {
  const plain = eslint();
  expect(plain.length).toBeGreaterThan(0);
  expect(plain.filter((finding) => finding.includes(' fatal '))).toEqual([]);
  for (const rule of ['no-unclosed-client', 'require-expiry', 'no-unbounded-cache', 'no-timer-per-key', 'require-pool-release']) {
    expect(plain.some((finding) => finding.includes(`redis-leaks/${rule} `))).toBe(true);
  }
  expect(plain.some((finding) => finding.startsWith(`src${path.sep}healthy.ts`))).toBe(false);

  expect(eslint('--concurrency', '2')).toEqual(plain);

  const cacheLocation = path.join(project, 'cache', '.eslintcache');
  mkdirSync(path.dirname(cacheLocation));
  expect(eslint('--cache', '--cache-location', cacheLocation)).toEqual(plain);
  expect(existsSync(cacheLocation)).toBe(true);
  expect(readFileSync(cacheLocation, 'utf8')).toContain('dashboard.ts');
  expect(eslint('--cache', '--cache-location', cacheLocation)).toEqual(plain);
});

it('--cache keeps a file’s findings when only a module it imports changes (as documented); a cache-less run, then --cache again, are right', () => {
  writeFileSync(path.join(project, 'src', 'store.ts'), "import { Redis } from 'ioredis';\nexport const store = new Redis({ lazyConnect: true });\n");
  writeFileSync(
    path.join(project, 'src', 'sessions.ts'),
    "import { store } from './store';\nexport async function save(id: string, data: string) {\n  await store.set(`sess:${id}`, data);\n}\n",
  );
  lintedFiles += 2;
  const cacheLocation = path.join(project, 'cache-modules', '.eslintcache');
  mkdirSync(path.dirname(cacheLocation));
  const sessionFindings = (findings: string[]) => findings.filter((finding) => finding.startsWith(`src${path.sep}sessions.ts`));
  const withCache = () => sessionFindings(eslint('--cache', '--cache-location', cacheLocation));

  expect(sessionFindings(eslint())).toHaveLength(1);
  expect(withCache()).toHaveLength(1);

  // The module no longer holds a client: sessions.ts has nothing left to report.
  writeFileSync(path.join(project, 'src', 'store.ts'), 'export const store = new Map<string, string>();\n');
  expect(sessionFindings(eslint())).toEqual([]);
  // ESLint's cache keys on sessions.ts alone, which did not change: its old finding stays.
  expect(withCache()).toHaveLength(1);
  // Without the cache file, --cache lints again and is right.
  rmSync(cacheLocation);
  expect(withCache()).toEqual([]);
});
