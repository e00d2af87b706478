import path from 'node:path';
import { Project, ts } from 'ts-morph';

export interface TypeRegression {
  readonly file: string;
  /** The first type error the rewrite added, as `line: message`. */
  readonly error: string;
}

const TYPESCRIPT_FILE = /\.(?:[cm]?ts|tsx)$/;

/**
 * The ts-morph gate: type-checks each rewritten TypeScript file before and after its
 * rewrite, with the project's tsconfig, and returns the files whose rewrite added a
 * type error (compared by code and message, so moved lines do not count).
 */
export function findTypeRegressions(tsconfigPath: string, changes: readonly { file: string; before: string; after: string }[]): TypeRegression[] {
  const candidates = changes.filter((change) => TYPESCRIPT_FILE.test(change.file));
  if (candidates.length === 0) return [];
  const project = new Project({ tsConfigFilePath: tsconfigPath, skipAddingFilesFromTsConfig: true });
  const regressions: TypeRegression[] = [];
  for (const change of candidates) {
    const sourceFile = project.createSourceFile(change.file, change.before, { overwrite: true });
    const before = describeErrors(sourceFile.getPreEmitDiagnostics());
    sourceFile.replaceWithText(change.after);
    const afterDiagnostics = sourceFile.getPreEmitDiagnostics();
    const added = afterDiagnostics.find((diagnostic) => {
      const key = describe(diagnostic);
      const count = before.get(key) ?? 0;
      if (count === 0) return true;
      before.set(key, count - 1);
      return false;
    });
    if (added) regressions.push({ file: change.file, error: `line ${added.getLineNumber() ?? 0}: TS${added.getCode()} ${flatten(added)}` });
    // Later files are checked against the text that will really be on disk.
    if (added) sourceFile.replaceWithText(change.before);
  }
  return regressions;
}

type Diagnostic = ReturnType<ReturnType<Project['createSourceFile']>['getPreEmitDiagnostics']>[number];

function describeErrors(diagnostics: readonly Diagnostic[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const diagnostic of diagnostics) counts.set(describe(diagnostic), (counts.get(describe(diagnostic)) ?? 0) + 1);
  return counts;
}

function describe(diagnostic: Diagnostic): string {
  return `TS${diagnostic.getCode()} ${flatten(diagnostic)}`;
}

function flatten(diagnostic: Diagnostic): string {
  // The compiler's own message (ts-morph wraps a message chain in an object of its own).
  return ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, ' ');
}

/**
 * The tsconfig.json that type-checks `file`: the nearest one above it, or, when that is a
 * solution-style config (`references`, its own files not including `file`), the referenced
 * project that includes it. Undefined when there is none.
 */
export function findTsconfigFor(file: string, findNearest: (from: string) => string | undefined): string | undefined {
  const root = findNearest(path.dirname(file));
  if (!root) return undefined;
  const nearest = path.join(root, 'tsconfig.json');
  const parsed = parseConfig(nearest);
  if (!parsed || parsed.fileNames.some((name) => path.resolve(name) === file) || !parsed.projectReferences?.length) return nearest;
  for (const reference of parsed.projectReferences) {
    const referenced = ts.resolveProjectReferencePath(reference);
    if (parseConfig(referenced)?.fileNames.some((name) => path.resolve(name) === file)) return referenced;
  }
  return nearest;
}

function parseConfig(configPath: string): ts.ParsedCommandLine | undefined {
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) return undefined;
  return ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath), undefined, configPath);
}
