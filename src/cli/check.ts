import { ESLint } from 'eslint';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Linter } from 'eslint';
import plugin from 'eslint-plugin-redis-leaks';
import type { FormatName, PresetName } from './lint-config';
import { buildLintConfig, findTsconfigRoot } from './lint-config';
import { EXIT } from './exit-codes';
import { formatSarif } from './sarif';


export interface CheckOptions {
  cwd: string;
  config: PresetName;
  typed: boolean;
  format: FormatName;
  /** Findings at warning level fail the run only beyond this many; -1 never. */
  maxWarnings: number;
}

export interface CheckOutcome {
  exitCode: number;
  output: string;
}

/**
 * `redis-leaks check`: lints the given files and folders with one of the plugin's
 * presets, needing no ESLint config in the project. Exit 0 when clean, 1 when an
 * error is found (or warnings exceed `--max-warnings`), 2 on a usage or internal error.
 */
export async function runCheck(paths: readonly string[], options: CheckOptions): Promise<CheckOutcome> {
  const missing = paths.filter((given) => !existsSync(path.resolve(options.cwd, given)));
  if (missing.length > 0) {
    return { exitCode: EXIT.usage, output: `redis-leaks check: no such file or folder: ${missing.join(', ')}\n` };
  }
  const tsconfigRootDir = options.typed ? findTsconfigRoot(options.cwd) : undefined;
  if (options.typed && !tsconfigRootDir) {
    return { exitCode: EXIT.usage, output: `redis-leaks check: --typed needs a tsconfig.json in ${options.cwd} or a folder above it.\n` };
  }
  const eslint = new ESLint({
    cwd: options.cwd,
    overrideConfigFile: true,
    overrideConfig: buildLintConfig({ cwd: options.cwd, preset: plugin.configs[options.config] as Linter.Config, tsconfigRootDir }),
    // Staged-file lists from hooks can name files no config matches (README.md): skip them quietly.
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
  });
  const results = await eslint.lintFiles(paths.length > 0 ? [...paths] : ['.']);
  const rulesMeta = eslint.getRulesMetaForResults(results);
  const output =
    options.format === 'sarif'
      ? formatSarif(results, rulesMeta, options.cwd)
      : await (await eslint.loadFormatter(options.format)).format(results, { cwd: options.cwd, rulesMeta } as ESLint.LintResultData);
  const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  const tooManyWarnings = options.maxWarnings >= 0 && warnings > options.maxWarnings;
  return { exitCode: errors > 0 || tooManyWarnings ? EXIT.findings : EXIT.clean, output };
}
