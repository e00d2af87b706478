import type { ESLint, Linter } from 'eslint';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

/** The OASIS Standard schema of SARIF 2.1.0 (errata 01), which the log declares it follows. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The command's home page; the command reaches the plugin only through its package, so this repeats the plugin's repository URL. */
const INFORMATION_URI = 'https://github.com/eslint-plugin-redis-leaks/eslint-plugin-redis-leaks';

/** The base URI id every artifact under the working folder is relative to. */
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

const LEVELS: Record<number, Level> = { 2: 'error', 1: 'warning' };

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

interface Region {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

interface Location {
  physicalLocation: { artifactLocation: ArtifactLocation; region?: Region };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: Location[];
  suppressions?: { kind: 'inSource' | 'external'; justification?: string }[];
}

interface Notification {
  level: Level;
  message: { text: string };
  locations: Location[];
}

/**
 * The SARIF 2.1.0 log of a `redis-leaks check` run (`--format sarif`), as JSON text: one run whose
 * driver lists the rules that reported, one result per finding (suppressed ones included, marked
 * with their suppression), and every linted file as an artifact, addressed relative to `cwd`
 * (`%SRCROOT%`). Problems that belong to no rule, such as a file that does not parse, are tool
 * execution notifications rather than results.
 */
export function formatSarif(results: readonly ESLint.LintResult[], rulesMeta: ESLint.LintResultData['rulesMeta'], cwd: string): string {
  const messages = results.map((result) => [...result.messages, ...result.suppressedMessages].sort(byPosition));
  const ruleIds = [...new Set(messages.flat().flatMap((message) => message.ruleId ?? []))].sort();
  const ruleIndex = new Map(ruleIds.map((ruleId, index) => [ruleId, index]));
  const ruleLevel = new Map<string, Level>();
  const sarifResults: SarifResult[] = [];
  const notifications: Notification[] = [];

  results.forEach((result, index) => {
    const artifactLocation = { ...getArtifactLocation(result.filePath, cwd), index };
    for (const message of messages[index]!) {
      const level = message.fatal ? 'error' : (LEVELS[message.severity] ?? 'note');
      const locations = [{ physicalLocation: { artifactLocation, ...optional('region', getRegion(message)) } }];
      if (message.ruleId === null) {
        notifications.push({ level, message: { text: message.message }, locations });
        continue;
      }
      if (level === 'error' || !ruleLevel.has(message.ruleId)) ruleLevel.set(message.ruleId, level);
      sarifResults.push({
        ruleId: message.ruleId,
        ruleIndex: ruleIndex.get(message.ruleId)!,
        level,
        message: { text: message.message },
        locations,
        ...optional('suppressions', 'suppressions' in message ? (message as Linter.SuppressedLintMessage).suppressions.map(toSarifSuppression) : undefined),
      });
    }
  });

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'redis-leaks',
            informationUri: INFORMATION_URI,
            version,
            semanticVersion: version,
            rules: ruleIds.map((ruleId) => {
              const docs = rulesMeta[ruleId]?.docs;
              return {
                id: ruleId,
                ...optional('shortDescription', docs?.description ? { text: docs.description } : undefined),
                ...optional('helpUri', docs?.url),
                defaultConfiguration: { level: ruleLevel.get(ruleId)! },
              };
            }),
          },
        },
        // The run completed even when a file did not parse: its error-level notification tells
        // consumers the results may be incomplete (SARIF 2.1.0, 3.20.14 and 3.20.21).
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { [SRCROOT]: { uri: getDirectoryUri(cwd) } },
        artifacts: results.map((result) => ({ location: getArtifactLocation(result.filePath, cwd), roles: ['analysisTarget'] })),
        results: sarifResults,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * Where a linted file is: a URI relative to `%SRCROOT%` for a file under `cwd`, each path segment
 * percent-encoded (spaces, `#`, `%`, non-ASCII) and joined with `/`; a `file://` URI otherwise.
 */
function getArtifactLocation(filePath: string, cwd: string): ArtifactLocation {
  const absolute = path.resolve(cwd, filePath);
  const relative = path.relative(cwd, absolute);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(absolute).href };
  }
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** The `file://` URI of a folder, with the trailing slash a base URI needs. */
function getDirectoryUri(directory: string): string {
  const uri = pathToFileURL(path.resolve(directory)).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * ESLint's position as a SARIF region. Both count lines and columns from 1, columns in UTF-16
 * code units, and both end columns point just past the region. Parts ESLint leaves out are left out.
 */
function getRegion(message: Linter.LintMessage): Region | undefined {
  if (!(message.line >= 1)) return undefined;
  const hasColumn = message.column >= 1;
  const hasEnd = message.endLine !== undefined && message.endLine >= message.line;
  return {
    startLine: message.line,
    ...optional('startColumn', hasColumn ? message.column : undefined),
    ...optional('endLine', hasEnd ? message.endLine : undefined),
    ...optional('endColumn', hasColumn && hasEnd && message.endColumn !== undefined && message.endColumn >= 1 ? message.endColumn : undefined),
  };
}

/** An `eslint-disable` comment is a suppression in the source; anything else (a suppressions file) is external. */
function toSarifSuppression(suppression: Linter.LintSuppression): NonNullable<SarifResult['suppressions']>[number] {
  return { kind: suppression.kind === 'directive' ? 'inSource' : 'external', ...optional('justification', suppression.justification || undefined) };
}

function byPosition(a: Linter.LintMessage, b: Linter.LintMessage): number {
  return a.line - b.line || a.column - b.column;
}

/** `{ [key]: value }`, or nothing when the value is `undefined`, for spreading into an object. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
