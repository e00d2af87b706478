import type { AuditReport, ConnectionGroup, KeyWriteSite } from './types';
import { formatBytes, formatCount, formatDuration, formatInteger, formatPercent, printable, truncate } from './format-units';
import type { PatternRow, PatternStatus } from './pattern-rows';
import { describePatterns, describeSite, estimatedKeysWithoutTtl, rowBytes } from './pattern-rows';

export interface HtmlReportOptions {
  /** Shown in the footer; without it the page is a pure function of the report. */
  readonly generatedAt?: Date;
}

/**
 * The audit as one self-contained HTML page: inline CSS and SVG, no script, no
 * external resource. A Content-Security-Policy forbids scripts and requests, so even
 * a missed escape could neither run code nor call out. Exact numbers sit in `data-*`
 * attributes (`data-estimated-bytes`) next to the rounded ones shown.
 */
export function renderAuditHtml(report: AuditReport, options: HtmlReportOptions = {}): string {
  const rows = describePatterns(report);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>redis-leaks audit: ${report.server}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header>
<h1>redis-leaks audit</h1>
<p class="server"><code>${printable(report.server)}</code></p>
</header>
<main>
${summarySection(report, rows)}
${memoryChartSection(rows)}
${patternTableSection(report, rows)}
${connectionsSection(report)}
${warningsSection(report)}
</main>
<footer>${footerText(options.generatedAt)}</footer>
</body>
</html>
`;
  return page.text;
}

/** Bars in the memory chart; the table lists every pattern. */
const CHART_LIMIT = 20;

const STATUS_LABELS: Record<PatternStatus, string> = {
  leak: 'leak',
  unexplained: 'unexplained',
  confirmed: 'confirmed',
  ttl: 'has TTL',
};

function summarySection(report: AuditReport, rows: readonly PatternRow[]): SafeHtml {
  const withoutTtl = rows.filter((row) => row.status === 'leak' || row.status === 'unexplained');
  const unexplained = rows.filter((row) => row.status === 'unexplained').length;
  const leakedGroups = report.connections?.groups.filter((group) => group.leak).length ?? 0;
  const bytesWithoutTtl = sumBytes(withoutTtl);
  const clean = withoutTtl.length === 0 && leakedGroups === 0;
  const server = [report.mode, report.role, report.redisVersion === undefined ? '' : `Redis ${printable(report.redisVersion)}`]
    .filter((part) => part !== '')
    .join(' · ');
  const keys = report.keys;
  return html`<section id="summary">
<h2>Summary</h2>
<p class="verdict ${clean ? 'ok' : 'bad'}">${verdict(withoutTtl.length, bytesWithoutTtl, unexplained, leakedGroups)}${report.warnings.length > 0 ? ' The report is partial: see the warnings.' : ''}</p>
<dl>
<div><dt>Server</dt><dd>${server}</dd></div>
${report.usedMemoryBytes === undefined ? '' : html`<div><dt>Memory used</dt><dd data-bytes="${report.usedMemoryBytes}">${formatBytes(report.usedMemoryBytes)}</dd></div>`}
${
  keys
    ? html`<div><dt>Keys sampled</dt><dd data-sampled-keys="${keys.sampledKeys}" data-total-keys="${keys.totalKeys}">${formatInteger(keys.sampledKeys)} of ${formatCount(keys.totalKeys)}${keys.complete ? '' : ' (SCAN stopped early: figures are extrapolated)'}</dd></div>
<div><dt>Sampled without TTL</dt><dd data-keys-without-ttl="${keys.keysWithoutTtl}">${formatInteger(keys.keysWithoutTtl)}${keys.sampledKeys > 0 ? ` (${formatPercent(keys.keysWithoutTtl / keys.sampledKeys)})` : ''}</dd></div>`
    : ''
}
<div><dt>Patterns without TTL</dt><dd data-patterns-without-ttl="${withoutTtl.length}">${formatInteger(withoutTtl.length)}${bytesWithoutTtl === undefined ? '' : ` (~${formatBytes(bytesWithoutTtl)})`}${unexplained > 0 ? `, ${unexplained} unexplained` : ''}</dd></div>
${
  report.connections
    ? html`<div><dt>Connections</dt><dd data-connected-clients="${report.connections.connectedClients}">${formatInteger(report.connections.connectedClients)}${report.connections.maxClients === undefined ? '' : ` of ${formatInteger(report.connections.maxClients)} maxclients`}, ${leakedGroups} leaked ${leakedGroups === 1 ? 'group' : 'groups'}</dd></div>`
    : ''
}
${report.code ? html`<div><dt>Code</dt><dd>${formatInteger(report.code.files)} files, ${formatInteger(report.code.sites.length)} key write sites</dd></div>` : ''}
</dl>
</section>`;
}

function verdict(patternsWithoutTtl: number, bytes: number | undefined, unexplained: number, leakedGroups: number): string {
  const findings: string[] = [];
  if (patternsWithoutTtl > 0) {
    const details = [...(bytes === undefined ? [] : [`~${formatBytes(bytes)}`]), ...(unexplained > 0 ? [`${unexplained} unexplained`] : [])];
    findings.push(`${patternsWithoutTtl} key ${patternsWithoutTtl === 1 ? 'pattern' : 'patterns'} without TTL${details.length > 0 ? ` (${details.join('; ')})` : ''}`);
  }
  if (leakedGroups > 0) findings.push(`${leakedGroups} leaked connection ${leakedGroups === 1 ? 'group' : 'groups'}`);
  return findings.length > 0 ? `${findings.join(', ')}.` : 'No leaks found.';
}

/** Example keys are for recognising a pattern: a 2,000-character key is cut here. */
const MAX_EXAMPLE_CHARACTERS = 120;

// Chart geometry, in SVG user units (the SVG scales to the page width).
const CHART = { width: 960, labelWidth: 330, barWidth: 500, rowHeight: 24, barHeight: 16, labelCharacters: 44 } as const;

function memoryChartSection(rows: readonly PatternRow[]): SafeHtml {
  const measured = rows
    .filter((row) => row.group?.estimatedBytes !== undefined)
    .sort((a, b) => (b.group?.estimatedBytes ?? 0) - (a.group?.estimatedBytes ?? 0))
    .slice(0, CHART_LIMIT);
  if (measured.length === 0) {
    return html`<section id="memory"><h2>Estimated memory by pattern</h2><p class="note">No key memory was measured.</p></section>`;
  }
  const largest = Math.max(...measured.map((row) => row.group?.estimatedBytes ?? 0));
  const height = measured.length * CHART.rowHeight + 8;
  const bars = measured.map((row, index) => {
    const bytes = row.group?.estimatedBytes ?? 0;
    const width = largest > 0 ? round((bytes / largest) * CHART.barWidth) : 0;
    const top = 4 + index * CHART.rowHeight;
    const middle = top + CHART.rowHeight / 2;
    const label = truncate(printable(row.pattern), CHART.labelCharacters);
    return html`<g class="bar-row">
<title>${printable(row.pattern)}: ~${formatBytes(bytes)} (${STATUS_LABELS[row.status]})</title>
<text class="label" x="${CHART.labelWidth - 8}" y="${middle}" text-anchor="end" dominant-baseline="middle">${label}</text>
<rect class="bar ${row.status}" x="${CHART.labelWidth}" y="${top + (CHART.rowHeight - CHART.barHeight) / 2}" width="${width}" height="${CHART.barHeight}" data-pattern="${row.pattern}" data-estimated-bytes="${bytes}"></rect>
<text class="value" x="${CHART.labelWidth + width + 6}" y="${middle}" dominant-baseline="middle">~${formatBytes(bytes)}</text>
</g>`;
  });
  const more = rows.filter((row) => row.group?.estimatedBytes !== undefined).length - measured.length;
  return html`<section id="memory">
<h2>Estimated memory by pattern</h2>
<svg id="memory-chart" viewBox="0 0 ${CHART.width} ${height}" role="img" aria-label="Estimated memory of the ${measured.length} largest key patterns">
${bars}
</svg>
<p class="legend"><span class="swatch leak"></span> leak <span class="swatch unexplained"></span> unexplained <span class="swatch confirmed"></span> confirmed <span class="swatch ttl"></span> has TTL${more > 0 ? ` · ${more} smaller ${more === 1 ? 'pattern' : 'patterns'} in the table below` : ''}</p>
</section>`;
}

function patternTableSection(report: AuditReport, rows: readonly PatternRow[]): SafeHtml {
  const note = !report.keys
    ? html`<p class="note">Keys were not sampled: see the warnings.</p>`
    : !report.code
      ? html`<p class="note">No source paths were given: pass them to tie patterns to the code that writes them.</p>`
      : '';
  return html`<section>
<h2>Key patterns</h2>
${note}
<table id="key-patterns">
<thead><tr><th scope="col">Pattern</th><th scope="col" class="num">Keys without TTL</th><th scope="col" class="num">Estimated keys</th><th scope="col" class="num">Share</th><th scope="col" class="num">Est. memory</th><th scope="col" class="num">Idle median</th><th scope="col">Written at</th><th scope="col">Status</th></tr></thead>
<tbody>
${rows.map(patternRow)}
</tbody>
</table>
</section>`;
}

function patternRow(row: PatternRow): SafeHtml {
  const group = row.group;
  const attributes = html`data-pattern="${row.pattern}" data-status="${row.status}"${
    group
      ? html` data-sampled-keys="${group.sampledKeys}" data-keys-without-ttl="${group.keysWithoutTtl}" data-estimated-keys="${group.estimatedKeys}" data-estimated-keys-without-ttl="${estimatedKeysWithoutTtl(group)}" data-share="${group.share}"`
      : ''
  }${group?.estimatedBytes === undefined ? '' : html` data-estimated-bytes="${group.estimatedBytes}"`}${
    group?.idleSeconds ? html` data-idle-median-seconds="${group.idleSeconds.median}" data-idle-max-seconds="${group.idleSeconds.max}"` : ''
  }`;
  const examples = group?.examples.length
    ? html`<ul class="examples">${group.examples.map((example) => html`<li><code>${truncate(printable(example), MAX_EXAMPLE_CHARACTERS)}</code></li>`)}</ul>`
    : '';
  return html`<tr class="${row.status}" ${attributes}>
<td class="pattern"><code>${printable(row.pattern)}</code>${examples}</td>
<td class="num">${group ? html`${formatInteger(group.keysWithoutTtl)}<span class="of"> of ${formatInteger(group.sampledKeys)}</span>` : '–'}</td>
<td class="num">${group ? formatCount(group.estimatedKeys) : '–'}</td>
<td class="num">${group ? formatPercent(group.share) : '–'}</td>
<td class="num">${group?.estimatedBytes === undefined ? '–' : `~${formatBytes(group.estimatedBytes)}`}</td>
<td class="num">${group?.idleSeconds ? html`<span title="longest: ${formatDuration(group.idleSeconds.max)}">${formatDuration(group.idleSeconds.median)}</span>` : '–'}</td>
<td class="sites">${row.sites.length > 0 ? html`<ul>${row.sites.map((site) => siteItem(site, row.status))}</ul>` : '–'}</td>
<td><span class="badge ${row.status}">${STATUS_LABELS[row.status]}</span></td>
</tr>`;
}

function siteItem(site: KeyWriteSite, status: PatternStatus): SafeHtml {
  const suspicious = site.expiry === 'present' && status === 'leak';
  return html`<li data-file="${site.file}" data-line="${site.line}" data-column="${site.column}" data-expiry="${site.expiry}"${suspicious ? raw(' class="suspicious"') : ''}><code>${printable(site.file)}:${site.line}</code> ${describeSite(site, status)}</li>`;
}

function connectionsSection(report: AuditReport): SafeHtml {
  const connections = report.connections;
  if (!connections) return html`<section><h2>Connections</h2><p class="note">CLIENT LIST was not read: see the warnings.</p></section>`;
  // Flagged groups first, each kept in the report's order (largest first).
  const groups = [...connections.groups.filter((group) => group.leak), ...connections.groups.filter((group) => !group.leak)];
  const limit = connections.maxClients === undefined ? '(maxclients unknown)' : `of ${formatInteger(connections.maxClients)} maxclients`;
  return html`<section>
<h2>Connections</h2>
<p>${formatInteger(connections.connectedClients)} connected ${limit}.</p>
<table id="connections">
<thead><tr><th scope="col">Host</th><th scope="col">Name</th><th scope="col" class="num">Connections</th><th scope="col" class="num">Idle</th><th scope="col" class="num">Oldest</th><th scope="col" class="num">Median age</th><th scope="col" class="num">Median idle</th><th scope="col">Leak</th></tr></thead>
<tbody>
${groups.map(connectionRow)}
</tbody>
</table>
</section>`;
}

function connectionRow(group: ConnectionGroup): SafeHtml {
  return html`<tr class="${group.leak ? 'leak' : 'ok'}" data-host="${group.host}" data-name="${group.name}" data-count="${group.count}" data-idle-count="${group.idleCount}" data-oldest-seconds="${group.oldestSeconds}" data-median-age-seconds="${group.medianAgeSeconds}" data-median-idle-seconds="${group.medianIdleSeconds}" data-leak="${group.leak ? 'true' : 'false'}">
<td><code>${printable(group.host)}</code></td>
<td>${group.name === '' ? html`<span class="unnamed">(unnamed)</span>` : html`<code>${printable(group.name)}</code>`}</td>
<td class="num">${formatInteger(group.count)}</td>
<td class="num">${formatInteger(group.idleCount)}</td>
<td class="num">${formatDuration(group.oldestSeconds)}</td>
<td class="num">${formatDuration(group.medianAgeSeconds)}</td>
<td class="num">${formatDuration(group.medianIdleSeconds)}</td>
<td>${group.leak ? printable(group.leak) : '–'}</td>
</tr>`;
}

function warningsSection(report: AuditReport): SafeHtml | '' {
  if (report.warnings.length === 0) return '';
  return html`<section id="warnings">
<h2>Warnings</h2>
<p>The audit could not do everything; the figures above are partial.</p>
<ul>${report.warnings.map((warning) => html`<li>${printable(warning)}</li>`)}</ul>
</section>`;
}

function footerText(generatedAt: Date | undefined): SafeHtml {
  return generatedAt
    ? html`Generated by redis-leaks audit on <time datetime="${generatedAt.toISOString()}">${generatedAt.toISOString()}</time>.`
    : html`Generated by redis-leaks audit.`;
}

/** The memory the rows are about: of patterns without TTL, only their keys without TTL. */
function sumBytes(rows: readonly PatternRow[]): number | undefined {
  const measured = rows.map(rowBytes).filter((bytes): bytes is number => bytes !== undefined);
  return measured.length === 0 ? undefined : measured.reduce((sum, bytes) => sum + bytes, 0);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Markup that is already escaped; anything else interpolated into `html` is escaped. */
class SafeHtml {
  constructor(readonly text: string) {}
}

type HtmlValue = SafeHtml | string | number | readonly HtmlValue[];

/** Template tag that escapes every interpolated string, so server text cannot become markup. */
function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  return new SafeHtml(strings.reduce((text, part, index) => text + toHtml(values[index - 1] ?? '') + part));
}

function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}

function toHtml(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.text;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(toHtml).join('\n');
}

/** Safe in text and in double- or single-quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character] ?? character);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const STYLE = `
:root {
  --text: #1f2328; --muted: #59636e; --background: #ffffff; --surface: #f6f8fa; --border: #d1d9e0;
  --leak: #cf222e; --unexplained: #bc4c00; --confirmed: #1a7f37; --ttl: #8c959f;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e6edf3; --muted: #9198a1; --background: #0d1117; --surface: #151b23; --border: #3d444d;
    --leak: #f85149; --unexplained: #db6d28; --confirmed: #3fb950; --ttl: #656c76;
  }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--text); background: var(--background); }
main { display: grid; gap: 1.5rem; }
h1 { margin: 0; font-size: 1.5rem; }
h2 { margin: 0 0 .5rem; font-size: 1.15rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; overflow-wrap: anywhere; }
.server { margin: .25rem 0 1.5rem; color: var(--muted); }
.note, .legend, footer, .of, .unnamed { color: var(--muted); }
.verdict { font-size: 1.1rem; font-weight: 600; }
.verdict.bad { color: var(--leak); }
.verdict.ok { color: var(--confirmed); }
dl { display: flex; flex-wrap: wrap; gap: .75rem; margin: 0; }
dl > div { background: var(--surface); border: 1px solid var(--border); border-radius: 6px; padding: .5rem .75rem; }
dt { color: var(--muted); font-size: .85em; }
dd { margin: 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--border); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--surface); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.pattern { min-width: 14rem; max-width: 32rem; }
#connections td:first-child code { white-space: nowrap; }
ul { margin: 0; padding-left: 1.1rem; }
.examples { color: var(--muted); font-size: .9em; }
.sites ul { padding-left: 0; list-style: none; }
.suspicious { color: var(--unexplained); }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 1rem; color: #fff; font-size: .85em; white-space: nowrap; }
.badge.leak, .swatch.leak, rect.leak { background: var(--leak); fill: var(--leak); }
.badge.unexplained, .swatch.unexplained, rect.unexplained { background: var(--unexplained); fill: var(--unexplained); }
.badge.confirmed, .swatch.confirmed, rect.confirmed { background: var(--confirmed); fill: var(--confirmed); }
.badge.ttl, .swatch.ttl, rect.ttl { background: var(--ttl); fill: var(--ttl); }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; vertical-align: -1px; margin-left: .5rem; }
#memory-chart { width: 100%; max-width: 960px; height: auto; font-size: 13px; }
#memory-chart text { fill: var(--text); }
#memory-chart .label { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
#connections tr.leak td { color: var(--leak); }
#warnings li { color: var(--unexplained); }
footer { margin-top: 2rem; font-size: .85em; }
`;
