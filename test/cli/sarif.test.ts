import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ESLint } from 'eslint';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import tseslint from 'typescript-eslint';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import plugin from '../../src';
import { formatSarif } from '../../src/cli/sarif';
import { CACHE, CLEAN, LEAK } from '../samples';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'packages', 'redis-leaks', 'dist', 'cli', 'bin.js');
const SCHEMA_FILE = path.join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');

const SUPPRESSED = `import { Redis } from 'ioredis';
export async function readOnce(url: string) {
  // eslint-disable-next-line redis-leaks/no-unclosed-client
  const client = new Redis(url);
  return client.get('k');
}
export async function readTwice(url: string) {
  // eslint-disable-next-line redis-leaks/no-unclosed-client -- the caller quits it
  const client = new Redis(url);
  return client.get('k');
}
export async function readThrice(url: string) {
  const client = new Redis(url);
  return client.get('k');
}
`;

/** The parts of a SARIF log these tests read. */
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; informationUri: string; semanticVersion: string; rules: SarifRule[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    artifacts: { location: SarifArtifactLocation }[];
    results: SarifResult[];
  }[];
}
interface SarifRule {
  id: string;
  shortDescription?: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
}
interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}
interface SarifLocation {
  physicalLocation: { artifactLocation: SarifArtifactLocation; region?: Record<string, number> };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  suppressions?: { kind: string; justification?: string }[];
}
interface SarifNotification {
  level: string;
  message: { text: string };
  locations: SarifLocation[];
}

const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

let project: string;

beforeEach(() => {
  project = mkdtempSync(path.join(tmpdir(), 'redis-leaks-sarif-'));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), text);
}

/** Lints the project with the recommended preset, as `redis-leaks check` does, and returns the SARIF log. */
async function lintToSarif(cwd = project): Promise<{ text: string; results: ESLint.LintResult[] }> {
  const eslint = new ESLint({
    cwd: project,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, plugin.configs.recommended as never],
  });
  const results = await eslint.lintFiles(['.']);
  return { text: formatSarif(results, eslint.getRulesMetaForResults(results), cwd), results };
}

/** Parses the log and checks it against the SARIF 2.1.0 schema, listing every violation on failure. */
function parseValid(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  const valid = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return log;
}

/** Where a location points, as an absolute file path. */
function resolveLocation(log: SarifLog, location: SarifArtifactLocation): string {
  const base = location.uriBaseId ? log.runs[0]!.originalUriBaseIds[location.uriBaseId]!.uri : undefined;
  return fileURLToPath(new URL(location.uri, base));
}

const docs = (name: keyof typeof plugin.rules) => plugin.rules[name].meta.docs!;

describe('the SARIF schema fixture', () => {
  it('is the SARIF 2.1.0 schema from OASIS, draft-07', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toBe('https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json');
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
  });

  it('rejects logs that break it, so a passing validation means something', () => {
    const broken = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'redis-leaks' } },
          results: [
            {
              message: { text: 'x' },
              level: 'fatal',
              locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a b.ts' }, region: { startLine: 0 } } }],
            },
          ],
        },
      ],
    };
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map((error) => error.instancePath)).toEqual(
      expect.arrayContaining([
        '/runs/0/results/0/level',
        '/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri',
        '/runs/0/results/0/locations/0/physicalLocation/region/startLine',
      ]),
    );
  });
});

describe('formatSarif', () => {
  it('describes a run with findings: tool, rules, results with levels and positions, artifacts', async () => {
    write('src/leak.ts', LEAK);
    write('src/cache.ts', CACHE);
    write('src/clean.ts', CLEAN);
    const log = parseValid((await lintToSarif()).text);

    expect(log.$schema).toBe('https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run!.tool.driver).toMatchObject({
      name: 'redis-leaks',
      informationUri: 'https://github.com/eslint-plugin-redis-leaks/eslint-plugin-redis-leaks',
      semanticVersion: version,
    });
    expect(run!.tool.driver.rules).toEqual([
      {
        id: 'redis-leaks/no-unbounded-cache',
        shortDescription: { text: docs('no-unbounded-cache').description },
        helpUri: docs('no-unbounded-cache').url,
        defaultConfiguration: { level: 'warning' },
      },
      {
        id: 'redis-leaks/no-unclosed-client',
        shortDescription: { text: docs('no-unclosed-client').description },
        helpUri: docs('no-unclosed-client').url,
        defaultConfiguration: { level: 'error' },
      },
    ]);
    expect(run!.tool.driver.rules[1]!.helpUri).toMatch(/\/docs\/rules\/no-unclosed-client\.md$/);

    expect(run!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(project).href}/` } });
    expect(run!.artifacts.map((artifact) => artifact.location.uri).sort()).toEqual(['src/cache.ts', 'src/clean.ts', 'src/leak.ts']);
    expect(run!.artifacts.every((artifact) => artifact.location.uriBaseId === '%SRCROOT%')).toBe(true);

    const results = [...run!.results].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
    expect(results.map((result) => [result.ruleId, result.ruleIndex, result.level, result.locations[0]!.physicalLocation])).toEqual([
      [
        'redis-leaks/no-unbounded-cache',
        0,
        'warning',
        {
          artifactLocation: { uri: 'src/cache.ts', uriBaseId: '%SRCROOT%', index: expect.any(Number) as number },
          region: { startLine: 1, startColumn: 7, endLine: 1, endColumn: 31 },
        },
      ],
      [
        'redis-leaks/no-unclosed-client',
        1,
        'error',
        {
          artifactLocation: { uri: 'src/leak.ts', uriBaseId: '%SRCROOT%', index: expect.any(Number) as number },
          region: { startLine: 3, startColumn: 18, endLine: 3, endColumn: 32 },
        },
      ],
    ]);
    expect(results[1]!.message.text).toContain('`client`');
    for (const result of results) {
      const { artifactLocation } = result.locations[0]!.physicalLocation;
      expect(run!.artifacts[artifactLocation.index!]!.location.uri).toBe(artifactLocation.uri);
      expect(run!.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      expect(result.suppressions).toBeUndefined();
    }
    expect(resolveLocation(log, results[1]!.locations[0]!.physicalLocation.artifactLocation)).toBe(path.join(project, 'src', 'leak.ts'));
    expect(run!.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it('describes a clean run, and a run that linted nothing', async () => {
    write('src/clean.ts', CLEAN);
    const [run] = parseValid((await lintToSarif()).text).runs;
    expect(run!.results).toEqual([]);
    expect(run!.tool.driver.rules).toEqual([]);
    expect(run!.artifacts).toEqual([{ location: { uri: 'src/clean.ts', uriBaseId: '%SRCROOT%' }, roles: ['analysisTarget'] }]);
    expect(run!.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);

    const [empty] = parseValid(formatSarif([], {}, project)).runs;
    expect(empty!.results).toEqual([]);
    expect(empty!.artifacts).toEqual([]);
  });

  it('reports a file that does not parse as a tool execution notification, not a result', async () => {
    write('src/broken.ts', 'export const = ;\n');
    write('src/leak.ts', LEAK);
    const [run] = parseValid((await lintToSarif()).text).runs;
    expect(run!.results.map((result) => [result.ruleId, result.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([
      ['redis-leaks/no-unclosed-client', 'src/leak.ts'],
    ]);
    expect(run!.invocations).toHaveLength(1);
    const [invocation] = run!.invocations;
    expect(invocation!.executionSuccessful).toBe(true);
    expect(invocation!.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: expect.stringMatching(/^Parsing error: /) as string },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'src/broken.ts', uriBaseId: '%SRCROOT%', index: expect.any(Number) as number },
              // The parser gives where it stopped, with no end: the region has no end either.
              region: { startLine: 1, startColumn: 13 },
            },
          },
        ],
      },
    ]);
    expect(run!.artifacts.map((artifact) => artifact.location.uri).sort()).toEqual(['src/broken.ts', 'src/leak.ts']);
  });

  it('keeps findings an eslint-disable comment suppresses, marked as suppressed in the source', async () => {
    write('src/suppressed.ts', SUPPRESSED);
    const [run] = parseValid((await lintToSarif()).text).runs;
    expect(
      run!.results.map((result) => [result.ruleId, result.level, result.locations[0]!.physicalLocation.region!.startLine, result.suppressions]),
    ).toEqual([
      ['redis-leaks/no-unclosed-client', 'error', 4, [{ kind: 'inSource' }]],
      ['redis-leaks/no-unclosed-client', 'error', 9, [{ kind: 'inSource', justification: 'the caller quits it' }]],
      ['redis-leaks/no-unclosed-client', 'error', 13, undefined],
    ]);
  });

  it('percent-encodes paths with spaces, #, % and non-ASCII characters, with forward slashes', async () => {
    rmSync(project, { recursive: true, force: true });
    project = mkdtempSync(path.join(tmpdir(), 'redis leaks sarif ü '));
    write('src/my dir #1/naïve 日本 100%.ts', LEAK);
    const log = parseValid((await lintToSarif()).text);
    const [run] = log.runs;
    const base = run!.originalUriBaseIds['%SRCROOT%']!.uri;
    expect(base).toBe(`${pathToFileURL(project).href}/`);
    expect(base).toMatch(/^file:\/\/\/.*redis%20leaks%20sarif%20%C3%BC%20[^/]*\/$/);

    const uri = 'src/my%20dir%20%231/na%C3%AFve%20%E6%97%A5%E6%9C%AC%20100%25.ts';
    expect(run!.artifacts.map((artifact) => artifact.location)).toEqual([{ uri, uriBaseId: '%SRCROOT%' }]);
    const { artifactLocation } = run!.results[0]!.locations[0]!.physicalLocation;
    expect(artifactLocation).toEqual({ uri, uriBaseId: '%SRCROOT%', index: 0 });
    expect(resolveLocation(log, artifactLocation)).toBe(path.join(project, 'src', 'my dir #1', 'naïve 日本 100%.ts'));
  });

  it('gives a file outside the working folder as an absolute file URI', async () => {
    write('lib/leak.ts', LEAK);
    const { results } = await lintToSarif();
    const cwd = path.join(project, 'app');
    const log = parseValid(formatSarif(results, {}, cwd));
    const { artifactLocation } = log.runs[0]!.results[0]!.locations[0]!.physicalLocation;
    expect(artifactLocation).toEqual({ uri: pathToFileURL(path.join(project, 'lib', 'leak.ts')).href, index: 0 });
    expect(log.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`${pathToFileURL(cwd).href}/`);
    // Without rule meta a rule is still listed, by id alone.
    expect(log.runs[0]!.tool.driver.rules).toEqual([{ id: 'redis-leaks/no-unclosed-client', defaultConfiguration: { level: 'error' } }]);
  });
});

describe('redis-leaks check --format sarif (built command)', () => {
  it('prints a valid SARIF log of the folder it is given, relative to where it runs', () => {
    expect(existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`).toBe(true);
    write('src/api #2/leak é.ts', LEAK);
    write('src/broken.ts', 'export const = ;\n');
    write('src/clean.ts', CLEAN);
    const { status, stdout, stderr } = spawnSync(process.execPath, [CLI, 'check', '--format', 'sarif', 'src'], { cwd: project, encoding: 'utf8' });
    expect(stderr).toBe('redis-leaks check: 3 files linted with the built-in recommended preset (no ESLint config found)\n');
    expect(status).toBe(1);
    const log = parseValid(stdout);
    const [run] = log.runs;
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'packages', 'redis-leaks', 'package.json'), 'utf8')) as { version: string };
    expect(run!.tool.driver.semanticVersion).toBe(version);
    expect(run!.results.map((result) => [result.ruleId, result.level, result.locations[0]!.physicalLocation])).toEqual([
      [
        'redis-leaks/no-unclosed-client',
        'error',
        {
          artifactLocation: { uri: 'src/api%20%232/leak%20%C3%A9.ts', uriBaseId: '%SRCROOT%', index: expect.any(Number) as number },
          region: { startLine: 3, startColumn: 18, endLine: 3, endColumn: 32 },
        },
      ],
    ]);
    expect(run!.invocations[0]!.toolExecutionNotifications.map((notification) => notification.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual([
      'src/broken.ts',
    ]);
    expect(run!.artifacts.map((artifact) => artifact.location.uri).sort()).toEqual(['src/api%20%232/leak%20%C3%A9.ts', 'src/broken.ts', 'src/clean.ts']);
    expect(run!.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`${pathToFileURL(project).href}/`);
  });
});
