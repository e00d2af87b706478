import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN, CLI, LEAK, ROOT, gitInit, must, removeDir, run, tempDir, write } from './helpers';

// The recipe of docs/pre-commit.md: a git pre-commit hook (what husky installs in
// .husky/pre-commit) running lint-staged, whose config runs `redis-leaks check` on the
// staged JavaScript and TypeScript files (lint-staged appends their paths).
const LINT_STAGED = path.join(ROOT, 'node_modules/.bin/lint-staged');

let repo: string;

beforeAll(async () => {
  repo = tempDir('lint-staged');
  await gitInit(repo);
  write(
    repo,
    'package.json',
    `${JSON.stringify(
      {
        name: 'hook-consumer',
        private: true,
        'lint-staged': { '*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}': `node ${JSON.stringify(CLI)} check` },
      },
      null,
      2,
    )}\n`,
  );
  write(repo, '.gitignore', 'node_modules\n');
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  write(repo, '.git/hooks/pre-commit', `#!/bin/sh\nexec ${JSON.stringify(LINT_STAGED)}\n`, 0o755);
  await must('git', ['add', 'package.json', '.gitignore'], repo);
  await must('git', ['commit', '-q', '--no-verify', '-m', 'project'], repo);
});

afterAll(() => removeDir(repo));

describe('lint-staged + a git pre-commit hook running redis-leaks check', () => {
  it('refuses a commit that stages a leaky file, printing the finding', async () => {
    write(repo, 'src/leak.ts', LEAK);
    await must('git', ['add', 'src/leak.ts'], repo);
    const commit = await run('git', ['commit', '-m', 'leak'], repo);
    expect(commit.code, commit.output).not.toBe(0);
    expect(commit.output).toContain('leak.ts');
    expect(commit.output).toMatch(/3:18\s+error .* redis-leaks\/no-unclosed-client/);
    // Nothing was committed, and lint-staged left the staged file as it was.
    expect(await must('git', ['rev-list', '--count', 'HEAD'], repo)).toBe('1\n');
    expect(await must('git', ['diff', '--cached', '--name-only'], repo)).toBe('src/leak.ts\n');
  });

  it('lets a commit of a clean file through', async () => {
    await must('git', ['rm', '-q', '--cached', 'src/leak.ts'], repo);
    removeDir(path.join(repo, 'src/leak.ts'));
    write(repo, 'src/clean.ts', CLEAN);
    await must('git', ['add', 'src/clean.ts'], repo);
    const commit = await run('git', ['commit', '-m', 'clean'], repo);
    expect(commit.code, commit.output).toBe(0);
    expect(await must('git', ['log', '-1', '--name-only', '--format='], repo)).toBe('src/clean.ts\n');
  });
});
