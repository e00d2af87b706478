import tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import type { ExportRequest } from '../../src/fixes/module-imports';
import { bindModuleExport } from '../../src/fixes/module-imports';

type Request = Partial<Omit<ExportRequest, 'usedAt'>>;

/** Binds `LRUCache` from lru-cache where the file's last statement is, and returns the name and the file with the edits applied. */
function bind(code: string, request: Request = {}, filename = 'file.ts'): { name: string; output: string } | { reason: string } {
  let result: { name: string; output: string } | { reason: string } | undefined;
  const rule = {
    create(context: { sourceCode: SourceCode }) {
      return {
        'Program:exit'(program: TSESTree.Program) {
          const outcome = bindModuleExport(context.sourceCode, {
            modules: ['lru-cache'],
            exportName: 'LRUCache',
            filename,
            mayAddImport: true,
            ...request,
            usedAt: program.body.at(-1)!,
          });
          if (!outcome.ok) {
            result = { reason: outcome.reason };
            return;
          }
          let output = context.sourceCode.text;
          for (const edit of [...outcome.value.edits].sort((a, b) => b.start - a.start)) output = output.slice(0, edit.start) + edit.text + output.slice(edit.end);
          result = { name: outcome.value.name, output };
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts', '**/*.js', '**/*.cjs'], languageOptions: { parser: tsParser as Linter.Parser }, plugins: { t: { rules: { bind: rule as never } } }, rules: { 't/bind': 'error' } }],
    filename,
  );
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  return result!;
}

describe('bindModuleExport', () => {
  it('reuses a named import, an alias, a destructured require and a namespace', () => {
    expect(bind("import { LRUCache } from 'lru-cache';\nnew LRUCache({ max: 1 });")).toMatchObject({ name: 'LRUCache', output: "import { LRUCache } from 'lru-cache';\nnew LRUCache({ max: 1 });" });
    expect(bind("import { LRUCache as LRU } from 'lru-cache';\nx;")).toMatchObject({ name: 'LRU' });
    expect(bind("const { LRUCache: LRU } = require('lru-cache');\nx;", {}, 'file.js')).toMatchObject({ name: 'LRU' });
    expect(bind("import * as lru from 'lru-cache';\nx;")).toMatchObject({ name: 'lru.LRUCache' });
    expect(bind("import lru = require('lru-cache');\nx;")).toMatchObject({ name: 'lru.LRUCache' });
  });

  it('drops the type keyword of a type-only import of the name', () => {
    expect(bind("import type { LRUCache } from 'lru-cache';\nx;")).toEqual({ name: 'LRUCache', output: "import { LRUCache } from 'lru-cache';\nx;" });
    expect(bind("import { type LRUCache } from 'lru-cache';\nx;")).toEqual({ name: 'LRUCache', output: "import { LRUCache } from 'lru-cache';\nx;" });
  });

  it('appends the name to an import or a destructured require of the module, in its layout', () => {
    expect(bind("import { Other } from 'lru-cache';\nx;")).toEqual({ name: 'LRUCache', output: "import { Other, LRUCache } from 'lru-cache';\nx;" });
    expect(bind("import {\n  Other,\n} from 'lru-cache';\nx;")).toEqual({ name: 'LRUCache', output: "import {\n  Other,\n  LRUCache,\n} from 'lru-cache';\nx;" });
    expect(bind("const { Other } = require('lru-cache');\nx;", {}, 'file.js')).toEqual({
      name: 'LRUCache',
      output: "const { Other, LRUCache } = require('lru-cache');\nx;",
    });
  });

  it('adds an import next to a type-only import that lacks the name', () => {
    expect(bind("import type { Other } from 'lru-cache';\nx;", { mayAddImport: false })).toEqual({
      name: 'LRUCache',
      output: "import type { Other } from 'lru-cache';\nimport { LRUCache } from 'lru-cache';\nx;",
    });
  });

  it('adds a new import after the last one, in the file quotes and semicolons', () => {
    expect(bind('import a from "a"\nx')).toEqual({ name: 'LRUCache', output: 'import a from "a"\nimport { LRUCache } from "lru-cache"\nx' });
  });

  it('adds a require in a CommonJS file, before the first use, and an import at the top below a file header', () => {
    expect(bind("'use strict';\nconst a = require('a');\nx;", {}, 'file.cjs')).toEqual({
      name: 'LRUCache',
      output: "'use strict';\nconst a = require('a');\nconst { LRUCache } = require('lru-cache');\nx;",
    });
    expect(bind('// header\n\n// about x\nx;')).toEqual({ name: 'LRUCache', output: "// header\n\nimport { LRUCache } from 'lru-cache';\n\n// about x\nx;" });
  });

  it('declines when the name means something else, or when no import may be added', () => {
    expect(bind('class LRUCache {}\nx;')).toEqual({ reason: 'the fix needs `LRUCache`, but that name already means something else here' });
    expect(bind('x;', { mayAddImport: false })).toMatchObject({ reason: expect.stringContaining('has no import of it') as string });
  });
});
