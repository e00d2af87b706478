import plugin from 'eslint-plugin-redis-leaks';
// Only small modules here: the CLI's main thread runs the pre-filters on every file and
// builds its help from this list, and should not load ESLint, TypeScript and the
// transforms to do so (they are in `transforms.ts`, loaded where files are rewritten).
import { mayGrowCollection, mayUseClient } from 'eslint-plugin-redis-leaks/internal';
import type { OptionValue } from './transform-options';
import { parseBoolean, parseIdentifier, parseNonNegativeCount, parsePositiveCount, parseTtlSeconds } from './transform-options';

export type CodemodName = 'add-expiry' | 'bound-cache' | 'close-client';
export type RuleName = keyof typeof plugin.rules;

/** Options every transform accepts; `redis-leaks fix` flags fill them, and plain jscodeshift passes `--ttl=…` the same way. */
export interface CodemodOptions {
  ttl?: number | string;
  ttlName?: string;
  nx?: boolean | string;
  max?: number | string;
  cacheTtl?: number | string;
  /** jscodeshift's `--dry`: nothing is written, so findings are named by their lines in the file as it is. */
  dry?: boolean;
  /** In-process runs collect findings that could not be fixed safely; plain jscodeshift prints them through `api.report`. */
  onUnfixable?: (unfixable: Unfixable) => void;
}

/** A finding a transform left alone, with why, so the user can fix it by hand. */
export interface Unfixable {
  readonly line: number;
  readonly reason: string;
}

/** An option of a transform: how it is passed, and the option of the rule whose suggestions it shapes. */
export interface TransformOption {
  /** Its key in the options a transform gets (jscodeshift: `--ttl=…`). */
  readonly key: Exclude<keyof CodemodOptions, 'onUnfixable'>;
  /** The `redis-leaks fix` flag, as commander declares it. */
  readonly flag: string;
  readonly description: string;
  /** The option of the transform's rule that the value sets; its default is the rule's. */
  readonly ruleOption: string;
  /** Checks a value and converts it; throws a message that says what to pass. */
  readonly parse: (value: OptionValue) => OptionValue;
}

export interface CodemodEntry {
  readonly name: CodemodName;
  /** The rule whose suggestions the transform applies. */
  readonly rule: RuleName;
  /** The messages of the rule's suggestions that the transform applies, in order of preference. */
  readonly suggestions: readonly string[];
  readonly description: string;
  readonly options: readonly TransformOption[];
  /** Packages the rewritten code imports, which the project must install. */
  readonly addsPackages: readonly string[];
  /** Cheap test on a file's text (and the text of modules it imports): a file that fails it cannot hold a finding, so it is not parsed. */
  readonly mayApply: (source: string, file: string) => boolean;
}

/** Every transform, in the order `redis-leaks fix` applies them to a file. The single list: help, flags, validation and options come from it. */
export const CODEMODS: readonly CodemodEntry[] = [
  {
    name: 'close-client',
    rule: 'no-unclosed-client',
    suggestions: ['closeInFinally'],
    description: 'wrap a client opened in a function in try { … } finally { await client.quit(); }',
    options: [],
    addsPackages: [],
    mayApply: mayUseClient,
  },
  {
    name: 'add-expiry',
    rule: 'require-expiry',
    suggestions: ['missingExpiryFixAddOption', 'missingExpiryFixAddExpire'],
    description: "give keys written with no TTL an expiry ('EX', ttl / { EX: ttl } / EXPIRE key ttl NX)",
    options: [
      { key: 'ttl', flag: '--ttl <seconds>', ruleOption: 'ttlSeconds', parse: parseTtlSeconds, description: 'expiry that add-expiry writes' },
      {
        key: 'ttlName',
        flag: '--ttl-name <identifier>',
        ruleOption: 'ttlName',
        parse: parseIdentifier,
        description: 'write this constant name instead of the --ttl number (declared as const NAME = <ttl> after the imports when the file has none)',
      },
      {
        key: 'nx',
        flag: '--no-nx',
        ruleOption: 'expireNx',
        parse: parseBoolean,
        description: 'write EXPIRE key ttl without NX (for Redis older than 7.0; NX keeps an existing TTL)',
      },
    ],
    addsPackages: [],
    mayApply: mayUseClient,
  },
  {
    name: 'bound-cache',
    rule: 'no-unbounded-cache',
    suggestions: ['boundWithLruCache'],
    description: 'replace a Map cache that only grows with an LRUCache({ max, ttl })',
    options: [
      { key: 'max', flag: '--max <entries>', ruleOption: 'lruMax', parse: parsePositiveCount, description: 'entries a bounded cache keeps' },
      { key: 'cacheTtl', flag: '--cache-ttl <seconds>', ruleOption: 'lruTtlSeconds', parse: parseNonNegativeCount, description: 'how long an entry of a bounded cache lives; 0 for no expiry' },
    ],
    addsPackages: ['lru-cache'],
    mayApply: mayGrowCollection,
  },
];

export const CODEMOD_NAMES = CODEMODS.map((codemod) => codemod.name);

export function getCodemod(name: CodemodName): CodemodEntry {
  return CODEMODS.find((codemod) => codemod.name === name)!;
}

/**
 * What `redis-leaks fix` runs when `--transform` is not given: the fixes of the rules that
 * `configs.recommended` treats as errors. `bound-cache` (its rule only warns) must be asked for.
 */
export const DEFAULT_CODEMOD_NAMES = CODEMODS.filter((codemod) => plugin.configs.recommended.rules?.[`redis-leaks/${codemod.rule}`] === 'error').map(
  (codemod) => codemod.name,
);

/** The default of a transform option: its rule's (shown in help; the rule applies it). */
export function getOptionDefault(codemod: CodemodEntry, option: TransformOption): unknown {
  const defaults = (plugin.rules[codemod.rule].meta as { defaultOptions?: readonly Record<string, unknown>[] }).defaultOptions?.[0];
  return defaults?.[option.ruleOption];
}

/**
 * The rule options a transform's options set, checked: only the options given (the others keep
 * the user's settings or the rule's defaults). A bad value throws `<transform>: --flag …`.
 */
export function toRuleOptions(codemod: CodemodEntry, options: CodemodOptions): Record<string, OptionValue> {
  const ruleOptions: Record<string, OptionValue> = {};
  for (const option of codemod.options) {
    const value = options[option.key];
    if (value === undefined || value === '') continue;
    try {
      ruleOptions[option.ruleOption] = option.parse(value);
    } catch (error) {
      throw new Error(`${codemod.name}: ${option.key}: ${(error as Error).message}`);
    }
  }
  return ruleOptions;
}
