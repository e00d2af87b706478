import type { AuditReport, ConnectionGroup, KeyPatternGroup } from './types';
import type { PatternRow } from './pattern-rows';
import { describePatterns, describeSite, estimatedKeysWithoutTtl, rowBytes, rowShare } from './pattern-rows';
import { formatBytes, formatCount, formatDuration, formatInteger, formatPercent, printable, truncate } from './format-units';

export interface TextReportOptions {
  /** ANSI colours; the caller decides (TTY, `NO_COLOR`, `--color`). */
  readonly color: boolean;
}

/** The terminal report of `redis-leaks audit`, sized for 100 columns. */
export function formatAuditText(report: AuditReport, options: TextReportOptions): string {
  const paint = createPaint(options.color);
  const rows = describePatterns(report);
  const leaks = rows.filter((row) => row.status === 'leak');
  const unexplained = rows.filter((row) => row.status === 'unexplained');
  const confirmed = rows.filter((row) => row.status === 'confirmed');
  const sections = [
    headerLines(report, paint),
    leakLines(report, leaks, unexplained, paint),
    connectionLines(report, paint),
    report.code ? confirmedLines(confirmed, paint) : [],
    report.code ? unexplainedLines(report, unexplained, paint) : [],
    warningLines(report, paint),
    [verdict(report, leaks, unexplained, paint)],
  ];
  return `${sections.filter((lines) => lines.length > 0).map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

const WIDTH = 100;
/** Patterns (or connection groups) listed per section; the rest are summed up in one line. */
const MAX_LISTED = 25;
const MAX_LISTED_CONNECTION_GROUPS = 15;
const INDENT = '  ';
const DETAIL_INDENT = '      ';

interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

function createPaint(color: boolean): Paint {
  const sgr = (open: number, close: number) => (text: string) => (color && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39) };
}

function headerLines(report: AuditReport, paint: Paint): string[] {
  const server: string[] = [report.mode, report.role];
  if (report.redisVersion !== undefined) server.push(`Redis ${printable(report.redisVersion)}`);
  if (report.usedMemoryBytes !== undefined) server.push(`${formatBytes(report.usedMemoryBytes)} used`);
  const lines = [paint.bold(truncate(`redis-leaks audit  ${printable(report.server)}`, WIDTH)), server.join(' · ')];
  const keys = report.keys;
  if (keys) {
    const sampledShare = keys.totalKeys > 0 ? ` (${formatPercent(keys.sampledKeys / keys.totalKeys)})` : '';
    const withoutTtlShare = keys.sampledKeys > 0 ? ` (${formatPercent(keys.keysWithoutTtl / keys.sampledKeys)})` : '';
    lines.push(
      `Sampled ${formatInteger(keys.sampledKeys)} of ${formatCount(keys.totalKeys)} keys${sampledShare}, ` +
        `${formatInteger(keys.keysWithoutTtl)} without TTL${withoutTtlShare}; memory measured on ${formatInteger(keys.measuredKeys)}`,
    );
    if (!keys.complete) lines.push(paint.dim('SCAN stopped before the end of the keyspace: counts and memory are extrapolated.'));
  }
  if (report.code) lines.push(`Code: ${formatInteger(report.code.files)} files, ${formatInteger(report.code.sites.length)} key write sites`);
  return lines;
}

function leakLines(report: AuditReport, leaks: readonly PatternRow[], unexplained: readonly PatternRow[], paint: Paint): string[] {
  const title = paint.bold('Keys without TTL');
  if (!report.keys) return [title, `${INDENT}not sampled (see warnings)`];
  if (report.keys.sampledKeys === 0) return [title, `${INDENT}${report.keys.totalKeys === 0 ? 'none: the database has no keys' : 'no key could be sampled (see warnings)'}`];
  if (leaks.length === 0 && unexplained.length > 0) return untiedLines(report, unexplained, paint);
  if (leaks.length === 0) return [title, `${INDENT}${paint.green('none: every sampled key has a TTL')}`];
  const lines = [`${title}  ${formatInteger(leaks.length)} ${plural(leaks.length, 'pattern')}${memorySuffix(leaks)}`, patternHeader(paint)];
  for (const row of leaks.slice(0, MAX_LISTED)) {
    lines.push(patternLine(row, paint.red), ...groupDetailLines(row.group));
    if (!report.code) continue;
    if (row.sites.length === 0) lines.push(`${DETAIL_INDENT}${paint.dim('no write site found in the code given')}`);
    lines.push(...siteLines(row, paint));
  }
  lines.push(...moreLine(leaks));
  if (!report.code) lines.push(paint.dim(`${INDENT}Pass source paths to tie these patterns to the code that writes them.`));
  return lines;
}

/**
 * Keys without TTL, none of them tied to a write in the code given (it holds none, or none
 * matches): they are all listed as unexplained, so this section says why and points there.
 */
function untiedLines(report: AuditReport, unexplained: readonly PatternRow[], paint: Paint): string[] {
  const keys = unexplained.reduce((sum, row) => sum + (row.group?.keysWithoutTtl ?? 0), 0);
  const why = report.code?.sites.length === 0 ? 'the code given holds no key write to tie them to' : 'no key write in the code given matches their patterns';
  return [
    `${paint.bold('Keys without TTL')}  ${formatInteger(unexplained.length)} ${plural(unexplained.length, 'pattern')}${memorySuffix(unexplained)}, none tied to the code`,
    ...wrap(`${formatInteger(keys)} sampled ${plural(keys, 'key')} without TTL; ${why}.`, WIDTH - INDENT.length).map((text) => INDENT + paint.yellow(text)),
    paint.dim(`${INDENT}They are listed under Unexplained patterns below.`),
  ];
}

function confirmedLines(confirmed: readonly PatternRow[], paint: Paint): string[] {
  const title = `${paint.bold('Confirmed')}  ${paint.dim('keys carry a TTL; the code that writes them sets one')}`;
  if (confirmed.length === 0) return [title, `${INDENT}none`];
  const lines = [title, patternHeader(paint)];
  for (const row of confirmed.slice(0, MAX_LISTED)) lines.push(patternLine(row, paint.green), ...siteLines(row, paint));
  return [...lines, ...moreLine(confirmed)];
}

function unexplainedLines(report: AuditReport, unexplained: readonly PatternRow[], paint: Paint): string[] {
  const title = `${paint.bold('Unexplained patterns')}  ${paint.dim('no TTL, and no code site given writes them')}`;
  if (unexplained.length === 0) return [title, `${INDENT}none`];
  // With no key write in the code at all, the likely cause is the paths given, not the writers.
  const hint =
    report.code?.sites.length === 0
      ? 'The code given holds no key write: pass the paths of the code that writes these keys.'
      : 'Written by Lua scripts, other services, or key names the analysis cannot follow (config, helpers).';
  const lines = [`${title}${memorySuffix(unexplained)}`, paint.dim(`${INDENT}${hint}`), patternHeader(paint)];
  for (const row of unexplained.slice(0, MAX_LISTED)) lines.push(patternLine(row, paint.yellow), ...groupDetailLines(row.group));
  return [...lines, ...moreLine(unexplained)];
}

// Pattern table: PATTERN (left) then KEYS, SHARE, MEMORY, IDLE (right-aligned), 98 columns in all.
const PATTERN_COLUMNS = [
  { title: 'PATTERN', width: 52, align: 'left' },
  { title: 'KEYS', width: 9, align: 'right' },
  { title: 'SHARE', width: 7, align: 'right' },
  { title: 'MEMORY', width: 10, align: 'right' },
  { title: 'IDLE (MEDIAN)', width: 14, align: 'right' },
] as const;

function patternHeader(paint: Paint): string {
  return paint.dim(INDENT + padCells(PATTERN_COLUMNS.map((column) => column.title), PATTERN_COLUMNS).join(' ').trimEnd());
}

function patternLine(row: PatternRow, tone: (text: string) => string): string {
  const group = row.group;
  const keys = group ? (row.status === 'leak' || row.status === 'unexplained' ? estimatedKeysWithoutTtl(group) : group.estimatedKeys) : undefined;
  const cells = [
    printable(row.pattern),
    keys === undefined ? '–' : formatCount(keys),
    group ? formatPercent(rowShare(row) ?? 0) : '–',
    rowBytes(row) === undefined ? '–' : `~${formatBytes(rowBytes(row)!)}`,
    group?.idleSeconds ? formatDuration(group.idleSeconds.median) : '–',
  ];
  const [pattern = '', ...numbers] = padCells(cells, PATTERN_COLUMNS);
  const text = pattern.trimEnd();
  return `${INDENT}${tone(text)}${pattern.slice(text.length)} ${numbers.join(' ')}`.trimEnd();
}

/** Types, examples, and how much of the pattern lacks a TTL when not all of it does. */
function groupDetailLines(group: KeyPatternGroup | undefined): string[] {
  if (!group) return [`${DETAIL_INDENT}not seen in the key sample`];
  const facts = [`${formatInteger(group.keysWithoutTtl)} of ${formatInteger(group.sampledKeys)} sampled without TTL`];
  if (group.types.length > 0) facts.push(group.types.map(printable).join(', '));
  if (group.idleSeconds) facts.push(`idle up to ${formatDuration(group.idleSeconds.max)}`);
  const lines = [DETAIL_INDENT + truncate(facts.join(' · '), WIDTH - DETAIL_INDENT.length)];
  if (group.examples.length > 0) {
    const examples = group.examples.map((example) => truncate(printable(example), 40)).join(', ');
    lines.push(DETAIL_INDENT + truncate(`e.g. ${examples}`, WIDTH - DETAIL_INDENT.length));
  }
  return lines;
}

function siteLines(row: PatternRow, paint: Paint): string[] {
  const locations = row.sites.map((site) => `${printable(site.file)}:${site.line}`);
  const locationWidth = Math.min(44, Math.max(0, ...locations.map((location) => location.length)));
  return row.sites.map((site, index) => {
    const location = truncate(locations[index]!, locationWidth).padEnd(locationWidth);
    const tone = site.expiry === 'present' && row.status === 'leak' ? paint.yellow : (text: string) => text;
    const [first = '', ...more] = wrap(describeSite(site, row.status), WIDTH - DETAIL_INDENT.length - locationWidth - 2);
    const hanging = ' '.repeat(DETAIL_INDENT.length + locationWidth + 2);
    return [`${DETAIL_INDENT}${location}  ${tone(first)}`, ...more.map((line) => hanging + tone(line))];
  }).flat();
}

function moreLine(rows: readonly PatternRow[]): string[] {
  if (rows.length <= MAX_LISTED) return [];
  const rest = rows.slice(MAX_LISTED);
  return [`${INDENT}… ${formatInteger(rest.length)} more ${plural(rest.length, 'pattern')}${memorySuffix(rest)}`];
}

// Connection table: flag, HOST, NAME (left) then CONNS, IDLE, OLDEST (right-aligned), each
// column as wide as its widest cell and two spaces apart, so `12` never reads as part of `9 min 36 s`.
const CONNECTION_TITLES = ['HOST', 'NAME', 'CONNS', 'IDLE', 'OLDEST'] as const;
const CONNECTION_GAP = '  ';
/** What a long client name keeps when host and name must give way to fit the line. */
const MIN_NAME_WIDTH = 12;

function connectionLines(report: AuditReport, paint: Paint): string[] {
  const connections = report.connections;
  const title = paint.bold('Connections');
  if (!connections) return [title, `${INDENT}not listed (see warnings)`];
  const limit =
    connections.maxClients === undefined
      ? '(maxclients unknown)'
      : `of ${formatInteger(connections.maxClients)} maxclients (${formatPercent(connections.connectedClients / connections.maxClients)})`;
  const lines = [`${title}  ${formatInteger(connections.connectedClients)} connected ${limit}`];
  // Flagged groups first, each kept in the report's order (largest first).
  const groups = [...connections.groups.filter((group) => group.leak), ...connections.groups.filter((group) => !group.leak)];
  if (groups.length === 0) return lines;
  const shown = groups.slice(0, Math.max(MAX_LISTED_CONNECTION_GROUPS, connections.groups.filter((group) => group.leak).length));
  const cells = shown.map(connectionCells);
  const layout = connectionLayout(cells);
  const row = (texts: readonly string[]) => padCells(texts, layout).join(CONNECTION_GAP).trimEnd();
  lines.push(paint.dim(INDENT + row(CONNECTION_TITLES)));
  shown.forEach((group, index) => lines.push(...connectionGroupLines(group, row(cells[index]!), paint)));
  const rest = groups.slice(shown.length);
  if (rest.length > 0) {
    const restConnections = rest.reduce((sum, group) => sum + group.count, 0);
    lines.push(`${INDENT}… ${formatInteger(rest.length)} more ${plural(rest.length, 'group')} (${formatInteger(restConnections)} ${plural(restConnections, 'connection')})`);
  }
  return lines;
}

function connectionCells(group: ConnectionGroup): string[] {
  return [
    printable(group.host),
    group.name === '' ? '(unnamed)' : printable(group.name),
    formatInteger(group.count),
    formatInteger(group.idleCount),
    formatDuration(group.oldestSeconds),
  ];
}

/**
 * Columns as wide as their widest cell or title. Counts and durations are never cut; when
 * the line would pass 100 columns, the name gives way first (down to `MIN_NAME_WIDTH`), then the host.
 */
function connectionLayout(rows: readonly (readonly string[])[]): Column[] {
  const [host = 0, name = 0, ...numbers] = CONNECTION_TITLES.map((title, index) => Math.max(title.length, ...rows.map((cells) => textWidth(cells[index]!))));
  const room = WIDTH - INDENT.length - CONNECTION_GAP.length * (CONNECTION_TITLES.length - 1) - numbers.reduce((sum, width) => sum + width, 0);
  const nameWidth = Math.min(name, Math.max(MIN_NAME_WIDTH, room - host));
  const hostWidth = Math.max('HOST'.length, Math.min(host, room - nameWidth));
  return [
    { width: hostWidth, align: 'left' },
    { width: nameWidth, align: 'left' },
    ...numbers.map((width): Column => ({ width, align: 'right' })),
  ];
}

function connectionGroupLines(group: ConnectionGroup, line: string, paint: Paint): string[] {
  if (!group.leak) return [INDENT + line];
  const reason = wrap(`leak: ${printable(group.leak)}`, WIDTH - DETAIL_INDENT.length).map((text) => DETAIL_INDENT + paint.red(text));
  return [paint.red(`! ${line}`), ...reason];
}

function warningLines(report: AuditReport, paint: Paint): string[] {
  if (report.warnings.length === 0) return [];
  return [
    `${paint.bold('Warnings')}  ${paint.dim('the report is partial')}`,
    ...report.warnings.flatMap((warning) =>
      wrap(printable(warning), WIDTH - 4).map((text, index) => `${INDENT}${index === 0 ? '- ' : '  '}${paint.yellow(text)}`),
    ),
  ];
}

function verdict(report: AuditReport, leaks: readonly PatternRow[], unexplained: readonly PatternRow[], paint: Paint): string {
  const findings: string[] = [];
  const withoutTtl = [...leaks, ...unexplained];
  if (withoutTtl.length > 0) {
    const details = [...memoryEstimate(withoutTtl), ...(unexplained.length > 0 ? [`${formatInteger(unexplained.length)} unexplained`] : [])];
    const suffix = details.length > 0 ? ` (${details.join('; ')})` : '';
    findings.push(`${formatInteger(withoutTtl.length)} ${plural(withoutTtl.length, 'pattern')} without TTL${suffix}`);
  }
  const leakedGroups = report.connections?.groups.filter((group) => group.leak).length ?? 0;
  if (leakedGroups > 0) findings.push(`${leakedGroups} leaked connection ${plural(leakedGroups, 'group')}`);
  // The warnings section right above says what is missing; the verdict only flags it.
  const partial = report.warnings.length > 0 ? '; partial' : '';
  const text = findings.length > 0 ? paint.red(findings.join(', ')) : paint.green('no leaks found');
  return `${paint.bold('Verdict:')} ${text}${partial}.`;
}

/** ` (~1.4 GB)`: the summed estimate, when any of the rows was measured. */
function memorySuffix(rows: readonly PatternRow[]): string {
  return memoryEstimate(rows).map((estimate) => ` (${estimate})`).join('');
}

/** `['~1.4 GB']`, or `[]` when none of the rows was measured. */
function memoryEstimate(rows: readonly PatternRow[]): string[] {
  const measured = rows.map(rowBytes).filter((bytes): bytes is number => bytes !== undefined);
  if (measured.length === 0) return [];
  return [`~${formatBytes(measured.reduce((sum, bytes) => sum + bytes, 0))}`];
}

interface Column {
  readonly width: number;
  readonly align: 'left' | 'right';
}

/** Each cell padded (or cut with `…`) to its column's width; the caller joins them with a space or two. */
function padCells(cells: readonly string[], layout: readonly Column[]): string[] {
  return cells.map((cell, index) => {
    const { width, align } = layout[index]!;
    const text = truncate(cell, width);
    // Padded by characters, as `truncate` counts them: `padEnd` would count an emoji as two.
    const padding = ' '.repeat(Math.max(0, width - textWidth(text)));
    return align === 'left' ? text + padding : padding + text;
  });
}

/** Characters (code points) in `text`, as `truncate` counts them. */
function textWidth(text: string): number {
  return [...text].length;
}

/** Splits prose at spaces into lines of at most `width` characters; a longer word is cut with `…`. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if ([...candidate].length <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = truncate(word, width);
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}
