import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * A file's size and modification time, asked for by every lint of every file that imports it.
 * One `stat` per file per second: the files a run reads do not change under it, and a long-lived
 * process (an editor's ESLint server) still sees a saved module a second later.
 */

export interface FileStamp {
  readonly mtimeMs: number;
  readonly size: number;
  readonly isFile: boolean;
}

const STAMP_TTL_MS = 1000;

const MAX_STAMPS = 8192;
const stamps = new Map<string, { readonly at: number; readonly stamp: FileStamp | undefined }>();

/** The file's stamp, or `undefined` when nothing is there or it cannot be read. */
export function getFileStamp(file: string): FileStamp | undefined {
  const now = Date.now();
  const known = stamps.get(file);
  if (known && now - known.at < STAMP_TTL_MS) return known.stamp;
  const stamp = readStamp(file);
  stamps.delete(file);
  stamps.set(file, { at: now, stamp });
  if (stamps.size > MAX_STAMPS) stamps.delete(stamps.keys().next().value!);
  return stamp;
}

/** A fresh `stat` of `file`, not the one kept for a second ({@link getFileStamp}). */
export function readStamp(file: string): FileStamp | undefined {
  try {
    // Most files asked about exist; a candidate of module resolution often does not: no exception for it.
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats && { mtimeMs: stats.mtimeMs, size: stats.size, isFile: stats.isFile() };
  } catch {
    return undefined; // a name too long, a folder that cannot be read
  }
}

const listings = new Map<string, { readonly mtimeMs: number; readonly names: ReadonlySet<string> }>();
const MAX_LISTINGS = 2048;

/**
 * Whether `file` is a file, answered from its folder's listing when the name is not there:
 * module resolution tries up to seventeen names per import (`.ts`, `.js`, `/index.tsx`, …) and
 * most do not exist, so one listing per folder (listed again when the folder's modification time
 * says a name was added or removed) replaces a `stat` per candidate.
 */
export function isExistingFile(file: string): boolean {
  return findFileIn(path.dirname(file), [path.basename(file)]) !== undefined;
}

/** The first of `names` that is a file in `folder` (its path), asking the folder's listing first as {@link isExistingFile} does. */
export function findFileIn(folder: string, names: readonly string[]): string | undefined {
  const stamp = getFileStamp(folder);
  // No such folder (or a file where a folder was meant) holds no file.
  if (!stamp || stamp.isFile) return undefined;
  const listed = listFolder(folder, stamp.mtimeMs);
  for (const name of names) {
    if (listed && !listed.has(name)) continue;
    const file = path.join(folder, name);
    if (getFileStamp(file)?.isFile) return file;
  }
  return undefined;
}

function listFolder(folder: string, mtimeMs: number): ReadonlySet<string> | undefined {
  const known = listings.get(folder);
  if (known?.mtimeMs === mtimeMs) return known.names;
  let names: ReadonlySet<string>;
  try {
    names = new Set(readdirSync(folder));
  } catch {
    return undefined; // not a folder, or one that cannot be read: `stat` answers
  }
  listings.delete(folder);
  listings.set(folder, { mtimeMs, names });
  if (listings.size > MAX_LISTINGS) listings.delete(listings.keys().next().value!);
  return names;
}

/** Something found from other files, kept while they keep the modification times they had then. */
export interface FilesAnswer {
  /** When it was found, and when its files were last found unchanged. */
  readonly at: number;
  checkedAt: number;
  readonly files: ReadonlyMap<string, number | undefined>;
}

/**
 * Whether `answer` still holds: found less than `ttlMs` ago (so that a file created since, which
 * nothing recorded, is seen), and none of its files changed. The files are looked at once a
 * second at most, as their stamps are.
 */
export function isAnswerCurrent(answer: FilesAnswer, now: number, ttlMs: number): boolean {
  if (now - answer.at >= ttlMs) return false;
  if (now - answer.checkedAt < STAMP_TTL_MS) return true;
  for (const [file, mtimeMs] of answer.files) if (getFileStamp(file)?.mtimeMs !== mtimeMs) return false;
  answer.checkedAt = now;
  return true;
}
