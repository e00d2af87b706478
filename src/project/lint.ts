import type { SourceCode } from 'eslint';
import { Linter } from 'eslint';
import path from 'node:path';
import plugin from 'eslint-plugin-redis-leaks';
import { parsingConfig } from './lint-config';

export const RULE_PREFIX = 'redis-leaks/';

/** How one file is linted: plain data, so it crosses to `redis-leaks fix`'s worker threads. */
export interface FileLintSettings {
  /** The `redis-leaks/*` rules that are on for this file, with their severities and options. */
  readonly rules: Linter.RulesRecord;
  /** The folder of the tsconfig.json whose type information the file gets; none when linted untyped. */
  readonly tsconfigRootDir?: string;
  /** The folder the command runs from: rules see paths relative to it (test files by their folders); the process's folder if unset. */
  readonly cwd?: string;
}

export interface LintOutcome {
  /** Findings of this plugin's rules and parse errors; nothing of other plugins or of ESLint's own notices. */
  readonly messages: Linter.LintMessage[];
  readonly suppressedMessages: Linter.SuppressedLintMessage[];
  /** The parsed file, where the rules left notes (why a finding has no fix); `undefined` when it did not parse. */
  readonly sourceCode: SourceCode | undefined;
}

const lintersByBase = new Map<string, Linter>();

/**
 * Lints `text` as the file `file` with this plugin's rules only. A directive naming another
 * plugin's rule (`// eslint-disable-next-line other/rule`) or an ESLint notice is not a finding
 * here. A `.js` file that is CommonJS with a top-level `return` is parsed again as CommonJS.
 */
export function lintText(text: string, file: string, settings: FileLintSettings, extraConfig: readonly Linter.Config[] = []): LintOutcome {
  const absolute = path.resolve(file);
  // ESLint lints only files inside its base path: the command's folder, or for a file outside
  // it, the file system root.
  const cwd = settings.cwd ?? process.cwd();
  const base = isInside(absolute, cwd) ? path.resolve(cwd) : path.parse(absolute).root;
  let linter = lintersByBase.get(base);
  if (!linter) {
    linter = new Linter({ configType: 'flat', cwd: base });
    lintersByBase.set(base, linter);
  }
  const config: Linter.Config[] = [
    ...parsingConfig(settings.tsconfigRootDir, base),
    { name: 'redis-leaks/rules', plugins: { 'redis-leaks': plugin as never }, rules: settings.rules },
    ...extraConfig,
  ];
  let messages = linter.verify(text, config, absolute);
  if (isCommonJsReturn(messages) && /\.jsx?$/.test(absolute)) {
    messages = linter.verify(text, [...config, { name: 'redis-leaks/commonjs', files: ['**/*.js', '**/*.jsx'], languageOptions: { sourceType: 'commonjs' } }], absolute);
  }
  // Documented (Linter#getSuppressedMessages) but missing from ESLint's type declarations.
  const suppressed = (linter as Linter & { getSuppressedMessages(): Linter.SuppressedLintMessage[] }).getSuppressedMessages();
  const sourceCode = (linter.getSourceCode() as SourceCode | null) ?? undefined;
  return { messages: messages.filter(isOwnMessage), suppressedMessages: suppressed.filter(isOwnMessage), sourceCode };
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(path.resolve(folder), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function isCommonJsReturn(messages: readonly Linter.LintMessage[]): boolean {
  return messages.some((message) => isParseError(message) && /'return' outside of function/.test(message.message));
}

/** A file that does not parse. ESLint also marks some of its own notices fatal (`/* eslint-env *\/ comments are no longer supported`), and still lints the file. */
export function isParseError(message: Linter.LintMessage): boolean {
  return message.fatal === true && message.ruleId === null && message.message.startsWith('Parsing error');
}

function isOwnMessage(message: Linter.LintMessage): boolean {
  return isParseError(message) || (message.ruleId?.startsWith(RULE_PREFIX) ?? false) || (message.ruleId?.startsWith('redis-leaks-') ?? false);
}
