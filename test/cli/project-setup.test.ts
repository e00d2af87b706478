import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import { CACHE, LEAK } from '../samples';

// What `check` and `fix` take from the user's own ESLint setup, and what they say about it
// (the numbered problems of the "check and fix honour the user's ESLint setup" issue).

const ROOT = path.resolve(__dirname, '../..');

const FLAGS = `import { Redis } from 'ioredis';
const redis = new Redis();
export async function setFlag(name: string) {
  await redis.set(\`feature-flag:\${name}\`, '1');
}
export async function saveSession(id: string, data: string) {
  await redis.set(\`sess:\${id}\`, data);
}
`;
/** A read-through cache: what bound-cache rewrites. */
const READ_THROUGH = `const values = new Map<string, string>();
export async function lookup(id: string, load: (id: string) => Promise<string>): Promise<string> {
  const known = values.get(id);
  if (known !== undefined) return known;
  const value = await load(id);
  values.set(id, value);
  return value;
}
`;

let project: string;
beforeEach(() => {
  project = mkdtempSync(path.join(tmpdir(), 'redis-leaks-setup-'));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), text);
}
const read = (file: string) => readFileSync(path.join(project, file), 'utf8');

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, { cwd: project, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { exitCode, stdout, stderr };
}

/** A project whose eslint.config.mjs uses the plugin (and typescript-eslint) from this repository's node_modules. */
function writeEslintConfig(rules: string, extra = ''): void {
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  write(
    'eslint.config.mjs',
    `import redisLeaks from 'eslint-plugin-redis-leaks';
import tseslint from 'typescript-eslint';
export default [
  { ignores: ['generated/**'] },
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  { plugins: { 'redis-leaks': redisLeaks }, rules: { ${rules} } },
  ${extra}
];
`,
  );
}

describe('the project’s ESLint config', () => {
  it('check and fix take the redis-leaks rule options from it: a key it declares permanent is neither reported nor given a TTL', async () => {
    writeEslintConfig(`'redis-leaks/require-expiry': ['error', { ttlSeconds: 3600, ignoreKeys: ['^feature-flag:'] }]`);
    write('src/flags.ts', FLAGS);

    const check = await run('check');
    expect(check.stdout).not.toContain('feature-flag');
    expect(check.stdout).toMatch(/7:9\s+error .*redis-leaks\/require-expiry/);
    expect(check.stdout.match(/redis-leaks\//g)).toHaveLength(1);
    expect(check.stderr).toContain('2 files linted with eslint.config.mjs'); // src/flags.ts and the config itself

    const fix = await run('fix', '--force');
    expect(fix.stdout).toContain('rule settings: eslint.config.mjs');
    // The config turns on require-expiry alone, which add-expiry covers.
    expect(fix.stdout).not.toContain('not looked at');
    expect(read('src/flags.ts')).toContain("redis.set(`feature-flag:${name}`, '1');");
    // The TTL comes from the config's ttlSeconds, as --ttl was not given.
    expect(read('src/flags.ts')).toContain("redis.set(`sess:${id}`, data, 'EX', 3600);");
  });

  it('a rule the config turns off is neither reported nor fixed, and its ignores hold', async () => {
    writeEslintConfig(`'redis-leaks/no-unclosed-client': 'off', 'redis-leaks/require-expiry': 'error'`);
    write('src/leak.ts', LEAK);
    write('generated/leak.ts', LEAK);
    expect((await run('check')).exitCode).toBe(0);
    await run('fix', '--force');
    expect(read('src/leak.ts')).toBe(LEAK);
    expect(read('generated/leak.ts')).toBe(LEAK);
    // --no-config goes back to the preset.
    const preset = await run('check', '--no-config');
    expect(preset.exitCode).toBe(1);
    expect(preset.stderr).toContain('the built-in recommended preset (--no-config)');
    // A --preset the config overrides is not dropped without a word.
    const overridden = await run('check', '--preset', 'strict');
    expect(overridden.exitCode).toBe(0);
    expect(overridden.stderr).toContain('--preset strict is not used: your ESLint config sets the redis-leaks rules (pass --no-config to lint with the preset alone)');
    expect((await run('check')).stderr).not.toContain('is not used');
  });

  it('a --preset used for the files no config answers for is not called unused', async () => {
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    write('a/eslint.config.mjs', `import redisLeaks from 'eslint-plugin-redis-leaks';\nimport tseslint from 'typescript-eslint';\nexport default [\n  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },\n  { plugins: { 'redis-leaks': redisLeaks }, rules: { 'redis-leaks/require-expiry': 'error' } },\n];\n`);
    write('a/src/leak.ts', LEAK);
    write('b/src/leak.ts', LEAK);
    const { exitCode, stdout, stderr } = await run('check', '--preset', 'strict', 'a/src', 'b/src');
    // b's leak comes from the preset; a's config turns no-unclosed-client off by leaving it out.
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/b\/src\/leak\.ts\n\s+3:18\s+error .*redis-leaks\/no-unclosed-client/);
    expect(stdout).not.toMatch(/a\/src\/leak\.ts/);
    expect(stderr).not.toContain('is not used');
  });

  it('a config that sets no redis-leaks rule keeps the preset, and says so', async () => {
    writeEslintConfig('');
    write('src/leak.ts', LEAK);
    const { exitCode, stderr } = await run('check');
    expect(exitCode).toBe(1);
    expect(stderr).toContain('the built-in recommended preset, with the ignores of eslint.config.mjs (it sets no redis-leaks rule)');
  });

  it('a config that does not load is a usage error that names it', async () => {
    write('eslint.config.mjs', 'export default [;\n');
    write('src/leak.ts', LEAK);
    const { exitCode, stderr } = await run('check');
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/could not load the ESLint config .* \(pass --no-config to use the built-in preset\)/);
  });
});

describe('type information', () => {
  it('fix follows a config that sets projectService: a write on a client from the project’s own module is fixed in that client’s form', async () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', skipLibCheck: true }, include: ['src'] }));
    write('src/redis.ts', "import { Redis } from 'ioredis';\nexport const redis = new Redis();\n");
    write(
      'src/relayer.ts',
      "import { redis } from './redis.js';\nexport async function record(id: string) {\n  await redis.sadd(`epoch:${id}`, 'tx');\n}\nexport const tag = (id: string) => redis.sadd(`tag:${id}`, 'x');\n",
    );
    writeEslintConfig(
      `'redis-leaks/require-expiry': 'error'`,
      `{ files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },`,
    );
    const check = await run('check');
    expect(check.stdout).toMatch(/3:\d+\s+error .*redis-leaks\/require-expiry/);
    const fix = await run('fix', '--force');
    expect(read('src/relayer.ts')).toContain("  await redis.sadd(`epoch:${id}`, 'tx');\n  await redis.expire(`epoch:${id}`, 86400, 'NX');\n");
    // The arrow's body is one expression: no statement can follow the write. Named by its line in the file as written (one line more above it).
    expect(fix.stdout).toMatch(/src\/relayer\.ts:6 \(add-expiry\): the write is part of a larger expression/);
    expect(fix.exitCode).toBe(1);
  });

  it('fix without type information follows the import to the project’s module too', async () => {
    write('src/redis.ts', "import { Redis } from 'ioredis';\nexport const redis = new Redis();\n");
    write('src/relayer.ts', "import { redis } from './redis';\nexport async function record(id: string) {\n  await redis.set(`epoch:${id}`, 'tx');\n}\n");
    const fix = await run('fix', '--force', '--no-config');
    expect(read('src/relayer.ts')).toContain("await redis.set(`epoch:${id}`, 'tx', 'EX', 86400);");
    expect(fix.exitCode).toBe(0);
  });
});

describe('check reports only this plugin', () => {
  it('directives for other plugins’ rules, eslint-env comments and CommonJS returns are not findings', async () => {
    write(
      'src/other.ts',
      `/* eslint-env node */
// eslint-disable-next-line some-other-plugin/some-rule
export const value = 1;
`,
    );
    write('src/script.js', "const redis = require('./redis');\nif (!redis) return;\nmodule.exports = redis;\n");
    const { exitCode, stdout } = await run('check');
    expect(stdout).toBe('');
    expect(exitCode).toBe(0);
  });

  it('eslint-disable comments for its own rules still work', async () => {
    write('src/leak.ts', LEAK.replace('  const client', '  // eslint-disable-next-line redis-leaks/no-unclosed-client\n  const client'));
    expect((await run('check')).exitCode).toBe(0);
  });
});

describe('paths', () => {
  it('a project inside a folder named tests is not taken for test files', async () => {
    const nested = path.join(project, 'tests', 'app');
    mkdirSync(path.join(nested, 'src'), { recursive: true });
    writeFileSync(path.join(nested, 'src', 'flags.ts'), FLAGS);
    let stdout = '';
    const exitCode = await main(['check'], { cwd: nested, stdout: (text) => (stdout += text), stderr: () => {} });
    expect(exitCode).toBe(1);
    expect(stdout.match(/redis-leaks\/require-expiry/g)).toHaveLength(2);
  });

  it('a folder with nothing to lint is a usage error naming it', async () => {
    mkdirSync(path.join(project, 'empty'));
    const { exitCode, stderr } = await run('check', 'empty');
    expect(exitCode).toBe(2);
    expect(stderr).toContain('no JavaScript or TypeScript file to lint under empty');
  });

  it('a folder outside the working folder is linted, as fix sees it', async () => {
    write('outside/leak.ts', LEAK);
    mkdirSync(path.join(project, 'app'));
    const check = await main(['check', '../outside'], { cwd: path.join(project, 'app'), stdout: () => {}, stderr: () => {} });
    expect(check).toBe(1);
  });
});

describe('fix output', () => {
  it('--print names each file and --dry writes a diff that git apply takes; the summary goes to stderr', async () => {
    write('src/leak.ts', LEAK);
    write('src/other.ts', LEAK.replace('readOnce', 'readTwice'));
    const printed = await run('fix', '--print');
    expect(printed.stdout).toMatch(/^==> src\/leak\.ts <==\nimport/m);
    expect(printed.stdout).toMatch(/^==> src\/other\.ts <==\nimport/m);
    expect(printed.stdout).not.toContain('redis-leaks fix');
    expect(printed.stderr).toContain('redis-leaks fix --print (nothing written): 2 files scanned, 2 would change');
    expect(printed.stderr).toContain('findings it would fix: close-client 2');
    expect(read('src/leak.ts')).toBe(LEAK);
    // One of the two: a diff or the files.
    const both = await run('fix', '--dry', '--print');
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain("option '--dry' cannot be used with option '--print'");

    const dry = await run('fix', '--dry');
    expect(dry.stdout).toContain('--- a/src/leak.ts\n+++ b/src/leak.ts');
    write('change.diff', dry.stdout);
    execFileSync('git', ['init', '-q', '.'], { cwd: project });
    execFileSync('git', ['apply', 'change.diff'], { cwd: project });
    expect(read('src/leak.ts')).toContain('finally');
  });

  it('the built command stops quietly when its reader closes the pipe', () => {
    for (let index = 0; index < 40; index += 1) write(`src/leak${index}.ts`, LEAK);
    const cli = path.join(ROOT, 'packages/redis-leaks/dist/cli/bin.js');
    const output = execFileSync('bash', ['-c', `node ${JSON.stringify(cli)} fix --print src | head -n 1; echo "status \${PIPESTATUS[0]}"`], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toMatch(/^==> src\/leak0\.ts <==\nstatus 0\n$/);
  });

  it('a bad --ttl-name or an absurd --ttl is a usage error before any file is read', async () => {
    write('src/leak.ts', LEAK);
    for (const args of [['--ttl-name', 'class'], ['--ttl-name', '1abc'], ['--ttl', '99999999999999999999']]) {
      const { exitCode, stderr } = await run('fix', ...args);
      expect(exitCode, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/reserved word|identifier|at most/);
    }
  });

  it('the dirty-tree refusal names the changed files under the given paths, and only those', async () => {
    execFileSync('git', ['init', '-q', '.'], { cwd: project });
    write('src/leak.ts', LEAK);
    write('notes/todo.txt', 'later\n');
    const outside = await run('fix', 'src');
    expect(outside.exitCode).toBe(1);
    expect(outside.stderr).toContain('src/leak.ts');
    expect(outside.stderr).not.toContain('notes/todo.txt');
    execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'add', 'src'], { cwd: project });
    execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-qm', 'src'], { cwd: project });
    // An untracked file elsewhere does not block a fix of src/.
    expect((await run('fix', 'src')).exitCode).toBe(0);
  });

  it('check --max-warnings says why it failed', async () => {
    write('src/cache.ts', CACHE);
    const { exitCode, stderr } = await run('check', '--max-warnings', '0');
    expect(exitCode).toBe(1);
    expect(stderr).toContain('1 warning, more than --max-warnings 0 allows');
  });

  it('the type gate checks each file against its nearest tsconfig.json, from the root of a monorepo', async () => {
    write('packages/api/tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true }, include: ['src'] }));
    write('packages/api/src/cache.ts', READ_THROUGH);
    write('packages/api/package.json', JSON.stringify({ name: 'api', dependencies: {} }));
    const { stdout } = await run('fix', '--transform', 'bound-cache', '--json');
    const report = JSON.parse(stdout) as { failed: { file: string; reason: string }[]; typecheck: { checked: { tsconfig: string }[] }; missingDependencies: { name: string; manifests: string[] }[] };
    expect(report.typecheck.checked).toEqual([{ file: 'packages/api/src/cache.ts', tsconfig: 'packages/api/tsconfig.json' }]);
    expect(report.failed[0]?.reason).toMatch(/line \d+: TS2307 Cannot find module 'lru-cache'/);
    expect(report.missingDependencies).toEqual([{ name: 'lru-cache', manifests: ['packages/api/package.json'] }]);
  });
});

describe('pre-commit hook', () => {
  it('runs once over all staged files, so --max-warnings counts them all', () => {
    const hooks = readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    expect(hooks).toMatch(/^\s+require_serial: true$/m);
  });
});
