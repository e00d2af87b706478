import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';

/*
 * The file each SourceCode was read from, for analyses that are given only the SourceCode and
 * must resolve an import of it: the file ESLint lints (registered by getClientAnalysis) and the
 * project modules the rules parse (registered by loadProjectModule).
 */

const files = new WeakMap<object, string>();

export function rememberSourceFile(sourceCode: Readonly<SourceCode>, file: string): void {
  files.set(sourceCode, file);
}

export function getSourceFile(sourceCode: Readonly<SourceCode>): string | undefined {
  return files.get(sourceCode);
}
