import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getProjectIndex } from '../../src/analysis/project-files';
import { mayUseClient } from '../../src/analysis/project-modules';
import { aSecondLater, saveLater, useProjectFolders } from './project-folders';

/*
 * Whether a file can use a client through the modules it imports, read from their text on disk.
 * Each case has a folder of its own: what a module's text tells is kept per file and version.
 */

const project = useProjectFolders('project-modules-');

const IMPORTER = "import { redis } from './lib/redis';\nexport const save = (id: string) => redis.set(id, '1');\n";

describe('mayUseClient', () => {
  it('follows an import to a module that imports a client package', () => {
    const folder = project({ 'lib/redis.ts': "import Redis from 'ioredis';\nexport const redis = new Redis();\n" });
    expect(mayUseClient(IMPORTER, path.join(folder, 'app.ts'))).toBe(true);
  });

  it('follows one more import when the module in between passes the client on', () => {
    const folder = project({
      'lib/connection.ts': "import Redis from 'ioredis';\nexport const connection = new Redis();\n",
      'lib/redis.ts': "import { connection } from './connection';\nexport const redis = connection;\n",
    });
    expect(mayUseClient(IMPORTER, path.join(folder, 'app.ts'))).toBe(true);
  });

  it('follows text one module deep whatever was asked before: a chain of two passes is not read', () => {
    const folder = project({
      'lib/connection.ts': "import Redis from 'ioredis';\nexport const connection = new Redis();\n",
      'lib/shared.ts': "import { connection } from './connection';\nexport const shared = connection;\n",
      'lib/redis.ts': "import { shared } from './shared';\nexport const redis = shared;\n",
    });
    // shared.ts, asked about first, passes the client on; redis.ts, one module further, is not read that far.
    expect(mayUseClient("import { shared } from './lib/shared';\nexport const ping = () => shared.ping();\n", path.join(folder, 'first.ts'))).toBe(true);
    expect(mayUseClient(IMPORTER, path.join(folder, 'app.ts'))).toBe(false);
  });

  it('is false when the module in between only calls methods on the client', () => {
    const folder = project({
      'lib/connection.ts': "import Redis from 'ioredis';\nexport const connection = new Redis();\n",
      'lib/redis.ts': "import { connection } from './connection';\nexport const redis = { set: (k: string) => connection.get(k) };\n",
    });
    expect(mayUseClient(IMPORTER, path.join(folder, 'app.ts'))).toBe(false);
  });

  it('takes a module over 512 KiB for bundled code that holds no client', () => {
    const folder = project({ 'lib/redis.js': `import Redis from 'ioredis';\nexport const redis = new Redis();\n${'// padding\n'.repeat(60_000)}` });
    expect(mayUseClient(IMPORTER, path.join(folder, 'app.ts'))).toBe(false);
  });

  it('reads an imported module from the text being linted when that text is the file on disk', () => {
    const module = "import Redis from 'ioredis';\nexport const redis = new Redis();\n";
    const folder = project({ 'lib/redis.ts': module });
    expect(mayUseClient(module, path.join(folder, 'lib/redis.ts'))).toBe(true);
    expect(mayUseClient(IMPORTER, path.join(folder, 'app.ts'))).toBe(true);
  });

  it('does not take an unsaved buffer for the file on disk', () => {
    const onDisk = "import Redis from 'ioredis';\nexport const redis = new Redis();\n";
    const folder = project({ 'lib/redis.ts': onDisk, 'lib/store.ts': 'export const createStore = () => new Map();\n' });
    // The editor's buffer of lib/redis.ts no longer imports a client package; the saved file still does.
    const unsaved = "import { createStore } from './store';\nexport const redis = createStore();\n";
    expect(mayUseClient(unsaved, path.join(folder, 'lib/redis.ts'))).toBe(false);
    expect(mayUseClient(IMPORTER, path.join(folder, 'app.ts'))).toBe(true);
  });

  // Saved with the same number of bytes after its text was linted: the linted text's facts no longer hold,
  // also when a file system that keeps times to the second rounds the save down to just before the lint.
  it.each([
    ['stamped after the lint', 5000],
    ['stamped a moment before the lint', -900],
  ])('reads a module again when it was saved after its text was linted, at the same size (%s)', (_, offsetMs) => {
    const saved = "import Redis from 'ioredis';\nexport const redis = new Redis();\n";
    const linted = 'export const redis = new Map<string, string>();\n'.padEnd(saved.length, ' ');
    const file = path.join(project({ 'lib/redis.ts': linted }), 'lib/redis.ts');
    expect(mayUseClient(linted, file)).toBe(false);
    writeFileSync(file, saved);
    const stamp = new Date(Date.now() + offsetMs);
    utimesSync(file, stamp, stamp);
    expect(mayUseClient(IMPORTER, path.join(path.dirname(file), '../app.ts'))).toBe(true);
  });

  it('sees a saved change to an imported module', () => {
    const folder = project({ 'lib/redis.ts': "export const redis = new Map<string, string>();\n" });
    const app = path.join(folder, 'app.ts');
    expect(mayUseClient(IMPORTER, app)).toBe(false);
    saveLater(path.join(folder, 'lib/redis.ts'), "import Redis from 'ioredis';\nexport const redis = new Redis();\n");
    expect(aSecondLater(() => mayUseClient(IMPORTER, app))).toBe(true);
  });

  it('sees a client that a module in between gains through a module it imports', () => {
    const folder = project({
      'lib/connection.ts': 'export const connection = new Map<string, string>();\n',
      'lib/redis.ts': "import { connection } from './connection';\nexport const redis = connection;\n",
    });
    const app = path.join(folder, 'app.ts');
    expect(mayUseClient(IMPORTER, app)).toBe(false);
    // lib/redis.ts is unchanged; the module it passes on now holds a client.
    saveLater(path.join(folder, 'lib/connection.ts'), "import Redis from 'ioredis';\nexport const connection = new Redis();\n");
    expect(aSecondLater(() => mayUseClient(IMPORTER, app))).toBe(true);
  });

  it('takes a module from the project index only while the file keeps the modification time it had then', () => {
    const folder = project({ 'package.json': '{}', 'lib/redis.ts': 'export const redis = new Map<string, string>();\n' });
    const app = path.join(folder, 'app.ts');
    expect(getProjectIndex(app, folder)?.texts.byFile.has(path.join(folder, 'lib/redis.ts'))).toBe(true);
    // Saved after the index read it, but stamped earlier than the index was built (a coarse or lagging clock).
    writeFileSync(path.join(folder, 'lib/redis.ts'), "import Redis from 'ioredis';\nexport const redis = new Redis();\n");
    const earlier = new Date(Date.now() - 10_000);
    utimesSync(path.join(folder, 'lib/redis.ts'), earlier, earlier);
    expect(mayUseClient(IMPORTER, app)).toBe(true);
  });

  it('resolves a module named from different folders to the same file', () => {
    const folder = project({ 'lib/redis.ts': "import Redis from 'ioredis';\nexport const redis = new Redis();\n" });
    expect(mayUseClient(IMPORTER, path.join(folder, 'app.ts'))).toBe(true);
    expect(mayUseClient(IMPORTER.replace('./lib/redis', '../lib/redis'), path.join(folder, 'routes/save.ts'))).toBe(true);
    expect(mayUseClient(IMPORTER.replace('./lib/redis', '../../lib/redis'), path.join(folder, 'routes/admin/save.ts'))).toBe(true);
  });

  it('tells a folder named with a trailing slash from a file of the same name, whichever is asked first', () => {
    const folder = project({ 'store.ts': 'export const redis = new Map();\n', 'store/index.ts': "import Redis from 'ioredis';\nexport const redis = new Redis();\n" });
    const importing = (specifier: string) => IMPORTER.replace('./lib/redis', specifier);
    expect(mayUseClient(importing('./store'), path.join(folder, 'app.ts'))).toBe(false);
    expect(mayUseClient(importing('./store/'), path.join(folder, 'app.ts'))).toBe(true);
    expect(mayUseClient(importing('../store'), path.join(folder, 'routes/save.ts'))).toBe(false);
    expect(mayUseClient(importing('..'), path.join(folder, 'store/routes/save.ts'))).toBe(true);
  });

  it('takes a bare specifier ending in a slash for a package, not for a folder beside the file', () => {
    const folder = project({ 'store/index.ts': "import Redis from 'ioredis';\nexport const redis = new Redis();\n" });
    expect(mayUseClient(IMPORTER.replace('./lib/redis', 'store/'), path.join(folder, 'app.ts'))).toBe(false);
    expect(mayUseClient(IMPORTER.replace('./lib/redis', './store/'), path.join(folder, 'app.ts'))).toBe(true);
  });

  it('never looks for a Node built-in module as a workspace package', () => {
    const folder = project({ 'node_modules/.keep': '' });
    expect(mayUseClient("import { createHash } from 'crypto';\nimport fs from 'node:fs';\n", path.join(folder, 'app.ts'))).toBe(false);
  });

  describe('workspace packages', () => {
    const STORAGE = { 'packages/storage/package.json': '{ "name": "@app/storage", "main": "index.js" }', 'packages/storage/index.js': "const Redis = require('ioredis');\nexports.redis = new Redis();\n" };
    const IMPORTS_STORAGE = "import { redis } from '@app/storage';\nexport const save = (id: string) => redis.set(id, '1');\n";

    it('follows a package of the workspace linked into node_modules, from any folder below the link', () => {
      const folder = project({ ...STORAGE, 'node_modules/.keep': '' });
      mkdirSync(path.join(folder, 'node_modules/@app'));
      symlinkSync(path.join(folder, 'packages/storage'), path.join(folder, 'node_modules/@app/storage'), 'dir');
      expect(mayUseClient(IMPORTS_STORAGE, path.join(folder, 'apps/api/src/routes/save.ts'))).toBe(true);
      expect(mayUseClient(IMPORTS_STORAGE, path.join(folder, 'apps/api/src/save.ts'))).toBe(true);
    });

    it('never reads an installed package, even when a link of the same name lies further up', () => {
      const folder = project({ ...STORAGE, 'apps/api/node_modules/@app/storage/index.js': "exports.redis = require('ioredis');\n" });
      mkdirSync(path.join(folder, 'node_modules/@app'), { recursive: true });
      symlinkSync(path.join(folder, 'packages/storage'), path.join(folder, 'node_modules/@app/storage'), 'dir');
      expect(mayUseClient(IMPORTS_STORAGE, path.join(folder, 'apps/api/src/save.ts'))).toBe(false);
      expect(mayUseClient(IMPORTS_STORAGE, path.join(folder, 'apps/web/src/save.ts'))).toBe(true);
    });
  });
});
