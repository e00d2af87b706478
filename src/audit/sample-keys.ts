import type { ChainableCommander } from 'ioredis';
import { formatInteger } from './format-units';
import { PatternAggregator } from './key-patterns';
import type { SampledKeyRecord } from './key-patterns';
import type { ServerConnection, ServerNode } from './server';
import { AuditError, isPermissionError, isReplyError, isUnknownCommandError, toAuditError } from './server';
import type { KeySample } from './types';

/**
 * Samples the keyspace with SCAN and reads each sampled key's type, TTL, idle time and
 * (for some) memory, without blocking the server: small SCAN pages, pipelines of a
 * hundred keys, optional rate limit. SCAN walks the hash table in bucket order, which
 * does not follow key names, so its first N keys are a fair sample of the keyspace.
 */

export interface SampleKeysOptions {
  /** Keys to sample at most (default 100,000). */
  readonly sample?: number;
  /** About how many of the sampled keys get `MEMORY USAGE key SAMPLES 5`, spread over the sample (default 2,000). */
  readonly memorySample?: number;
  /** SCAN `COUNT` hint (default 500). */
  readonly scanCount?: number;
  /** Keys per second at most; sleeps between pipelines. */
  readonly rate?: number;
  /** Epoch ms at which to stop and report what was seen. */
  readonly deadline: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Database to read instead of the URL's (standalone only). */
  readonly db?: number;
}

export interface SampleKeysResult {
  readonly sample: KeySample;
  /** What could not be read (missing permissions, deadline): the sample is partial. */
  readonly warnings: string[];
}

/** What `sampleKeys` needs from a connection. */
export type KeySource = Pick<ServerConnection, 'mode' | 'db' | 'nodes'>;

const DEFAULT_SAMPLE = 100_000;
const DEFAULT_MEMORY_SAMPLE = 2_000;
const DEFAULT_SCAN_COUNT = 500;
/** Keys per pipeline: about 400 short commands, a few milliseconds of server time. */
const PIPELINE_KEYS = 100;
/** `MEMORY USAGE … SAMPLES 5`: enough to size a collection without walking all of it. */
const MEMORY_SAMPLES = '5';

/**
 * Samples keys and aggregates them into patterns. In a cluster, each master is scanned
 * and the sample is split in proportion to each master's DBSIZE. Keys that vanish
 * between SCAN and TYPE are skipped. When `OBJECT IDLETIME` or `MEMORY USAGE` is refused
 * (ACL, renamed command, LFU policy), sampling goes on without it and a warning says
 * what to grant. Fails with an `AuditError` when SCAN, TYPE or PTTL cannot run (kind
 * `permission` for an ACL refusal, which callers report as a warning).
 */
export async function sampleKeys(connection: KeySource, options: SampleKeysOptions): Promise<SampleKeysResult> {
  const sampler = new KeySampler(connection, options);
  return sampler.run();
}

interface NodeScan {
  readonly node: ServerNode;
  /** DBSIZE, undefined when refused. */
  readonly size: number | undefined;
}

class KeySampler {
  private readonly aggregator = new PatternAggregator();
  private readonly warnings: string[] = [];
  private readonly sampleLimit: number;
  private readonly memorySample: number;
  private readonly scanCount: number;
  private readonly startedAt = Date.now();
  private readIdle = true;
  private readMemory: boolean;
  /** Every `memoryStride`-th key is measured. */
  private memoryStride = 1;
  private keysRead = 0;
  private progressTotal = 0;
  private stoppedEarly = false;
  private timedOut = false;

  constructor(
    private readonly connection: KeySource,
    private readonly options: SampleKeysOptions,
  ) {
    this.sampleLimit = Math.max(0, options.sample ?? DEFAULT_SAMPLE);
    this.memorySample = Math.max(0, options.memorySample ?? DEFAULT_MEMORY_SAMPLE);
    this.scanCount = Math.max(1, options.scanCount ?? DEFAULT_SCAN_COUNT);
    this.readMemory = this.memorySample > 0;
  }

  async run(): Promise<SampleKeysResult> {
    const db = this.databaseToRead();
    const restore = await this.selectDatabase(db);
    try {
      const scans = await Promise.all(this.connection.nodes.map(async (node) => ({ node, size: await this.readSize(node) })));
      const knownTotal = scans.every((scan) => scan.size !== undefined) ? scans.reduce((sum, scan) => sum + scan.size!, 0) : undefined;
      this.progressTotal = Math.min(this.sampleLimit, knownTotal ?? this.sampleLimit);
      if (this.memorySample > 0) this.memoryStride = Math.max(1, Math.round(this.progressTotal / this.memorySample));
      await this.scanNodes(scans);
      const totalKeys = knownTotal ?? this.aggregator.sampledKeys;
      if (this.timedOut) {
        this.warnings.push(
          `the key sample stopped at the deadline after ${formatInteger(this.aggregator.sampledKeys)} of ${formatInteger(totalKeys)} keys: ` +
            'counts are extrapolated from a partial sample (raise --timeout, or lower --sample)',
        );
      }
      return {
        sample: {
          totalKeys,
          sampledKeys: this.aggregator.sampledKeys,
          keysWithoutTtl: this.aggregator.keysWithoutTtl,
          measuredKeys: this.aggregator.measuredKeys,
          complete: !this.stoppedEarly && !this.timedOut,
          patterns: this.aggregator.groups({ totalKeys }),
        },
        warnings: this.warnings,
      };
    } finally {
      await restore();
    }
  }

  private databaseToRead(): number {
    const { db } = this.options;
    if (db === undefined || db === this.connection.db) return this.connection.db;
    if (this.connection.mode === 'cluster') {
      this.warnings.push(`a cluster has only database 0: db ${db} is ignored`);
      return this.connection.db;
    }
    return db;
  }

  /** SELECTs `db` on the (standalone) connection when it is not the URL's; returns how to switch back. */
  private async selectDatabase(db: number): Promise<() => Promise<void>> {
    if (db === this.connection.db) return async () => {};
    const [node] = this.connection.nodes;
    if (!node) return async () => {};
    await this.command(node, 'SELECT', String(db));
    return async () => {
      await node.client.call('SELECT', String(this.connection.db)).catch(() => undefined);
    };
  }

  private async readSize(node: ServerNode): Promise<number | undefined> {
    try {
      return Number(await node.client.call('DBSIZE'));
    } catch (error) {
      if (!isPermissionError(error)) throw toAuditError(error, { address: node.address, command: 'DBSIZE' });
      this.warnings.push(`DBSIZE was denied on ${node.address} (NOPERM): grant +dbsize; key counts are those of the sample, not estimates of the whole keyspace`);
      return undefined;
    }
  }

  /** Scans the nodes one after the other; each gets its share of what is left of the sample. */
  private async scanNodes(scans: readonly NodeScan[]): Promise<void> {
    let sizeLeft = scans.reduce((sum, scan) => sum + (scan.size ?? 0), 0);
    for (const [index, scan] of scans.entries()) {
      const left = this.sampleLimit - this.aggregator.sampledKeys;
      const isLast = index === scans.length - 1;
      const quota = isLast || scan.size === undefined || sizeLeft === 0 ? left : Math.ceil((left * scan.size) / sizeLeft);
      sizeLeft -= scan.size ?? 0;
      if (left <= 0) {
        if (scan.size !== 0) this.stoppedEarly = true;
        continue;
      }
      await this.scanNode(scan.node, quota);
      if (this.timedOut) return;
    }
  }

  private async scanNode(node: ServerNode, quota: number): Promise<void> {
    const seen = new Set<string>();
    let taken = 0;
    let cursor = '0';
    do {
      if (Date.now() >= this.options.deadline) {
        this.timedOut = true;
        return;
      }
      const reply = await this.command(node, 'SCAN', cursor, 'COUNT', String(this.scanCount));
      const [nextCursor, keys] = parseScanReply(reply, node.address);
      cursor = nextCursor;
      // SCAN may return a key twice (while the table is resized): keep the first.
      const fresh = keys.filter((key) => !seen.has(key));
      for (const key of fresh) seen.add(key);
      const wanted = fresh.slice(0, quota - taken);
      if (wanted.length < fresh.length) this.stoppedEarly = true;
      for (let start = 0; start < wanted.length; start += PIPELINE_KEYS) {
        if (Date.now() >= this.options.deadline) {
          this.timedOut = true;
          return;
        }
        taken += await this.readKeys(node, wanted.slice(start, start + PIPELINE_KEYS));
        await this.throttle();
      }
      if (taken >= quota) {
        if (cursor !== '0') this.stoppedEarly = true;
        return;
      }
    } while (cursor !== '0');
  }

  /** Reads type, TTL, idle time and maybe memory of the keys in one pipeline; returns how many were still there. */
  private async readKeys(node: ServerNode, keys: readonly string[]): Promise<number> {
    const pipeline = node.client.pipeline();
    const plans = keys.map((key) => {
      const measure = this.readMemory && this.keysRead % this.memoryStride === 0;
      this.keysRead += 1;
      // OBJECT IDLETIME first: no command here touches the key's access time, but being first keeps it exact anyway.
      if (this.readIdle) pipeline.call('OBJECT', 'IDLETIME', key);
      pipeline.type(key);
      pipeline.pttl(key);
      if (measure) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', MEMORY_SAMPLES);
      return { key, idle: this.readIdle, measure };
    });
    const replies = await this.execute(node, pipeline);
    let position = 0;
    let kept = 0;
    for (const plan of plans) {
      const idle = plan.idle ? replies[position++]! : undefined;
      const type = replies[position++]!;
      const pttl = replies[position++]!;
      const memory = plan.measure ? replies[position++]! : undefined;
      const record = this.toRecord(node, plan.key, { idle, type, pttl, memory });
      if (!record) continue;
      this.aggregator.add(record);
      kept += 1;
    }
    this.options.onProgress?.(this.aggregator.sampledKeys, this.progressTotal);
    return kept;
  }

  private toRecord(node: ServerNode, key: string, replies: KeyReplies): SampledKeyRecord | undefined {
    const type = this.keyReply(node, replies.type, 'TYPE');
    const pttl = this.keyReply(node, replies.pttl, 'PTTL');
    // Gone between SCAN and TYPE (expired or deleted), or refused for this key alone.
    if (type === undefined || pttl === undefined || type === 'none' || pttl === -2) return undefined;
    const idle = replies.idle && this.optionalReply(node, replies.idle, 'idle');
    const memory = replies.memory && this.optionalReply(node, replies.memory, 'memory');
    return {
      key,
      type: String(type),
      pttlMs: Number(pttl),
      ...(typeof idle === 'number' && { idleSeconds: idle }),
      ...(typeof memory === 'number' && { memoryBytes: memory }),
    };
  }

  /** The reply of TYPE or PTTL; undefined when the server refused it for this key (e.g. MOVED during a resharding). */
  private keyReply(node: ServerNode, [error, value]: PipelineReply, command: string): unknown {
    if (!error) return value;
    if (isPermissionError(error)) throw permissionError(node, command, `+${command.toLowerCase()}`, error);
    if (isReplyError(error)) return undefined;
    throw toAuditError(error, { address: node.address, command });
  }

  /** The reply of OBJECT IDLETIME or MEMORY USAGE; a refusal turns the reading off for the rest of the sample. */
  private optionalReply(node: ServerNode, [error, value]: PipelineReply, what: 'idle' | 'memory'): unknown {
    if (!error) return value;
    if (!isReplyError(error)) throw toAuditError(error, { address: node.address });
    const turnedOff = what === 'idle' ? this.readIdle : this.readMemory;
    if (what === 'idle') this.readIdle = false;
    else this.readMemory = false;
    if (turnedOff) this.warnings.push(optionalReadWarning(node, what, error));
    return undefined;
  }

  private async execute(node: ServerNode, pipeline: ChainableCommander): Promise<PipelineReply[]> {
    let replies: Awaited<ReturnType<ChainableCommander['exec']>>;
    try {
      replies = await pipeline.exec();
    } catch (error) {
      throw toAuditError(error, { address: node.address });
    }
    if (!replies) throw new AuditError('protocol', `redis at ${node.address} returned no replies to a pipeline`);
    return replies;
  }

  private async command(node: ServerNode, ...args: [string, ...string[]]): Promise<unknown> {
    try {
      return await node.client.call(...args);
    } catch (error) {
      if (isPermissionError(error)) throw permissionError(node, args[0], `+${args[0].toLowerCase()}`, error);
      throw toAuditError(error, { address: node.address, command: args[0] });
    }
  }

  /** Sleeps so that no more than `rate` keys per second are read (never past the deadline). */
  private async throttle(): Promise<void> {
    const { rate, deadline } = this.options;
    if (!rate || rate <= 0) return;
    const due = this.startedAt + (this.keysRead / rate) * 1_000;
    const wait = Math.min(due, deadline) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

type PipelineReply = [error: Error | null, result: unknown];

interface KeyReplies {
  readonly idle: PipelineReply | undefined;
  readonly type: PipelineReply;
  readonly pttl: PipelineReply;
  readonly memory: PipelineReply | undefined;
}

function parseScanReply(reply: unknown, address: string): [cursor: string, keys: string[]] {
  if (Array.isArray(reply) && reply.length === 2 && Array.isArray(reply[1])) {
    return [String(reply[0]), reply[1].map((key) => String(key))];
  }
  throw new AuditError('protocol', `redis at ${address} answered SCAN with something other than [cursor, keys]`);
}

function permissionError(node: ServerNode, command: string, grant: string, cause: unknown): AuditError {
  return new AuditError('permission', `${command} was denied on ${node.address} (NOPERM): grant ${grant} (or +@read) to the audit's user to sample keys`, { cause });
}

function optionalReadWarning(node: ServerNode, what: 'idle' | 'memory', error: Error): string {
  const [command, grant, missing] =
    what === 'idle' ? ['OBJECT IDLETIME', '+object|idletime (or +object)', 'idle times are missing'] : ['MEMORY USAGE', '+memory|usage (or +memory)', 'estimated bytes are missing'];
  if (isPermissionError(error)) return `${command} was denied on ${node.address} (NOPERM): grant ${grant} to the audit's user; ${missing}`;
  if (/LFU/.test(error.message)) return `${command} is not tracked under an LFU maxmemory-policy on ${node.address}; ${missing}`;
  if (isUnknownCommandError(error)) return `${command} is not available on ${node.address} (renamed or disabled); ${missing}`;
  return `${command} failed on ${node.address} (${error.message}); ${missing}`;
}
