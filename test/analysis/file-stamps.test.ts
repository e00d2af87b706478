import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { findFileIn, getFileStamp, isExistingFile } from '../../src/analysis/file-stamps';

const root = mkdtempSync(path.join(tmpdir(), 'file-stamps-'));
writeFileSync(path.join(root, 'redis.ts'), 'export {};\n');
mkdirSync(path.join(root, 'lib.ts'));
writeFileSync(path.join(root, 'lib.js'), 'export {};\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('isExistingFile', () => {
  it('finds a file its folder lists', () => {
    expect(isExistingFile(path.join(root, 'redis.ts'))).toBe(true);
  });

  it('does not take a folder named like a module for a file', () => {
    expect(isExistingFile(path.join(root, 'lib.ts'))).toBe(false);
  });

  it('answers no for names the folder does not list, and for folders that do not exist or are files', () => {
    expect(isExistingFile(path.join(root, 'redis.js'))).toBe(false);
    expect(isExistingFile(path.join(root, 'missing', 'index.ts'))).toBe(false);
    expect(isExistingFile(path.join(root, 'redis.ts', 'index.ts'))).toBe(false);
  });

  it('sees a module created after its folder was listed, once the folder\'s stamp is read again (a second at most)', () => {
    const created = path.join(root, 'created.ts');
    expect(isExistingFile(created)).toBe(false);
    writeFileSync(created, 'export {};\n');
    vi.useFakeTimers({ now: Date.now() + 1500, toFake: ['Date'] });
    try {
      expect(isExistingFile(created)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('getFileStamp', () => {
  it('gives the size and whether it is a file; nothing for a missing path', () => {
    expect(getFileStamp(path.join(root, 'redis.ts'))).toMatchObject({ size: 11, isFile: true });
    expect(getFileStamp(path.join(root, 'lib.ts'))).toMatchObject({ isFile: false });
    expect(getFileStamp(path.join(root, 'nothing.ts'))).toBeUndefined();
  });
});

describe('findFileIn', () => {
  it('gives the first of the names that is a file there, skipping folders and names not listed', () => {
    expect(findFileIn(root, ['lib.ts', 'lib.tsx', 'lib.js', 'redis.ts'])).toBe(path.join(root, 'lib.js'));
    expect(findFileIn(root, ['lib.tsx', 'lib.mts'])).toBeUndefined();
  });

  it('finds nothing in a folder that does not exist, or in a file', () => {
    expect(findFileIn(path.join(root, 'missing'), ['index.ts'])).toBeUndefined();
    expect(findFileIn(path.join(root, 'redis.ts'), ['index.ts'])).toBeUndefined();
  });
});
