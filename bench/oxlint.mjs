// `node bench/oxlint.mjs` (after `npm run build`): the plugin's five rules run by oxlint (as a JS plugin) and by
// ESLint (`configs.all`) over the same copy of the bench corpus, wall-clock, plus oxlint alone (its default rules,
// no JS plugin). Also checks that both linters report the same findings on the files both parse.
// Prints a markdown section and writes it into bench/RESULTS.md (replacing an earlier one). See bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { buildCorpus, ROOT } from './corpus.mjs';
import { copyCorpus } from './fix.mjs';

const require = createRequire(import.meta.url);
const CORPUS_SIZE = Number(process.env.BENCH_FILES ?? 5000);
/** Runs of each configuration, in rotating order; the table shows the mean. */
const REPS = Number(process.env.BENCH_OXLINT_REPS ?? 3);
const RESULTS = path.join(import.meta.dirname, 'RESULTS.md');
const HEADING = '## oxlint';
const cores = availableParallelism();
const version = (name) => require(`${name}/package.json`).version;

const dist = path.join(ROOT, 'packages/eslint-plugin-redis-leaks/dist/index.js');
if (!existsSync(dist)) throw new Error('run `npm run build` first');
const plugin = require(dist);
const RULES = Object.keys(plugin.configs.all.rules);

/** Runs a command under /usr/bin/time -v; returns wall seconds, CPU seconds (user + system), peak RSS (KiB), exit status and output. */
function timed(command, args, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const cpu = ['User', 'System'].reduce((sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(result.stderr)?.[1] ?? NaN), 0);
  return { seconds, cpuSeconds: cpu, maxRssKiB: rss ? Number(rss[1]) : undefined, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const started = Date.now();
const files = buildCorpus(CORPUS_SIZE);
// The copy renames node_modules, dist, … (bench/fix.mjs), so neither linter skips a file by its folder.
const { dir, copy } = copyCorpus(files);
try {
  // A project as a user has it: node_modules (the workspace's, so both configs load the plugin by name) and the configs.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const oxlintPlugin = path.join(dir, 'oxlint-plugin.json');
  writeFileSync(oxlintPlugin, JSON.stringify({ categories: { correctness: 'off' }, jsPlugins: ['eslint-plugin-redis-leaks'], rules: Object.fromEntries(RULES.map((rule) => [rule, 'error'])) }));
  const oxlintDefault = path.join(dir, 'oxlint-default.json');
  writeFileSync(oxlintDefault, '{}');
  const eslintConfig = path.join(dir, 'eslint.config.mjs');
  // Parsing as src/cli/lint-config.ts and bench/lint.mjs do: typescript-eslint's parser for TypeScript, espree with JSX for JavaScript.
  writeFileSync(
    eslintConfig,
    [
      "import redisLeaks from 'eslint-plugin-redis-leaks';",
      "import tseslint from 'typescript-eslint';",
      'export default [',
      "  { linterOptions: { reportUnusedDisableDirectives: 'off' } },",
      "  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },",
      "  { files: ['**/*.ts', '**/*.mts', '**/*.cts'], languageOptions: { parser: tseslint.parser } },",
      '  redisLeaks.configs.all,',
      '];',
      '',
    ].join('\n'),
  );

  const oxlintBin = path.join(ROOT, 'node_modules/.bin/oxlint');
  const eslintBin = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');
  const RUNS = {
    eslint: { label: 'ESLint + plugin (`configs.all`), `--concurrency off` (the default)', run: () => timed(process.execPath, [eslintBin, '-c', eslintConfig, '-f', 'json', path.basename(copy)], dir) },
    eslint2: { label: `ESLint + plugin (\`configs.all\`), \`--concurrency ${cores}\``, run: () => timed(process.execPath, [eslintBin, '-c', eslintConfig, '--concurrency', String(cores), '-f', 'json', path.basename(copy)], dir) },
    oxlint: { label: 'oxlint + plugin (the five rules only, as a JS plugin)', run: () => timed(oxlintBin, ['-c', oxlintPlugin, '--disable-nested-config', '-f', 'json', path.basename(copy)], dir) },
    oxlintAlone: { label: 'oxlint alone (its default rules, no JS plugin)', run: () => timed(oxlintBin, ['-c', oxlintDefault, '--disable-nested-config', '-f', 'json', path.basename(copy)], dir) },
  };
  const names = Object.keys(RUNS);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let rep = 0; rep < REPS; rep++) {
    // Rotated order, so neither linter always runs first on a cold page cache.
    for (let k = 0; k < names.length; k++) {
      const name = names[(rep + k) % names.length];
      console.error(`bench: ${name}, run ${rep + 1} of ${REPS} ...`);
      const load = loadavg()[0];
      const run = { ...RUNS[name].run(), load };
      // 0: no findings, 1: findings; anything else is a crash or a config problem.
      if (run.status > 1 || run.status === null) throw new Error(`${name} failed (exit ${run.status}):\n${run.stderr.slice(-3000)}`);
      runs[name].push(run);
    }
  }

  // Findings, from the first run of each: ESLint's vs oxlint's, on the files both parse.
  const eslintReport = JSON.parse(runs.eslint[0].stdout);
  const oxlintReport = JSON.parse(runs.oxlint[0].stdout);
  const rel = (file) => path.relative(dir, path.resolve(dir, file));
  const eslintUnparsed = new Set(eslintReport.filter((result) => result.messages.some((m) => m.fatal)).map((result) => rel(result.filePath)));
  const oxlintUnparsed = new Set(oxlintReport.diagnostics.filter((d) => !d.code).map((d) => rel(d.filename)));
  const bothParse = (file) => !eslintUnparsed.has(file) && !oxlintUnparsed.has(file);
  const ours = (ruleId) => ruleId?.startsWith('redis-leaks/');
  const fromEslint = eslintReport
    .flatMap((result) => result.messages.filter((m) => ours(m.ruleId)).map((m) => ({ file: rel(result.filePath), ...m })))
    .filter((m) => bothParse(m.file))
    .map((m) => `${m.file}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId} ${m.message}`)
    .sort();
  // oxlint's offsets, lengths and columns count UTF-8 bytes, ESLint's columns UTF-16 code units: compare
  // positions derived from the offsets, and count the findings where oxlint's own column differs for that reason.
  const positionAt = (bytes, offset) => {
    const lines = bytes.subarray(0, offset).toString('utf8').split('\n');
    return `${lines.length}:${lines.at(-1).length + 1}`;
  };
  let byteColumns = 0;
  const fromOxlint = oxlintReport.diagnostics
    .map((d) => ({ file: rel(d.filename), ruleId: d.code?.replace(/^([^(]+)\((.+)\)$/, '$1/$2'), span: d.labels[0]?.span, message: d.message }))
    .filter((d) => ours(d.ruleId) && bothParse(d.file))
    .map((d) => {
      const bytes = readFileSync(path.join(dir, d.file));
      const start = positionAt(bytes, d.span.offset);
      if (start !== `${d.span.line}:${d.span.column}`) byteColumns++;
      return `${d.file}:${start}-${positionAt(bytes, d.span.offset + d.span.length)} ${d.ruleId} ${d.message}`;
    })
    .sort();
  const eslintSet = new Set(fromEslint);
  const oxlintSet = new Set(fromOxlint);
  const onlyEslint = fromEslint.filter((finding) => !oxlintSet.has(finding));
  const onlyOxlint = fromOxlint.filter((finding) => !eslintSet.has(finding));
  const linted = files.length - new Set([...eslintUnparsed, ...oxlintUnparsed]).size;

  const mean = (list, key = 'seconds') => list.reduce((sum, run) => sum + run[key], 0) / list.length;
  const seconds = Object.fromEntries(names.map((name) => [name, mean(runs[name])]));
  const cpuSeconds = Object.fromEntries(names.map((name) => [name, mean(runs[name], 'cpuSeconds')]));
  const gib = (kib) => (kib / 1024 / 1024).toFixed(2);
  const maxRss = (name) => Math.max(...runs[name].map((run) => run.maxRssKiB ?? NaN));
  const x = (n) => `${n.toFixed(2)}×`;

  const lines = [
    HEADING,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`node bench/oxlint.mjs\` (${((Date.now() - started) / 1000).toFixed(0)} s run): the same ${files.length} corpus files (copied as in the fix part), each linter one process over the whole folder, wall-clock, ${REPS} run${REPS === 1 ? "" : "s"} of each in rotating order (time: mean; RSS: highest).`,
    '',
    `- Machine: ${cores} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${process.platform}/${process.arch}; Node ${process.version}`,
    `- oxlint ${version('oxlint')} (${runs.oxlint[0].stdout ? JSON.parse(runs.oxlint[0].stdout).threads_count : '?'} threads, its default), ESLint ${version('eslint')}, typescript-eslint ${version('typescript-eslint')}, eslint-plugin-redis-leaks ${plugin.meta.version}`,
    '',
    '| Run | Seconds (wall) | / oxlint + plugin | CPU seconds (user + sys) | / oxlint + plugin | Peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...names.map(
      (name) =>
        `| ${RUNS[name].label} | ${seconds[name].toFixed(1)} | ${x(seconds[name] / seconds.oxlint)} | ${cpuSeconds[name].toFixed(1)} | ${x(cpuSeconds[name] / cpuSeconds.oxlint)} | ${gib(maxRss(name))} GiB |`,
    ),
    '',
    `ESLint + plugin takes ${x(seconds.eslint / seconds.oxlint)} the time of oxlint + plugin (${x(seconds.eslint2 / seconds.oxlint)} with \`--concurrency ${cores}\`); the JS plugin adds ${(seconds.oxlint - seconds.oxlintAlone).toFixed(1)} s to oxlint alone (which runs its ${JSON.parse(runs.oxlintAlone[0].stdout).number_of_rules} default rules, natively).`,
    '',
    `Each run — ${names.map((name) => `${name}: ${runs[name].map((run) => `${run.seconds.toFixed(1)} s`).join(', ')}`).join('; ')}. The 1-minute load average before each run (other processes on the machine skew the times when it is well above 0): ${names.map((name) => `${name}: ${runs[name].map((run) => run.load.toFixed(1)).join(', ')}`).join('; ')}.`,
    '',
    `Findings: on the ${linted} files both parse (ESLint rejects ${eslintUnparsed.size}, oxlint ${oxlintUnparsed.size}; oxlint also accepts sloppy-mode scripts that ESLint parses as modules), ESLint reported ${fromEslint.length} and oxlint ${fromOxlint.length} findings of the five rules; ${onlyEslint.length + onlyOxlint.length === 0 ? 'identical (file, start and end line and column, rule, message)' : `${onlyEslint.length} only from ESLint, ${onlyOxlint.length} only from oxlint`}. Positions are compared as derived from oxlint's byte offsets: oxlint's own column counts UTF-8 bytes, so it is past ESLint's (UTF-16) on ${byteColumns} of the findings, those after a non-ASCII character on their line.`,
    ...[...onlyEslint.slice(0, 10).map((finding) => `- ESLint only: ${finding}`), ...onlyOxlint.slice(0, 10).map((finding) => `- oxlint only: ${finding}`)],
    '',
  ];
  const section = lines.join('\n');
  process.stdout.write(section);

  // bench/run.mjs rewrites RESULTS.md without this section: it replaces an earlier one in place, or goes at the end.
  const existing = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const at = existing.indexOf(`\n${HEADING}\n`);
  const next = at === -1 ? -1 : existing.indexOf('\n## ', at + 1);
  const before = (at === -1 ? existing : existing.slice(0, at + 1)).replace(/\n*$/, '\n\n');
  const after = next === -1 ? '' : `\n${existing.slice(next + 1)}`;
  writeFileSync(RESULTS, before + section + after);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
