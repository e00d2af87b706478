import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, vi } from 'vitest';

/*
 * Small projects on disk for the tests of what one module learns from others. Each case gets a
 * folder of its own: what a module tells is kept per file and version, across cases.
 */

/** A function that writes `files` (path → text) into a new folder of its own and returns the folder; all are removed after the test file. */
export function useProjectFolders(prefix: string): (files: Record<string, string>) => string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let cases = 0;
  return (files) => {
    const folder = path.join(root, `case-${++cases}`);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      writeFileSync(path.join(folder, name), text);
    }
    return folder;
  };
}

/** Saves `file` with a modification time after any the test has seen. */
export function saveLater(file: string, text: string): void {
  writeFileSync(file, text);
  const later = new Date(Date.now() + 5000);
  utimesSync(file, later, later);
}

/** What `ask` answers `ms` from now (file stamps, and answers built on them, are trusted for a second; resolutions for half a minute). */
export function later<T>(ms: number, ask: () => T): T {
  vi.useFakeTimers({ now: Date.now() + ms, toFake: ['Date'] });
  try {
    return ask();
  } finally {
    vi.useRealTimers();
  }
}

export function aSecondLater<T>(ask: () => T): T {
  return later(1500, ask);
}
