import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN, LEAK, cleanEnv, gitInit, must, removeDir, run, snapshotWorkingTree, tempDir, write } from './helpers';

// The pre-commit framework installs this repository's `redis-leaks` hook (.pre-commit-hooks.yaml,
// `language: node`) the way it would for a user: clone, `npm install`, `npm pack`, then
// `npm install -g` of the tarball into its own environment. Each `try-repo` does that from
// scratch in a fresh store, so this is slow (one to two minutes); the two run side by side.
// It needs the `prepare` script and `.npmrc` of docs/pre-commit.md ("Installing the hook").
const INSTALL_TIMEOUT = 300_000;

let work: string;
let hookRepo: string;
let project: string;

beforeAll(async () => {
  work = tempDir('pre-commit');
  hookRepo = await snapshotWorkingTree(work);
  project = path.join(work, 'project');
  await gitInit(project);
  write(project, 'src/leak.ts', LEAK);
  write(project, 'src/clean.ts', CLEAN);
  await must('git', ['add', '.'], project);
}, INSTALL_TIMEOUT);

afterAll(() => removeDir(work));

function tryRepo(file: string) {
  // Its own PRE_COMMIT_HOME so nothing (logs) lands in the user's ~/.cache; npm may answer from its cache.
  const env = cleanEnv({ PRE_COMMIT_HOME: path.join(work, `pre-commit-home-${path.basename(file)}`), npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });
  return run('pre-commit', ['try-repo', hookRepo, 'redis-leaks', '--files', file], project, env);
}

describe('pre-commit try-repo <this repository> redis-leaks', () => {
  it('fails on a leaky file with the finding, and passes on a clean one', async () => {
    const [leaky, clean] = await Promise.all([tryRepo('src/leak.ts'), tryRepo('src/clean.ts')]);

    expect(leaky.code, leaky.output).toBe(1);
    expect(leaky.output).toMatch(/redis-leaks\.+Failed/);
    expect(leaky.output).toContain('leak.ts');
    expect(leaky.output).toMatch(/3:18\s+error .* redis-leaks\/no-unclosed-client/);

    expect(clean.code, clean.output).toBe(0);
    expect(clean.output).toMatch(/redis-leaks\.+Passed/);
  }, INSTALL_TIMEOUT);
});
