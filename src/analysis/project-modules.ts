import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLIENT_MODULES } from '../redis';
import { passesOnImportedClient } from './client-pass-on';
import type { FileStamp, FilesAnswer } from './file-stamps';
import { getFileStamp, isAnswerCurrent } from './file-stamps';
import { readFileSpecifiers } from './import-scan';
import { parseModuleText } from './module-parser';
import { resolveProjectModule } from './module-resolution';
import { findKeptText } from './project-files';
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
/** `from 'x'`, `require('x')`, `import 'x'` and `import('x')`: the same statements `CLIENT_MODULE_MENTION` looks for. */
const IMPORTED_SPECIFIER = /(?:\bfrom|\brequire\s*\(|\bimport\s*\(?)\s*['"`]([^'"`\s]{1,200})['"`]/g;
const CLIENT_MODULE_NAMES: ReadonlySet<string> = new Set(CLIENT_MODULES);

/** What one scan of a module's text tells, kept per version of the file (its text is not kept). */
interface TextFacts {
  /** `NaN` for facts of a linted text not yet checked against the file on disk (`linted`). */
  readonly mtimeMs: number;
  readonly namesClientPackage: boolean;
  readonly specifiers: readonly string[];
  /** The linted text's size in bytes, and when it was linted. */
  readonly linted?: { readonly bytes: number; readonly at: number };
}

const textFactsByFile = new Map<string, TextFacts>();
/** Files whose text facts, and whose answers of {@link mayHoldClient}, are kept at most (a few hundred bytes each); the oldest go first. */
const MAX_TEXT_FACTS = 32_768;
/**
 * What {@link mayHoldClient} found for a version of a file, and the modules of the project its
 * imports named then, with their modification times: the answer holds while they keep them.
 */
interface HeldAnswer extends FilesAnswer {
  readonly mtimeMs: number;
  readonly hops: number;
  readonly result: boolean;
}
const mayHoldByFile = new Map<string, HeldAnswer>();
/** Answers are found again after half a minute, as resolutions are (module-resolution.ts): an import that named no file yet sees one created since. */
const ANSWER_TTL_MS = 30_000;

/**
 * Cheap test on a file's text: can it use a client? It names a client package, or (given its
 * path) imports a module of the project that may hold one ({@link mayHoldClient}).
 */
export function mayUseClient(text: string, file?: string): boolean {
  // One scan of the text finds both: whether it imports a client package, and what else it imports.
  const { namesClientPackage, specifiers } = readImportFacts(text);
  if (namesClientPackage) return true;
  if (file === undefined || !path.isAbsolute(file)) return false;
  try {
    keepFactsOfLintedText(file, { namesClientPackage, specifiers }, text);
    return specifiers.some((specifier) => {
      const target = resolveProjectModule(file, specifier);
      return target !== undefined && mayHoldClient(target);
    });
  } catch {
    return false; // a file system error on the way: no client known
  }
}

/**
 * Whether `text` imports a client package, and the other specifiers it imports, requires or
 * re-exports from, each once, as strings of their own: a match is a slice that keeps the whole
 * text alive as long as it is kept, and these are kept.
 */
function readImportFacts(text: string): Pick<TextFacts, 'namesClientPackage' | 'specifiers'> {
  // The whole matches, without a match object each: the specifier lies between the first quote and the last character.
  const statements = text.match(IMPORTED_SPECIFIER);
  return readFactsOfSpecifiers(statements?.map((statement) => statement.slice(statement.search(QUOTE) + 1, -1)) ?? []);
}

function readFactsOfSpecifiers(found: readonly string[]): Pick<TextFacts, 'namesClientPackage' | 'specifiers'> {
  const specifiers = new Set(found);
  const namesClientPackage = [...specifiers].some((specifier) => CLIENT_MODULE_NAMES.has(specifier));
  return { namesClientPackage, specifiers: namesClientPackage ? [] : [...specifiers].join('\n').split('\n') };
}

const QUOTE = /['"`]/;

/**
 * A cheap test by text, before a module is parsed: it imports a client package, or passes on (see
 * `client-pass-on.ts`) a name it imports from a module that does, within one hop. Most modules an
 * application imports hold no client, and reading their text costs far less than parsing them.
 * A file too large to be a hand-written module (a bundle, generated code) holds none here, as for
 * {@link loadProjectModule}.
 */
export function mayHoldClient(file: string, hops = 0): boolean {
  const facts = readTextFacts(file);
  if (!facts) return false;
  // The last hop reads the text's facts alone, whatever an earlier question with more hops left found.
  if (facts.namesClientPackage || hops >= MAX_TEXT_HOPS) return facts.namesClientPackage;
  const { mtimeMs } = facts;
  const now = Date.now();
  const cached = mayHoldByFile.get(file);
  if (cached?.mtimeMs === mtimeMs && cached.hops === hops && isAnswerCurrent(cached, now, ANSWER_TTL_MS)) return cached.result;
  const imported = new Map<string, number | undefined>();
  keepHeldAnswer(file, { mtimeMs, hops, result: false, files: imported, at: now, checkedAt: now }); // an import cycle adds nothing
  const holdsClient = (specifier: string) => {
    const target = resolveProjectModule(file, specifier);
    if (target === undefined) return false;
    const holds = mayHoldClient(target, hops + 1);
    imported.set(target, getModificationTime(target));
    return holds;
  };
  // A client another module holds reaches this one's exports only if this module passes it on;
  // most modules import none, which the kept list of their imports tells before the text is read again.
  const result = facts.specifiers.some(holdsClient) && passesOnImportedClient(readText(file, mtimeMs) ?? '', holdsClient);
  keepHeldAnswer(file, { mtimeMs, hops, result, files: imported, at: now, checkedAt: now });
  return result;
}

const NOTHING_READ: ReadonlyMap<string, number | undefined> = new Map();

/** The modules of the project that the kept answer of {@link mayHoldClient} for `file` read, with their modification times then. */
export function getModulesReadFor(file: string): ReadonlyMap<string, number | undefined> {
  return mayHoldByFile.get(file)?.files ?? NOTHING_READ;
}

function keepHeldAnswer(file: string, answer: HeldAnswer): void {
  mayHoldByFile.delete(file);
  mayHoldByFile.set(file, answer);
  if (mayHoldByFile.size > MAX_TEXT_FACTS) mayHoldByFile.delete(mayHoldByFile.keys().next().value!);
}

/**
 * The facts of a file being linted, read from the text ESLint gave, for the files that import it.
 * They are checked against the file on disk only when one of those asks ({@link readTextFacts}):
 * most linted files are imported by none, and a `stat` of each would cost more than it saves.
 */
function keepFactsOfLintedText(file: string, facts: Pick<TextFacts, 'namesClientPackage' | 'specifiers'>, text: string): void {
  if (!textFactsByFile.has(file)) keepTextFacts(file, { mtimeMs: Number.NaN, ...facts, linted: { bytes: Buffer.byteLength(text), at: Date.now() } });
}

/** The coarsest modification-time step of a common file system (FAT keeps two seconds). */
const MTIME_GRANULARITY_MS = 2000;

/**
 * Whether facts read from a linted text hold for the file on disk: it has the same size and was
 * last written well before the lint (an editor's unsaved buffer, or a file saved since, is read
 * again). "Well before": some file systems keep modification times to a second or two, so a file
 * saved just after the lint can carry a time just before it.
 */
function isLintedTextOnDisk(facts: TextFacts, stamp: FileStamp): boolean {
  return facts.linted !== undefined && stamp.isFile && stamp.size === facts.linted.bytes && stamp.mtimeMs < facts.linted.at - MTIME_GRANULARITY_MS;
}

function keepTextFacts(file: string, facts: TextFacts | undefined): void {
  textFactsByFile.delete(file);
  if (facts) textFactsByFile.set(file, facts);
  if (textFactsByFile.size > MAX_TEXT_FACTS) textFactsByFile.delete(textFactsByFile.keys().next().value!);
}

function readTextFacts(file: string): TextFacts | undefined {
  const stamp = getFileStamp(file);
  if (!stamp) return undefined;
  const cached = textFactsByFile.get(file);
  if (cached?.mtimeMs === stamp.mtimeMs) return cached;
  if (cached && isLintedTextOnDisk(cached, stamp)) {
    const facts = { mtimeMs: stamp.mtimeMs, namesClientPackage: cached.namesClientPackage, specifiers: cached.specifiers };
    keepTextFacts(file, facts);
    return facts;
  }
  const facts = readFactsOfFile(file, stamp);
  keepTextFacts(file, facts);
  return facts;
}

/** What `file` names and imports, from the text a project index holds, or else from its bytes on disk (`undefined`: unreadable or too large). */
function readFactsOfFile(file: string, { mtimeMs, size }: FileStamp): TextFacts | undefined {
  const kept = findKeptText(file, mtimeMs);
  if (kept !== undefined) return { mtimeMs, ...readImportFacts(kept) };
  const specifiers = size > MAX_FILE_BYTES ? undefined : readFileSpecifiers(file, size);
  return specifiers && { mtimeMs, ...readFactsOfSpecifiers(specifiers) };
}

/** The file's text, as a project index holds it or else from the disk (`undefined`: unreadable). */
function readText(file: string, mtimeMs: number): string | undefined {
  try {
    return findKeptText(file, mtimeMs) ?? readFileSync(file, 'utf8');
  } catch {
    return undefined; // unreadable: no client known
  }
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
