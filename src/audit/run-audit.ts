import { collectKeyWriteSites } from './code-sites';
import { readConnections } from './connections';
import { matchPatternsToSites } from './match-patterns';
import { sampleKeys } from './sample-keys';
import type { ServerConnection } from './server';
import { AuditError, connectToServer } from './server';
import type { AuditReport, ConnectionReport, KeySample } from './types';

export interface AuditOptions {
  readonly url: string;
  /** Source files and folders to tie key patterns to; none: the report has no code section. */
  readonly paths: readonly string[];
  readonly cwd: string;
  /** Keys to sample at most. */
  readonly sample: number;
  /** About how many sampled keys get `MEMORY USAGE`. */
  readonly memorySample: number;
  /** Seconds the server part may take (connecting, sampling, CLIENT LIST); what was seen by then is reported. */
  readonly timeoutSeconds: number;
  /** Keys per second at most. */
  readonly rate?: number;
  /** Idle seconds from which a connection counts as forgotten. */
  readonly idleSeconds: number;
  /** Forgotten connections from one host and name that make a leak. */
  readonly minConnections: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Longest wait for connecting and for any single command, within the overall timeout. */
const COMMAND_TIMEOUT_MS = 10_000;

/**
 * `redis-leaks audit`: reads the server (keys, connections) and the code (key writes),
 * and ties them together. Read-only on the server. Throws an `AuditError` when the server
 * cannot be audited at all (unreachable, wrong password); anything less becomes a warning
 * and the report is partial.
 */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  // The code first: a bad path or an unparsable file is known before the server is touched,
  // and reading a large tree does not eat into the time the server gets.
  const code = options.paths.length > 0 ? collectKeyWriteSites(options.paths, options.cwd) : undefined;
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const connection = await connectToServer(options.url, { timeoutMs: Math.min(COMMAND_TIMEOUT_MS, options.timeoutSeconds * 1000) });
  const warnings = [...connection.warnings];
  try {
    if (connection.role === 'replica') {
      warnings.push(
        'connected to a replica: its keys and TTLs mirror the master, but idle times are the replica\'s own (your application reads the master) and CLIENT LIST shows the clients of the replica, not those of your application; audit the master to see them',
      );
    }
    const keys = await readKeys(connection, options, deadline, warnings);
    const connections = await readConnectionGroups(connection, options, warnings);
    for (const failed of code?.failed ?? []) warnings.push(`${failed.file}: ${failed.reason}`);
    return {
      server: connection.url,
      mode: connection.mode,
      role: connection.role,
      ...(connection.redisVersion !== undefined && { redisVersion: connection.redisVersion }),
      ...(connection.usedMemoryBytes !== undefined && { usedMemoryBytes: connection.usedMemoryBytes }),
      ...(keys && { keys }),
      ...(connections && { connections }),
      ...(code && { code: { files: code.files, ...matchPatternsToSites(keys?.patterns ?? [], code.sites) } }),
      warnings,
    };
  } finally {
    await connection.close();
  }
}

async function readKeys(connection: ServerConnection, options: AuditOptions, deadline: number, warnings: string[]): Promise<KeySample | undefined> {
  try {
    const result = await sampleKeys(connection, {
      sample: options.sample,
      memorySample: options.memorySample,
      deadline,
      ...(options.rate !== undefined && { rate: options.rate }),
      ...(options.onProgress && { onProgress: options.onProgress }),
    });
    warnings.push(...result.warnings);
    return result.sample;
  } catch (error) {
    if (error instanceof AuditError && error.kind === 'permission') {
      warnings.push(`keys not sampled: ${error.message}`);
      return undefined;
    }
    throw error;
  }
}

async function readConnectionGroups(connection: ServerConnection, options: AuditOptions, warnings: string[]): Promise<ConnectionReport | undefined> {
  try {
    const result = await readConnections(connection, { idleThresholdSeconds: options.idleSeconds, minLeakCount: options.minConnections });
    warnings.push(...result.warnings);
    return result.report;
  } catch (error) {
    // Refused, or the server stalled after the keys were read: report the keys anyway.
    if (error instanceof AuditError && (error.kind === 'permission' || error.kind === 'timeout')) {
      warnings.push(`connections not read: ${error.message}`);
      return undefined;
    }
    throw error;
  }
}
