import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSpecifiers, scanSpecifiers } from '../../src/analysis/import-scan';

const scan = (text: string) => {
  const bytes = Buffer.from(text);
  return scanSpecifiers(bytes, bytes.length);
};

describe('scanSpecifiers', () => {
  it('reads every way a module names another, in the order written', () => {
    const text = [
      "import Redis from 'ioredis';",
      'import { a } from "./a";',
      "import './side-effect';",
      "const b = require ( './b' );",
      'export * from `./c`;',
      "const lazy = await import('./lazy');",
      "export { d } from'./d';",
    ].join('\n');
    expect(scan(text)).toEqual(['ioredis', './a', './side-effect', './b', './c', './lazy', './d']);
  });

  it('keeps a specifier written twice as often as it is written', () => {
    expect(scan("import a from './x';\nimport b from './x';")).toEqual(['./x', './x']);
  });

  it('takes a keyword only at the start of a word', () => {
    expect(scan("xfrom './a'; myrequire('./b'); reimport('./c'); _from './e'")).toEqual([]);
    // `$` is no word character for `\b` either.
    expect(scan("$import('./d')")).toEqual(['./d']);
    // A byte of a non-ASCII character is no word character, as for `\b` without the `u` flag.
    expect(scan("éfrom './a'")).toEqual(['./a']);
  });

  it('needs a quote right after the keyword, past white space', () => {
    expect(scan("fromJSON('./a'); require.resolve('./b'); import.meta.url; require(path)")).toEqual([]);
    expect(scan("from\n\t  './a'")).toEqual(['./a']);
  });

  it('reads on after the end of a match, as a global regular expression does', () => {
    // `import` inside the first specifier was taken by the match of `from`.
    expect(scan("from 'import' ; from './b'")).toEqual(['import', './b']);
  });

  it('takes 1 to 200 characters without quotes or white space, closed by any quote', () => {
    expect(scan("from ''")).toEqual([]);
    expect(scan("from './a b'")).toEqual([]);
    expect(scan("from './a\"")).toEqual(['./a']);
    expect(scan(`from '${'x'.repeat(200)}'`)).toEqual(['x'.repeat(200)]);
    expect(scan(`from '${'x'.repeat(201)}'`)).toEqual([]);
    // Characters, not bytes: 200 two-byte characters are one specifier.
    expect(scan(`from '${'é'.repeat(200)}'`)).toEqual(['é'.repeat(200)]);
    expect(scan("from './unclosed")).toEqual([]);
  });

  it('reads only the bytes it is given', () => {
    const bytes = Buffer.from("import a from './a';import b from './b';");
    expect(scanSpecifiers(bytes, 20)).toEqual(['./a']);
  });
});

describe('readFileSpecifiers', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'import-scan-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads the bytes the file was stamped with, and nothing of a missing file or a folder', () => {
    const file = path.join(folder, 'module.ts');
    const text = "import Redis from 'ioredis';\nexport { a } from './a';\n";
    writeFileSync(file, text);
    expect(readFileSpecifiers(file, text.length)).toEqual(['ioredis', './a']);
    // Grown since its stamp: the bytes stamped; shrunk: the bytes there are.
    expect(readFileSpecifiers(file, text.indexOf('export'))).toEqual(['ioredis']);
    expect(readFileSpecifiers(file, text.length + 100)).toEqual(['ioredis', './a']);
    expect(readFileSpecifiers(path.join(folder, 'missing.ts'), 1024)).toBeUndefined();
    expect(readFileSpecifiers(folder, 1024)).toBeUndefined();
  });
});
