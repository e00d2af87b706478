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
