import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModuleMocks } from '../../src/analysis/mocked-modules';
import { isProjectModuleMocked } from '../../src/analysis/mocked-modules';

/*
 * Whether a test file mocks the project module an import names, when the mock names it another way.
 * A project whose tsconfig sets `baseUrl`, so a bare name such as `redis` also resolves to one of its files.
 */

const root = mkdtempSync(path.join(tmpdir(), 'mocked-modules-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
for (const [name, text] of Object.entries({
  'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: 'src' } }),
  'src/redis.ts': "import Redis from 'ioredis';\nexport const redis = new Redis();\n",
  'src/jobs/handler.test.ts': '',
})) {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  writeFileSync(path.join(root, name), text);
}
const testFile = path.join(root, 'src/jobs/handler.test.ts');

function mocks(mocked: string[], unmocked: string[] = []): ModuleMocks {
  return { mocked: new Set(mocked), unmocked: new Set(unmocked), imported: new Set(['../redis']) };
}

describe('isProjectModuleMocked', () => {
  it('takes a mock of the same file under another name', () => {
    expect(isProjectModuleMocked(mocks(['../redis.ts']), testFile, '../redis')).toBe(true);
    expect(isProjectModuleMocked(mocks(['../redis']), testFile, '../redis')).toBe(true);
  });

  it('takes the module for real when the file unmocks it under any of its names', () => {
    expect(isProjectModuleMocked(mocks(['../redis.ts'], ['../redis']), testFile, '../redis')).toBe(false);
    expect(isProjectModuleMocked(mocks(['../redis'], ['../redis.js']), testFile, '../redis')).toBe(false);
  });

  it('never takes a mock of a client library or a Node module for a module of the project', () => {
    // `redis` resolves to src/redis.ts through `baseUrl`, but a test runner mocks the package.
    expect(isProjectModuleMocked(mocks(['redis']), testFile, '../redis')).toBe(false);
  });
});
