// Lint cost in one process: parse only, this plugin's `all` config, and a scope-based anchor rule.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';

const require = createRequire(import.meta.url);
const plugin = require('../packages/eslint-plugin-redis-leaks/dist/index.js');
const tsParser = require('@typescript-eslint/parser');
const tseslint = require('typescript-eslint');

const TS = /\.[cm]?ts$/;

/** The language options `src/cli/lint-config.ts` gives each kind of file. */
function languageFor(file) {
  return TS.test(file) ? { parser: tsParser } : { parserOptions: { ecmaFeatures: { jsx: true } } };
}

/**
 * The configs as ESLint itself hands them to its `Linter`: one normalised config array, built and
 * validated once. Given a plain array, `Linter#verify` normalises it and validates every rule's
 * options again for each file, a cost no `eslint` run pays, which grows with the rules configured.
 * (`FlatConfigArray` is not public API: without it, the plain array, and say so.)
 */
export function prepareConfig(configs, basePath = process.cwd()) {
  if (!FlatConfigArray) return configs;
  const array = new FlatConfigArray(configs, { basePath });
  array.normalizeSync();
  return array;
}

const FlatConfigArray = (() => {
  try {
    return require(path.join(path.dirname(require.resolve('eslint')), 'config', 'flat-config-array.js')).FlatConfigArray;
  } catch {
    console.warn('bench: ESLint\'s FlatConfigArray not found; configs are normalised per file (rules look costlier).');
    return undefined;
  }
})();

const base = { linterOptions: { reportUnusedDisableDirectives: 'off' } };
const CONFIGS = {
  parse: [],
  ours: [{ plugins: plugin.configs.all.plugins, rules: plugin.configs.all.rules }],
  anchor: [{ plugins: { '@typescript-eslint': tseslint.plugin }, rules: { '@typescript-eslint/no-unused-vars': 'error' } }],
};
export const OUR_RULES = Object.keys(plugin.configs.all.rules);

/**
 * Lints each file with every config, rotating the order per file so warm-up and GC
 * land evenly on all of them. A last, separate pass with `stats: true` gives per-rule times.
 */
// Every source extension, named: a universal pattern alone does not make ESLint lint a `.ts` file.
const SOURCE_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];
/** ESLint ignores `node_modules` by default; the corpus lives there. */
const UNIGNORE = { ignores: ['!**/node_modules/'] };

export function benchLint(files, { rounds = 1, stats = true } = {}) {
  const linter = new Linter({ configType: 'flat' });
  const names = Object.keys(CONFIGS);
  const totals = Object.fromEntries(names.map((name) => [name, 0n]));
  const ruleTimes = Object.fromEntries(OUR_RULES.map((rule) => [rule, 0]));
  let statsParse = 0;
  let statsRules = 0;
  let linted = 0;
  let unparsable = 0;
  let findings = 0;
  const sources = files.map((file) => readFileSync(file, 'utf8'));
  // One prepared set of configs per kind of file (TypeScript or JavaScript), as an `eslint` run has.
  const preparedByKind = new Map();
  const configsOf = (file) => {
    const kind = TS.test(file) ? 'ts' : 'js';
    if (!preparedByKind.has(kind)) {
      const languageOptions = languageFor(file);
      preparedByKind.set(kind, Object.fromEntries(names.map((name) => [name, prepareConfig([UNIGNORE, { ...base, files: SOURCE_FILES, languageOptions }, ...CONFIGS[name].map((c) => ({ ...c, files: SOURCE_FILES }))])])));
    }
    return preparedByKind.get(kind);
  };
  for (let round = 0; round < rounds; round++) {
    files.forEach((file, index) => {
      const code = sources[index];
      // Linted at its own path (the rules read the modules it imports), with node_modules un-ignored.
      const filename = file;
      const configsFor = configsOf(file);
      // Files the parser rejects cost every config the same and are left out.
      if (round === 0 && index === 0) linter.verify(code, configsFor.parse, { filename });
      const probe = linter.verify(code, configsFor.parse, { filename });
      if (probe.some((message) => message.fatal || message.ruleId === null)) {
        if (round === 0) unparsable++;
        return;
      }
      if (round === 0) linted++;
      const offset = index % names.length;
      for (let k = 0; k < names.length; k++) {
        const name = names[(offset + k) % names.length];
        const start = process.hrtime.bigint();
        const messages = linter.verify(code, configsFor[name], { filename });
        totals[name] += process.hrtime.bigint() - start;
        if (name === 'ours' && round === 0) findings += messages.length;
      }
      if (!stats) return;
      linter.verifyAndFix(code, configsFor.ours, { filename, stats: true, fix: false });
      for (const pass of linter.getTimes().passes) {
        statsParse += pass.parse?.total ?? 0;
        for (const [rule, time] of Object.entries(pass.rules ?? {})) {
          if (rule in ruleTimes) {
            ruleTimes[rule] += time.total;
            statsRules += time.total;
          }
        }
      }
    });
  }
  const ms = (ns) => Number(ns) / 1e6;
  return {
    linted,
    unparsable,
    findings,
    rounds,
    parseMs: ms(totals.parse),
    oursMs: ms(totals.ours),
    anchorMs: ms(totals.anchor),
    statsParseMs: statsParse,
    statsRulesMs: statsRules,
    ruleMs: ruleTimes,
  };
}

/**
 * `node bench/lint.mjs <stride> [--no-stats]` (stride: every how many corpus files): the lint part in a process of its own, as one
 * `eslint` run is (the rules' caches start cold), printing its result as JSON.
 */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { buildCorpus } = await import('./corpus.mjs');
  const stride = Number(process.argv[2]);
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`bench/lint.mjs: the first argument is the stride, a whole number of 1 or more (got ${process.argv[2]})`);
  const files = buildCorpus(Number(process.env.BENCH_FILES ?? 5000)).filter((_, index) => index % stride === 0);
  process.stdout.write(JSON.stringify(benchLint(files, { stats: !process.argv.includes('--no-stats') })));
}
