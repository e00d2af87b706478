import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLIENT_MODULE_MENTION } from '../redis';
import { passesOnImportedClient } from './client-pass-on';
import { getFileStamp } from './file-stamps';
import { parseModuleText } from './module-parser';
import { resolveProjectModule } from './module-resolution';
import { rememberSourceFile } from './source-files';

/*
 * The files of the user's project that an import names (see module-resolution.ts), parsed once
 * per process (cached by path and modification time) so the rules can ask what they export.
 * Anything that cannot be read or parsed is unknown: never an error.
 */

/** Larger files are generated or bundled code, not a module that holds a client. */
const MAX_FILE_BYTES = 512 * 1024;
/** Imports followed by text alone when deciding whether a module may hold a client. */
const MAX_TEXT_HOPS = 1;
const IMPORTED_SPECIFIER = /(?:\bfrom|\brequire\s*\(|\bimport)\s*['"`]([^'"`\s]{1,200})['"`]/g;

const mayHoldByFile = new Map<string, { readonly mtimeMs: number; readonly hops: number; readonly result: boolean }>();

/**
 * Cheap test on a file's text: can it use a client? It names a client package, or (given its
 * path) imports a module of the project that may hold one ({@link mayHoldClient}).
 */
export function mayUseClient(text: string, file?: string): boolean {
  if (CLIENT_MODULE_MENTION.test(text)) return true;
  if (file === undefined || !path.isAbsolute(file)) return false;
  try {
    return importsSome(text, (specifier) => {
      const target = resolveProjectModule(file, specifier);
      return target !== undefined && mayHoldClient(target);
    });
  } catch {
    return false; // a file system error on the way: no client known
  }
}

/** Whether `text` imports or requires a module for which `test(specifier)` holds. */
function importsSome(text: string, test: (specifier: string) => boolean): boolean {
  for (const [, specifier] of text.matchAll(IMPORTED_SPECIFIER)) if (test(specifier!)) return true;
  return false;
}

/**
 * A cheap test by text, before a module is parsed: it imports a client package, or passes on (see
 * `client-pass-on.ts`) a name it imports from a module that does, within one hop. Most modules an
 * application imports hold no client, and reading their text costs far less than parsing them.
 */
export function mayHoldClient(file: string, hops = 0): boolean {
  const mtimeMs = getFileStamp(file)?.mtimeMs;
  if (mtimeMs === undefined) return false;
  const cached = mayHoldByFile.get(file);
  if (cached?.mtimeMs === mtimeMs && cached.hops <= hops) return cached.result;
  mayHoldByFile.set(file, { mtimeMs, hops, result: false }); // an import cycle adds nothing
  let result = false;
  try {
    const text = readFileSync(file, 'utf8');
    result = CLIENT_MODULE_MENTION.test(text);
    if (!result && hops < MAX_TEXT_HOPS) {
      const holdsClient = (specifier: string) => {
        const target = resolveProjectModule(file, specifier);
        return target !== undefined && mayHoldClient(target, hops + 1);
      };
      // A client another module holds reaches this one's exports only if this module passes it on;
      // most modules import none, which one scan of their imports tells before how names are used is read.
      result = importsSome(text, holdsClient) && passesOnImportedClient(text, holdsClient);
    }
  } catch {
    result = false;
  }
  mayHoldByFile.set(file, { mtimeMs, hops, result });
  return result;
}

/** The file's modification time, or `undefined` when it cannot be read. */
export function getModificationTime(file: string): number | undefined {
  return getFileStamp(file)?.mtimeMs;
}

interface CachedModule {
  readonly mtimeMs: number;
  readonly sourceCode: Readonly<SourceCode> | undefined;
}

const modules = new Map<string, CachedModule>();
/** Parsed modules kept at most (each holds its tree and scopes). */
const MAX_CACHED_MODULES = 64;

/** The parsed file, or `undefined` when it cannot be read or parsed. */
export function loadProjectModule(file: string): Readonly<SourceCode> | undefined {
  const stamp = getFileStamp(file);
  if (!stamp) return undefined;
  const { mtimeMs, size } = stamp;
  const cached = modules.get(file);
  const sourceCode = cached?.mtimeMs === mtimeMs ? cached.sourceCode : size > MAX_FILE_BYTES ? undefined : parseModule(file);
  // Least recently used first: a module many files import stays parsed.
  modules.delete(file);
  modules.set(file, { mtimeMs, sourceCode });
  if (modules.size > MAX_CACHED_MODULES) modules.delete(modules.keys().next().value!);
  return sourceCode;
}

function parseModule(file: string): Readonly<SourceCode> | undefined {
  try {
    const sourceCode = parseModuleText(file, readFileSync(file, 'utf8'));
    if (sourceCode) rememberSourceFile(sourceCode, file);
    return sourceCode;
  } catch {
    return undefined;
  }
}
