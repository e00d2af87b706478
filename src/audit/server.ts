import type { ClusterOptions } from 'ioredis';
import { isIP } from 'node:net';
import { Cluster, Redis } from 'ioredis';

/**
 * Connects the audit to a live Redis, standalone or cluster, and reads what the server
 * says about itself. The audit only reads: INFO, CONFIG GET, CLIENT ID/LIST, DBSIZE,
 * SCAN, TYPE, PTTL, OBJECT, MEMORY USAGE (plus AUTH, SELECT and CLIENT SETNAME, which
 * change the audit's own connection, not the data). Never KEYS, never a write.
 */

/** What went wrong, so the CLI can say what to do about it. */
export type AuditErrorKind = 'unreachable' | 'auth' | 'permission' | 'timeout' | 'protocol';

/**
 * A failure whose message tells the user what to do. `permission` (NOPERM) concerns one
 * command: callers record it as a warning and go on with partial results.
 */
export class AuditError extends Error {
  override readonly name = 'AuditError';

  constructor(
    readonly kind: AuditErrorKind,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One server whose keys and connections the audit reads: the server itself, or a cluster master. */
export interface ServerNode {
  /** `host:port`. */
  readonly address: string;
  readonly client: Redis;
}

export interface ServerConnection {
  /** The URL without its password. */
  readonly url: string;
  readonly mode: 'cluster' | 'standalone';
  /** Role of the server at the URL; a cluster reports 'master', as its masters are the nodes read. */
  readonly role: 'master' | 'replica';
  readonly redisVersion?: string;
  /** `used_memory`, summed over the masters of a cluster. */
  readonly usedMemoryBytes?: number;
  /** `connected_clients`, summed over the masters of a cluster. */
  readonly connectedClients?: number;
  /** `maxclients` (summed over the masters of a cluster), when CONFIG GET is allowed. */
  readonly maxClients?: number;
  /** The database read (always 0 in a cluster). */
  readonly db: number;
  /** Longest wait for any single command (`ConnectOptions.timeoutMs`), for messages that say how long the server was silent. */
  readonly commandTimeoutMs: number;
  /** The nodes to read keys and connections from. */
  readonly nodes: readonly ServerNode[];
  /** What could not be read while connecting (e.g. INFO denied). */
  readonly warnings: readonly string[];
  /** Closes every connection the audit opened. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Longest wait for connecting and for any single command. */
  readonly timeoutMs: number;
}

/** The name the audit's connections carry in CLIENT LIST. */
export const AUDIT_CLIENT_NAME = 'redis-leaks-audit';

/** What `--url` names. */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  readonly db: number;
  readonly tls: boolean;
}

/**
 * Connects read-only to the server at `url` (`redis://[user:pass@]host[:port][/db]`,
 * `rediss://` for TLS; `?db=N` works as well as `/N`). A cluster (`cluster_enabled:1`)
 * is reconnected as a cluster client and its masters become the nodes. Fails with an
 * `AuditError`; a database the server does not have is named with how many it has.
 */
export async function connectToServer(url: string, options: ConnectOptions): Promise<ServerConnection> {
  const target = parseRedisUrl(url);
  const address = formatAddress(target.host, target.port);
  const { timeoutMs } = options;
  const warnings: string[] = [];
  // Never queue or retry: a server that is gone should fail the audit at once.
  const seed = new Redis({
    ...nodeOptions(target, timeoutMs),
    host: target.host,
    port: target.port,
    lazyConnect: true,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  const info = await firstSteps(seed, address, timeoutMs, async () => {
    await withTimeout(seed.connect(), timeoutMs, () => seed.disconnect());
    const fields = await readInfo({ address, client: seed }, timeoutMs, warnings);
    if (target.db !== 0 && fields.get('cluster_enabled') !== '1') await selectUrlDatabase(seed, target.db, address, timeoutMs);
    return fields;
  });
  if (info.get('cluster_enabled') !== '1') {
    const nodes = [{ address, client: seed }];
    return {
      url: redactUrl(url),
      mode: 'standalone',
      role: info.get('role') === 'slave' ? 'replica' : 'master',
      ...serverFacts([info], await readMaxClients(nodes)),
      db: target.db,
      commandTimeoutMs: timeoutMs,
      nodes,
      warnings,
      close: () => closeClient(seed),
    };
  }
  // The seed only told us it is a cluster; the cluster client opens its own connections.
  seed.disconnect();
  if (target.db !== 0) warnings.push(`a cluster has only database 0: database ${target.db} in --url is ignored`);
  const cluster = new Cluster([{ host: target.host, port: target.port }], {
    lazyConnect: true,
    enableOfflineQueue: false,
    clusterRetryStrategy: () => null,
    scaleReads: 'master',
    slotsRefreshTimeout: timeoutMs,
    redisOptions: nodeOptions(target, timeoutMs),
  });
  return firstSteps(cluster, address, timeoutMs, async () => {
    await withTimeout(cluster.connect(), timeoutMs, () => cluster.disconnect());
    const nodes = cluster.nodes('master').map((client) => ({ address: formatAddress(client.options.host ?? '', client.options.port ?? 0), client }));
    const infos = await Promise.all(nodes.map((node) => readInfo(node, timeoutMs, warnings)));
    return {
      url: redactUrl(url),
      mode: 'cluster',
      role: 'master',
      ...serverFacts(infos, await readMaxClients(nodes)),
      db: 0,
      commandTimeoutMs: timeoutMs,
      nodes,
      warnings,
      close: () => closeClient(cluster),
    };
  });
}

/**
 * `redis://user:***@host:6379/0`: the URL with its password masked, for reports and
 * messages. A password with `/`, `?`, `#` or `@` that is not percent-encoded breaks URL
 * parsing, or moves part of the password into the path, query or fragment: whenever an
 * `@` follows the authority, or the URL does not parse, everything between `//user:`
 * and the last `@` is masked, which may hide more than the password but never less.
 */
export function redactUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed && !`${parsed.pathname}${parsed.search}${parsed.hash}`.includes('@')) {
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  }
  const slashes = url.indexOf('//');
  const at = url.lastIndexOf('@');
  if (slashes === -1 || at < slashes) return url;
  const colon = url.indexOf(':', slashes + 2);
  if (colon === -1 || colon > at) return url;
  return `${url.slice(0, colon + 1)}***${url.slice(at)}`;
}

/** Whether the server replied with this error (as opposed to a lost connection or a timeout). */
export function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}

/** Whether a reply error is an ACL refusal (`NOPERM`), which concerns one command only. */
export function isPermissionError(error: unknown): boolean {
  return errorMessage(error).startsWith('NOPERM');
}

/** Whether the server does not know the command or subcommand (renamed, disabled, or an older server). */
export function isUnknownCommandError(error: unknown): boolean {
  // Redis 7: `ERR unknown subcommand 'usage'`; Redis 5: `ERR Unknown subcommand or wrong number of arguments`.
  return /^ERR unknown (sub)?command/i.test(errorMessage(error));
}

export interface AuditErrorContext {
  /** `host:port`. */
  readonly address: string;
  /** The per-command timeout in force, for a timeout's message. */
  readonly timeoutMs?: number;
  /** The command, named in NOPERM and timeout messages. */
  readonly command?: string;
  /** Whether the error happened while connecting (connect, INFO, SELECT): a timeout then hints at the URL, network and TLS. */
  readonly connecting?: boolean;
}

/**
 * Turns any error of a connection or command into an `AuditError` whose message says
 * what to do. A timeout while connecting points at the URL, the network and TLS; a
 * timeout later says the server did not answer a command within the per-command
 * timeout (it is busy or stalled).
 */
export function toAuditError(error: unknown, context: AuditErrorContext): AuditError {
  if (error instanceof AuditError) return error;
  const { address, timeoutMs } = context;
  const message = errorMessage(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? /\b(E[A-Z]{4,})\b/.exec(message)?.[1];
  const wrap = (kind: AuditErrorKind, text: string): AuditError => new AuditError(kind, text, { cause: error });
  if (code === 'ETIMEDOUT' || /timed out/i.test(message)) {
    const within = timeoutMs === undefined ? 'in time' : `within ${formatTimeout(timeoutMs)}`;
    if (context.connecting) {
      return wrap('timeout', `redis at ${address} did not answer ${within}: check --url, the network (firewall, VPN) and whether the server expects TLS (rediss://)`);
    }
    const command = context.command === undefined ? '' : ` (${context.command})`;
    return wrap('timeout', `redis at ${address} did not answer a command ${within}${command}: the server is busy or stalled (a slow command, a fork for a save, a paused process)`);
  }
  if (code && UNREACHABLE_CODES.has(code)) {
    return wrap('unreachable', `cannot reach redis at ${address} (${code}): check --url and that the server is running`);
  }
  if (message.startsWith('NOAUTH')) {
    return wrap('auth', `redis at ${address} requires a password (NOAUTH): put the user and password in the URL, redis://user:pass@host:port (redis://:pass@host:port without an ACL user)`);
  }
  if (message.startsWith('WRONGPASS') || /invalid (username-)?password/i.test(message)) {
    return wrap('auth', `redis at ${address} refused the user or password (WRONGPASS): check them in the URL, redis://user:pass@host:port`);
  }
  if (message.startsWith('NOPERM')) {
    const command = context.command ? `\`${context.command}\`` : 'a command';
    return wrap('permission', `${command} was denied on ${address} by the ACL (NOPERM): grant it to the audit's user, or use a user that may run it`);
  }
  if (message.startsWith('LOADING')) {
    return wrap('unreachable', `redis at ${address} is still loading its data: try again when it is done`);
  }
  if ((code && /^(ERR_SSL|ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(code)) || /SSL|TLS|certificate/i.test(message)) {
    return wrap('protocol', `TLS with redis at ${address} failed (${code ?? message}): check rediss:// against redis:// in --url and the server certificate`);
  }
  if (/connection is closed|stream isn't writeable/i.test(message)) {
    return wrap('unreachable', `the connection to redis at ${address} closed: check --url and that the server is running`);
  }
  return wrap('protocol', `redis at ${address} answered unexpectedly (${message}): check that --url points at a Redis server, and whether it expects TLS (rediss://)`);
}

const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'EPIPE',
]);

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `300 ms`, `1.5 s`, `10 s`. */
export function formatTimeout(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} s`;
}

const URL_SHAPE = 'redis://[user:pass@]host[:port][/db]';
const PERCENT_ENCODING_HINT = 'percent-encode special characters in the user and password (/ as %2F, ? as %3F, # as %23, @ as %40, % as %25)';

/**
 * Parses `redis://` and `rediss://` URLs; anything else is a usage error. The database
 * is the path (`/3`) or the `db` query parameter (`?db=3`); any other query parameter
 * is refused rather than ignored. Messages never repeat the password.
 */
export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AuditError('unreachable', `--url is not a URL: expected ${URL_SHAPE}, got ${redactUrl(url)}; ${PERCENT_ENCODING_HINT}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new AuditError('unreachable', `--url must start with redis:// or rediss://, got ${redactUrl(url)}`);
  }
  // `redis://user:12/34@host`: the password `12/34` was read as port 12 and path `/34@host`.
  if (`${parsed.pathname}${parsed.search}${parsed.hash}`.includes('@')) {
    throw new AuditError('unreachable', `--url has an @ after the host (${redactUrl(url)}): ${PERCENT_ENCODING_HINT}`);
  }
  if (parsed.hash !== '') throw new AuditError('unreachable', `--url must not have a #fragment: expected ${URL_SHAPE}; ${PERCENT_ENCODING_HINT}`);
  const pathDb = parseDatabase(parsed.pathname.replace(/^\//, ''), 'the path of --url', `/${parsed.pathname.replace(/^\//, '')}`);
  const queryDb = parseUrlQuery(parsed.searchParams);
  if (pathDb !== undefined && queryDb !== undefined && pathDb !== queryDb) {
    throw new AuditError('unreachable', `--url names two databases, /${pathDb} and ?db=${queryDb}: keep one`);
  }
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username !== '' && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password !== '' && { password: decodeURIComponent(parsed.password) }),
    db: pathDb ?? queryDb ?? 0,
    tls: parsed.protocol === 'rediss:',
  };
}

/** A database number, or undefined for ''. */
function parseDatabase(text: string, where: string, shown: string): number | undefined {
  if (text === '') return undefined;
  if (!/^\d+$/.test(text)) throw new AuditError('unreachable', `${where} must be a database number (redis://host:port/3), got ${shown}`);
  return Number(text);
}

/** The database of `?db=N`; other parameters are refused (named, never with their values). */
function parseUrlQuery(params: URLSearchParams): number | undefined {
  const names = [...new Set(params.keys())];
  const unknown = names.filter((name) => name !== 'db');
  if (unknown.length > 0) {
    throw new AuditError(
      'unreachable',
      `--url has query parameters the audit does not read (${unknown.join(', ')}): only ?db=N is understood; the user and password go before the host (redis://user:pass@host:port)`,
    );
  }
  const values = params.getAll('db');
  if (values.length === 0) return undefined;
  if (values.length > 1) throw new AuditError('unreachable', '--url has ?db= more than once: keep one');
  return parseDatabase(values[0]!, 'the db parameter of --url', `?db=${values[0]!}`);
}

/** Options of every connection the audit opens, standalone or cluster node: fail fast, never wait long. */
function nodeOptions(target: RedisTarget, timeoutMs: number): NonNullable<ClusterOptions['redisOptions']> {
  return {
    ...(target.username !== undefined && { username: target.username }),
    ...(target.password !== undefined && { password: target.password }),
    ...(target.tls && { tls: isIP(target.host) === 0 ? { servername: target.host } : {} }),
    connectionName: AUDIT_CLIENT_NAME,
    // No CLIENT SETINFO: the name is enough, and older servers refuse it.
    disableClientInfo: true,
    // RESP2 works with every server and proxy; the audit needs nothing from RESP3.
    protocol: 2,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    // The audit reads INFO itself; ioredis's own check would print a warning when INFO is refused.
    enableReadyCheck: false,
  };
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Runs the first steps on a new client (connect, INFO, SELECT), and disconnects it when
 * they fail. ioredis reports why a connection failed (refused, a reply that is not
 * RESP) in an `error` event and rejects the pending command with a bare "Connection is
 * closed": the first event names the cause.
 */
async function firstSteps<T>(client: Redis | Cluster, address: string, timeoutMs: number, steps: () => Promise<T>): Promise<T> {
  let firstError: unknown;
  const remember = (error: unknown): void => {
    firstError ??= error;
  };
  client.on('error', remember);
  client.on('node error', remember);
  try {
    return await steps();
  } catch (error) {
    client.disconnect();
    throw toAuditError(firstError ?? error, { address, timeoutMs, connecting: true });
  } finally {
    client.off('error', remember);
    client.off('node error', remember);
    // Later errors (a dropped connection) reject the pending commands; without a listener they would crash the process.
    client.on('error', ignore);
    client.on('node error', ignore);
  }
}

function ignore(): void {}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(Object.assign(new Error(`timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * SELECT of the URL's database, sent by the audit rather than by ioredis: ioredis
 * ignores a refused SELECT, and the audit would then read database 0 thinking it reads
 * another.
 */
async function selectUrlDatabase(client: Redis, db: number, address: string, timeoutMs: number): Promise<void> {
  try {
    await client.call('SELECT', String(db));
  } catch (error) {
    if (isPermissionError(error)) {
      throw new AuditError('permission', `SELECT ${db} was denied on ${address} (NOPERM): grant +select to the audit's user, or read database 0 (no /db in --url)`, { cause: error });
    }
    if (isDatabaseOutOfRange(error)) throw await missingDatabaseError(client, db, address, error);
    throw toAuditError(error, { address, timeoutMs, command: 'SELECT', connecting: true });
  }
}

/** Whether SELECT was refused because the server has no such database (`ERR DB index is out of range`). */
export function isDatabaseOutOfRange(error: unknown): boolean {
  return isReplyError(error) && /out of range/i.test(errorMessage(error));
}

/**
 * The error for a database the server does not have, with how many it has (`CONFIG GET
 * databases`) when CONFIG GET is allowed.
 */
export async function missingDatabaseError(client: Redis, db: number, address: string, cause: unknown): Promise<AuditError> {
  let count: number | undefined;
  try {
    const reply = await client.call('CONFIG', 'GET', 'databases');
    const value = Array.isArray(reply) ? Number(reply[1]) : Number.NaN;
    if (Number.isInteger(value) && value > 0) count = value;
  } catch {
    count = undefined;
  }
  const has =
    count === undefined
      ? `the server refused SELECT ${db} (${errorMessage(cause)})`
      : `it has ${count} ${count === 1 ? 'database' : 'databases'}, 0 to ${count - 1} (CONFIG GET databases)`;
  return new AuditError('unreachable', `database ${db} does not exist on redis at ${address}: ${has}`, { cause });
}

/** `QUIT`, or a plain disconnect when the server does not answer in a second. */
async function closeClient(client: Redis | Cluster): Promise<void> {
  if (client.status === 'end') return;
  await withTimeout(client.quit(), 1_000, () => client.disconnect()).catch(() => client.disconnect());
}

/** `INFO` as `field → value`; a NOPERM becomes a warning and an empty map. */
async function readInfo(node: ServerNode, timeoutMs: number, warnings: string[]): Promise<Map<string, string>> {
  try {
    return parseInfo(String(await node.client.call('INFO')));
  } catch (error) {
    if (!isPermissionError(error)) throw toAuditError(error, { address: node.address, timeoutMs, command: 'INFO', connecting: true });
    warnings.push(`INFO was denied on ${node.address} (NOPERM): grant +info to see the role, cluster mode, version and memory; read as a standalone master`);
    return new Map();
  }
}

/** `INFO` text (`# Section` headers, `field:value` lines) as a map. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** Sum of `maxclients` over the nodes; undefined when CONFIG GET is refused (managed services often do). */
async function readMaxClients(nodes: readonly ServerNode[]): Promise<number | undefined> {
  try {
    const replies = await Promise.all(nodes.map((node) => node.client.call('CONFIG', 'GET', 'maxclients')));
    return replies.reduce<number>((sum, reply) => sum + Number(Array.isArray(reply) ? reply[1] : Number.NaN), 0) || undefined;
  } catch {
    return undefined;
  }
}

function serverFacts(infos: readonly Map<string, string>[], maxClients: number | undefined): Pick<ServerConnection, 'redisVersion' | 'usedMemoryBytes' | 'connectedClients' | 'maxClients'> {
  const redisVersion = infos.map((info) => info.get('redis_version')).find((version) => version !== undefined);
  const usedMemoryBytes = sumField(infos, 'used_memory');
  const connectedClients = sumField(infos, 'connected_clients');
  return {
    ...(redisVersion !== undefined && { redisVersion }),
    ...(usedMemoryBytes !== undefined && { usedMemoryBytes }),
    ...(connectedClients !== undefined && { connectedClients }),
    ...(maxClients !== undefined && { maxClients }),
  };
}

/** Sum of a numeric INFO field over the nodes; undefined when no node reported it. */
export function sumField(infos: readonly Map<string, string>[], field: string): number | undefined {
  const values = infos.map((info) => Number(info.get(field) ?? Number.NaN)).filter((value) => Number.isFinite(value));
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0);
}
