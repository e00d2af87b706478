import type { ESLint, Linter } from 'eslint';
import path from 'node:path';
import type { FileLintSettings } from './lint';
import { RULE_PREFIX } from './lint';
import { displayPath } from './files';
import { findTsconfigRoot } from './lint-config';

export interface ProjectSettingsOptions {
  cwd: string;
  /** A config file to use (`--config FILE`), `false` for none (`--no-config`), undefined to look one up as ESLint does. */
  configFile?: string | false;
  /** The rules to use where the project's config sets none of this plugin's; `label` names them in the summary (default: the built-in `name` preset). */
  preset: { name: string; config: Linter.Config; label?: string };
  /** Lint with type information from each file's nearest tsconfig.json (`--typed`), whatever the config says. */
  typed: boolean;
}

export interface ProjectSettings {
  /** Where the rule settings came from, for the summary: a config file, or the built-in preset. */
  readonly origin: string;
  /** The ESLint config files the rule settings or ignores came from, relative to the working folder. */
  readonly configFiles: readonly string[];
  /** Whether some file is linted with the preset's rules (no config, or one that sets no redis-leaks rule, answers for it). */
  readonly usesPreset: boolean;
  /** Each file's settings; a file the project's config ignores has none. */
  readonly files: ReadonlyMap<string, FileLintSettings | undefined>;
}

/** The project's ESLint config could not be loaded: a usage error, with ESLint's reason. */
export class ConfigLoadError extends Error {}

/**
 * How each of `files` is linted, as the user's ESLint setup says: the `redis-leaks/*` rules
 * their flat config turns on for the file, with their options, its ignores, and type
 * information when their parser options ask for it (`projectService` or `project`). With no
 * config (or one that sets none of this plugin's rules), the built-in preset.
 */
export async function resolveProjectSettings(files: readonly string[], options: ProjectSettingsOptions): Promise<ProjectSettings> {
  const eslint = options.configFile === false ? undefined : await openConfig(options.cwd, options.configFile);
  const configFiles = new Set<string>();
  const fromConfig = new Map<string, FileLintSettings | undefined>();
  let setsOwnRule = false;
  if (eslint) {
    for (const file of files) {
      const config = await calculateConfig(eslint, file);
      if (config === 'no-config') continue;
      const configFile = await eslint.findConfigFile(file);
      if (configFile) configFiles.add(configFile);
      if (config === undefined) {
        fromConfig.set(file, undefined);
        continue;
      }
      const ownRules = Object.entries((config.rules ?? {}) as Linter.RulesRecord).filter(([id]) => id.startsWith(RULE_PREFIX));
      if (ownRules.length > 0) setsOwnRule = true;
      fromConfig.set(file, { rules: Object.fromEntries(ownRules.filter(([, entry]) => !isOff(entry))), tsconfigRootDir: typedRoot(file, config, options.typed), cwd: options.cwd });
    }
  }
  const presetRules = (options.preset.config.rules ?? {}) as Linter.RulesRecord;
  const settings = new Map<string, FileLintSettings | undefined>();
  let usesPreset = false;
  for (const file of files) {
    const own = fromConfig.get(file);
    if (fromConfig.has(file) && own === undefined) settings.set(file, undefined);
    else if (own && setsOwnRule) settings.set(file, own);
    else {
      settings.set(file, { rules: presetRules, tsconfigRootDir: own?.tsconfigRootDir ?? typedRoot(file, undefined, options.typed), cwd: options.cwd });
      usesPreset = true;
    }
  }
  const configNames = [...configFiles].map((file) => displayPath(options.cwd, file));
  return { origin: describeOrigin(options, configNames, setsOwnRule), configFiles: configNames, usesPreset, files: settings };
}

async function openConfig(cwd: string, configFile: string | undefined): Promise<ESLint | undefined> {
  const { loadESLint } = await import('eslint');
  const FlatESLint = await loadESLint();
  return new FlatESLint({ cwd, overrideConfigFile: configFile === undefined ? undefined : path.resolve(cwd, configFile) });
}

/** The file's computed config; undefined when the config ignores it, `no-config` when there is no config for it. */
async function calculateConfig(eslint: ESLint, file: string): Promise<Linter.Config | undefined | 'no-config'> {
  try {
    return (await eslint.calculateConfigForFile(file)) as Linter.Config | undefined;
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/Could not find config file/i.test(message)) return 'no-config';
    throw new ConfigLoadError(`could not load the ESLint config for ${file}: ${message.split('\n')[0]}`);
  }
}

function isOff(entry: Linter.RuleEntry | undefined): boolean {
  const severity = Array.isArray(entry) ? entry[0] : entry;
  return severity === 0 || severity === 'off';
}

/** The tsconfig folder that gives `file` type information, when the user's parser options or `--typed` ask for it. */
function typedRoot(file: string, config: Linter.Config | undefined, typed: boolean): string | undefined {
  const parserOptions = (config?.languageOptions?.parserOptions ?? {}) as { projectService?: unknown; project?: unknown; tsconfigRootDir?: string };
  const asked = typed || Boolean(parserOptions.projectService) || Boolean(parserOptions.project);
  if (!asked || !/\.(?:[cm]?ts|tsx)$/.test(file)) return undefined;
  return findTsconfigRoot(path.dirname(file)) ?? parserOptions.tsconfigRootDir;
}

/** `configNames`: the config files, as the user sees them. */
function describeOrigin(options: ProjectSettingsOptions, configNames: readonly string[], setsOwnRule: boolean): string {
  const preset = options.preset.label ?? `the built-in ${options.preset.name} preset`;
  if (configNames.length === 0) return options.configFile === false ? `${preset} (--no-config)` : `${preset} (no ESLint config found)`;
  const names = configNames.join(', ');
  return setsOwnRule ? names : `${preset}, with the ignores of ${names} (it sets no redis-leaks rule)`;
}
