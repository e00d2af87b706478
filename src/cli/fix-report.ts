import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import plugin from 'eslint-plugin-redis-leaks';
import { CODEMODS } from '../codemods/registry';
import type { SkippedFile } from '../project/files';
import { displayPath } from '../project/files';
import type { FileLintSettings } from '../project/lint';
import { RULE_PREFIX } from '../project/lint';
import type { ProjectSettings } from '../project/settings';
import type { FileResult } from './file-job';

/*
 * The report of a `redis-leaks fix` run: built from its files' results, printed as the summary or
 * (`--json`) as it is.
 */

/** The machine-readable report of a `redis-leaks fix` run (`--json`), also the source of the printed summary. */
export interface FixReport {
  dry: boolean;
  /** Where the rule settings came from: the project's ESLint config, or the built-in preset. */
  config: string;
  /** The ESLint config files the settings or ignores came from, relative to the working folder; empty when none was used. */
  configFiles: string[];
  /** Files rewritten (or, with --dry, that would be), relative to the working folder. */
  changed: string[];
  files: { scanned: number; changed: number; unchanged: number; notParsed: number; skipped: number; failed: number };
  /** Findings fixed, per transform. */
  fixed: Record<string, number>;
  skipped: { file: string; reason: string }[];
  failed: { file: string; reason: string }[];
  /** Findings a transform could not fix safely: fix these by hand. */
  notFixed: { file: string; line: number; transform: string; reason: string }[];
  /**
   * Rules the rule settings turn on whose findings this run does not fix: no transform was
   * chosen for them (`no-unbounded-cache` without `--transform bound-cache`), or none exists
   * (`require-pool-release`, `no-timer-per-key`). `redis-leaks check` lists their findings.
   */
  notCovered: { rule: string; reason: string }[];
  /** Packages the rewritten code imports, each with the package.json files (nearest to the rewritten files) that do not declare it. */
  missingDependencies: { name: string; manifests: string[] }[];
  /** What the type gate checked (each file against its tsconfig) and could not; absent with --no-typecheck. */
  typecheck: { checked: { file: string; tsconfig: string }[]; unchecked: { file: string; reason: string }[] } | undefined;
}

/** `--dry` and `--print` write nothing: the summary says what the run would do. */
export function formatSummary(report: FixReport, shown: 'dry' | 'print' | undefined): string {
  const { files } = report;
  const lines = [
    '',
    `redis-leaks fix${shown ? ` --${shown} (nothing written)` : ''}: ${files.scanned} ${files.scanned === 1 ? 'file' : 'files'} scanned, ${files.changed} ${shown ? 'would change' : 'changed'}, ${files.unchanged} unchanged (${files.notParsed} not parsed: no client or Map/Set in them), ${files.skipped} skipped, ${files.failed} failed`,
    `findings ${shown ? 'it would fix' : 'fixed'}: ${Object.entries(report.fixed).map(([name, count]) => `${name} ${count}`).join(', ')}`,
    `rule settings: ${report.config}`,
  ];
  if (report.skipped.length > 0) lines.push('skipped:', ...report.skipped.map((entry) => `  ${entry.file}: ${entry.reason}`));
  if (report.failed.length > 0) lines.push('failed (left untouched):', ...report.failed.map((entry) => `  ${entry.file}: ${entry.reason}`));
  if (report.notFixed.length > 0) {
    lines.push('not fixed, fix these by hand:', ...report.notFixed.map((entry) => `  ${entry.file}:${entry.line} (${entry.transform}): ${entry.reason}`));
  }
  if (report.notCovered.length > 0) {
    lines.push(`not looked at: ${report.notCovered.map((entry) => `${entry.rule} (${entry.reason})`).join(', ')}; \`redis-leaks check\` lists their findings`);
  }
  lines.push(describeTypeCheck(report.typecheck));
  for (const { name, manifests } of report.missingDependencies) {
    const where = manifests.length > 0 ? `not listed in ${manifests.join(', ')}` : 'no package.json above the rewritten files';
    lines.push(`note: the rewritten code imports ${name} (${where}): npm install ${name}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeTypeCheck(typecheck: FixReport['typecheck']): string {
  if (!typecheck) return 'type check: off (--no-typecheck)';
  const { checked, unchecked } = typecheck;
  if (checked.length === 0 && unchecked.length === 0) return 'type check: no TypeScript file was rewritten';
  const configs = [...new Set(checked.map((entry) => entry.tsconfig))];
  const parts = [];
  if (checked.length > 0) parts.push(`${checked.length} rewritten file${checked.length === 1 ? '' : 's'} checked against ${configs.join(', ')}`);
  if (unchecked.length > 0) parts.push(`not checked: ${unchecked.map((entry) => `${entry.file} (${entry.reason})`).join(', ')}`);
  return `type check: ${parts.join('; ')}`;
}

/** Which rewritten files the type gate checked, against which tsconfig, and which it could not. */
export interface TypeGateOutcome {
  readonly checked: { file: string; tsconfig: string }[];
  readonly unchecked: { file: string; reason: string }[];
}

/** What a run needs told besides its files' results. */
export interface ReportContext {
  readonly skipped: readonly SkippedFile[];
  readonly dry: boolean;
  readonly transforms: readonly string[];
  readonly cwd: string;
  readonly settings: Pick<ProjectSettings, 'origin' | 'configFiles' | 'files'>;
  /** Undefined with --no-typecheck. */
  readonly gate: TypeGateOutcome | undefined;
}

/** The report of a run, from its files' results. */
export function buildReport(results: readonly FileResult[], { skipped, dry, transforms, cwd, settings, gate }: ReportContext): FixReport {
  const count = (status: FileResult['status']) => results.filter((result) => result.status === status).length;
  const fixed: Record<string, number> = Object.fromEntries(transforms.map((name) => [name, 0]));
  for (const result of results) {
    if (result.status !== 'changed') continue;
    for (const [name, n] of Object.entries(result.fixed)) fixed[name] = (fixed[name] ?? 0) + n;
  }
  return {
    dry,
    config: settings.origin,
    configFiles: [...settings.configFiles],
    changed: results.filter((result) => result.status === 'changed').map((result) => displayPath(cwd, result.file)),
    files: {
      scanned: results.length,
      changed: count('changed'),
      unchanged: count('unchanged'),
      notParsed: results.filter((result) => result.prefiltered).length,
      skipped: skipped.length,
      failed: count('failed'),
    },
    fixed,
    skipped: skipped.map((entry) => ({ file: displayPath(cwd, entry.file), reason: entry.reason })),
    failed: results.filter((result) => result.status === 'failed').map((result) => ({ file: displayPath(cwd, result.file), reason: result.reason ?? '' })),
    notFixed: results.flatMap((result) =>
      result.status === 'failed'
        ? []
        : // Lines of the file as this run leaves it: rewritten, or as it was when nothing is written.
          result.unfixable.map((entry) => ({ file: displayPath(cwd, result.file), transform: entry.transform, ...(dry || result.status !== 'changed' ? entry.before : { line: entry.line, reason: entry.reason }) })),
    ),
    notCovered: findRulesNotCovered(settings.files.values(), transforms),
    missingDependencies: findMissingDependencies(results, cwd),
    typecheck: gate && {
      checked: gate.checked.map((entry) => ({ file: displayPath(cwd, entry.file), tsconfig: displayPath(cwd, entry.tsconfig) })),
      unchecked: gate.unchecked.map((entry) => ({ file: displayPath(cwd, entry.file), reason: entry.reason })),
    },
  };
}

/** The rules on for some file whose findings none of the chosen transforms fixes, and why. */
function findRulesNotCovered(files: Iterable<FileLintSettings | undefined>, transforms: readonly string[]): FixReport['notCovered'] {
  const on = new Set<string>();
  for (const settings of files) for (const id of Object.keys(settings?.rules ?? {})) on.add(id.slice(RULE_PREFIX.length));
  return Object.keys(plugin.rules)
    .filter((rule) => on.has(rule))
    .flatMap((rule) => {
      const codemod = CODEMODS.find((entry) => entry.rule === rule);
      if (!codemod) return [{ rule, reason: 'no transform' }];
      return transforms.includes(codemod.name) ? [] : [{ rule, reason: `its transform runs with --transform ${codemod.name}` }];
    });
}

/**
 * Packages the rewritten code imports (the registry's `addsPackages` of each transform that
 * fixed something), with each nearest package.json that does not declare them; rolled-back
 * rewrites count too (a missing package may be why).
 */
function findMissingDependencies(results: readonly FileResult[], cwd: string): FixReport['missingDependencies'] {
  return CODEMODS.flatMap((codemod) =>
    codemod.addsPackages.flatMap((name) => {
      const rewritten = results.filter((result) => (result.status === 'changed' || result.rolledBack) && (result.fixed[codemod.name] ?? 0) > 0);
      const lacking = new Set(rewritten.map((result) => findManifest(path.dirname(result.file))).filter((manifest) => manifest === undefined || !declaresDependency(manifest, name)));
      return lacking.size > 0 ? [{ name, manifests: [...lacking].flatMap((manifest) => (manifest ? [displayPath(cwd, manifest)] : [])) }] : [];
    }),
  );
}

/** The nearest package.json at or above `dir`. */
function findManifest(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const manifest = path.join(current, 'package.json');
    if (existsSync(manifest)) return manifest;
    if (path.dirname(current) === current) return undefined;
  }
}

/** Whether the package.json `manifest` lists `name` among its dependencies. */
function declaresDependency(manifest: string, name: string): boolean {
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
  return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((field) => pkg[field]?.[name] !== undefined);
}
