import { formatDuration } from './format-units';
import { median } from './key-patterns';
import type { ClientConnection, ConnectionGroup } from './types';

/**
 * Reads `CLIENT LIST` output and groups the connections by where they come from, to
 * find applications that open connections and never close them.
 */

/**
 * One `ClientConnection` per line of `CLIENT LIST` (`id=7 addr=127.0.0.1:50412 … cmd=get`).
 * Fields missing from older servers get neutral values; lines without an `id` are skipped.
 */
export function parseClientList(text: string): ClientConnection[] {
  const connections: ClientConnection[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = parseFields(line);
    const id = fields.get('id');
    if (id === undefined) continue;
    connections.push({
      id,
      addr: fields.get('addr') ?? '',
      name: fields.get('name') ?? '',
      ageSeconds: toCount(fields.get('age')),
      idleSeconds: toCount(fields.get('idle')),
      cmd: fields.get('cmd') ?? '',
      flags: fields.get('flags') ?? '',
      db: toCount(fields.get('db')),
    });
  }
  return connections;
}

/** `key=value` pairs separated by spaces; values never contain spaces (CLIENT SETNAME refuses them). */
function parseFields(line: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const pair of line.trim().split(' ')) {
    const equals = pair.indexOf('=');
    if (equals > 0) fields.set(pair.slice(0, equals), pair.slice(equals + 1));
  }
  return fields;
}

function toCount(value: string | undefined): number {
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : 0;
}

/**
 * The host of a `CLIENT LIST` address, without the port: `10.0.0.5:50412` → `10.0.0.5`,
 * `[::1]:50412` (Redis ≥ 3) and `::1:50412` (older servers) → `::1`,
 * `/tmp/redis.sock:0` → `/tmp/redis.sock`.
 */
export function hostOfAddress(addr: string): string {
  const bracketed = /^\[(.*)\]:\d+$/.exec(addr);
  if (bracketed) return bracketed[1]!;
  const colon = addr.lastIndexOf(':');
  return colon > 0 ? addr.slice(0, colon) : addr;
}

export interface GroupConnectionsOptions {
  /** The audit's own client id (`CLIENT ID`), left out. */
  readonly self?: string;
  /** Idle and age, in seconds, from which a connection counts as forgotten (default 60, at least 1). */
  readonly idleThresholdSeconds?: number;
  /** Forgotten connections from one host and name needed to call it a leak (default 10). */
  readonly minLeakCount?: number;
}

const DEFAULT_IDLE_THRESHOLD_SECONDS = 60;
const DEFAULT_MIN_LEAK_COUNT = 10;
/** Share of a group's connections that must look forgotten. */
const LEAK_SHARE = 0.8;

/** Flags of connections that are long-lived by design: replica (`S`), master link (`M`), pub/sub (`P`), blocked (`b`), MONITOR (`O`). */
const LONG_LIVED_FLAGS = ['S', 'M', 'P', 'b', 'O'];
/** Last commands after which a connection waits by design: subscribers, blocking pops (queue workers such as BullMQ), MONITOR. */
const LONG_LIVED_COMMANDS: ReadonlySet<string> = new Set([
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'monitor',
  'blpop',
  'brpop',
  'brpoplpush',
  'blmove',
  'blmpop',
  'bzpopmin',
  'bzpopmax',
  'bzmpop',
  'wait',
  'waitaof',
]);

/**
 * Whether a connection is meant to stay open and quiet: replicas and the master link,
 * pub/sub subscribers, MONITOR, clients blocked right now (`BLPOP`, `XREAD BLOCK`…) and
 * clients whose last command was a blocking pop (queue workers such as BullMQ loop on
 * them). Such connections are never counted as forgotten.
 */
export function isLongLivedByDesign(connection: ClientConnection): boolean {
  if (LONG_LIVED_FLAGS.some((flag) => connection.flags.includes(flag))) return true;
  return LONG_LIVED_COMMANDS.has(connection.cmd.toLowerCase());
}

/**
 * Groups connections by peer host and client name, largest group first.
 *
 * The leak heuristic: a connection is *forgotten* when it has been idle for at least
 * `idleThresholdSeconds` and open for at least as long, and is not long-lived by design
 * (see `isLongLivedByDesign`: replicas, master link, pub/sub, MONITOR, blocked clients
 * such as BullMQ workers). A group gets a `leak` sentence when it has at least
 * `minLeakCount` forgotten connections and they are at least 80 % of the group: many
 * quiet connections from one place usually mean a client created per request or job and
 * never closed, while a pool in use keeps most of its connections busy.
 * `idleCount` counts the forgotten connections.
 */
export function groupConnections(connections: readonly ClientConnection[], options: GroupConnectionsOptions = {}): ConnectionGroup[] {
  const idleThreshold = Math.max(1, options.idleThresholdSeconds ?? DEFAULT_IDLE_THRESHOLD_SECONDS);
  const minLeakCount = options.minLeakCount ?? DEFAULT_MIN_LEAK_COUNT;
  const byPeer = new Map<string, { host: string; name: string; members: ClientConnection[] }>();
  for (const connection of connections) {
    if (connection.id === options.self) continue;
    const host = hostOfAddress(connection.addr);
    const key = JSON.stringify([host, connection.name]);
    const group = byPeer.get(key) ?? { host, name: connection.name, members: [] };
    group.members.push(connection);
    byPeer.set(key, group);
  }
  const groups = [...byPeer.values()].map(({ host, name, members }) => {
    const forgotten = members.filter((member) => isForgotten(member, idleThreshold)).length;
    const group: ConnectionGroup = {
      host,
      name,
      count: members.length,
      idleCount: forgotten,
      oldestSeconds: members.reduce((oldest, member) => Math.max(oldest, member.ageSeconds), 0),
      medianAgeSeconds: median(members.map((member) => member.ageSeconds)),
      medianIdleSeconds: median(members.map((member) => member.idleSeconds)),
    };
    const looksLeaked = forgotten >= minLeakCount && forgotten >= LEAK_SHARE * members.length;
    return looksLeaked ? { ...group, leak: describeLeak(group, idleThreshold) } : group;
  });
  return groups.sort((a, b) => b.count - a.count || b.idleCount - a.idleCount || a.host.localeCompare(b.host) || a.name.localeCompare(b.name));
}

function isForgotten(connection: ClientConnection, idleThreshold: number): boolean {
  return connection.idleSeconds >= idleThreshold && connection.ageSeconds >= idleThreshold && !isLongLivedByDesign(connection);
}

function describeLeak(group: ConnectionGroup, idleThreshold: number): string {
  const source = group.name === '' ? `unnamed connections from ${group.host}` : `connections named "${group.name}" from ${group.host}`;
  return (
    `${group.idleCount} of ${group.count} ${source} have been idle for ${formatDuration(idleThreshold)} or more ` +
    `(median idle ${formatDuration(group.medianIdleSeconds)}, oldest open ${formatDuration(group.oldestSeconds)}): ` +
    'a client is probably created per request or job and never closed.'
  );
}
