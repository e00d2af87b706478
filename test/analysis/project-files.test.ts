import { rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFilesNaming, getProjectIndex, readIndexedText } from '../../src/analysis/project-files';
import { later, saveLater, useProjectFolders } from './project-folders';

/*
 * The project index is trusted for a minute, then compared with the files on disk: kept whole
 * (with the answers it gave) while nothing changed, built again when something did.
 */

const project = useProjectFolders('project-files-');
const A_MINUTE_LATER = 61_000;

const PROJECT = {
  'package.json': '{}',
  'src/store.ts': "export const store = new Map<string, string>();\n",
  'src/routes.ts': "import { store } from './store';\nexport const save = (k: string) => store.set(k, k);\n",
};

describe('getProjectIndex', () => {
  it('keeps the same index, with its answers, after a minute in which no file changed', () => {
    const folder = project(PROJECT);
    const app = path.join(folder, 'src/app.ts');
    const index = getProjectIndex(app, folder)!;
    expect(findFilesNaming(index, 'store')).toEqual([path.join(folder, 'src/routes.ts'), path.join(folder, 'src/store.ts')]);
    index.answers.set('question', true);
    const again = later(A_MINUTE_LATER, () => getProjectIndex(app, folder));
    expect(again).toBe(index);
    expect(again!.answers.get('question')).toBe(true);
  });

  it('builds the index again after a minute when a file was saved, added or removed', () => {
    for (const change of ['saved', 'added', 'removed'] as const) {
      const folder = project(PROJECT);
      const app = path.join(folder, 'src/app.ts');
      const index = getProjectIndex(app, folder)!;
      if (change === 'saved') saveLater(path.join(folder, 'src/routes.ts'), 'export const save = () => 1;\n');
      if (change === 'added') writeFileSync(path.join(folder, 'src/cache.ts'), "import { store } from './store';\nexport const cache = store;\n");
      if (change === 'removed') rmSync(path.join(folder, 'src/routes.ts'));
      const again = later(A_MINUTE_LATER, () => getProjectIndex(app, folder))!;
      expect(again, change).not.toBe(index);
      const expected = { saved: ['src/store.ts'], added: ['src/cache.ts', 'src/routes.ts', 'src/store.ts'], removed: ['src/store.ts'] }[change];
      expect(findFilesNaming(again, 'store').map((file) => path.relative(folder, file)).sort(), change).toEqual(expected);
    }
  });

  it('reads again only the files whose modification time changed', () => {
    const folder = project(PROJECT);
    const app = path.join(folder, 'src/app.ts');
    const store = path.join(folder, 'src/store.ts');
    // A time in whole seconds, which setting it again gives back exactly.
    const stamp = Math.floor(Date.now() / 1000) - 100;
    utimesSync(store, stamp, stamp);
    getProjectIndex(app, folder);
    // Written again with the same modification time: the new text is not read. Another file's save makes the index built again.
    writeFileSync(store, 'export const store = new Set<string>();\n');
    utimesSync(store, stamp, stamp);
    expect(statSync(store).mtimeMs).toBe(stamp * 1000);
    saveLater(path.join(folder, 'src/routes.ts'), 'export const save = () => 1;\n');
    const again = later(A_MINUTE_LATER, () => getProjectIndex(app, folder))!;
    expect(readIndexedText(again, store)).toBe(PROJECT['src/store.ts']);
    expect(readIndexedText(again, path.join(folder, 'src/routes.ts'))).toBe('export const save = () => 1;\n');
  });
});
