import type { ChainableCommander } from 'ioredis';
import { isUtf8 } from 'node:buffer';
import { formatInteger } from './format-units';
import { PatternAggregator, toKeyPattern } from './key-patterns';
import type { SampledKeyRecord } from './key-patterns';
import type { ServerConnection, ServerNode } from './server';
import { AuditError, formatTimeout, isDatabaseOutOfRange, isPermissionError, isReplyError, isUnknownCommandError, missingDatabaseError, toAuditError } from './server';
import type { KeySample } from './types';

/**
 * Samples the keyspace with SCAN and reads each sampled key's type, TTL, idle time and
 * (for some) memory, without blocking the server: small SCAN pages, pipelines of a
 * hundred keys, optional rate limit. SCAN walks the hash table in bucket order, which
 * does not follow key names, so its first N keys are a fair sample of the keyspace.
 *
 * Keys are read as bytes (`SCAN` with buffer replies) and sent back as they came, so a
 * key that is not valid UTF-8 is sampled like any other. Valid UTF-8 keys, nearly all,
 * are sent back as strings (the same bytes), so the pipelines cost what they did; only
 * the others go out as Buffers. For patterns and examples, a key is shown as UTF-8, and
 * each byte of an invalid sequence as `\xNN` (redis-cli's notation; see `displayKey`).
 *
 * Memory: `MEMORY USAGE` runs on every `memoryStride`-th key (about `memorySample` keys
 * in all) and on the first key of every pattern not measured yet, so a pattern of a few
 * large keys (twenty lists of megabytes) is never left without a size. That adds at
 * most one call per pattern, up to the pattern cap (10,000). A pattern's bytes are the
 * mean of its measured keys times its estimated key count.
 *
 * Just over 500 lines: the SCAN loop, the pipelines and the memory sampling share one
 * budget (time, rate, key count) that each step updates; apart, they would pass it around.
 */

export interface SampleKeysOptions {
  /** Keys to sample at most (default 100,000). */
  readonly sample?: number;
  /**
   * About how many of the sampled keys get `MEMORY USAGE key SAMPLES 5`, spread over the
   * sample (default 2,000); the first key of each pattern is measured on top (at most
   * 10,000 more). 0 measures nothing.
   */
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

/** What `sampleKeys` needs from a connection (`commandTimeoutMs` only names the timeout in messages). */
export type KeySource = Pick<ServerConnection, 'mode' | 'db' | 'nodes'> & Partial<Pick<ServerConnection, 'commandTimeoutMs'>>;

const DEFAULT_SAMPLE = 100_000;
const DEFAULT_MEMORY_SAMPLE = 2_000;
const DEFAULT_SCAN_COUNT = 500;
/** Keys per pipeline: about 400 short commands, a few milliseconds of server time. */
const PIPELINE_KEYS = 100;
/** `MEMORY USAGE … SAMPLES 5`: enough to size a collection without walking all of it. */
const MEMORY_SAMPLES = '5';
/** Patterns kept by the aggregator, and patterns whose first key is measured: the bound on extra `MEMORY USAGE` calls. */
const MAX_PATTERNS = 10_000;

/**
 * Samples keys and aggregates them into patterns. In a cluster, each master is scanned
 * and the sample is split in proportion to each master's DBSIZE. Keys that vanish
 * between SCAN and TYPE are skipped. When `OBJECT IDLETIME` or `MEMORY USAGE` is refused
 * (ACL, renamed command, LFU policy), sampling goes on without it and a warning says
 * what to grant. When a command times out or the connection is lost after some keys
 * were read, sampling ends there: the result is partial (`complete: false`) and a
 * warning says what happened. Fails with an `AuditError` when SCAN, TYPE or PTTL cannot
 * run (kind `permission` for an ACL refusal, which callers report as a warning), or
 * when the server fails before any key was read.
 *
 * The sample is complete when SCAN went round (cursor 0), when every key DBSIZE counted
 * was read, or when the SCAN after the last key wanted brings no new key.
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

/** A scanned key: its bytes, what to send back, and how to show it. */
interface ScannedKey {
  /** The key as sent in commands: the string when the bytes are UTF-8 (same bytes on the wire), else the bytes. */
  readonly arg: string | Buffer;
  /** The key for patterns and examples (`displayKey`). */
  readonly display: string;
}

/** Keys SCAN returned on one node, to drop repeats (SCAN may return a key twice while the table is resized). */
class SeenKeys {
  private readonly text = new Set<string>();
  /** Keys that are not UTF-8, by their bytes read as latin1 (one character per byte: no two keys collide). */
  private readonly binary = new Set<string>();

  get size(): number {
    return this.text.size + this.binary.size;
  }

  /** Adds the key; false when it was seen before. */
  add(key: ScannedKey): boolean {
    const [set, id] = typeof key.arg === 'string' ? [this.text, key.arg] : [this.binary, key.arg.toString('latin1')];
    if (set.has(id)) return false;
    set.add(id);
    return true;
  }
}

class KeySampler {
  private readonly aggregator = new PatternAggregator({ maxPatterns: MAX_PATTERNS });
  private readonly warnings: string[] = [];
  private readonly sampleLimit: number;
  private readonly memorySample: number;
  private readonly scanCount: number;
  private readonly startedAt = Date.now();
  private readIdle = true;
  private readMemory: boolean;
  /** Every `memoryStride`-th key is measured. */
  private memoryStride = 1;
  /** Patterns with a key measured (or being measured): the first key of any other pattern is measured too. */
  private readonly measuredPatterns = new Set<string>();
  private keysRead = 0;
  private progressTotal = 0;
  private stoppedEarly = false;
  private timedOut = false;
  /** Why sampling ended before the sample was full: a timeout or a lost connection. */
  private interruption: string | undefined;

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
      const readOf = `${formatInteger(this.aggregator.sampledKeys)} of ${formatInteger(totalKeys)} keys`;
      if (this.interruption !== undefined) {
        this.warnings.push(`the key sample stopped after ${readOf}: ${this.interruption}; counts are extrapolated from the keys read until then`);
      } else if (this.timedOut) {
        this.warnings.push(`the key sample stopped at the deadline after ${readOf}: counts are extrapolated from a partial sample (raise --timeout, or lower --sample)`);
      }
      return {
        sample: {
          totalKeys,
          sampledKeys: this.aggregator.sampledKeys,
          keysWithoutTtl: this.aggregator.keysWithoutTtl,
          measuredKeys: this.aggregator.measuredKeys,
          complete: !this.stoppedEarly && !this.timedOut && this.interruption === undefined,
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
    try {
      await this.command(node, 'SELECT', String(db));
    } catch (error) {
      if (error instanceof AuditError && isDatabaseOutOfRange(error.cause)) throw await missingDatabaseError(node.client, db, node.address, error.cause);
      throw error;
    }
    return async () => {
      await node.client.call('SELECT', String(this.connection.db)).catch(() => undefined);
    };
  }

  private async readSize(node: ServerNode): Promise<number | undefined> {
    try {
      return Number(await node.client.call('DBSIZE'));
    } catch (error) {
      if (!isPermissionError(error)) throw toAuditError(error, { address: node.address, timeoutMs: this.connection.commandTimeoutMs, command: 'DBSIZE' });
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
      try {
        await this.scanNode(scan, quota);
      } catch (error) {
        // A server that stalls or drops the connection mid-sample: report what was read. Before any key, fail.
        if (!(error instanceof AuditError) || (error.kind !== 'timeout' && error.kind !== 'unreachable') || this.aggregator.sampledKeys === 0) throw error;
        this.interruption = this.describeInterruption(scan.node, error);
        return;
      }
      if (this.timedOut) return;
    }
  }

  private describeInterruption(node: ServerNode, error: AuditError): string {
    if (error.kind === 'timeout') {
      const { commandTimeoutMs } = this.connection;
      const within = commandTimeoutMs === undefined ? 'in time' : `within ${formatTimeout(commandTimeoutMs)}`;
      return `redis at ${node.address} did not answer a command ${within} (busy or stalled)`;
    }
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return `the connection to redis at ${node.address} was lost (${cause.replace(/\.$/, '')})`;
  }

  private async scanNode(scan: NodeScan, quota: number): Promise<void> {
    const { node, size } = scan;
    const seen = new SeenKeys();
    let taken = 0;
    let cursor = '0';
    do {
      if (Date.now() >= this.options.deadline) {
        this.timedOut = true;
        return;
      }
      const [nextCursor, keys] = await this.scan(node, cursor);
      cursor = nextCursor;
      // SCAN may return a key twice (while the table is resized): keep the first.
      const fresh = keys.filter((key) => seen.add(key));
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
        if (cursor !== '0' && !(size !== undefined && seen.size >= size) && (await this.moreKeys(node, cursor, seen))) this.stoppedEarly = true;
        return;
      }
    } while (cursor !== '0');
  }

  /**
   * Whether SCAN has keys left after `cursor` that were not seen: the quota was met but the
   * cursor is not back at 0, as when `--sample` equals the number of keys. Asked only when
   * DBSIZE did not settle it; SCAN pages may be empty, so this goes on to the first new key
   * or the end. Any failure or the deadline answers yes (the sample is then called partial).
   */
  private async moreKeys(node: ServerNode, cursor: string, seen: SeenKeys): Promise<boolean> {
    let next = cursor;
    try {
      while (next !== '0') {
        if (Date.now() >= this.options.deadline) return true;
        const [nextCursor, keys] = await this.scan(node, next);
        if (keys.some((key) => seen.add(key))) return true;
        next = nextCursor;
      }
      return false;
    } catch {
      return true;
    }
  }

  private async scan(node: ServerNode, cursor: string): Promise<[cursor: string, keys: ScannedKey[]]> {
    let reply: unknown;
    try {
      reply = await node.client.scanBuffer(cursor, 'COUNT', this.scanCount);
    } catch (error) {
      if (isPermissionError(error)) throw permissionError(node, 'SCAN', '+scan', error);
      throw toAuditError(error, { address: node.address, timeoutMs: this.connection.commandTimeoutMs, command: 'SCAN' });
    }
    const [nextCursor, keys] = parseScanReply(reply, node.address);
    return [nextCursor, keys.map(toScannedKey)];
  }

  /** Whether this key gets `MEMORY USAGE`: every `memoryStride`-th key, and the first key of each pattern (up to the cap). */
  private shouldMeasure(key: ScannedKey): boolean {
    if (!this.readMemory) return false;
    const onStride = this.keysRead % this.memoryStride === 0;
    if (this.measuredPatterns.size >= MAX_PATTERNS) return onStride;
    const pattern = toKeyPattern(key.display);
    if (this.measuredPatterns.has(pattern)) return onStride;
    this.measuredPatterns.add(pattern);
    return true;
  }

  /** Reads type, TTL, idle time and maybe memory of the keys in one pipeline; returns how many were still there. */
  private async readKeys(node: ServerNode, keys: readonly ScannedKey[]): Promise<number> {
    const pipeline = node.client.pipeline();
    const plans = keys.map((key) => {
      const measure = this.shouldMeasure(key);
      this.keysRead += 1;
      const { arg } = key;
      // OBJECT IDLETIME first: no command here touches the key's access time, but being first keeps it exact anyway.
      if (this.readIdle) pipeline.call('OBJECT', 'IDLETIME', arg);
      pipeline.type(arg);
      pipeline.pttl(arg);
      if (measure) pipeline.call('MEMORY', 'USAGE', arg, 'SAMPLES', MEMORY_SAMPLES);
      return { key: key.display, idle: this.readIdle, measure };
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
    throw toAuditError(error, { address: node.address, timeoutMs: this.connection.commandTimeoutMs, command });
  }

  /** The reply of OBJECT IDLETIME or MEMORY USAGE; a refusal turns the reading off for the rest of the sample. */
  private optionalReply(node: ServerNode, [error, value]: PipelineReply, what: 'idle' | 'memory'): unknown {
    if (!error) return value;
    if (!isReplyError(error)) throw toAuditError(error, { address: node.address, timeoutMs: this.connection.commandTimeoutMs, command: what === 'idle' ? 'OBJECT IDLETIME' : 'MEMORY USAGE' });
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
      throw toAuditError(error, { address: node.address, timeoutMs: this.connection.commandTimeoutMs });
    }
    if (!replies) throw new AuditError('protocol', `redis at ${node.address} returned no replies to a pipeline`);
    return replies;
  }

  private async command(node: ServerNode, ...args: [string, ...string[]]): Promise<unknown> {
    try {
      return await node.client.call(...args);
    } catch (error) {
      if (isPermissionError(error)) throw permissionError(node, args[0], `+${args[0].toLowerCase()}`, error);
      throw toAuditError(error, { address: node.address, timeoutMs: this.connection.commandTimeoutMs, command: args[0] });
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

function parseScanReply(reply: unknown, address: string): [cursor: string, keys: Buffer[]] {
  if (Array.isArray(reply) && reply.length === 2 && Array.isArray(reply[1])) {
    return [String(reply[0]), reply[1].map((key: unknown) => (Buffer.isBuffer(key) ? key : Buffer.from(String(key))))];
  }
  throw new AuditError('protocol', `redis at ${address} answered SCAN with something other than [cursor, keys]`);
}

function toScannedKey(bytes: Buffer): ScannedKey {
  if (isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    return { arg: text, display: text };
  }
  return { arg: bytes, display: displayKey(bytes) };
}

/**
 * A key's bytes as text for patterns and reports: UTF-8, with each byte that is not part
 * of a valid UTF-8 sequence written `\xNN` (lowercase hex), the notation redis-cli uses.
 * Two different keys never show the same, except a valid key that spells `\xNN` itself.
 * Chosen over U+FFFD (every invalid key would look alike) and latin1 (`ÿ` for 0xff would
 * pass for a real character, and valid UTF-8 around it would turn to mojibake).
 */
export function displayKey(bytes: Buffer): string {
  let text = '';
  let runStart = 0;
  let index = 0;
  while (index < bytes.length) {
    const length = utf8SequenceLength(bytes, index);
    if (length > 0) {
      index += length;
      continue;
    }
    text += bytes.toString('utf8', runStart, index) + `\\x${bytes[index]!.toString(16).padStart(2, '0')}`;
    index += 1;
    runStart = index;
  }
  return text + bytes.toString('utf8', runStart, index);
}

/** Length of the well-formed UTF-8 sequence at `index` (Unicode table 3-7), 0 when there is none. */
function utf8SequenceLength(bytes: Buffer, index: number): number {
  const first = bytes[index]!;
  if (first <= 0x7f) return 1;
  const continuation = (offset: number, low = 0x80, high = 0xbf): boolean => {
    const byte = bytes[index + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (first >= 0xc2 && first <= 0xdf) return continuation(1) ? 2 : 0;
  if (first >= 0xe0 && first <= 0xef) {
    const [low, high] = first === 0xe0 ? [0xa0, 0xbf] : first === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (first >= 0xf0 && first <= 0xf4) {
    const [low, high] = first === 0xf0 ? [0x90, 0xbf] : first === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
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
