import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { FORMATS, runCheck } from './check';
import { EXIT } from './exit-codes';
import { PRESETS } from './lint-config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Declares the commands and their options; the work is in `check.ts` (and later `fix.ts`). */
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
      const outcome = await runCheck(paths, { cwd: io.cwd, ...options });
      (outcome.exitCode === EXIT.usage ? io.stderr : io.stdout)(outcome.output);
      setExitCode(outcome.exitCode);
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

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < -1) throw new InvalidArgumentError('expected a whole number, -1 or more.');
  return count;
}
