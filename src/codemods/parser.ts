import path from 'node:path';

export type CodemodParser = 'babel' | 'ts' | 'tsx';

/**
 * The jscodeshift parser for a file, by its extension: `ts` for `.ts`/`.mts`/`.cts`
 * (where `<T>value` is a type assertion), `tsx` for `.tsx`, `babel` for JavaScript.
 */
export function getParserForPath(filePath: string): CodemodParser {
  const extension = path.extname(filePath).toLowerCase();
  if (extension === '.tsx') return 'tsx';
  if (extension === '.ts' || extension === '.mts' || extension === '.cts') return 'ts';
  return 'babel';
}
