import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { getProjectExport } from '../../src/analysis/module-exports';

/*
 * What a module of the project exports, as a long-lived process (an editor's ESLint server) sees
 * it while other modules change. Each case has a folder of its own: exports are kept per file.
 */

const root = mkdtempSync(path.join(tmpdir(), 'module-exports-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let cases = 0;
function project(files: Record<string, string>): string {
  const folder = path.join(root, `case-${++cases}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), text);
  }
  return folder;
}

/** Saves `file` with a modification time after any the test has seen. */
function saveLater(file: string, text: string): void {
  writeFileSync(file, text);
  const later = new Date(Date.now() + 5000);
  utimesSync(file, later, later);
}

/** What `ask` answers a second and a half from now: file stamps are trusted for a second. */
function aSecondLater<T>(ask: () => T): T {
  vi.useFakeTimers({ now: Date.now() + 1500, toFake: ['Date'] });
  try {
    return ask();
  } finally {
    vi.useRealTimers();
  }
}

/** What the export is (`instance`: a shared client), or `undefined` when not client-related. */
function exportKind(fromFile: string, specifier: string, name: string): string | undefined {
  return getProjectExport(fromFile, specifier, name)?.fact.kind;
}

const NO_CLIENT = 'export const redis = new Map<string, string>();\n';
const CLIENT = "import Redis from 'ioredis';\nexport const redis = new Redis();\n";
/** Names a client package, so it may hold a client whatever the module it re-exports from holds. */
const TYPE_IMPORT = "import type { Redis } from 'ioredis';\nexport type Client = Redis;\n";

describe('getProjectExport', () => {
  it('reads a client re-exported from another module', () => {
    const folder = project({ 'lib/index.ts': `${TYPE_IMPORT}export { redis } from './client';\n`, 'lib/client.ts': CLIENT });
    expect(exportKind(path.join(folder, 'app.ts'), './lib', 'redis')).toBe('instance');
  });

  it('sees a client that a re-exported module gains, though the re-exporting module is unchanged', () => {
    const folder = project({ 'lib/index.ts': `${TYPE_IMPORT}export { redis } from './client';\n`, 'lib/client.ts': NO_CLIENT });
    const app = path.join(folder, 'app.ts');
    expect(exportKind(app, './lib', 'redis')).toBeUndefined();
    saveLater(path.join(folder, 'lib/client.ts'), CLIENT);
    expect(aSecondLater(() => exportKind(app, './lib', 'redis'))).toBe('instance');
  });

  it('sees a change two re-exports away, through a module whose exports were read before', () => {
    const folder = project({
      'lib/index.ts': `${TYPE_IMPORT}export * from './barrel';\n`,
      'lib/barrel.ts': `${TYPE_IMPORT}export { redis } from './client';\n`,
      'lib/client.ts': NO_CLIENT,
    });
    const app = path.join(folder, 'app.ts');
    // The barrel's exports are known first, then read again through the index.
    expect(exportKind(app, './lib/barrel', 'redis')).toBeUndefined();
    expect(exportKind(app, './lib', 'redis')).toBeUndefined();
    saveLater(path.join(folder, 'lib/client.ts'), CLIENT);
    expect(aSecondLater(() => exportKind(app, './lib', 'redis'))).toBe('instance');
  });

  it('sees a client that a re-exported module loses', () => {
    const folder = project({ 'lib/index.ts': `${TYPE_IMPORT}export { redis } from './client';\n`, 'lib/client.ts': CLIENT });
    const app = path.join(folder, 'app.ts');
    expect(exportKind(app, './lib', 'redis')).toBe('instance');
    saveLater(path.join(folder, 'lib/client.ts'), NO_CLIENT);
    expect(aSecondLater(() => exportKind(app, './lib', 'redis'))).toBeUndefined();
  });
});
