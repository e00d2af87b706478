import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import { CACHE, CLEAN, LEAK } from '../samples';


let project: string;

beforeEach(() => {
  project = mkdtempSync(path.join(tmpdir(), 'redis-leaks-check-'));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), text);
}

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, { cwd: project, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { exitCode, stdout, stderr };
}

describe('redis-leaks check', () => {
  it('exits 1 and prints the finding when a file leaks', async () => {
    write('src/leak.ts', LEAK);
    const { exitCode, stdout } = await run('check');
    expect(exitCode).toBe(1);
    expect(stdout).toContain('leak.ts');
    expect(stdout).toMatch(/3:18\s+error .* redis-leaks\/no-unclosed-client/);
  });

  it('exits 0 on clean code', async () => {
    write('src/clean.ts', CLEAN);
    expect((await run('check')).exitCode).toBe(0);
  });

  it('reports warnings without failing, unless --max-warnings is exceeded or the preset is strict', async () => {
    write('src/cache.ts', CACHE);
    const recommended = await run('check');
    expect(recommended.exitCode).toBe(0);
    expect(recommended.stdout).toContain('redis-leaks/no-unbounded-cache');
    expect((await run('check', '--max-warnings', '0')).exitCode).toBe(1);
    expect((await run('check', '--preset', 'strict')).exitCode).toBe(1);
    // `--config <preset>` named the preset before `--preset` existed.
    expect((await run('check', '--config', 'strict')).exitCode).toBe(1);
  });

  it('skips node_modules, build output, declaration files and what .gitignore lists', async () => {
    write('node_modules/lib/index.ts', LEAK);
    write('dist/leak.js', LEAK.replace(': string', ''));
    write('src/types.d.ts', LEAK);
    write('generated/leak.ts', LEAK);
    write('.gitignore', 'generated/\n');
    write('src/clean.ts', CLEAN);
    const { exitCode, stdout, stderr } = await run('check');
    expect(stdout).toBe('');
    expect(stderr).toContain('1 file linted');
    expect(exitCode).toBe(0);
  });

  it('lints exactly the staged files it is given, ignoring files no config matches', async () => {
    write('src/leak.ts', LEAK);
    write('src/other.ts', LEAK);
    write('README.md', '# readme\n');
    const { exitCode, stdout } = await run('check', 'src/leak.ts', 'README.md');
    expect(exitCode).toBe(1);
    expect(stdout).toContain('leak.ts');
    expect(stdout).not.toContain('other.ts');
  });

  it('prints JSON results with --format json', async () => {
    write('src/leak.ts', LEAK);
    const { stdout } = await run('check', '--format', 'json');
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    expect(results.map((result) => [path.basename(result.filePath), result.messages.map((m) => [m.ruleId, m.line])])).toEqual([
      ['leak.ts', [['redis-leaks/no-unclosed-client', 3]]],
    ]);
  });

  it('prints SARIF 2.1.0 with --format sarif', async () => {
    write('src/leak.ts', LEAK);
    const { stdout } = await run('check', '--format', 'sarif');
    const sarif = JSON.parse(stdout) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((result) => result.ruleId)).toEqual(['redis-leaks/no-unclosed-client']);
  });

  it('names a file that does not parse and fails', async () => {
    write('src/broken.ts', 'export const = ;\n');
    const { exitCode, stdout } = await run('check');
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/broken\.ts[\s\S]*Parsing error/);
  });

  it('exits 2 on a path that does not exist, naming it (a typo must not pass as clean)', async () => {
    write('src/clean.ts', CLEAN);
    const { exitCode, stderr } = await run('check', 'scr');
    expect(exitCode).toBe(2);
    expect(stderr).toContain('no such file or folder: scr');
  });

  it('exits 2 on a bad option, with a hint', async () => {
    const { exitCode, stderr } = await run('check', '--preset', 'loose');
    expect(exitCode).toBe(2);
    expect(stderr).toContain('Allowed choices are recommended, strict, all');
    write('src/clean.ts', CLEAN);
    const missingConfig = await run('check', '--config', 'loose.config.js');
    expect(missingConfig.exitCode).toBe(2);
    expect(missingConfig.stderr).toContain('--config loose.config.js: no such file; give the path of your ESLint config file, or pass --no-config');
    const throughFile = await run('check', '--config', 'src/clean.ts/eslint.config.js');
    expect(throughFile.exitCode).toBe(2);
    expect(throughFile.stderr).toContain('--config src/clean.ts/eslint.config.js: no such file');
    const folder = await run('check', '--config', 'src');
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toContain(`--config src: is a folder; give the config file itself (for example ${path.join('src', 'eslint.config.js')})`);
  });

  it('exits 2 when --typed finds no tsconfig.json', async () => {
    write('src/leak.ts', LEAK);
    const { exitCode, stderr } = await run('check', '--typed');
    expect(exitCode).toBe(2);
    expect(stderr).toContain('--typed needs a tsconfig.json');
  });

  it('with --typed, recognises a client imported from the project’s own module', async () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', skipLibCheck: true }, include: ['src'] }));
    write('src/redis.ts', "import { Redis } from 'ioredis';\nexport const redis = new Redis();\n");
    // Through a namespace import, which the untyped reading of modules does not follow.
    write('src/relayer.ts', "import * as store from './redis';\nexport const record = (id: string) => store.redis.sadd(`epoch:${id}`, 'tx');\n");
    // The test folder sits outside this repository: link the real client packages in for their types.
    symlinkSync(path.join(__dirname, '..', '..', 'node_modules'), path.join(project, 'node_modules'), 'dir');
    const untyped = await run('check');
    expect(untyped.exitCode).toBe(0);
    // A script outside the tsconfig's `include` is linted without types, not rejected.
    write('scripts/seed.ts', 'export const x = 1;\n');
    const typed = await run('check', '--typed');
    expect(typed.stdout).toContain('redis-leaks/require-expiry');
    expect(typed.stdout).not.toContain('Parsing error');
    expect(typed.exitCode).toBe(1);
  });

  it('answers --version and --help with exit 0', async () => {
    expect((await run('--version')).stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = await run('check', '--help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--format <format>');
  });
});
