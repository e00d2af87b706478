import type { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import plugin from 'eslint-plugin-redis-leaks';
import { describeUnusablePaths, selectSourceFiles } from '../project/files';
import type { FileLintSettings } from '../project/lint';
import { lintText, RULE_PREFIX } from '../project/lint';
import type { PresetName } from '../project/lint-config';
import { hasTsconfig, describeMissingTsconfig } from '../project/lint-config';
import { ConfigLoadError, resolveProjectSettings } from '../project/settings';
import { EXIT } from './exit-codes';
import { formatSarif } from './sarif';

/** Output formats of `redis-leaks check`. */
export const FORMATS = ['stylish', 'json', 'sarif'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface CheckOptions {
  cwd: string;
  /** The preset used where the project's ESLint config sets no redis-leaks rule. */
  preset: PresetName;
  /** Whether `--preset` was given on the command line (then a config that overrides it is worth a note). */
  presetGiven?: boolean;
  /** `--config FILE`, `false` for `--no-config`, undefined to look the project's config up. */
  configFile?: string | false;
  typed: boolean;
  format: FormatName;
  /** Findings at warning level fail the run only beyond this many; -1 never. */
  maxWarnings: number;
}

export interface CheckOutcome {
  exitCode: number;
  /** The report, for stdout. */
  output: string;
  /** What the run used and why it failed, for stderr. */
  notes: string;
}

/**
 * `redis-leaks check`: lints the given files and folders with this plugin's rules, as the
 * project's ESLint config sets them (or a built-in preset when it has none), and nothing
 * else. Exit 0 when clean, 1 when an error is found (or warnings exceed `--max-warnings`),
 * 2 on a usage error (a path that does not exist or holds nothing to lint, a config that
 * does not load).
 */
export async function runCheck(paths: readonly string[], options: CheckOptions): Promise<CheckOutcome> {
  const selection = selectSourceFiles(paths, options.cwd);
  const usage = describeUnusablePaths(paths, selection, options.cwd, 'lint');
  if (usage) return { exitCode: EXIT.usage, output: '', notes: `redis-leaks check: ${usage}\n` };

  let settings;
  try {
    settings = await resolveProjectSettings(selection.files, {
      cwd: options.cwd,
      configFile: options.configFile,
      preset: { name: options.preset, config: plugin.configs[options.preset] },
      typed: options.typed,
    });
  } catch (error) {
    if (error instanceof ConfigLoadError) return { exitCode: EXIT.usage, output: '', notes: `redis-leaks check: ${error.message} (pass --no-config to use the built-in preset)\n` };
    throw error;
  }
  if (options.typed && !hasTsconfig(options.cwd, settings.files.values())) {
    return { exitCode: EXIT.usage, output: '', notes: `redis-leaks check: ${describeMissingTsconfig(options.cwd)}\n` };
  }
  const linted = selection.files.filter((file) => settings.files.get(file) !== undefined);
  if (linted.length === 0 && selection.files.length > 0) {
    return { exitCode: EXIT.usage, output: '', notes: `redis-leaks check: every file under ${paths.join(', ') || '.'} is ignored by ${settings.origin}\n` };
  }

  const results = linted.map((file) => lintFile(file, settings.files.get(file)!));
  const rulesMeta = rulesMetaFor(results);
  const output =
    options.format === 'sarif'
      ? formatSarif(results, rulesMeta, options.cwd)
      : await (await loadFormatter(options.cwd, options.format)).format(results, { cwd: options.cwd, rulesMeta } as ESLint.LintResultData);
  const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  const tooManyWarnings = options.maxWarnings >= 0 && warnings > options.maxWarnings;
  const notes = [`redis-leaks check: ${linted.length} file${linted.length === 1 ? '' : 's'} linted with ${settings.origin}`];
  if (options.presetGiven && !settings.usesPreset) {
    notes.push(`redis-leaks check: --preset ${options.preset} is not used: your ESLint config sets the redis-leaks rules (pass --no-config to lint with the preset alone)`);
  }
  if (tooManyWarnings) notes.push(`redis-leaks check: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${options.maxWarnings} allows`);
  return { exitCode: errors > 0 || tooManyWarnings ? EXIT.findings : EXIT.clean, output, notes: `${notes.join('\n')}\n` };
}

function lintFile(file: string, settings: FileLintSettings): ESLint.LintResult {
  const source = readFileSync(file, 'utf8');
  const { messages, suppressedMessages } = lintText(source, file, settings);
  const count = (severity: number, fixable = false) => messages.filter((message) => message.severity === severity && (!fixable || message.fix !== undefined)).length;
  return {
    filePath: file,
    messages,
    suppressedMessages,
    errorCount: count(2),
    fatalErrorCount: messages.filter((message) => message.fatal).length,
    warningCount: count(1),
    fixableErrorCount: count(2, true),
    fixableWarningCount: count(1, true),
    source: messages.some((message) => message.fatal) ? source : undefined,
    usedDeprecatedRules: [],
  };
}

function rulesMetaFor(results: readonly ESLint.LintResult[]): ESLint.LintResultData['rulesMeta'] {
  const meta: ESLint.LintResultData['rulesMeta'] = {};
  for (const message of results.flatMap((result) => [...result.messages, ...result.suppressedMessages])) {
    const name = message.ruleId?.slice(RULE_PREFIX.length) as keyof typeof plugin.rules | undefined;
    if (name && plugin.rules[name]) meta[message.ruleId!] = plugin.rules[name].meta as ESLint.LintResultData['rulesMeta'][string];
  }
  return meta;
}

async function loadFormatter(cwd: string, name: Exclude<FormatName, 'sarif'>): Promise<ESLint.LoadedFormatter> {
  const { loadESLint } = await import('eslint');
  const FlatESLint = await loadESLint();
  return new FlatESLint({ cwd, overrideConfigFile: true }).loadFormatter(name);
}

