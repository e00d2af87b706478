import { mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the bench scripts, without types
import { linkWorkspacePackages, readWorkspaceGlobs } from '../../bench/workspace-links.mjs';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A repository root with the given files (path → text). */
function makeRepository(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'workspace-links-'));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const manifest = (name: string) => JSON.stringify({ name });

describe('linkWorkspacePackages (bench/realworld.mjs --prepare)', () => {
  it('links the packages pnpm-workspace.yaml lists, over a stale package.json `workspaces`', () => {
    const root = makeRepository({
      'package.json': JSON.stringify({ name: 'app', workspaces: ['apps/*'] }),
      'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n  - internal-packages/**\n  - \'!packages/e2e\'\ncatalog:\n  typescript: 5.0.0\n',
      'packages/redis/package.json': manifest('@app/redis'),
      'packages/e2e/package.json': manifest('@app/e2e'),
      'internal-packages/deep/store/package.json': manifest('@internal/store'),
      'apps/web/package.json': manifest('web'),
    });
    expect(readWorkspaceGlobs(root)).toEqual(['packages/*', 'internal-packages/**', '!packages/e2e']);
    expect(linkWorkspacePackages(root)).toBe(2);
    expect(readlinkSync(path.join(root, 'node_modules/@app/redis'))).toBe(path.join('..', '..', 'packages', 'redis'));
    expect(existsSync(path.join(root, 'node_modules/@internal/store/package.json'))).toBe(true);
    expect(existsSync(path.join(root, 'node_modules/@app/e2e'))).toBe(false);
    expect(existsSync(path.join(root, 'node_modules/web'))).toBe(false);
  });

  it('reads package.json `workspaces`, as an array or as yarn\'s `{ packages }`', () => {
    const root = makeRepository({
      'package.json': JSON.stringify({ name: 'app', workspaces: { packages: ['libs/*'] } }),
      'libs/queue/package.json': manifest('queue'),
      'tools/package.json': manifest('tools'),
    });
    expect(linkWorkspacePackages(root)).toBe(1);
    expect(existsSync(path.join(root, 'node_modules/queue/package.json'))).toBe(true);
    expect(existsSync(path.join(root, 'node_modules/tools'))).toBe(false);
  });

  it('links nothing in a repository that is no workspace, and replaces the links of an earlier run', () => {
    const root = makeRepository({ 'package.json': manifest('single'), 'lib/package.json': manifest('lib'), 'node_modules/stale/x.js': '' });
    expect(linkWorkspacePackages(root)).toBe(0);
    expect(existsSync(path.join(root, 'node_modules'))).toBe(false);
  });
});
