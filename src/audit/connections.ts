import { groupConnections, parseClientList } from './client-list';
import type { GroupConnectionsOptions } from './client-list';
import type { ServerConnection, ServerNode } from './server';
import { AUDIT_CLIENT_NAME, isPermissionError, isReplyError, parseInfo, toAuditError } from './server';
import type { ClientConnection, ConnectionReport } from './types';

/** Reads who is connected (CLIENT LIST on every node) and groups it to find client leaks. */

export type ReadConnectionsOptions = Omit<GroupConnectionsOptions, 'self'>;

export interface ReadConnectionsResult {
  /** Undefined when CLIENT LIST was refused on every node. */
  readonly report?: ConnectionReport;
  readonly warnings: string[];
}

/** What `readConnections` needs from a connection (`commandTimeoutMs` only names the timeout in messages). */
export type ConnectionSource = Pick<ServerConnection, 'nodes' | 'maxClients'> & Partial<Pick<ServerConnection, 'commandTimeoutMs'>>;

/**
 * Lists the clients of every node, leaves out the audit's own connection on each
 * (`CLIENT ID`), and groups the rest by host and name (see `groupConnections` for the
 * leak heuristic). `connectedClients` is INFO's `connected_clients` minus that same
 * connection (one per node), so it counts the clients the groups describe. A refused
 * CLIENT LIST (NOPERM) becomes a warning; other failures throw an `AuditError`.
 */
export async function readConnections(connection: ConnectionSource, options: ReadConnectionsOptions = {}): Promise<ReadConnectionsResult> {
  const warnings: string[] = [];
  const listed = await Promise.all(connection.nodes.map((node) => listClients(node, warnings, connection.commandTimeoutMs)));
  const readable = listed.filter((node): node is NodeClients => node !== undefined);
  if (readable.length === 0) return { warnings };
  return {
    report: {
      connectedClients: readable.reduce((sum, node) => sum + node.connectedClients, 0),
      ...(connection.maxClients !== undefined && { maxClients: connection.maxClients }),
      groups: groupConnections(readable.flatMap((node) => node.clients), options),
    },
    warnings,
  };
}

interface NodeClients {
  /** Every client but the audit's own. */
  readonly clients: readonly ClientConnection[];
  /** `connected_clients` of INFO, else the rows of CLIENT LIST; either without the audit's own connection. */
  readonly connectedClients: number;
}

async function listClients(node: ServerNode, warnings: string[], timeoutMs: number | undefined): Promise<NodeClients | undefined> {
  let text: string;
  try {
    text = String(await node.client.call('CLIENT', 'LIST'));
  } catch (error) {
    if (!isPermissionError(error)) throw toAuditError(error, { address: node.address, timeoutMs, command: 'CLIENT LIST' });
    warnings.push(`CLIENT LIST was denied on ${node.address} (NOPERM): grant +client|list to the audit's user to see its connections`);
    return undefined;
  }
  const self = await optionalCall(node, timeoutMs, 'CLIENT', 'ID');
  const info = await optionalCall(node, timeoutMs, 'INFO', 'clients');
  const connectedClients = Number(parseInfo(String(info ?? '')).get('connected_clients') ?? Number.NaN);
  const listed = parseClientList(text);
  const clients = listed.filter((client) => !isAuditConnection(client, self === undefined ? undefined : String(self)));
  // INFO counts the connection that asked; the groups leave it out, and so does this count.
  const own = listed.length - clients.length;
  return { clients, connectedClients: Number.isFinite(connectedClients) ? Math.max(0, connectedClients - own) : clients.length };
}

/**
 * The connection that ran CLIENT LIST: by id, or when CLIENT ID was refused, by its
 * name and the command it was running.
 */
function isAuditConnection(client: ClientConnection, selfId: string | undefined): boolean {
  if (selfId !== undefined) return client.id === selfId;
  return client.name === AUDIT_CLIENT_NAME && client.cmd.startsWith('client');
}

/** A command whose refusal (NOPERM, unknown command) only means less detail. */
async function optionalCall(node: ServerNode, timeoutMs: number | undefined, ...args: [string, ...string[]]): Promise<unknown> {
  try {
    return await node.client.call(...args);
  } catch (error) {
    if (isReplyError(error)) return undefined;
    throw toAuditError(error, { address: node.address, timeoutMs, command: args.join(' ') });
  }
}
