// `npm run bench`: lint cost and codemod throughput of eslint-plugin-redis-leaks on a fixed local corpus.
// Prints a markdown report and writes it to bench/RESULTS.md. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import path from 'node:path';
import { buildCorpus, ROOT } from './corpus.mjs';
import { benchFix } from './fix.mjs';
import { OUR_RULES } from './lint.mjs';
import { benchTypedLint, typedProjectFiles } from './lint-typed.mjs';

const require = createRequire(import.meta.url);
const CORPUS_SIZE = Number(process.env.BENCH_FILES ?? 5000);
/** The lint part runs every LINT_STRIDE-th corpus file, to keep a full run near 3½ minutes on 2 cores. */
const LINT_STRIDE = Number(process.env.BENCH_LINT_STRIDE ?? 2);
const cores = availableParallelism();
/** Runs of each tool in the fix part (alternating); wall time is the mean, RSS the highest. */
const FIX_REPS = Number(process.env.BENCH_FIX_REPS ?? 2);
const version = (name) => require(`${name}/package.json`).version;

/**
 * Processes the lint part runs in, one after another: a run's ratio moves by a few hundredths with
 * where the collector happens to run, so the target is judged on the median run.
 */
const LINT_RUNS = Number(process.env.BENCH_LINT_RUNS ?? 3);

/**
 * The lint part (`lint.mjs`) in `runs` fresh processes, each as cold as one `eslint` run: the
 * per-rule times from the first only. Totals are summed over the runs; `ratios` are per run.
 */
function lintInFreshProcesses(runs) {
  const results = [];
  for (let run = 0; run < runs; run++) {
    const args = [path.join(ROOT, 'bench/lint.mjs'), String(LINT_STRIDE), ...(run === 0 ? [] : ['--no-stats'])];
    const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
    if (child.status !== 0) throw new Error(`bench: lint run ${run + 1} exited with ${child.status}`);
    results.push(JSON.parse(child.stdout));
  }
  const sum = (key) => results.reduce((total, result) => total + result[key], 0);
  const ratios = results.map((result) => result.oursMs / result.parseMs);
  const anchorRatios = results.map((result) => result.anchorMs / result.parseMs);
  return { ...results[0], first: results[0], runs, parseMs: sum('parseMs'), oursMs: sum('oursMs'), anchorMs: sum('anchorMs'), ratios, anchorRatios, ratio: median(ratios), anchorRatio: median(anchorRatios) };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const started = Date.now();
const files = buildCorpus(CORPUS_SIZE);
if (files.length < CORPUS_SIZE) console.error(`bench: only ${files.length} corpus files found (wanted ${CORPUS_SIZE})`);
const lintFiles = files.filter((_, index) => index % LINT_STRIDE === 0);

console.error(`bench: linting ${lintFiles.length} files x 3 configs in ${LINT_RUNS} processes ...`);
const lint = lintInFreshProcesses(LINT_RUNS);
const typedFiles = typedProjectFiles();
console.error(`bench: typed lint (projectService) of ${typedFiles.length} files x 3 configs ...`);
const typed = benchTypedLint(typedFiles);
console.error(`bench: fix vs no-op jscodeshift over ${files.length} files with ${cores} workers ...`);
const fix = benchFix(files, cores, FIX_REPS);

const ratio = (a, b) => a / b;
const x = (n) => `${n.toFixed(3)}×`;
const ok = (pass) => (pass ? '✅ met' : '❌ missed');
const oursRatio = lint.ratio;
const anchorRatio = lint.anchorRatio;
const typedRatio = ratio(typed.oursMs, typed.parseMs);
const typedAnchorRatio = ratio(typed.anchorMs, typed.parseMs);
const fixRate = fix.files / fix.fix.seconds;
const noopRate = fix.files / fix.noop.seconds;
const fixSpeedup = fixRate / noopRate;
const redisRate = fix.files / fix.redisFix.seconds;
const redisSpeedup = redisRate / noopRate;
const gib = (kib) => kib / 1024 / 1024;
const rssGiB = gib(fix.fix.maxRssKiB ?? NaN);

const lines = [
  '# Benchmark results',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` (${((Date.now() - started) / 1000).toFixed(0)} s run).`,
  '',
  `- Machine: ${cores} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${process.platform}/${process.arch}`,
  `- Node ${process.version}, ESLint ${version('eslint')}, typescript-eslint ${version('typescript-eslint')}, @typescript-eslint/parser ${version('@typescript-eslint/parser')}, jscodeshift ${version('jscodeshift')}, eslint-plugin-redis-leaks ${version(ROOT)}`,
  `- Corpus: ${files.length} files (fixtures/demo + the dev dependencies' sources in node_modules, see bench/README.md).`,
  `- Lint part: every ${LINT_STRIDE === 1 ? '' : `${LINT_STRIDE}nd `}corpus file, ${lintFiles.length} files, ${lint.linted} linted (${lint.unparsable} left out: the parser rejects them), configs alternated per file, in ${lint.runs} fresh processes one after another (each as cold as one \`eslint\` run). The targets take each ratio's median over the runs (\`configs.all\`: ${lint.ratios.map(x).join(', ')}; anchor: ${lint.anchorRatios.map(x).join(', ')}); the lint-cost table pools the runs' times; the per-rule table is the first run's. This plugin's \`all\` config reported ${lint.findings} findings.`,
  `- Fix part: all ${fix.files} files, ${cores} workers for both tools, ${fix.reps} runs of each, alternating (time: mean; RSS: highest).`,
  '',
  '## Targets',
  '',
  '| Measure | Target | Measured | |',
  '| --- | --- | --- | --- |',
  `| \`configs.all\` lint time / parse-only | ≤ 1.05× | ${x(oursRatio)} | ${ok(oursRatio <= 1.05)} |`,
  `| \`configs.all\` vs anchor (\`@typescript-eslint/no-unused-vars\` alone) | below the anchor (${x(anchorRatio)}) | ${x(oursRatio)} | ${ok(oursRatio < anchorRatio)} |`,
  `| typed: \`configs.all\` vs anchor (\`@typescript-eslint/no-floating-promises\` alone) | below the anchor (${x(typedAnchorRatio)}) | ${x(typedRatio)} | ${ok(typedRatio < typedAnchorRatio)} |`,
  `| \`redis-leaks fix --dry\` throughput / no-op jscodeshift, all transforms | ≥ 2× | ${x(fixSpeedup)} | ${ok(fixSpeedup >= 2)} |`,
  `| the same, Redis transforms only (\`--transform close-client,add-expiry\`) | ≥ 2× | ${x(redisSpeedup)} | ${ok(redisSpeedup >= 2)} |`,
  `| \`redis-leaks fix\` peak RSS | < 1 GiB | ${rssGiB.toFixed(2)} GiB | ${ok(rssGiB < 1)} |`,
  '',
  '## Lint cost',
  '',
  '| Config | Total ms, all runs | ms / file | / parse-only, all runs |',
  '| --- | ---: | ---: | ---: |',
  ...[
    ['no rules (parse only)', lint.parseMs],
    ['eslint-plugin-redis-leaks `configs.all`', lint.oursMs],
    ['anchor: `@typescript-eslint/no-unused-vars`', lint.anchorMs],
  ].map(([name, ms]) => `| ${name} | ${ms.toFixed(0)} | ${(ms / (lint.linted * lint.runs)).toFixed(3)} | ${x(ms / lint.parseMs)} |`),
  '',
  `Per-rule time, from ESLint's \`stats: true\` (a separate pass of \`configs.all\` in the first run; its parse time: ${lint.statsParseMs.toFixed(0)} ms; "parse-only total" is that run's):`,
  '',
  '| Rule | ms | share of the rules\' time | / parse-only total |',
  '| --- | ---: | ---: | ---: |',
  ...OUR_RULES.map((rule) => `| \`${rule}\` | ${lint.ruleMs[rule].toFixed(1)} | ${((100 * lint.ruleMs[rule]) / lint.statsRulesMs).toFixed(1)} % | ${((100 * lint.ruleMs[rule]) / lint.first.parseMs).toFixed(2)} % |`),
  `| all five | ${lint.statsRulesMs.toFixed(1)} | 100 % | ${((100 * lint.statsRulesMs) / lint.first.parseMs).toFixed(2)} % |`,
  '',
  `In the first run, \`configs.all\` − parse-only = ${(lint.first.oursMs - lint.first.parseMs).toFixed(0)} ms, of which the rules' own listeners take ${lint.statsRulesMs.toFixed(0)} ms; the rest is the rules' \`create\` for every file (the text tests, and the import resolution that decides whether a file can use a client) and ESLint's setup of each rule. ESLint walks every tree and runs its code-path analysis with or without rules, so parse-only includes those.`,
  '',
  '## Typed lint cost',
  '',
  `This repository's own TypeScript project (\`src\` and \`test\`, ${typed.files} files, tsconfig.json), every config with \`parserOptions.projectService\`, after a warm-up round that loads the program; ${typed.rounds} rounds, configs rotated per file. \`configs.all\` reported ${typed.findings} findings.`,
  '',
  '| Config | Total ms | ms / file | / typed parse-only |',
  '| --- | ---: | ---: | ---: |',
  ...[
    ['no rules (typed parse only)', typed.parseMs],
    ['eslint-plugin-redis-leaks `configs.all`', typed.oursMs],
    ['anchor: `@typescript-eslint/no-floating-promises`', typed.anchorMs],
  ].map(([name, ms]) => `| ${name} | ${ms.toFixed(0)} | ${(ms / (typed.files * typed.rounds)).toFixed(3)} | ${x(ms / typed.parseMs)} |`),
  '',
  '## Codemod throughput',
  '',
  '| Run | Seconds | Files / s | Peak RSS |',
  '| --- | ---: | ---: | ---: |',
  `| \`redis-leaks fix <copy> --dry --json --no-typecheck\` | ${fix.fix.seconds.toFixed(1)} | ${fixRate.toFixed(0)} | ${rssGiB.toFixed(2)} GiB |`,
  `| \`redis-leaks fix … --transform close-client,add-expiry\` | ${fix.redisFix.seconds.toFixed(1)} | ${redisRate.toFixed(0)} | ${gib(fix.redisFix.maxRssKiB ?? NaN).toFixed(2)} GiB |`,
  `| no-op jscodeshift (\`--parser=tsx -c ${cores}\`) | ${fix.noop.seconds.toFixed(1)} | ${noopRate.toFixed(0)} | ${gib(fix.noop.maxRssKiB ?? NaN).toFixed(2)} GiB (largest worker) |`,
  '',
  `Files parsed: ${fix.fix.report.scanned - fix.fix.report.notParsed} of ${fix.fix.report.scanned} with all transforms (\`bound-cache\` must parse every file whose text grows a named \`Map\`/\`Set\`, common in library code), ${fix.redisFix.report.scanned - fix.redisFix.report.notParsed} with the Redis transforms (files that name a Redis client module). A parsed file costs one ESLint pass (parse, scope analysis, the rules), which is where the time goes; the rest are read and matched against a regular expression only.`,
  '',
  `Each run — fix: ${fix.fix.allSeconds.map((s) => `${s.toFixed(1)} s`).join(', ')}, peak RSS ${fix.fix.allRssKiB.map((k) => `${gib(k).toFixed(2)} GiB`).join(', ')}; no-op: ${fix.noop.allSeconds.map((s) => `${s.toFixed(1)} s`).join(', ')}.`,
  '',
  `fix report: ${JSON.stringify(fix.fix.report)}; fixes: ${JSON.stringify(fix.fix.fixed)}; exit ${fix.fix.exit} (1 = findings left to fix by hand). Redis transforms only: ${JSON.stringify(fix.redisFix.report)}; fixes: ${JSON.stringify(fix.redisFix.fixed)}.`,
  '',
];
// Sections other scripts write (`npm run bench:oxlint`, the real-code corpus) are kept as they are.
const resultsFile = path.join(import.meta.dirname, 'RESULTS.md');
const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
const kept = previous.search(/^## (?:oxlint|Real code)/m);
const markdown = lines.join('\n') + (kept >= 0 ? `\n${previous.slice(kept)}` : '');
process.stdout.write(markdown);
writeFileSync(resultsFile, markdown);
