import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { statSync } from 'node:fs';
import path from 'node:path';
import { CODEMOD_NAMES, CODEMODS, DEFAULT_CODEMOD_NAMES, getOptionDefault } from '../codemods/registry';
import type { AuditCommandOptions } from './audit';
import type { FixOptions } from './fix';
import { EXIT } from './exit-codes';
import { FORMATS } from './check';
import { PRESETS } from '../project/lint-config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: the progress bar shows only there. */
  isTTY?: boolean;
  /** Whether stdout takes ANSI colours (a terminal, and NO_COLOR unset). */
  color?: boolean;
}

/**
 * Declares the commands and their options; the work is in `check.ts`, `fix.ts` and
 * `audit.ts`, each loaded when its command runs (a `fix` never loads ESLint's CLI engine
 * or the audit's Redis client in its main thread).
 */
export function createProgram(io: CliIO, setExitCode: (code: number) => void): Command {
  const program = new Command('redis-leaks')
    .description('Find leak-prone Redis usage: clients never closed, keys with no expiry, caches that only grow.')
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run `redis-leaks --help` for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  const check = program
    .command('check')
    .showHelpAfterError('(run `redis-leaks check --help` for usage)')
    .description("lint files with the plugin's rules as your ESLint config sets them, or a preset when it sets none (exit 0: clean, 1: findings, 2: usage error)")
    .argument('[paths...]', 'files and folders to lint (default: the current folder); staged-file lists from git hooks work as they are')
    .option('--config <file>', 'the ESLint flat config to take the redis-leaks rules, options and ignores from (default: eslint.config.* looked up as ESLint does)')
    .option('--no-config', 'ignore any ESLint config: use the preset')
    .addOption(new Option('--preset <name>', 'the rules where no ESLint config sets any redis-leaks rule').choices(PRESETS).default('recommended'))
    .option('--typed', "also use type information, from each file's nearest tsconfig.json (slower; finds clients from your own modules); on by itself when your config sets parserOptions.projectService", false)
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('stylish'))
    .option('--max-warnings <count>', 'fail when warnings exceed this count (-1: warnings never fail)', parseCount, -1)
    .action(async (paths: string[], options: { config: string | boolean; preset: (typeof PRESETS)[number]; typed: boolean; format: (typeof FORMATS)[number]; maxWarnings: number }) => {
      const choice = configChoice(options.config, options.preset, io.cwd);
      if (typeof choice === 'string') {
        io.stderr(`redis-leaks check: ${choice}\n`);
        return setExitCode(EXIT.usage);
      }
      const { runCheck } = await import('./check.js');
      const { presetNamed, ...chosen } = choice;
      const presetGiven = presetNamed === true || check.getOptionValueSource('preset') === 'cli';
      const outcome = await runCheck(paths, { cwd: io.cwd, ...options, ...chosen, presetGiven });
      io.stdout(outcome.output);
      io.stderr(outcome.notes);
      setExitCode(outcome.exitCode);
    });

  const fix = program
    .command('fix')
    .showHelpAfterError('(run `redis-leaks fix --help` for usage)')
    .description("rewrite what the rules report: close clients in finally, add expiries, bound caches (exit 0: every finding of the transforms' rules fixed, 1: files failed or such findings left to fix by hand, or files to rewrite have uncommitted changes; 2: usage error)")
    .argument('[paths...]', 'files and folders to fix (default: the current folder)')
    .option(
      '--transform <names>',
      `comma-separated transforms to run (default: ${DEFAULT_CODEMOD_NAMES.join(', ')}, the fixes of the rules configs.recommended treats as errors): ${CODEMODS.map((codemod) => `${codemod.name} (${codemod.description})`).join('; ')}`,
      parseTransforms,
    )
    .option('--config <file>', 'the ESLint flat config whose redis-leaks rule settings (off, ignoreKeys, ttlSeconds, …) and ignores the fixes follow (default: looked up as ESLint does)')
    .option('--no-config', 'ignore any ESLint config')
    .option('--typed', "lint with type information from each file's nearest tsconfig.json (on by itself when your config sets parserOptions.projectService)", false);
  for (const option of createTransformOptions()) fix.addOption(option);
  fix
    .addOption(new Option('--dry', 'print a unified diff and write nothing').default(false).conflicts('print'))
    .option('--print', 'print the rewritten files and write nothing', false)
    .option('--json', 'print a machine-readable report instead of the summary', false)
    .option('--force', 'write even when source files under the given paths have uncommitted changes', false)
    .option('--no-typecheck', 'skip the type check (with a tsconfig.json, a rewrite that adds a type error is rolled back)')
    .addOption(new Option('--concurrency <threads>', 'worker threads for large trees (default: one per core)').argParser(parsePositive).hideHelp())
    .action(async (paths: string[], { transform = DEFAULT_CODEMOD_NAMES, config, ...options }: Omit<FixOptions, 'codemodOptions' | 'transforms' | 'configFile'> & { transform?: string[]; config: string | boolean }) => {
      const { runFix } = await import('./fix.js');
      const choice = configChoice(config, 'all', io.cwd);
      if (typeof choice === 'string') {
        io.stderr(`redis-leaks fix: ${choice}\n`);
        return setExitCode(EXIT.usage);
      }
      // Only the transform options given on the command line: the others keep the project's rule settings, else the rules' defaults.
      const given = CODEMODS.flatMap((codemod) => codemod.options).filter(({ key }) => fix.getOptionValueSource(key) === 'cli');
      const codemodOptions = Object.fromEntries(given.map(({ key }) => [key, (options as Record<string, unknown>)[key]]));
      setExitCode(await runFix(paths, { ...options, codemodOptions, configFile: choice.configFile, transforms: transform }, { ...io, isTTY: io.isTTY ?? false }));
    });

  program
    .command('audit')
    .showHelpAfterError('(run `redis-leaks audit --help` for usage)')
    .description(
      'read a live Redis (read-only) for keys without TTL and leaked connections, and point at the code that writes those keys (exit 0: nothing looks leaked, 1: leaks found, 2: server unreachable or usage error)',
    )
    .argument('[paths...]', 'source files and folders whose key writes to match against the key patterns (optional)')
    .option('--url <url>', 'the server: redis://[user:password@]host[:port][/db], rediss:// for TLS (default: $REDIS_URL)')
    .option('--sample <keys>', 'keys to sample with SCAN at most', parsePositive, 100_000)
    .option('--memory-sample <keys>', 'sampled keys whose size is measured with MEMORY USAGE (0: none)', parseNonNegative, 2_000)
    .option('--timeout <seconds>', 'time the server part may take (after the code is read); then report what was seen', parsePositive, 60)
    .option('--rate <keys>', 'keys per second at most (default: no limit; SCAN pages stay small either way)', parsePositive)
    .option('--idle <seconds>', 'idle time from which a connection counts as forgotten', parsePositive, 60)
    .option('--min-connections <count>', 'forgotten connections from one host and client name that make a leak', parsePositive, 10)
    .option('--min-keys <count>', 'keys without TTL (estimated) from which a pattern fails the run', parsePositive, 100)
    .option('--json', 'print the report as JSON instead of text', false)
    .option('--html <file>', 'also write the report as a self-contained HTML page')
    .action(async (paths: string[], options: AuditCommandOptions & { memorySample: number; timeout: number; idle: number; minConnections: number }) => {
      const { timeout, idle, ...rest } = options;
      const { runAuditCommand } = await import('./audit.js');
      setExitCode(await runAuditCommand(paths, { ...rest, timeoutSeconds: timeout, idleSeconds: idle }, { ...io, isTTY: io.isTTY ?? false }));
    });

  return program;
}

/** Runs the command line and resolves to the process exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.clean;
  const program = createProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.clean : EXIT.usage;
    io.stderr(`redis-leaks: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.usage;
  }
}

/**
 * `--config FILE`, `--no-config`, or neither. `--config recommended|strict|all` named the preset
 * before `--preset` existed; it still does when no file of that name exists.
 */
function configChoice(config: string | boolean, preset: (typeof PRESETS)[number], cwd: string): { configFile?: string | false; preset: (typeof PRESETS)[number]; presetNamed?: boolean } | string {
  if (config === false) return { configFile: false, preset };
  if (typeof config !== 'string') return { preset };
  let stats;
  try {
    stats = statSync(path.resolve(cwd, config), { throwIfNoEntry: false });
  } catch {
    stats = undefined; // a path through a file (ENOTDIR): no such file either
  }
  if ((PRESETS as readonly string[]).includes(config) && !stats) return { preset: config as (typeof PRESETS)[number], presetNamed: true };
  if (!stats) return `--config ${config}: no such file; give the path of your ESLint config file, or pass --no-config to use none`;
  if (stats.isDirectory()) return `--config ${config}: is a folder; give the config file itself (for example ${path.join(config, 'eslint.config.js')})`;
  return { configFile: config, preset };
}

function parseTransforms(value: string): string[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(CODEMOD_NAMES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`unknown transform ${unknown.join(', ') || '(none given)'}; choose from ${CODEMOD_NAMES.join(', ')}.`);
  }
  return names;
}

function parsePositive(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number, 1 or more.');
  return number;
}

function parseNonNegative(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return number;
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < -1) throw new InvalidArgumentError('expected a whole number, -1 or more.');
  return count;
}

/**
 * The transforms' own flags, declared once in the transform registry: help text, the rule's
 * default, and the registry's check of the value (a bad one is a usage error, exit 2).
 */
function createTransformOptions(): Option[] {
  return CODEMODS.flatMap((codemod) =>
  codemod.options.map((option) => {
    const fallback = getOptionDefault(codemod, option);
    const isNegation = option.flag.startsWith('--no-');
    const shownDefault = isNegation || fallback === undefined ? '' : ` (default: ${codemod.rule}'s ${option.ruleOption} in your ESLint config, else ${String(fallback)})`;
    const declared = new Option(option.flag, `${option.description}${shownDefault}`);
    if (isNegation) return declared;
    return declared.argParser((value: string) => {
      try {
        return option.parse(value);
      } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      });
    }),
  );
}
