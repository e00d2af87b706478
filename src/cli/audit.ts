import cliProgress from 'cli-progress';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { estimatedKeysWithoutTtl } from '../audit/pattern-rows';
import { renderAuditHtml } from '../audit/report-html';
import { formatAuditText } from '../audit/report-text';
import type { AuditOptions } from '../audit/run-audit';
import { runAudit } from '../audit/run-audit';
import { AuditError } from '../audit/server';
import type { AuditReport } from '../audit/types';
import { EXIT } from './exit-codes';
import type { CliIO } from './index';

export interface AuditCommandOptions extends Omit<AuditOptions, 'cwd' | 'onProgress' | 'paths' | 'url'> {
  readonly url?: string;
  readonly json: boolean;
  readonly html?: string;
  /** Keys without TTL (estimated) from which a pattern fails the run. */
  readonly minKeys: number;
}

/**
 * `redis-leaks audit`: prints the report (text or `--json`), writes `--html` when asked.
 * Exit 0 when nothing looks leaked, 1 when a key pattern without TTL reaches `--min-keys`
 * or a connection group is flagged, 2 when the server cannot be audited or on a usage error.
 */
export async function runAuditCommand(paths: readonly string[], options: AuditCommandOptions, io: CliIO & { isTTY: boolean }): Promise<number> {
  const url = options.url ?? process.env.REDIS_URL;
  if (!url) {
    io.stderr('redis-leaks audit: no server given. Pass --url redis://host:6379 (or set REDIS_URL).\n');
    return EXIT.usage;
  }
  const missing = paths.filter((given) => !existsSync(path.resolve(io.cwd, given)));
  if (missing.length > 0) {
    io.stderr(`redis-leaks audit: no such file or folder: ${missing.join(', ')}\n`);
    return EXIT.usage;
  }
  const htmlTarget = options.html === undefined ? undefined : path.resolve(io.cwd, options.html);
  // Checked before the audit, which may take minutes: a typo in --html should not cost them.
  if (htmlTarget && !existsSync(path.dirname(htmlTarget))) {
    io.stderr(`redis-leaks audit: cannot write --html ${options.html}: the folder ${path.dirname(htmlTarget)} does not exist\n`);
    return EXIT.usage;
  }

  const progress = io.isTTY && !options.json ? new cliProgress.SingleBar({ stream: process.stderr, clearOnComplete: true, format: 'sampling keys [{bar}] {value}/{total}' }, cliProgress.Presets.shades_classic) : undefined;
  let report: AuditReport;
  try {
    report = await runAudit({
      ...options,
      url,
      paths,
      cwd: io.cwd,
      onProgress: progress
        ? (done, total) => {
            if (!progress.isActive) progress.start(total, 0);
            progress.setTotal(total);
            progress.update(done);
          }
        : undefined,
    });
  } catch (error) {
    progress?.stop();
    if (error instanceof AuditError) {
      io.stderr(`redis-leaks audit: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  progress?.stop();

  // The report first: if the HTML cannot be written, what the audit found is not lost.
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatAuditText(report, { color: io.color ?? false }) + exitReason(report, options.minKeys));
  if (htmlTarget) {
    try {
      writeFileSync(htmlTarget, renderAuditHtml(report, { generatedAt: new Date() }));
      io.stderr(`redis-leaks audit: wrote ${path.relative(io.cwd, htmlTarget) || htmlTarget}\n`);
    } catch (error) {
      io.stderr(`redis-leaks audit: could not write the HTML report: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }
  if (looksLeaked(report, options.minKeys)) return EXIT.findings;
  if (keysUnread(report)) {
    io.stderr('redis-leaks audit: no key could be sampled (see the warnings), so the audit is incomplete: exit 2, not a clean bill of health.\n');
    return EXIT.usage;
  }
  return EXIT.clean;
}

/** A pattern with at least `minKeys` keys without TTL (estimated over the keyspace), or a flagged connection group. */
export function looksLeaked(report: AuditReport, minKeys: number): boolean {
  return patternsOverThreshold(report, minKeys).length > 0 || leakedConnectionGroups(report) > 0;
}

/** Keys exist, but none could be sampled (SCAN refused, the deadline hit first). */
export function keysUnread(report: AuditReport): boolean {
  return report.keys === undefined || (report.keys.sampledKeys === 0 && report.keys.totalKeys > 0);
}

function patternsOverThreshold(report: AuditReport, minKeys: number): string[] {
  return (report.keys?.patterns ?? []).filter((group) => group.keysWithoutTtl > 0 && estimatedKeysWithoutTtl(group) >= minKeys).map((group) => group.pattern);
}

function leakedConnectionGroups(report: AuditReport): number {
  return (report.connections?.groups ?? []).filter((group) => group.leak !== undefined).length;
}

/** The last line of the text report: which findings decide the exit code. */
function exitReason(report: AuditReport, minKeys: number): string {
  const patterns = patternsOverThreshold(report, minKeys);
  const groups = leakedConnectionGroups(report);
  const reasons = [
    ...(patterns.length > 0
      ? [`${patterns.length} ${patterns.length === 1 ? 'pattern has' : 'patterns have'} ${minKeys} or more keys without TTL (--min-keys): ${patterns.slice(0, 5).join(', ')}${patterns.length > 5 ? ', …' : ''}`]
      : []),
    ...(groups > 0 ? [`${groups} connection ${groups === 1 ? 'group looks' : 'groups look'} leaked`] : []),
  ];
  if (reasons.length > 0) return `Exit 1: ${reasons.join('; ')}.\n`;
  if (keysUnread(report)) return 'Exit 2: no key could be sampled.\n';
  return `Exit 0: no pattern reaches ${minKeys} keys without TTL (--min-keys) and no connection group looks leaked.\n`;
}
