import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import type { FixReport } from '../../src/cli/fix-report';
import { findTypeRegressions } from '../../src/cli/type-gate';

const LEAK = `import { Redis } from 'ioredis';

export async function readOnce(url: string) {
  const client = new Redis(url);
  return client.get('k');
}
`;
const NO_TTL = `import { Redis } from 'ioredis';

const redis = new Redis();

export async function record(epochId: string) {
  await redis.sadd(\`epoch:\${epochId}\`, 'tx');
}
`;
const CACHE = `const slugs = new Map<string, string>();

export function slugOf(title: string): string {
  const hit = slugs.get(title);
  if (hit !== undefined) return hit;
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  slugs.set(title, slug);
  return slug;
}
`;

let project: string;
beforeEach(() => {
  project = mkdtempSync(path.join(tmpdir(), 'redis-leaks-fix-'));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

function write(file: string, text: string): string {
  const absolute = path.join(project, file);
  mkdirSync(path.dirname(absolute), { recursive: true });
  writeFileSync(absolute, text);
  return absolute;
}
const read = (file: string) => readFileSync(path.join(project, file), 'utf8');

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, { cwd: project, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { exitCode, stdout, stderr };
}

/** The temporary project resolves the real client packages for its type checks. */
function linkNodeModules(): void {
  symlinkSync(path.join(__dirname, '..', '..', 'node_modules'), path.join(project, 'node_modules'), 'dir');
}

describe('redis-leaks fix', () => {
  it('rewrites every fixable finding, then check finds none of them', async () => {
    write('src/leak.ts', LEAK);
    write('src/relayer.ts', NO_TTL);
    const { exitCode, stdout } = await run('fix');
    expect(stdout).toContain('2 changed');
    expect(exitCode).toBe(0);
    expect(read('src/leak.ts')).toContain('finally');
    expect(read('src/relayer.ts')).toContain(".expire(`epoch:${epochId}`, 86400, 'NX')");
    expect((await run('check', '--config', 'all')).exitCode).toBe(0);
  });

  it('--dry prints a unified diff and writes nothing', async () => {
    write('src/leak.ts', LEAK);
    const { exitCode, stdout } = await run('fix', '--dry');
    expect(exitCode).toBe(0);
    expect(stdout).toContain('--- a/src/leak.ts');
    expect(stdout).toMatch(/^\+\s+} finally \{$/m);
    expect(read('src/leak.ts')).toBe(LEAK);
  });

  it('--transform runs only the named transforms; an unknown name is a usage error listing the valid ones', async () => {
    write('src/leak.ts', LEAK);
    write('src/relayer.ts', NO_TTL);
    await run('fix', '--transform', 'add-expiry');
    expect(read('src/leak.ts')).toBe(LEAK);
    expect(read('src/relayer.ts')).not.toBe(NO_TTL);
    const unknown = await run('fix', '--transform', 'close-everything');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('choose from close-client, add-expiry, bound-cache');
  });

  it('--ttl and --no-nx shape the expiry', async () => {
    write('src/relayer.ts', NO_TTL);
    await run('fix', '--ttl', '3600', '--no-nx');
    expect(read('src/relayer.ts')).toContain('.expire(`epoch:${epochId}`, 3600);');
  });

  it('refuses to write in a dirty git work tree unless --force', async () => {
    write('src/leak.ts', LEAK);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: project, stdio: 'ignore' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init');
    const refused = await run('fix');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('these files have uncommitted changes:\n  src/leak.ts\n');
    expect(refused.stderr).toContain('--force');
    expect(read('src/leak.ts')).toBe(LEAK);
    // --json says so in JSON too, for a script to tell a refusal from findings left.
    expect(JSON.parse((await run('fix', '--json')).stdout)).toEqual({ refused: 'uncommitted changes', uncommitted: ['src/leak.ts'] });
    // Only files the run may rewrite are in the way: a note it never touches is not.
    git('add', 'src/leak.ts');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'leak');
    write('src/notes.txt', 'todo\n');
    write('src/new file ü.ts', 'export const x = 1;\n');
    const untracked = await run('fix');
    expect(untracked.stderr).toContain('these files have uncommitted changes:\n  src/new file ü.ts\n');
    rmSync(path.join(project, 'src/new file ü.ts'));
    expect((await run('fix')).exitCode).toBe(0);
    expect(read('src/leak.ts')).not.toBe(LEAK);
    git('checkout', '-q', '--', 'src/leak.ts');
    expect((await run('fix', '--force')).exitCode).toBe(0);
    expect(read('src/leak.ts')).not.toBe(LEAK);
  });

  it('asks each repository the files lie in: a nested repository, a rename, two repositories at once', async () => {
    const commit = (cwd: string) => {
      execFileSync('git', ['init', '-q'], { cwd });
      execFileSync('git', ['add', '-A'], { cwd });
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'init'], { cwd });
    };
    write('one/src/leak.ts', LEAK);
    write('one/lib/inner/leak.ts', LEAK);
    write('two/src/leak.ts', LEAK);
    commit(path.join(project, 'one/lib/inner')); // a repository of its own inside `one`, as a submodule's files are
    commit(path.join(project, 'one'));
    commit(path.join(project, 'two'));
    // The working folder is in no repository; the files are in three.
    write('one/lib/inner/leak.ts', `${LEAK}// edited\n`);
    execFileSync('git', ['mv', 'src/leak.ts', 'src/moved.ts'], { cwd: path.join(project, 'two') });
    const refused = await run('fix', 'one', 'two');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('these files have uncommitted changes:\n  one/lib/inner/leak.ts\n  two/src/moved.ts\nCommit');
    expect(read('one/src/leak.ts')).toBe(LEAK);
    expect((await run('fix', 'one/src')).exitCode).toBe(0);
    expect(read('one/src/leak.ts')).not.toBe(LEAK);
  });

  it('leaves a file that does not parse byte-identical and lists it as failed', async () => {
    const broken = "import { Redis } from 'ioredis';\nexport const = new Redis(;\n";
    write('src/broken.ts', broken);
    const { exitCode, stdout } = await run('fix');
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/failed \(left untouched\):\n\s+src\/broken\.ts: does not parse \(line 2\): Parsing error: [^\n/]+\n/);
    expect(read('src/broken.ts')).toBe(broken);
  });

  it('keeps CRLF line endings, a byte-order mark and the file mode', async () => {
    const file = write('src/leak.ts', `\uFEFF${LEAK.replace(/\n/g, '\r\n')}`);
    chmodSync(file, 0o640);
    await run('fix');
    const text = read('src/leak.ts');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('finally');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('rolls back a rewrite that adds a type error, naming the file and the error', async () => {
    // No lru-cache in this project: importing it is a type error, so the bounded cache is rolled back.
    write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true }, include: ['src'] }));
    write('src/cache.ts', CACHE);
    const { exitCode, stdout } = await run('fix', '--transform', 'bound-cache');
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/src\/cache\.ts: rolled back: the rewrite adds a type error \(line 1: TS2307 Cannot find module 'lru-cache'/);
    expect(stdout).toContain('type check: 1 rewritten file checked against tsconfig.json');
    // Rolled back for want of lru-cache: the hint still says how to get it.
    expect(stdout).toContain('npm install lru-cache');
    expect(read('src/cache.ts')).toBe(CACHE);
    const unchecked = await run('fix', '--transform', 'bound-cache', '--no-typecheck');
    expect(unchecked.exitCode).toBe(0);
    expect(read('src/cache.ts')).toContain('LRUCache');
    expect(unchecked.stdout).toContain('npm install lru-cache');
  });

  it('keeps a rewrite that type-checks against the project’s real packages', async () => {
    linkNodeModules();
    write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true, skipLibCheck: true }, include: ['src'] }));
    write('src/leak.ts', LEAK);
    expect((await run('fix')).exitCode).toBe(0);
    expect(read('src/leak.ts')).toContain('finally');
  });

  it('exits 2 on a path that does not exist, writing nothing', async () => {
    write('src/leak.ts', LEAK);
    const { exitCode, stderr } = await run('fix', 'src', 'scr');
    expect(exitCode).toBe(2);
    expect(stderr).toContain('no such file or folder: scr');
    expect(read('src/leak.ts')).toBe(LEAK);
  });

  it('exits 2 when the paths hold no JavaScript or TypeScript file, or --typed finds no tsconfig.json', async () => {
    write('docs/notes.md', '# notes\n');
    const empty = await run('fix', 'docs');
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toContain('no JavaScript or TypeScript file to fix under docs');
    write('src/leak.ts', LEAK);
    const typed = await run('fix', '--typed', 'src');
    expect(typed.exitCode).toBe(2);
    expect(typed.stderr).toContain('--typed needs a tsconfig.json');
    expect(read('src/leak.ts')).toBe(LEAK);
  });

  it('--json prints the report', async () => {
    write('src/leak.ts', LEAK);
    write('src/other.ts', 'export const x = 1;\n');
    const { stdout } = await run('fix', '--json', '--dry');
    const report = JSON.parse(stdout) as FixReport;
    expect(report.files).toEqual({ scanned: 2, changed: 1, unchanged: 1, notParsed: 1, skipped: 0, failed: 0 });
    expect(report.fixed).toEqual({ 'close-client': 1, 'add-expiry': 0 });
    expect(report.notFixed).toEqual([]);
    expect(report.changed).toEqual(['src/leak.ts']);
    expect(report.config).toBe('every rule with its default options (no ESLint config found)');
    expect(report.configFiles).toEqual([]);
    expect(report.notCovered).toHaveLength(3);
    expect(report.notCovered).toEqual(
      expect.arrayContaining([
        { rule: 'no-unbounded-cache', reason: 'its transform runs with --transform bound-cache' },
        { rule: 'no-timer-per-key', reason: 'no transform' },
        { rule: 'require-pool-release', reason: 'no transform' },
      ]),
    );
  });

  it('names the rules whose findings it does not look at, and only those', async () => {
    write('src/leak.ts', LEAK);
    const { stderr } = await run('fix', '--dry', '--transform', 'close-client,add-expiry,bound-cache');
    const line = /\nnot looked at: ([^\n]+); `redis-leaks check` lists their findings\n/.exec(stderr)?.[1];
    expect(line?.split(', ').sort()).toEqual(['no-timer-per-key (no transform)', 'require-pool-release (no transform)']);
  });

  it('lists findings it could not fix with file:line and why, and exits 1', async () => {
    write('src/inline.ts', "import { Redis } from 'ioredis';\n\nexport const read = (url: string) => new Redis(url).get('k');\n");
    const { exitCode, stdout } = await run('fix');
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/not fixed, fix these by hand:\n\s+src\/inline\.ts:3 \(close-client\): /);
  });

  it('names a finding it left alone by its line in the file as it was, after fixes above it added lines', async () => {
    const source = [
      "import { Redis } from 'ioredis';",
      '',
      'export async function once(url: string, id: string) {',
      '  const client = new Redis(url);',
      "  await client.sadd(`seen:${id}`, 'x');",
      '  return client.get(`k:${id}`);',
      '}',
      '',
      'export async function stop(url: string) {',
      '  const client = new Redis(url);',
      "  await client.set('stopping', '1', 'EX', 10);",
      '  process.exit(0);',
      '}',
      '',
      "export const mark = (redis: Redis, id: string) => redis.sadd(`mark:${id}`, 'x');",
      '',
    ].join('\n');
    write('src/two.ts', source);
    const { stderr } = await run('fix', '--dry');
    // --dry prints the diff on stdout and the summary on stderr. close-client wrapped the first function (three lines more) and add-expiry added an expire after the write.
    expect(stderr).toContain('findings it would fix: close-client 1, add-expiry 1');
    // The add-expiry transform ran on close-client's output; its line is mapped back through both.
    expect(stderr).toMatch(/not fixed, fix these by hand:\n\s+src\/two\.ts:10 \(close-client\): `process\.exit\(\)`[^\n]*\n\s+src\/two\.ts:15 \(add-expiry\): the write is part of a larger expression/);
    // Written, the same findings are named by their lines in the rewritten file.
    const written = await run('fix');
    const [, closeLine, expireLine] = /two\.ts:(\d+) \(close-client\)[^\n]*\n\s+src\/two\.ts:(\d+) \(add-expiry\)/.exec(written.stdout) ?? [];
    const lines = read('src/two.ts').split('\n');
    expect(lines[Number(closeLine) - 1]).toBe('  const client = new Redis(url);');
    expect(lines[Number(closeLine) - 2]).toBe('export async function stop(url: string) {');
    expect(lines[Number(expireLine) - 1]).toMatch(/^export const mark = /);
  });

  it('never follows a symbolic link out of the given paths', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'redis-leaks-outside-'));
    try {
      writeFileSync(path.join(outside, 'leak.ts'), LEAK);
      mkdirSync(path.join(project, 'src'));
      symlinkSync(path.join(outside, 'leak.ts'), path.join(project, 'src', 'linked.ts'));
      symlinkSync(outside, path.join(project, 'src', 'linked-dir'), 'dir');
      await run('fix');
      expect(readFileSync(path.join(outside, 'leak.ts'), 'utf8')).toBe(LEAK);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('type gate', () => {
  it('reports only errors the rewrite adds, not ones the file already had', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'redis-leaks-gate-'));
    try {
      writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true } }));
      const file = path.join(dir, 'a.ts');
      const before = 'export const a: number = "x";\n';
      expect(findTypeRegressions(path.join(dir, 'tsconfig.json'), [{ file, before, after: `// moved\n${before}` }])).toEqual([]);
      const [regression] = findTypeRegressions(path.join(dir, 'tsconfig.json'), [{ file, before, after: `${before}export const b: string = 1;\n` }]);
      expect(regression).toEqual({ file, error: "line 2: TS2322 Type 'number' is not assignable to type 'string'." });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
