import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getProjectExport } from '../../src/analysis/module-exports';
import { aSecondLater, later, saveLater, useProjectFolders } from './project-folders';

/*
 * What a module of the project exports, as a long-lived process (an editor's ESLint server) sees
 * it while other modules change.
 */

const project = useProjectFolders('module-exports-');

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

  it('sees a client that a module passing on an imported name gains, though that module is unchanged', () => {
    const folder = project({ 'lib/index.ts': `${TYPE_IMPORT}import { redis as shared } from './client';\nexport const redis = shared;\n`, 'lib/client.ts': NO_CLIENT });
    const app = path.join(folder, 'app.ts');
    expect(exportKind(app, './lib', 'redis')).toBeUndefined();
    saveLater(path.join(folder, 'lib/client.ts'), CLIENT);
    expect(aSecondLater(() => exportKind(app, './lib', 'redis'))).toBe('instance');
  });

  it('sees a client that a module behind the re-exported one gains', () => {
    const folder = project({
      'lib/index.ts': `${TYPE_IMPORT}export { redis } from './client';\n`,
      'lib/client.ts': "import { make } from './factory';\nexport const redis = make();\n",
      'lib/factory.ts': 'export function make() { return new Map<string, string>(); }\n',
    });
    const app = path.join(folder, 'app.ts');
    expect(exportKind(app, './lib', 'redis')).toBeUndefined();
    saveLater(path.join(folder, 'lib/factory.ts'), "import Redis from 'ioredis';\nexport function make() { return new Redis(); }\n");
    expect(aSecondLater(() => exportKind(app, './lib', 'redis'))).toBe('instance');
  });

  it('sees, within half a minute, a module created after a re-export named it', () => {
    const folder = project({ 'lib/index.ts': `${TYPE_IMPORT}export { redis } from './client';\n` });
    const app = path.join(folder, 'app.ts');
    expect(exportKind(app, './lib', 'redis')).toBeUndefined();
    saveLater(path.join(folder, 'lib/client.ts'), CLIENT);
    expect(later(31_000, () => exportKind(app, './lib', 'redis'))).toBe('instance');
  });

  it('sees a client that a re-exported module loses', () => {
    const folder = project({ 'lib/index.ts': `${TYPE_IMPORT}export { redis } from './client';\n`, 'lib/client.ts': CLIENT });
    const app = path.join(folder, 'app.ts');
    expect(exportKind(app, './lib', 'redis')).toBe('instance');
    saveLater(path.join(folder, 'lib/client.ts'), NO_CLIENT);
    expect(aSecondLater(() => exportKind(app, './lib', 'redis'))).toBeUndefined();
  });
});

describe('getProjectExport, whatever was asked first', () => {
  const chain = {
    'lib/l1.ts': `${TYPE_IMPORT}export { redis } from './l2';\n`,
    'lib/l2.ts': `${TYPE_IMPORT}export { redis } from './l3';\n`,
    'lib/l3.ts': `${TYPE_IMPORT}export { redis } from './l4';\n`,
    'lib/l4.ts': `${TYPE_IMPORT}export { redis } from './client';\n`,
    'lib/client.ts': CLIENT,
  };

  it('reads a module near the client in full after a chain too deep to follow stopped before it', () => {
    const folder = project(chain);
    const app = path.join(folder, 'app.ts');
    expect(exportKind(app, './lib/l1', 'redis')).toBeUndefined(); // five modules deep: unknown
    expect(exportKind(app, './lib/l4', 'redis')).toBe('instance');
  });

  it('reads a module of an import cycle in full after the cycle was cut inside it', () => {
    const folder = project({
      'lib/a.ts': `${CLIENT}export * from './b';\n`,
      'lib/b.ts': `${TYPE_IMPORT}export { redis as client } from './a';\n`,
    });
    const app = path.join(folder, 'app.ts');
    exportKind(app, './lib/a', 'client'); // a → b → a: cut
    expect(exportKind(app, './lib/b', 'client')).toBe('instance');
  });
});
