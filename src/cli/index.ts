import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CODEMOD_NAMES, CODEMODS } from '../codemods/registry';
import type { AuditCommandOptions } from './audit';
import type { FixOptions } from './fix';
import { EXIT } from './exit-codes';
import { FORMATS, PRESETS } from './lint-config';

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

  program
    .command('check')
    .description('lint files with the plugin, no ESLint config needed (exit 0: clean, 1: findings, 2: usage or internal error)')
    .argument('[paths...]', 'files and folders to lint (default: the current folder); staged-file lists from git hooks work as they are')
    .addOption(new Option('--config <preset>', 'which rule preset to use').choices(PRESETS).default('recommended'))
    .option('--typed', 'also use type information, from the nearest tsconfig.json (slower; finds clients from your own modules)', false)
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('stylish'))
    .option('--max-warnings <count>', 'fail when warnings exceed this count (-1: warnings never fail)', parseCount, -1)
    .action(async (paths: string[], options: { config: (typeof PRESETS)[number]; typed: boolean; format: (typeof FORMATS)[number]; maxWarnings: number }) => {
      const { runCheck } = await import('./check.js');
      const outcome = await runCheck(paths, { cwd: io.cwd, ...options });
      (outcome.exitCode === EXIT.usage ? io.stderr : io.stdout)(outcome.output);
      setExitCode(outcome.exitCode);
    });

  program
    .command('fix')
    .description('rewrite what the rules report: close clients in finally, add expiries, bound caches (exit 0: all fixed, 1: files failed or findings left to fix by hand, or a dirty git tree; 2: usage error)')
    .argument('[paths...]', 'files and folders to fix (default: the current folder)')
    .option('--transform <names>', `comma-separated transforms to run: ${CODEMODS.map((codemod) => `${codemod.name} (${codemod.description})`).join('; ')}`, parseTransforms, CODEMOD_NAMES)
    .option('--ttl <seconds>', 'expiry that add-expiry writes', parsePositive, 86_400)
    .option('--ttl-name <identifier>', 'write this constant name instead of the --ttl number (declared as const NAME = <ttl> after the imports when the file has none)')
    .option('--no-nx', "write EXPIRE key ttl without NX (for Redis older than 7.0; NX keeps an existing TTL)")
    .option('--max <entries>', 'entries a bounded cache keeps', parsePositive, 1000)
    .option('--cache-ttl <seconds>', 'how long an entry of a bounded cache lives; 0 for no expiry', parseNonNegative, 1800)
    .option('--dry', 'print a unified diff and write nothing', false)
    .option('--print', 'print the rewritten files and write nothing', false)
    .option('--json', 'print a machine-readable report instead of the summary', false)
    .option('--force', 'write even when the git work tree has uncommitted changes', false)
    .option('--no-typecheck', 'skip the type check (with a tsconfig.json, a rewrite that adds a type error is rolled back)')
    .addOption(new Option('--concurrency <threads>', 'worker threads for large trees (default: one per core)').argParser(parsePositive).hideHelp())
    .action(async (paths: string[], { transform, ...options }: Omit<FixOptions, 'transforms'> & { transform: string[] }) => {
      const { runFix } = await import('./fix.js');
      setExitCode(await runFix(paths, { ...options, transforms: transform }, { ...io, isTTY: io.isTTY ?? false }));
    });

  program
    .command('audit')
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
