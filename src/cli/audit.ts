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

  if (options.html) {
    const target = path.resolve(io.cwd, options.html);
    try {
      writeFileSync(target, renderAuditHtml(report, { generatedAt: new Date() }));
      io.stderr(`redis-leaks audit: wrote ${path.relative(io.cwd, target) || target}\n`);
    } catch (error) {
      io.stderr(`redis-leaks audit: could not write the HTML report: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatAuditText(report, { color: io.color ?? false }));
  return looksLeaked(report, options.minKeys) ? EXIT.findings : EXIT.clean;
}

/** A pattern with at least `minKeys` keys without TTL (estimated over the keyspace), or a flagged connection group. */
export function looksLeaked(report: AuditReport, minKeys: number): boolean {
  const keyLeak = (report.keys?.patterns ?? []).some((group) => group.keysWithoutTtl > 0 && estimatedKeysWithoutTtl(group) >= minKeys);
  return keyLeak || (report.connections?.groups ?? []).some((group) => group.leak !== undefined);
}
