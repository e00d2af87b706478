import { closeSync, openSync, readSync } from 'node:fs';

/*
 * The modules a file imports, read from its bytes without making a string of its text. The rules
 * read the imports of every module that a linted file imports (thousands per run), and most of
 * those they never parse: the imports are all they need of it, so only the specifiers are decoded.
 *
 * The scan gives what `IMPORTED_SPECIFIER` (project-modules.ts) gives on the text, in order:
 * `from 'x'`, `require('x')`, `import 'x'`, `import('x')`, each keyword at a word start, the
 * specifier 1 to 200 characters without quotes or white space.
 */

const FROM = Buffer.from('from');
const REQUIRE = Buffer.from('require');
const IMPORT = Buffer.from('import');
const MAX_SPECIFIER_CHARS = 200;

/** One buffer for every read, grown to the largest file read. */
let buffer = Buffer.allocUnsafe(64 * 1024);

/**
 * The specifiers `file` imports, in the order written (repeats kept), reading the `size` bytes its
 * stamp gave (`undefined`: it cannot be read).
 */
export function readFileSpecifiers(file: string, size: number): string[] | undefined {
  if (buffer.length < size) buffer = Buffer.allocUnsafe(size);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, 'r');
    let length = 0;
    while (length < size) {
      const read = readSync(descriptor, buffer, length, size - length, null);
      if (read === 0) break; // shorter now than when stamped: what is there
      length += read;
    }
    return scanSpecifiers(buffer, length);
  } catch {
    return undefined; // unreadable: no client known
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** The specifiers in the first `length` bytes of `bytes` (UTF-8, or its ASCII subset). */
export function scanSpecifiers(bytes: Buffer, length: number): string[] {
  const specifiers: string[] = [];
  const view = bytes.subarray(0, length);
  const next = { from: view.indexOf(FROM), require: view.indexOf(REQUIRE), import: view.indexOf(IMPORT) };
  let position = 0;
  for (;;) {
    // The earliest keyword at or after `position`, as the regular expression finds it.
    if (next.from !== -1 && next.from < position) next.from = view.indexOf(FROM, position);
    if (next.require !== -1 && next.require < position) next.require = view.indexOf(REQUIRE, position);
    if (next.import !== -1 && next.import < position) next.import = view.indexOf(IMPORT, position);
    const at = Math.min(...[next.from, next.require, next.import].filter((index) => index !== -1));
    if (!Number.isFinite(at)) return specifiers;
    const keyword = at === next.from ? 'from' : at === next.require ? 'require' : 'import';
    const match = at > 0 && isWordByte(view[at - 1]!) ? undefined : matchSpecifier(view, at + keyword.length, keyword);
    if (match) {
      specifiers.push(match.specifier);
      position = match.end;
    } else {
      position = at + 1;
    }
  }
}

function matchSpecifier(view: Buffer, start: number, keyword: 'from' | 'require' | 'import'): { specifier: string; end: number } | undefined {
  let index = skipSpace(view, start);
  if (keyword === 'require' || (keyword === 'import' && view[index] === OPEN_PARENTHESIS)) {
    if (view[index] !== OPEN_PARENTHESIS) return undefined;
    index = skipSpace(view, index + 1);
  }
  if (!isQuote(view[index])) return undefined;
  const first = index + 1;
  let characters = 0;
  let end = first;
  for (; end < view.length; end++) {
    const byte = view[end]!;
    if (isQuote(byte) || isSpace(byte)) break;
    // A UTF-8 continuation byte is part of the character before it.
    if ((byte & 0xc0) !== 0x80 && ++characters > MAX_SPECIFIER_CHARS) return undefined;
  }
  if (characters === 0 || end >= view.length || !isQuote(view[end])) return undefined;
  return { specifier: view.toString('utf8', first, end), end: end + 1 };
}

const OPEN_PARENTHESIS = 0x28;

function skipSpace(view: Buffer, index: number): number {
  while (index < view.length && isSpace(view[index]!)) index++;
  return index;
}

/** ASCII white space: what `\s` matches below 0x80. */
function isSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

function isQuote(byte: number | undefined): boolean {
  return byte === 0x27 || byte === 0x22 || byte === 0x60;
}

/** `\w` in a regular expression without the `u` flag: ASCII letters, digits and `_`. */
function isWordByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x5f;
}
