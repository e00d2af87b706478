import { describe, expect, it } from 'vitest';
import { groupConnections, hostOfAddress, isLongLivedByDesign, parseClientList } from '../../src/audit/client-list';
import type { ClientConnection } from '../../src/audit/types';

// CLIENT LIST of a redis-server 7.0.15 with: a replica (S), two idle named clients, a
// pattern subscriber (P), a blocked XREAD and a blocked BZPOPMIN (b), a client on db 3,
// and the client that ran CLIENT LIST.
const REDIS_7_CLIENT_LIST = `id=13 addr=127.0.0.1:45346 laddr=127.0.0.1:6419 fd=7 name= age=17 idle=1 flags=S db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=1 omem=20504 tot-mem=42776 events=r cmd=replconf user=default redir=-1 resp=2
id=16 addr=127.0.0.1:34838 laddr=127.0.0.1:6419 fd=8 name=api-worker age=2 idle=2 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=22272 events=r cmd=get user=default redir=-1 resp=2
id=17 addr=127.0.0.1:34844 laddr=127.0.0.1:6419 fd=9 name=api-worker age=2 idle=2 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=22272 events=r cmd=get user=default redir=-1 resp=2
id=18 addr=127.0.0.1:34856 laddr=127.0.0.1:6419 fd=11 name= age=2 idle=2 flags=P db=0 sub=0 psub=1 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=22296 events=r cmd=psubscribe user=default redir=-1 resp=2
id=19 addr=127.0.0.1:34862 laddr=127.0.0.1:6419 fd=12 name=stream-consumer age=2 idle=2 flags=b db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=20 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=22340 events=r cmd=xread user=default redir=-1 resp=2
id=20 addr=127.0.0.1:34868 laddr=127.0.0.1:6419 fd=13 name=bull:ZW1haWxz age=2 idle=2 flags=b db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=10 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=22306 events=r cmd=bzpopmin user=default redir=-1 resp=2
id=21 addr=127.0.0.1:34884 laddr=127.0.0.1:6419 fd=14 name=cache age=2 idle=2 flags=N db=3 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=5120 rbp=5032 obl=0 oll=0 omem=0 tot-mem=26368 events=r cmd=set user=default redir=-1 resp=2
id=22 addr=127.0.0.1:51742 laddr=127.0.0.1:6419 fd=15 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=16384 rbp=16384 obl=0 oll=0 omem=0 tot-mem=37658 events=r cmd=client|list user=default redir=-1 resp=2
`;

// Redis 7.0.15 over IPv6, and MONITOR (flag O).
const REDIS_7_IPV6_LINE =
  'id=4 addr=[::1]:57252 laddr=[::1]:6421 fd=9 name= age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=16384 rbp=16384 obl=0 oll=0 omem=0 tot-mem=37658 events=r cmd=client|list user=default redir=-1 resp=2';
const REDIS_7_MONITOR_LINE =
  'id=8 addr=127.0.0.1:56930 laddr=127.0.0.1:6419 fd=12 name= age=1 idle=1 flags=O db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=22272 events=r cmd=monitor user=default redir=-1 resp=3';
// Redis 2.8 had fewer fields and wrote IPv6 peers without brackets.
const REDIS_2_IPV6_LINE = 'id=3 addr=::1:50412 fd=6 name=legacy age=5 idle=4 flags=N db=0 sub=0 psub=0 multi=-1 qbuf=0 qbuf-free=32768 obl=0 oll=0 omem=0 events=r cmd=get';

/** A CLIENT LIST row in the Redis 7 format, for the grouping cases. */
function row(fields: { id: number; port: number; host?: string; name?: string; age: number; idle: number; flags?: string; cmd?: string }): string {
  const { id, port, host = '10.0.0.5', name = '', age, idle, flags = 'N', cmd = 'get' } = fields;
  return `id=${id} addr=${host}:${port} laddr=10.0.0.1:6379 fd=${id + 7} name=${name} age=${age} idle=${idle} flags=${flags} db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=22272 events=r cmd=${cmd} user=default redir=-1 resp=2`;
}

function rows(count: number, fields: Omit<Parameters<typeof row>[0], 'id' | 'port'> & { firstId: number }): string[] {
  return Array.from({ length: count }, (_, index) => row({ ...fields, id: fields.firstId + index, port: 50_000 + fields.firstId + index }));
}

function parse(lines: readonly string[]): ClientConnection[] {
  return parseClientList(lines.join('\n'));
}

describe('parseClientList', () => {
  it('reads the fields of a Redis 7 CLIENT LIST', () => {
    const connections = parseClientList(REDIS_7_CLIENT_LIST);
    expect(connections).toHaveLength(8);
    expect(connections[1]).toEqual({ id: '16', addr: '127.0.0.1:34838', name: 'api-worker', ageSeconds: 2, idleSeconds: 2, cmd: 'get', flags: 'N', db: 0 });
    expect(connections[0]).toMatchObject({ name: '', flags: 'S', cmd: 'replconf', ageSeconds: 17, idleSeconds: 1 });
    expect(connections[6]).toMatchObject({ name: 'cache', db: 3 });
    expect(connections[7]).toMatchObject({ cmd: 'client|list' });
  });

  it('reads IPv6 peers, older servers and CRLF line ends', () => {
    expect(parseClientList(`${REDIS_7_IPV6_LINE}\r\n${REDIS_2_IPV6_LINE}\r\n`)).toEqual([
      { id: '4', addr: '[::1]:57252', name: '', ageSeconds: 0, idleSeconds: 0, cmd: 'client|list', flags: 'N', db: 0 },
      { id: '3', addr: '::1:50412', name: 'legacy', ageSeconds: 5, idleSeconds: 4, cmd: 'get', flags: 'N', db: 0 },
    ]);
  });

  it('skips empty lines and lines without an id', () => {
    expect(parseClientList('\n\ngarbage line\naddr=1.2.3.4:5 age=3\n')).toEqual([]);
  });
});

describe('hostOfAddress', () => {
  it('drops the port of IPv4, bracketed and bare IPv6, and unix socket addresses', () => {
    expect(hostOfAddress('10.0.0.5:50412')).toBe('10.0.0.5');
    expect(hostOfAddress('[::1]:57252')).toBe('::1');
    expect(hostOfAddress('[fe80::1%eth0]:6000')).toBe('fe80::1%eth0');
    expect(hostOfAddress('::1:50412')).toBe('::1');
    expect(hostOfAddress('/tmp/redis.sock:0')).toBe('/tmp/redis.sock');
    expect(hostOfAddress('')).toBe('');
  });
});

describe('isLongLivedByDesign', () => {
  it('recognises replicas, subscribers, blocked clients and MONITOR in real rows', () => {
    const [replica, idle, , subscriber, xread, bzpopmin] = parseClientList(REDIS_7_CLIENT_LIST);
    expect(isLongLivedByDesign(replica!)).toBe(true);
    expect(isLongLivedByDesign(subscriber!)).toBe(true);
    expect(isLongLivedByDesign(xread!)).toBe(true);
    expect(isLongLivedByDesign(bzpopmin!)).toBe(true);
    expect(isLongLivedByDesign(parseClientList(REDIS_7_MONITOR_LINE)[0]!)).toBe(true);
    expect(isLongLivedByDesign(idle!)).toBe(false);
  });

  it('recognises the master link and workers between two blocking pops', () => {
    const [master, worker, sharded] = parse([
      row({ id: 1, port: 1, age: 900, idle: 0, flags: 'M', cmd: 'ping' }),
      row({ id: 2, port: 2, age: 900, idle: 900, flags: 'N', cmd: 'brpoplpush' }),
      row({ id: 3, port: 3, age: 900, idle: 900, flags: 'N', cmd: 'ssubscribe' }),
    ]);
    expect(isLongLivedByDesign(master!)).toBe(true);
    expect(isLongLivedByDesign(worker!)).toBe(true);
    expect(isLongLivedByDesign(sharded!)).toBe(true);
  });
});

describe('groupConnections', () => {
  it('groups by host and name, largest first, and leaves out the audit itself', () => {
    const groups = groupConnections(parseClientList(REDIS_7_CLIENT_LIST), { self: '22' });
    expect(groups.map((group) => [group.host, group.name, group.count])).toEqual([
      ['127.0.0.1', '', 2],
      ['127.0.0.1', 'api-worker', 2],
      ['127.0.0.1', 'bull:ZW1haWxz', 1],
      ['127.0.0.1', 'cache', 1],
      ['127.0.0.1', 'stream-consumer', 1],
    ]);
    expect(groups.every((group) => group.leak === undefined)).toBe(true);
  });

  it('flags many forgotten connections from one host and name', () => {
    const connections = parse([
      ...rows(12, { firstId: 100, name: 'report-job', age: 3_600, idle: 3_000 }),
      row({ id: 200, port: 200, name: 'report-job', age: 10, idle: 0 }),
      row({ id: 201, port: 201, name: 'other', age: 3_600, idle: 3_600 }),
    ]);
    const [leaking, other] = groupConnections(connections);
    expect(leaking).toEqual({
      host: '10.0.0.5',
      name: 'report-job',
      count: 13,
      idleCount: 12,
      oldestSeconds: 3_600,
      medianAgeSeconds: 3_600,
      medianIdleSeconds: 3_000,
      leak: '12 of 13 connections named "report-job" from 10.0.0.5 have been idle for 1 min or more (median idle 50 min, oldest open 1 h): a client is probably created per request or job and never closed.',
    });
    expect(other).toMatchObject({ name: 'other', count: 1, idleCount: 1 });
    expect(other!.leak).toBeUndefined();
  });

  it('names unnamed connections in the leak sentence and honours the options', () => {
    const connections = parse(rows(3, { firstId: 1, host: '[2001:db8::7]', age: 5, idle: 4 }));
    const [group] = groupConnections(connections, { idleThresholdSeconds: 2, minLeakCount: 3 });
    expect(group).toMatchObject({ host: '2001:db8::7', name: '', count: 3, idleCount: 3 });
    expect(group!.leak).toMatch(/^3 of 3 unnamed connections from 2001:db8::7 have been idle for 2 s or more/);
  });

  // groups that must not be flagged
  it('does not flag queue workers blocked on BLPOP/BZPOPMIN, subscribers, replicas or MONITOR', () => {
    const connections = parse([
      // BullMQ-style workers: blocked (b) or between two blocking pops.
      ...rows(8, { firstId: 1, name: 'bull:ZW1haWxz', age: 7_200, idle: 7_000, flags: 'b', cmd: 'bzpopmin' }),
      ...rows(4, { firstId: 20, name: 'bull:ZW1haWxz', age: 7_200, idle: 7_000, flags: 'N', cmd: 'blmove' }),
      ...rows(12, { firstId: 40, name: 'events', age: 7_200, idle: 7_000, flags: 'P', cmd: 'subscribe' }),
      ...rows(12, { firstId: 60, name: 'shards', age: 7_200, idle: 7_000, flags: 'N', cmd: 'ssubscribe' }),
      ...rows(11, { firstId: 80, name: 'replicas', age: 7_200, idle: 7_000, flags: 'S', cmd: 'psync' }),
      ...rows(10, { firstId: 100, name: 'debug', age: 7_200, idle: 7_000, flags: 'O', cmd: 'monitor' }),
    ]);
    const groups = groupConnections(connections);
    expect(groups.map((group) => [group.name, group.count, group.idleCount, group.leak])).toEqual([
      ['bull:ZW1haWxz', 12, 0, undefined],
      ['events', 12, 0, undefined],
      ['shards', 12, 0, undefined],
      ['replicas', 11, 0, undefined],
      ['debug', 10, 0, undefined],
    ]);
  });

  it('does not flag a busy pool, young connections or too few of them', () => {
    const connections = parse([
      // A pool of 20 where only half sits idle.
      ...rows(10, { firstId: 1, name: 'pool', age: 3_600, idle: 600 }),
      ...rows(10, { firstId: 20, name: 'pool', age: 3_600, idle: 0 }),
      // Idle since they opened 30 s ago: not older than the threshold.
      ...rows(15, { firstId: 40, name: 'fresh', age: 30, idle: 30 }),
      // Forgotten, but only 9.
      ...rows(9, { firstId: 60, name: 'few', age: 3_600, idle: 3_600 }),
    ]);
    expect(groupConnections(connections).map((group) => [group.name, group.idleCount, group.leak])).toEqual([
      ['pool', 10, undefined],
      ['fresh', 0, undefined],
      ['few', 9, undefined],
    ]);
  });

  it('counts forgotten connections among blocked ones against the whole group', () => {
    // 10 forgotten + 5 blocked workers with the same name: 10/15 < 80 %.
    const connections = parse([
      ...rows(10, { firstId: 1, name: 'worker', age: 900, idle: 900 }),
      ...rows(5, { firstId: 20, name: 'worker', age: 900, idle: 900, flags: 'b', cmd: 'blpop' }),
    ]);
    const [group] = groupConnections(connections);
    expect(group).toMatchObject({ count: 15, idleCount: 10 });
    expect(group!.leak).toBeUndefined();
  });
});
