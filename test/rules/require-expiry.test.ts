import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import rule from '../../src/rules/require-expiry';
import { createRuleTester, createTypedRuleTester, commonjs } from '../rule-tester';

/** A file in a project whose node_modules holds node-redis 4 (`@redis/client` 1.x), which takes `{ EX }` but not `expiration`. */
const nodeRedis4Project = mkdtempSync(path.join(tmpdir(), 'redis-leaks-node-redis-4-'));
mkdirSync(path.join(nodeRedis4Project, 'node_modules', '@redis', 'client'), { recursive: true });
writeFileSync(path.join(nodeRedis4Project, 'node_modules', '@redis', 'client', 'package.json'), JSON.stringify({ name: '@redis/client', version: '1.6.1' }));
const nodeRedis4File = path.join(nodeRedis4Project, 'src', 'seats.ts');
afterAll(() => rmSync(nodeRedis4Project, { recursive: true, force: true }));

/** A file in a project not yet installed, whose package.json declares `redis` 4: the fix follows the declared version. */
const declaredRedis4Project = mkdtempSync(path.join(tmpdir(), 'redis-leaks-declared-redis-4-'));
writeFileSync(path.join(declaredRedis4Project, 'package.json'), JSON.stringify({ name: 'app', dependencies: { redis: '^4.7.0' } }));
const declaredRedis4File = path.join(declaredRedis4Project, 'src', 'seats.ts');
afterAll(() => rmSync(declaredRedis4Project, { recursive: true, force: true }));

/** Keys whose varying part is declared with a finite type: a few keys the code spells out. */
const FINITE_PARTS = `
import { Redis } from 'ioredis';

const redis = new Redis();
const GROUPS = ['database', 'search'] as const;
type ConsumerGroup = (typeof GROUPS)[number];
enum Region {
  Eu = 'eu',
  Us = 'us',
}

export async function acknowledge(group: ConsumerGroup, region: Region, id: string, paused: boolean) {
  await redis.set(\`ack:\${group}\`, id);
  await redis.set('cursor:' + region + ':' + group, id);
  await redis.set(\`paused:\${paused}\`, id);
}
`;

/** Listings beside deletes and trims of other keys than they found: none of them is a sweep. */
const SWEEP_OF_AN_INDEX = `
import Redis from 'ioredis';
const redis = new Redis();
export async function track(user: string) {
  await redis.set(\`user:\${user}\`, '1');
}
export async function prune() {
  const [, members] = await redis.sscan('online', 0, 'MATCH', 'user:*');
  for (const member of members) await redis.srem('online', member);
}
`;
const SWEEP_BESIDE_A_QUEUE = `
import Redis from 'ioredis';
const redis = new Redis();
export async function track(user: string) {
  await redis.set(\`user:\${user}\`, '1');
}
export async function stats() {
  const users = await redis.keys('user:*');
  const job = await redis.lpop('jobs');
  return { users: users.length, job };
}
`;
const SWEEP_OF_ANOTHER_KEY = `
import Redis from 'ioredis';
const redis = new Redis();
export async function remember(wallet: string, nonce: number, queueId: string) {
  await redis.zadd(\`nonce-map:\${wallet}\`, nonce, queueId);
}
export async function prune() {
  for (const key of await redis.keys('nonce-map:*')) await redis.zremrangebyrank(\`log:\${key}\`, 0, -100);
}
`;
const LISTING_AT_THE_TOP = `
import Redis from 'ioredis';
const redis = new Redis();
export async function track(user: string) {
  await redis.set(\`user:\${user}\`, '1');
}
export const known = await redis.keys('user:*');
export async function work() {
  return redis.brpop('jobs', 0);
}
`;
/** The fix \`missingExpiryAt\` expects for the first write of a sweep test: \`EX\` on a \`set\`, a follow-up \`expire\` after a \`zadd\`. */
const sweepFix = (code: string): [string, string] =>
  code.includes('zadd')
    ? ['queueId);\n', "queueId);\n  await redis.expire(\`nonce-map:\${wallet}\`, 86400, 'NX');\n"]
    : ["'1');", "'1', 'EX', 86400);"];
const KEYS_OF_AN_ASYNC_MAP = `
import Redis from 'ioredis';
const redis = new Redis();
export async function remember(id: string) {
  await redis.set(\`sess:\${id}\`, '1');
}
export async function forget(ids: string[]) {
  await redis.unlink(...ids.map(async (id) => \`sess:\${id}\`));
}
`;

/** \`super.set(…)\` in a client subclass that does not redefine \`set\`. */
const SUPER_OF_A_CLIENT = `
import Redis from 'ioredis';
export class Store extends Redis {
  async keep(id: string, value: string) {
    await super.set(\`kept:\${id}\`, value);
  }
  static async label(id: string) {
    await super.set(\`label:\${id}\`, 'x');
  }
}
`;

/** A client subclass that closes itself (NestJS's provider): \`new\` opens none the caller owns, but its instances are clients. */
const OWN_LIFECYCLE_CLIENT = `
import Redis from 'ioredis';
class RedisService extends Redis {
  onModuleDestroy() {
    return this.quit();
  }
}
export async function save(id: string, value: string) {
  const redis = new RedisService();
  await redis.set(\`saved:\${id}\`, value);
}
`;

/** A client class of the file's own that extends the library's (NestJS's injectable provider), with look-alikes. */
const SUBCLASSED_CLIENT = `
import Redis from 'ioredis';

class RedisService extends Redis {
  async remember(id: string, value: string) {
    await this.set(\`memo:\${id}\`, value);
  }
  async lease(id: string, value: string) {
    await this.set(\`lease:\${id}\`, value, 'EX', 60);
  }
  static describe(id: string) {
    return this.name + id;
  }
}

class Registry extends Map<string, string> {
  add(id: string) {
    this.set(\`registry:\${id}\`, 'x');
  }
}

export { RedisService, Registry };
`;

/** A \`missingExpiry\` error of \`code\` on the line that holds \`marker\`, whose suggestion turns \`from\` into \`to\`. */
const missingExpiryAt = (code: string, marker: string, fix: 'missingExpiryFixAddExpire' | 'missingExpiryFixAddOption', from: string, to: string) => ({
  messageId: 'missingExpiry' as const,
  line: code.split('\n').findIndex((line) => line.includes(marker)) + 1,
  suggestions: [{ messageId: fix, output: code.replace(from, to) }],
});

/** Keys named after things the code defines: a service joining at start-up, a plugin's configuration. */
const DEFINED_THING_NAMES = `
import { Redis } from 'ioredis';

const redis = new Redis();
interface PluginConfig {
  name: string;
  port: number;
}
const keyForConfig = (name: string) => \`service:config:\${name}\`;

export async function joinGateway({ name, port }: PluginConfig) {
  await redis.set(keyForConfig(name), JSON.stringify({ port }));
  await redis.set(\`service-address:\${name}\`, \`http://plugin-\${name}:\${port}\`);
}

export async function initializePluginConfig(pluginName: string, config: object) {
  await redis.set(keyForConfig(pluginName), JSON.stringify(config));
  await redis.hset('queues', pluginName, 1);
  await redis.sadd(\`queue:\${pluginName}:names\`, 'default');
}
`;

/** A family deleted by another function through a Lua command the file defines (ioredis \`defineCommand\`). */
const SCRIPTED_DELETE = `
import { Redis } from 'ioredis';

const redis = new Redis();
redis.defineCommand('releaseMarker', {
  numberOfKeys: 1,
  lua: "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('UNLINK', KEYS[1]) end return 0",
});

export async function mark(id: string, owner: string) {
  await redis.set(\`marker:\${id}\`, owner, 'NX');
}

export async function release(id: string, owner: string) {
  await (redis as Redis & { releaseMarker(key: string, owner: string): Promise<number> }).releaseMarker(\`marker:\${id}\`, owner);
}
`;

/** A session's keys, deleted by a cleanup that runs a Lua script of the file with \`eval\` (ioredis: the key count, then the keys). */
const EVAL_DELETE = `
import { Redis } from 'ioredis';

const redis = new Redis();
const CLEANUP_LUA = \`
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
if KEYS[2] ~= '' then redis.call('DEL', KEYS[2]) end
return 1
\`;

export async function persist(projectId: string, deviceId: string, profileId: string, session: string) {
  await redis.set(\`session:\${projectId}:\${deviceId}\`, session);
  await redis.set(\`session:profile:\${projectId}:\${profileId}\`, deviceId);
}

export async function cleanup(projectId: string, deviceId: string, sessionId: string, profileId?: string) {
  const pointerKey = profileId ? \`session:profile:\${projectId}:\${profileId}\` : '';
  await redis.eval(CLEANUP_LUA, 2, \`session:\${projectId}:\${deviceId}\`, pointerKey, sessionId);
}
`;

/** The same with node-redis, whose \`eval\` takes the keys in its options. */
const EVAL_DELETE_NODE_REDIS = `
import { createClient } from 'redis';

const client = createClient();
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

export async function acquire(resource: string, token: string) {
  await client.set(\`lease:\${resource}\`, token, { NX: true });
}

export async function release(resource: string, token: string) {
  await client.eval(RELEASE, { keys: [\`lease:\${resource}\`], arguments: [token] });
}
`;

/** Keys an instance fixes in its constructor from its configured prefix: one worker stream per deployment. */
const CONSTRUCTOR_PREFIX_KEYS = `
import { createClient } from 'redis';

export class Api {
  constructor(url, prefix) {
    this.prefix = prefix;
    this.workerStream = this.prefix + ':worker';
    this.statsKey = \`\${prefix}:stats\`;
    this.redis = createClient({ url });
  }

  async schedule(stream) {
    await this.redis.xAdd(this.workerStream, '*', { compact: stream });
    await this.redis.hIncrBy(this.statsKey, 'scheduled', 1);
  }
}
`;

/** A cursor per consumer group: the groups are the code's, created at start-up. */
const CONSUMER_GROUP_CURSOR = `
import { createClient } from 'redis';

const client = createClient();

export async function readFromStream(stream: string, group: string, consumer: string) {
  const result = await client.xReadGroup(group, consumer, [{ key: stream, id: '>' }], { COUNT: 5 });
  for (const entry of result ?? []) {
    for (const message of entry.messages) {
      await client.xAck(stream, group, message.id);
      await client.set(\`ack:\${group}\`, message.id);
    }
  }
}
`;

/** Key builders of a constant object: the delete names another of its families. */
const OBJECT_BUILDERS = `
import { Redis } from 'ioredis';

const redis = new Redis();

const KEYS = {
  roomUsers: (room: string) => \`room:\${room}:users\`,
  roomMeta: (room: string) => \`room:\${room}:meta\`,
};

export async function join(room: string, socketId: string, presence: string) {
  await redis.hset(KEYS.roomUsers(room), socketId, presence);
}

export async function close(room: string) {
  await redis.del(KEYS.roomMeta(room));
}
`;

/** A key builder that assembles its key in a variable: members are removed from another family. */
const ASSEMBLED_BUILDER = `
import { Redis } from 'ioredis';

const redis = new Redis();

function sortedSetKey(queueName: string, state?: string): string {
  let key = \`jobs:queue:\${queueName}\`;
  if (state) key += \`:\${state}\`;
  return key;
}

export async function index(queueName: string, state: string, jobId: string, at: number) {
  await redis.zadd(sortedSetKey(queueName, state), at, jobId);
}

export async function forget(queueName: string, jobId: string) {
  await redis.zrem(\`archive:\${queueName}\`, jobId);
}
`;

/** A key builder that reassigns its key variable: the key is not one family. */
const REASSIGNED_BUILDER = `
import { Redis } from 'ioredis';

const redis = new Redis();

function memberKey(queueName: string, archived: boolean): string {
  let key = \`jobs:\${queueName}\`;
  if (archived) key = \`archive-\${Date.now()}:\${queueName}\`;
  return key;
}

export async function add(queueName: string, archived: boolean, jobId: string) {
  await redis.sadd(memberKey(queueName, archived), jobId);
}

export async function clear(queueName: string) {
  await redis.del(\`jobs:\${queueName}\`);
}
`;

/** Families whose managed `*` must not stand for more than one segment: `leaderboard:weekly-*`, `lock:*-history-*`. */
const SEGMENT_FAMILIES = `
import Redis from 'ioredis';
const redis = new Redis();
export async function remove(board: string, player: string) {
  await redis.zrem(\`leaderboard:\${board}\`, player);
}
export async function score(week: string, points: number, player: string) {
  await redis.zincrby(\`leaderboard:weekly-\${week}\`, points, player);
}
export async function release(name: string) {
  await redis.del(\`lock:\${name}\`);
}
export async function record(name: string, at: number) {
  await redis.set(\`lock:\${name}-history-\${at}\`, '1');
}
`;

/** Keys built by `verificationKey(kind, id)` through a prefixing helper, and a write of its `last-check` kind. */
const VERIFICATION_KEYS = `
import Redis from 'ioredis';
const redis = new Redis();
const PREFIX = process.env.KEY_PREFIX ?? '';
function redisKey(key: string) {
  return \`\${PREFIX}\${key}\`;
}
function verificationKey(kind: string, domainId: number) {
  return redisKey(\`domain:verification:\${kind}:\${domainId}\`);
}
export async function markChecked(domainId: number) {
  await redis.set(verificationKey('last-check', domainId), new Date().toISOString());
}
`;

/** A node-redis `set … NX` with no expiry, in `filename`, whose project has node-redis 4: the fix gives it `EX`, which 4 understands. */
function seatReservationForNodeRedis4(filename: string) {
  const code = `
import { createClient } from 'redis';

const client = createClient();

export async function reserve(seat: string, userId: string) {
  await client.set(\`seat:\${seat}\`, userId, { NX: true });
}
`;
  return {
    code,
    filename,
    errors: [
      {
        messageId: 'missingExpiry' as const,
        data: { command: 'set', key: 'seat:${seat}', hint: "`{ EX: 86400 }`" },
        line: 7,
        column: 9,
        endLine: 7,
        endColumn: 57,
        suggestions: [{ messageId: 'missingExpiryFixAddOption' as const, output: code.replace('{ NX: true }', '{ EX: 86400, NX: true }') }],
      },
    ],
  };
}

/** Counters written outside the arrays whose keys a loop expires: one array also handed to a call, one filled later. */
const COUNTERS_OUTSIDE_THE_ARRAY = `
import { Redis } from 'ioredis';
const redis = new Redis();
export async function consume(ip: string, windowIndex: number, more: (keys: string[]) => void) {
  const ipKey = \`rl:ip:\${ip}:\${windowIndex}\`;
  await redis.incr(ipKey);
  await redis.incr(\`rl:total:\${windowIndex}\`);
  const keysToExpire: string[] = [\`rl:other:\${ip}\`];
  more(keysToExpire);
  for (const key of keysToExpire) await redis.expire(key, 60);
  const listed: string[] = [];
  listed.push(\`rl:listed:\${ip}\`);
  for (const key of listed) await redis.expire(key, 60);
}
`;

/** Writes \`seen:*\`; the list another function deletes is of \`profile:*\`. */
const SEEN_WITH_PROFILES_DELETED = `
import Redis from 'ioredis';
const redis = new Redis();
export async function remember(userId: string) {
  await redis.set(\`seen:\${userId}\`, '1');
}
export async function forget(userIds: string[]) {
  await redis.del(userIds.map((id) => \`profile:\${id}\`));
}
`;

/** A private static key field the class rewrites through its own name before each write. */
const QUEUE_KEY_REWRITTEN = `
import Redis from 'ioredis';
const redis = new Redis();
export class Queues {
  private static currentKey = 'queue:none';
  static async push(tenant: string, job: string) {
    Queues.currentKey = \`queue:\${tenant}\`;
    await redis.rpush(this.currentKey, job);
  }
}
`;

/** Private key fields written from outside \`this.<name>\`: another instance, an alias, \`Object.assign\`, \`Reflect.set\`, a class expression's name. */
const PRIVATE_KEYS_WRITTEN_ELSEWHERE = [
  `
  private key = 'jobs:default';
  static forTenant(tenant: string) {
    const jobs = new Jobs();
    jobs.key = \`jobs:\${tenant}\`;
    return jobs;
  }`,
  `
  private key = 'jobs:default';
  use(tenant: string) {
    const self = this;
    self.key = \`jobs:\${tenant}\`;
  }`,
  `
  private key = 'jobs:default';
  static copy(to: Jobs, tenant: string) {
    Object.assign(to, { key: \`jobs:\${tenant}\` });
  }`,
  `
  private key = 'jobs:default';
  use(tenant: string) {
    Reflect.set(this, 'key', \`jobs:\${tenant}\`);
  }`,
].map((member) => `
import Redis from 'ioredis';
const redis = new Redis();
export class Jobs {${member}
  async add(id: string) {
    await redis.sadd(this.key, id);
  }
}
`);
const QUEUE_KEY_OF_A_CLASS_EXPRESSION = QUEUE_KEY_REWRITTEN.replace('export class Queues {', 'export const Queues = class {').replace(/}\n$/, '};\n');

createRuleTester().run('require-expiry', rule, {
  valid: [
    // a client subclass that redefines \`set\` (to give every key a TTL) is a wrapper with rules of its own
    `
import Redis from 'ioredis';
export class Cache extends Redis {
  async set(key: string, value: string, ttl = 3600): Promise<'OK'> {
    return super.set(key, value, 'EX', ttl);
  }
  async remember(id: string, value: string) {
    await this.set(\`memo:\${id}\`, value);
  }
}
export async function save(cache: Cache, id: string) {
  await cache.set(\`task:\${id}\`, 'x');
}
`,
    // a key from a builder the code is handed (a settings key schema): deleted by another function through the same builder
    `
import { Redis } from 'ioredis';
export class HistoryQueue {
  constructor(private readonly redis: Redis, private readonly keys: Record<string, (ids: { project_id: string }) => string>) {}
  async queueOps(projectId: string) {
    await this.redis.setnx(this.keys.projectHistoryFirstOpTimestamp({ project_id: projectId }), Date.now());
  }
  async flushed(projectId: string) {
    await this.redis.del(this.keys.projectHistoryFirstOpTimestamp({ project_id: projectId }));
  }
}
`,
    // a key builder's arguments name the family (`verificationKey('last-check', id)`, through a prefixing helper): deleted by another function
    `${VERIFICATION_KEYS}export async function clearChecked(domainId: number) {
  await redis.del(verificationKey('last-check', domainId));
}
`,
    // a delete of any kind (`verificationKey(kind, id)`) manages every kind of the family
    `${VERIFICATION_KEYS}export async function clear(kind: string, domainId: number) {
  await redis.del(verificationKey(kind, domainId));
}
`,
    // a readonly field's text is one fixed key, not a key per call
    `
import { Redis } from 'ioredis';
export class JobQueue {
  private readonly CANCELLED_JOBS = 'jobs:cancelled';
  constructor(private readonly redis: Redis) {}
  async cancel(jobId: string) {
    await this.redis.sadd(this.CANCELLED_JOBS, jobId);
  }
}
`,
    // … and so is a private field the class never writes again, also a static one read as \`this.…\` in a static member
    `
import Redis from 'ioredis';
const redis = new Redis();
export class TransactionDB {
  private static queuedKey = 'transaction:queued';
  static enqueue = async (queueId: string, at: number) => {
    await redis.zadd(this.queuedKey, at, queueId);
  };
}
export class Jobs {
  private failedKey = 'jobs:failed';
  constructor(private readonly client: Redis) {}
  async fail(jobId: string) {
    await this.client.sadd(this.failedKey, jobId);
  }
}
`,
    // a family another function deletes through a list of keys: a builder handed to \`map\`, spread into \`unlink\`
    `
import Redis from 'ioredis';
const redis = new Redis();
export class TransactionDB {
  private static detailsKey = (queueId: string) => \`transaction:\${queueId}\`;
  static set = async (queueId: string, json: string) => {
    await redis.set(this.detailsKey(queueId), json);
  };
  static bulkDelete = async (queueIds: string[]) => {
    const keys = queueIds.map(this.detailsKey);
    return redis.unlink(...keys);
  };
}
`,
    // … or the keys a \`flatMap\` callback lists, per item
    `
import Redis from 'ioredis';
const redis = new Redis();
const lastNonceKey = (chainId: number, wallet: string) => \`nonce:\${chainId}:\${wallet}\`;
const recycledKey = (chainId: number, wallet: string) => \`nonce-recycled:\${chainId}:\${wallet}\`;
export async function acquire(chainId: number, wallet: string) {
  return redis.incr(lastNonceKey(chainId, wallet));
}
export async function recycle(chainId: number, wallet: string, nonce: number) {
  await redis.zadd(recycledKey(chainId, wallet), nonce, String(nonce));
}
export async function resetWallets(wallets: { chainId: number; wallet: string }[]) {
  const keys = wallets.flatMap(({ chainId, wallet }) => [lastNonceKey(chainId, wallet), recycledKey(chainId, wallet)]);
  await redis.del(keys);
}
`,
    // a test that mocks the library writes to a fake: no key reaches Redis
    `
import Redis from 'ioredis';
jest.mock('ioredis', () => require('ioredis-mock'));
const redis = new Redis();
it('stores a session', async () => {
  await redis.set(\`sess:\${Date.now()}\`, 'x');
});
`,
    // … also through the wrapper's key builder, with the instance's prefix
    `
import { createClient } from 'redis';

export class Cache {
  private readonly client = createClient();

  constructor(private readonly module: string, private readonly prefix: string) {}

  private buildKey(key: string) {
    return \`\${this.prefix}:\${this.module}:\${key}\`;
  }

  async hSet(key: string, field: string, value: string) {
    await this.client.hSet(this.buildKey(key), field, value);
  }
}
`,
    // … also when the builder adds the namespace only if there is one
    `
import { Redis } from 'ioredis';

export class Store {
  private readonly driver = new Redis();

  constructor(private readonly namespace?: string) {}

  ns(key: string) {
    return this.namespace ? \`\${this.namespace}:\${key}\` : key;
  }

  async zadd(key: string, score: number, member: string) {
    return await this.driver.zadd(this.ns(key), score, member);
  }
}
`,
    // a wrapper writes the key its caller names: the family, and its TTL, are the caller's choice
    `
import { Redis } from 'ioredis';

const redis = new Redis();
const PREFIX = process.env.PREFIX;

export async function store(key: string, value: string) {
  await redis.set(key, value);
}

export async function storeState(type: string, state: string) {
  await redis.hset(\`\${PREFIX}\${type}\`, 'state', state);
}
`,
    // a wrapper whose write runs in a closure of its own (a promise executor): still the caller's key
    `
const redis = require('redis');

class Cache {
  constructor() {
    this.client = redis.createClient();
  }

  async incr(key) {
    return new Promise(async (resolve, reject) => {
      try {
        await this.client.incr(key);
      } catch (error) {
        reject(error);
      }
      resolve();
    });
  }
}
module.exports = Cache;
`,
    // the caller's key through a prefixing function the constructor keeps in a field
    `
import { createClient } from 'redis';

type RedisClient = ReturnType<typeof createClient>;

export class RedisCache {
  private readonly prefixer: (key: string) => string;

  private readonly directory: string;

  constructor(name: string, private readonly client: RedisClient) {
    this.directory = \`cache_\${name}\`;
    this.prefixer = (key: string) => \`\${this.directory}:\${key}\`;
  }

  setIfAbsent(key: string, value: string) {
    return this.client.setNX(this.prefixer(key), value);
  }
}
`,
    // counters expired through the keys gathered in an array: only the request that created one sets its window
    `
import { Redis } from 'ioredis';
const redis = new Redis();
export async function consume(ip: string, account: string, windowIndex: number) {
  const ipKey = \`rl:ip:\${ip}:\${windowIndex}\`;
  const accountKey = \`rl:account:\${account}:\${windowIndex}\`;
  const results = await redis.pipeline().incr(ipKey).incr(accountKey).exec();
  const keysToExpire: string[] = [];
  if (results?.[0]?.[1] === 1) keysToExpire.push(ipKey);
  if (results?.[1]?.[1] === 1) keysToExpire.push(accountKey);
  if (keysToExpire.length > 0) {
    const expiring = redis.pipeline();
    for (const key of keysToExpire) expiring.expire(key, 60);
    await expiring.exec();
  }
}
`,
    `
import { Redis } from 'ioredis';
const redis = new Redis();
export async function finish(jobId: string) {
  const done = [\`job:\${jobId}:lock\`];
  await redis.set(\`job:\${jobId}:lock\`, '1');
  await redis.incr(\`job:\${jobId}:tries\`);
  done.push(\`job:\${jobId}:tries\`);
  done.forEach((key) => void redis.del(key));
}
`,
    // one key, however a key builder of the file spells it
    `
import { Redis } from 'ioredis';

const PREFIX = 'app:';

export class Log {
  private readonly redis = new Redis();

  logKey() {
    return \`\${PREFIX}log\`;
  }

  async add(row: string) {
    await this.redis.rpush(this.logKey(), row);
  }
}
`,
    // a key builder of the file given a constant names one key
    `
import { Redis } from 'ioredis';

const redis = new Redis();
const SERVICE_NAME = 'automations-service';
const keyForConfig = (name: string) => \`service:config:\${name}\`;

export async function announce(config: string) {
  await redis.set(keyForConfig(SERVICE_NAME), config);
  await redis.set(keyForConfig('logs'), config);
}
`,
    // keys destructured from a key builder: one fixed, one whose family another function deletes
    `
import { Redis } from 'ioredis';

const redis = new Redis();

function itemKeys(id: string) {
  return { item: \`item:\${id}\`, all: 'items:all' };
}

export async function save(id: string, value: string) {
  const { item, all } = itemKeys(id);
  await redis.hset(item, 'value', value);
  await redis.sadd(all, id);
}

export async function remove(id: string) {
  const { item } = itemKeys(id);
  await redis.del(item);
}
`,
    // key builders kept in a constant object, or as a class's static methods: the family another function deletes
    `
import { Redis } from 'ioredis';

const redis = new Redis();

const KEYS = {
  roomUsers: (room: string) => \`room:\${room}:users\`,
};

class Keys {
  static roomMeta(room: string) {
    return \`room:\${room}:meta\`;
  }
}

export async function join(room: string, socketId: string, presence: string) {
  await redis.hset(KEYS.roomUsers(room), socketId, presence);
  await redis.hset(Keys.roomMeta(room), 'lastModified', Date.now());
}

export async function close(room: string) {
  await redis.del([KEYS.roomUsers(room), Keys.roomMeta(room)]);
}
`,
    // a key builder that assembles its key in a variable (a part appended on one path only): its family's members another function removes
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export class JobIndex {
  private sortedSetKey(queueName: string, state?: string): string {
    let key = \`jobs:queue:\${queueName}\`;
    if (state) {
      key += \`:\${state}\`;
    }
    return key;
  }

  async index(queueName: string, state: string, jobId: string, at: number) {
    await redis.zadd(this.sortedSetKey(queueName, state), at, jobId);
  }

  async forget(queueName: string, states: string[], jobId: string) {
    for (const state of states) await redis.zrem(this.sortedSetKey(queueName, state), jobId);
  }
}
`,
    // keys of the family are expired by another function of the file: their lifetime is managed there
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function addMember(roomId: string, userId: string) {
  await redis.sadd(\`room:\${roomId}\`, userId);
}

export async function touchRoom(roomId: string) {
  await redis.expire(\`room:\${roomId}\`, 600);
}
`,
    // … or deleted through a key builder of the class, when the account goes
    `
import { Redis } from 'ioredis';

const PREFIX = 'app:';

export class Account {
  private readonly redis = new Redis();

  constructor(private readonly id: string) {}

  accountKey() {
    return \`\${PREFIX}acct:\${this.id}\`;
  }

  async touch() {
    await this.redis.hset(\`\${PREFIX}acct:\${this.id}\`, 'seen', Date.now());
  }

  async remove() {
    await this.redis.multi().unlink(this.accountKey()).exec();
  }
}
`,
    // … or deleted by a sweep that scans for them
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function record(jobId: string) {
  await redis.hset(\`job:\${jobId}:state\`, 'at', Date.now());
}

export async function sweep() {
  for await (const keys of redis.scanStream({ match: 'job:*' })) await redis.del(...keys);
}
`,
    // … or by one that lists them and trims each
    `
import { Redis } from 'ioredis';
const redis = new Redis();
export async function remember(wallet: string, nonce: number, queueId: string) {
  await redis.zadd(\`nonce-map:\${wallet}\`, nonce, queueId);
}
export async function pruneNonceMaps(max: number) {
  const pipeline = redis.pipeline();
  for (const key of await redis.keys('nonce-map:*')) pipeline.zremrangebyrank(key, 0, -max);
  await pipeline.exec();
}
`,
    // … or by one that scans by cursor and deletes what each page found, or hands the keys to a callback
    `
import { Redis } from 'ioredis';
const redis = new Redis();
export async function record(jobId: string) {
  await redis.hset(\`job:\${jobId}:state\`, 'at', Date.now());
}
export async function sweep() {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', 'job:*');
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
`,
    `
import { Redis } from 'ioredis';
const redis = new Redis();
export async function record(jobId: string) {
  await redis.hset(\`job:\${jobId}:state\`, 'at', Date.now());
}
export function sweep() {
  redis.scanStream({ match: 'job:*' }).on('data', (keys: string[]) => keys.forEach((key) => redis.expire(key, 60)));
}
`,
    // correct use
    // ioredis: `set` with `EX`
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveSession(id: string, data: string) {
  await redis.set(\`sess:\${id}\`, data, 'EX', 1800);
}
`,
    // ioredis: expiry tokens in any order and any case, as Redis accepts them
    `
import Redis from 'ioredis';

const redis = new Redis();

export async function save(id: string, value: string) {
  await redis.set(\`a:\${id}\`, value, 'NX', 'ex', 60);
  await redis.set(\`b:\${id}\`, value, 'GET', 'Px', 500);
  await redis.set(\`c:\${id}\`, value, 'EXAT', 1_900_000_000);
  await redis.set(\`d:\${id}\`, value, 'pxat', 1_900_000_000_000);
  await redis.set(\`e:\${id}\`, value, 'KEEPTTL');
}
`,
    // iovalkey: `set` with `PX`
    `
import { Valkey } from 'iovalkey';

const valkey = new Valkey();

export async function cache(id: string, value: string) {
  await valkey.set(\`cache:\${id}\`, value, 'PX', 60_000);
}
`,
    // node-redis: the upper-case option keys, shorthand included
    `
import { createClient } from 'redis';

const client = createClient();

export async function save(id: string, value: string, EX: number) {
  await client.set(\`a:\${id}\`, value, { EX });
  await client.set(\`b:\${id}\`, value, { PX: 500, NX: true });
  await client.set(\`c:\${id}\`, value, { EXAT: 1_900_000_000 });
  await client.set(\`d:\${id}\`, value, { PXAT: 1_900_000_000_000 });
  await client.set(\`e:\${id}\`, value, { KEEPTTL: true });
  await client.set(\`f:\${id}\`, value, { EX: 60 } as const);
}
`,
    // node-redis 5+: the `expiration` option, as connect-redis writes sessions
    `
import { createClient } from 'redis';

const client = createClient();

export async function saveSession(sid: string, json: string, ttl: number) {
  await client.set(\`sess:\${sid}\`, json, { expiration: { type: 'EX', value: ttl } });
  await client.set(\`sess-copy:\${sid}\`, json, { expiration: 'KEEPTTL' });
}
`,
    // @redis/client: upper-case `SET` with an expiry
    `
import { createClient } from '@redis/client';

const client = createClient();

export async function save(id: string, value: string) {
  await client.SET(\`k:\${id}\`, value, { EX: 60 });
}
`,
    // @upstash/redis: the lower-case option keys
    `
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

export async function save(id: string, value: string) {
  await redis.set(\`a:\${id}\`, value, { ex: 60 });
  await redis.set(\`b:\${id}\`, value, { px: 500, nx: true });
  await redis.set(\`c:\${id}\`, value, { exat: 1_900_000_000 });
  await redis.set(\`d:\${id}\`, value, { pxat: 1_900_000_000_000 });
  await redis.set(\`e:\${id}\`, value, { keepTtl: true });
}
`,
    // @valkey/valkey-glide: the `expiry` option
    `
import { GlideClient, TimeUnit } from '@valkey/valkey-glide';

const client = await GlideClient.createClient({ addresses: [{ host: 'localhost' }] });

export async function save(id: string, value: string) {
  await client.set(\`a:\${id}\`, value, { expiry: { type: TimeUnit.Seconds, count: 60 } });
  await client.set(\`b:\${id}\`, value, { expiry: 'keepExisting' });
}
`,
    // commands that set the expiry themselves
    `
import { Redis } from 'ioredis';
import { createClient } from 'redis';

const redis = new Redis();
const client = createClient();

export async function save(id: string, value: string) {
  await redis.setex(\`a:\${id}\`, 60, value);
  await redis.psetex(\`b:\${id}\`, 60_000, value);
  await client.setEx(\`c:\${id}\`, 60, value);
  await client.pSetEx(\`d:\${id}\`, 60_000, value);
  await client.SETEX(\`e:\${id}\`, 60, value);
}
`,
    // @upstash/redis `setex`
    `
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

export async function save(id: string, value: string) {
  await redis.setex(\`a:\${id}\`, 60, value);
}
`,
    // a collection write followed by an `expire` of the same variable
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function recordSubmission(epochId: string, txHash: string) {
  const key = \`epoch_batch_submissions:\${epochId}\`;
  await redis.sadd(key, txHash);
  await redis.expire(key, 86_400, 'NX');
}
`,
    // node-redis: each write followed by an expire command of the same key text, in any spelling
    `
import { createClient } from 'redis';

const client = createClient();

export async function save(id: string) {
  await client.hSet(\`h:\${id}\`, 'field', 'value');
  await client.pExpire(\`h:\${id}\`, 60_000);
  await client.zAdd(\`z:\${id}\`, { score: 1, value: 'a' });
  await client.expireAt(\`z:\${id}\`, 1_900_000_000);
  await client.rPush(\`l:\${id}\`, 'a');
  await client.pExpireAt(\`l:\${id}\`, 1_900_000_000_000);
  await client.SADD(\`s:\${id}\`, 'a');
  await client.EXPIRE(\`s:\${id}\`, 60);
}
`,
    // the `expire` in the same transaction chain
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function countVisit(page: string) {
  await redis.multi().incr(\`visits:\${page}\`).expire(\`visits:\${page}\`, 3600, 'NX').exec();
}
`,
    // node-redis: the `expire` in the same `MULTI` chain
    `
import { createClient } from 'redis';

const client = createClient();

export async function append(streamId: string, payload: string) {
  await client.MULTI().xAdd(\`events:\${streamId}\`, '*', { payload }).EXPIRE(\`events:\${streamId}\`, 600).exec();
}
`,
    // a pipeline in a variable, with the `expire` queued on it
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function push(userId: string, message: string) {
  const pipeline = redis.pipeline();
  pipeline.lpush(\`inbox:\${userId}\`, message);
  pipeline.ltrim(\`inbox:\${userId}\`, 0, 99);
  pipeline.expire(\`inbox:\${userId}\`, 86_400);
  await pipeline.exec();
}
`,
    // the rate-limiter shape: `expire` once the counter exists
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function allow(ip: string) {
  const key = \`rate:\${ip}\`;
  const count = await redis.incr(key);
  if (count === 1) await redis.expire(key, 60);
  return count <= 100;
}
`,
    // writes in a callback, expired after it in the function that owns the key
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function addAll(roomId: string, members: string[]) {
  const key = \`room:\${roomId}\`;
  await Promise.all(members.map((member) => redis.sadd(key, member)));
  await redis.expire(key, 600);
}
`,
    // an `expire` both before and after the write: the later one counts
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function touch(id: string) {
  await redis.expire(\`seen:\${id}\`, 60);
  await redis.hset(\`seen:\${id}\`, 'at', Date.now());
  await redis.expire(\`seen:\${id}\`, 60);
}
`,
    // every key of an `mset` gets an `expire`
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function pair(id: string) {
  await redis.mset(\`a:\${id}\`, '1', \`b:\${id}\`, '2');
  await redis.expire(\`a:\${id}\`, 60);
  await redis.expire(\`b:\${id}\`, 60);
}
`,
    // a client in a class field, with the `expire` after the write
    `
import { Redis } from 'ioredis';

export class PresenceStore {
  private redis = new Redis();

  async join(roomId: string, userId: string) {
    await this.redis.sadd(\`presence:\${roomId}\`, userId);
    await this.redis.expire(\`presence:\${roomId}\`, 300);
  }
}
`,
    // CommonJS: `set` with an expiry
    {
      code: `
const Redis = require('ioredis');

const redis = new Redis();

async function saveUser(id, json) {
  await redis.set(\`user:\${id}\`, json, 'EX', 3600);
}

module.exports = { saveUser };
`,
      ...commonjs,
    },
    // one fixed key cannot make the key count grow
    `
import { Redis } from 'ioredis';
import { createClient } from 'redis';

const redis = new Redis();
const client = createClient();
const STATS_KEY = 'stats';

export async function record(job: string) {
  await redis.set('config', '{}');
  await redis.sadd(\`jobs\`, job);
  await redis.incr(STATS_KEY);
  await client.mSet({ maintenance: 'off', version: '3' });
}
`,
    // keys whose varying parts have finite types: a literal union of a constant array, an enum, a boolean
    FINITE_PARTS,
    // keys named after a plugin or service the code defines, also through a key builder of the file
    DEFINED_THING_NAMES,
    // deleted by a Lua command of the file, which takes its key among its \`numberOfKeys\`
    SCRIPTED_DELETE,
    EVAL_DELETE,
    EVAL_DELETE_NODE_REDIS,
    // one cursor per consumer group the function reads and acknowledges as
    CONSUMER_GROUP_CURSOR,
    // fixed by the constructor from the instance's key prefix
    { code: CONSTRUCTOR_PREFIX_KEYS, languageOptions: { parserOptions: { sourceType: 'module' } } },
    // keys built only from constants are fixed too
    `
import { Redis } from 'ioredis';

const redis = new Redis();
const APP = 'shop';
const KEYS = { leaderboard: 'leaderboard' } as const;
enum Queue {
  Emails = 'queue:emails',
}

export async function record(score: number, member: string) {
  await redis.incr(\`\${APP}:hits\`);
  await redis.incr(APP + ':orders');
  await redis.zadd(KEYS.leaderboard, score, member);
  await redis.lpush(Queue.Emails, member);
  let fallback = 'queue:fallback';
  await redis.rpush(fallback, member);
}
`,
    // ioredis: expiry tokens the rule cannot see are not reported
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function save(id: string, value: string, mode: 'EX' | 'PX', ttl: number, args: string[]) {
  await redis.set(\`a:\${id}\`, value, mode, ttl);
  await redis.set(\`b:\${id}\`, value, ...args);
}
`,
    // node-redis: options the rule cannot see into are not reported
    `
import { createClient } from 'redis';

const client = createClient();
const options = { EX: 60 };

export async function save(id: string, value: string) {
  await client.set(\`a:\${id}\`, value, options);
  await client.set(\`b:\${id}\`, value, buildOptions());
  await client.set(\`c:\${id}\`, value, { ...options, NX: true });
}

declare function buildOptions(): { EX: number };
`,
    // `mset` of pairs the rule cannot see
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveAll(pairs: string[]) {
  await redis.mset(pairs);
}
`,

    // look-alikes that must stay silent
    // `Map#set` in a file that also uses Redis: a `Map` is not a client
    `
import { Redis } from 'ioredis';

export const redis = new Redis();
const memo = new Map<string, string>();

export function remember(id: string, value: string) {
  memo.set(\`memo:\${id}\`, value);
}
`,
    // `Headers#set` is not a Redis command
    `
import { createClient } from 'redis';

export const client = createClient();

export function withTrace(headers: Headers, id: string) {
  headers.set(\`x-trace-\${id}\`, '1');
}
`,
    // `URLSearchParams#set` is not a Redis command
    `
import { Redis } from 'ioredis';

export const redis = new Redis();

export function page(params: URLSearchParams, id: string) {
  params.set(\`page-\${id}\`, '2');
}
`,
    // a framework's `cookies.set` is not a Redis command
    `
import { Redis } from 'ioredis';
import { cookies } from 'next/headers';

export const redis = new Redis();

export async function remember(id: string) {
  (await cookies()).set(\`seen-\${id}\`, '1');
}
`,
    // another library's cache `set` is not a Redis command
    `
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

export const redis = new Redis();
const lru = new LRUCache<string, string>({ max: 500 });

export function remember(id: string, value: string) {
  lru.set(\`memo:\${id}\`, value);
}
`,
    // a local object named `redis` is not a client
    `
import { Redis } from 'ioredis';

export const real = new Redis();
const redis = {
  set(key: string, value: string) {},
  sadd(key: string, value: string) {},
};

export function save(id: string) {
  redis.set(\`a:\${id}\`, 'v');
  redis.sadd(\`b:\${id}\`, 'v');
}
`,
    // a local class named `Redis` shadows the import
    `
import { Redis } from 'ioredis';

export function save(id: string) {
  class Redis {
    sadd(key: string, value: string) {}
  }
  const local = new Redis();
  local.sadd(\`a:\${id}\`, 'v');
}
`,
    // without types, a client from the user's own module is unknown
    `
import { redis } from './redis';

export async function save(id: string) {
  await redis.set(\`a:\${id}\`, 'v');
}
`,
    // an unannotated parameter could be anything
    {
      code: `
import Redis from 'ioredis';

export const shared = new Redis();

export async function save(store, id) {
  await store.sadd(\`a:\${id}\`, 'v');
}
`,
      filename: 'file.js',
    },
    // hash-field and getter commands do not create keys
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function read(id: string) {
  await redis.hget(\`h:\${id}\`, 'field');
  await redis.smembers(\`s:\${id}\`);
  await redis.getex(\`g:\${id}\`, 'EX', 60);
}
`,
    // an `expire` in a callback may run after the write
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function join(roomId: string, userId: string) {
  const key = \`room:\${roomId}\`;
  redis.once('ready', () => redis.expire(key, 60));
  await redis.sadd(key, userId);
}
`,

    // keys deleted later in the same function: they cannot pile up
    // ioredis: a lock released in `finally`
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function withLock(name: string, work: () => Promise<void>) {
  await redis.set(\`lock:\${name}\`, '1', 'NX');
  try {
    await work();
  } finally {
    await redis.del(\`lock:\${name}\`);
  }
}
`,
    // node-redis: `unlink` of the same template written as a concatenation
    `
import { createClient } from 'redis';

const client = createClient();

export async function diff(id: string, a: string[], b: string[]) {
  await client.sAdd(\`tmp:\${id}:a\`, a);
  const members = await client.sMembers(\`tmp:\${id}:a\`);
  await client.unlink('tmp:' + id + ':a');
  return members.filter((member) => !b.includes(member));
}
`,
    // ioredis: a one-time code read back with `getdel`
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function roundTrip(id: string, code: string) {
  await redis.set(\`code:\${id}\`, code);
  return redis.getdel(\`code:\${id}\`);
}
`,
    // node-redis: `del` of an array of keys, the key in a variable and as its template
    `
import { createClient } from 'redis';

const client = createClient();

export async function build(jobId: string, parts: string[]) {
  const key = \`build:\${jobId}\`;
  await client.rPush(key, parts);
  await client.hSet(\`build:\${jobId}:meta\`, 'parts', parts.length);
  const built = await client.lRange(key, 0, -1);
  await client.del([\`build:\${jobId}\`, \`build:\${jobId}:meta\`]);
  return built;
}
`,
    // a `getex` with an expiry after the write gives the key a TTL, in either dialect
    `
import { Redis } from 'ioredis';
import { createClient } from 'redis';

const redis = new Redis();
const client = createClient();

export async function readAndRefresh(id: string, value: string) {
  await redis.set(\`a:\${id}\`, value);
  await client.set(\`b:\${id}\`, value);
  return [await redis.getex(\`a:\${id}\`, 'EX', 60), await client.getEx(\`b:\${id}\`, { type: 'EX', value: 60 })];
}
`,

    // another branch writes the same key with an expiry: no TTL here is the caller's choice
    // walking a hash's fields and rewriting them: the hash exists, and HSET keeps its time to live
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function rotateSecrets(namespace: string, encrypt: (value: Buffer) => Buffer) {
  const certsKey = \`\${namespace}:certs\`;
  const entries = await redis.hgetallBuffer(certsKey);
  for (const field of Object.keys(entries || {})) {
    await redis.hset(certsKey, field, encrypt(entries[field]!));
  }
}
`,
    // ioredis: `PXAT` when the caller gives an expiry time, none otherwise
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function put(key: string, value: string, expiresAt?: number) {
  if (expiresAt) {
    await redis.set(\`store:\${key}\`, value, 'PXAT', expiresAt);
  } else {
    await redis.set(\`store:\${key}\`, value);
  }
}
`,
    // node-redis: a ternary, the expiry in the `expiration` option
    `
import { createClient } from 'redis';

const client = createClient();

export function put(key: string, value: string, ttl?: number) {
  return ttl ? client.set(\`kv:\${key}\`, value, { expiration: { type: 'EX', value: ttl } }) : client.set(\`kv:\${key}\`, value);
}
`,
    // a `switch` on the kind of entry, and an `else if` chain
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function save(kind: string, id: string, value: string, ms?: number) {
  switch (kind) {
    case 'session':
      await redis.set(\`entry:\${id}\`, value, 'EX', 1800);
      break;
    default:
      await redis.set(\`entry:\${id}\`, value);
  }
  if (ms === undefined) await redis.set(\`other:\${id}\`, value);
  else if (ms > 0) await redis.set(\`other:\${id}\`, value, 'PX', ms);
}
`,
    // node-redis: the other branch writes the key and then expires it
    `
import { createClient } from 'redis';

const client = createClient();

export async function track(id: string, member: string, ttl?: number) {
  if (ttl) {
    await client.sAdd(\`seen:\${id}\`, member);
    await client.expire(\`seen:\${id}\`, ttl);
  } else {
    await client.sAdd(\`seen:\${id}\`, member);
  }
}
`,

    // an `expire` between two writes gives the key made by the first one its TTL
    `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function collect(id: string, first: string, second: string) {
  await redis.sadd(\`batch:\${id}\`, first);
  await redis.expire(\`batch:\${id}\`, 600);
  await redis.sadd(\`batch:\${id}\`, second);
}
`,
    // node-redis: the same, in a transaction after the first write
    `
import { createClient } from 'redis';

const client = createClient();

export async function count(page: string) {
  await client.incr(\`views:\${page}\`);
  await client.multi().expire(\`views:\${page}\`, 3600, 'NX').incr(\`views:\${page}\`).exec();
}
`,

    // test files: the suite wipes the database it writes to
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function seedAccount(id: string) {
  await redis.hset(\`account:\${id}\`, 'state', 'connected');
}
`,
      filename: 'src/accounts.test.ts',
    },
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function seed(id: string) {
  await client.sAdd(\`queue:\${id}\`, 'job');
}
`,
      filename: 'packages/metrics/tests/helpers/seed.ts',
    },
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function seed(id: string) {
  await client.set(\`queue:\${id}\`, 'job');
}
`,
      filename: 'src/__tests__/queue.ts',
    },
    // a `Tests` folder, as a project that also holds .NET code names it
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function seed(id: string) {
  await client.set(\`queue:\${id}\`, 'job');
}
`,
      filename: 'App/Tests/queue.ts',
    },
    {
      code: `
const Redis = require('ioredis');

const redis = new Redis();

async function seed(id) {
  await redis.set('user:' + id, '{}');
}
module.exports = { seed };
`,
      ...commonjs,
      filename: 'test/fixtures/seed.spec.js',
    },

    // options
    // `ignoreKeys` matches a template's static prefix
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveRegion(region: string, json: string) {
  await redis.set(\`config:\${region}\`, json);
}
`,
      options: [{ ignoreKeys: ['^config:'] }],
    },
    // `ignoreKeys` matches a concatenation's static prefix
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function enable(flag: string) {
  await client.sAdd('feature-flag:' + flag, 'on');
}
`,
      options: [{ ignoreKeys: ['^config:', '^feature-flag:'] }],
    },
    // `ignoreKeys` sees constants folded into the prefix
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();
const APP = 'shop';

export async function publish(asset: string, url: string) {
  await redis.hset(\`\${APP}:static:\${asset}\`, 'url', url);
}
`,
      options: [{ ignoreKeys: ['^shop:static:'] }],
    },
    // `ignoreKeys` skips an ignored key of an `mset` and checks the rest
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function save(id: string) {
  await redis.mset(\`config:\${id}\`, '1', \`cache:\${id}\`, '2');
  await redis.expire(\`cache:\${id}\`, 60);
}
`,
      options: [{ ignoreKeys: ['^config:'] }],
    },
    // a one-off script, an example, a database migration or tooling (under `scripts/`, `script/`, `examples/`, `example/`, `migrations/`, `migration/`, `…-migrations/`, a hidden folder, at any depth) seeds, inspects, repairs or moves the service's keys once
    ...['.claude/skills/redis-inspect/query.mjs', '.github/actions/seed/index.js', 'scripts/fix-docs.ts', 'services/document-updater/scripts/fix_docs.js', 'packages/api/script/seed.ts', 'examples/basic/index.ts', 'packages/auth/migrations/mysql/1627638504691-move_mfa.ts', 'src/migration/1700000000000-MoveFlags.ts', 'backend/saas-migrations/content/import.ts', 'db_migration/002-flags.ts'].map((filename) => ({
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function restore(docId: string, projectId: string) {
  await redis.set(\`ProjectId:\${docId}\`, projectId);
}
`,
      filename,
    })),
    // `checkTestFiles: false` is the default, and can be said
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function seed(id: string) {
  await redis.set(\`user:\${id}\`, '{}');
}
`,
      filename: 'test/seed.ts',
      options: [{ checkTestFiles: false }],
    },
    // `ttlSeconds` changes what is proposed, not what is reported
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function save(id: string) {
  await redis.set(\`a:\${id}\`, 'v', 'EX', 60);
}
`,
      options: [{ ttlSeconds: 3600 }],
    },
  ],
  invalid: [
    // \`super\` in an instance member of a client subclass is the client too; in a static one it is the class
    { code: SUPER_OF_A_CLIENT, errors: [missingExpiryAt(SUPER_OF_A_CLIENT, 'kept:', 'missingExpiryFixAddOption', 'value);', "value, 'EX', 86400);")] },
    // an instance of a client subclass that closes itself is still a client to write through
    { code: OWN_LIFECYCLE_CLIENT, errors: [missingExpiryAt(OWN_LIFECYCLE_CLIENT, 'value);', 'missingExpiryFixAddOption', 'value);', "value, 'EX', 86400);")] },
    // `this` in a class that extends the client class is a client; a `Map` subclass's `this.set` is not
    { code: SUBCLASSED_CLIENT, errors: [missingExpiryAt(SUBCLASSED_CLIENT, 'value);', 'missingExpiryFixAddOption', 'memo:${id}`, value);', "memo:${id}`, value, 'EX', 86400);")] },
    // a builder the code is handed whose name is too short to stand for one family (\`key()\`): another function's delete does not count
    {
      code: `
import { Redis } from 'ioredis';
export class Sessions {
  constructor(private readonly redis: Redis, private readonly keys: Record<string, (id: string) => string>) {}
  async save(id: string) {
    await this.redis.set(this.keys.key(id), '1');
  }
  async drop(id: string) {
    await this.redis.del(this.keys.key(id));
  }
}
`,
      errors: [{ messageId: 'missingExpiry', line: 6, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
export class Sessions {
  constructor(private readonly redis: Redis, private readonly keys: Record<string, (id: string) => string>) {}
  async save(id: string) {
    await this.redis.set(this.keys.key(id), '1', 'EX', 86400);
  }
  async drop(id: string) {
    await this.redis.del(this.keys.key(id));
  }
}
` }] }],
    },
    // a builder handed the key's text joins parts: its name stands for no family
    {
      code: `
import { Redis } from 'ioredis';
export class Sessions {
  constructor(private readonly redis: Redis, private readonly keys: { keyFromParts(...parts: string[]): string }) {}
  async save(id: string) {
    await this.redis.set(this.keys.keyFromParts('sess', id), '1');
  }
  async drop(id: string) {
    await this.redis.del(this.keys.keyFromParts('sess', id));
  }
}
`,
      errors: [{ messageId: 'missingExpiry', line: 6, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
export class Sessions {
  constructor(private readonly redis: Redis, private readonly keys: { keyFromParts(...parts: string[]): string }) {}
  async save(id: string) {
    await this.redis.set(this.keys.keyFromParts('sess', id), '1', 'EX', 86400);
  }
  async drop(id: string) {
    await this.redis.del(this.keys.keyFromParts('sess', id));
  }
}
` }] }],
    },
    // a part that is no consumer group (the consumer, one per process and restart), or a group written beside the message's id, varies
    ...[
      CONSUMER_GROUP_CURSOR.replace('`ack:${group}`', '`ack:${consumer}`'),
      CONSUMER_GROUP_CURSOR.replace('`ack:${group}`', '`ack:${group}:${message.id}`'),
    ].map((code) => ({
      code,
      errors: [missingExpiryAt(code, 'client.set(', 'missingExpiryFixAddOption', ', message.id);\n    }', ", message.id, { expiration: { type: 'EX', value: 86400 } });\n    }")],
    })),
    // a field the constructor makes from an id (one key per instance, and instances per entity), or one another method writes too, is no fixed key
    ...[
      CONSTRUCTOR_PREFIX_KEYS.replace('constructor(url, prefix)', 'constructor(url, documentId)').replace('this.prefix = prefix', 'this.prefix = documentId').replace('`${prefix}:stats`', '`${documentId}:stats`'),
      CONSTRUCTOR_PREFIX_KEYS.replace('  async schedule(stream) {', '  rename(suffix) {\n    this.workerStream = `${this.prefix}:${suffix}`;\n    this.statsKey = `${this.prefix}:stats:${suffix}`;\n  }\n\n  async schedule(stream) {'),
    ].map((code) => ({
      code,
      errors: [
        missingExpiryAt(code, 'xAdd(', 'missingExpiryFixAddExpire', '{ compact: stream });', "{ compact: stream });\n    await this.redis.expire(this.workerStream, 86400, 'NX');"),
        missingExpiryAt(code, 'hIncrBy(', 'missingExpiryFixAddExpire', "'scheduled', 1);", "'scheduled', 1);\n    await this.redis.expire(this.statsKey, 86400, 'NX');"),
      ],
    })),
    // the same command without a fixed number of keys (the call names it first), or given the key past them (an ARGV), deletes none of the family
    ...[
      SCRIPTED_DELETE.replace('  numberOfKeys: 1,\n', ''),
      SCRIPTED_DELETE.replace('releaseMarker(`marker:${id}`, owner)', 'releaseMarker(`lock:${owner}`, `marker:${id}`)'),
    ].map((code) => ({
      code,
      errors: [missingExpiryAt(code, "'NX');", 'missingExpiryFixAddOption', "owner, 'NX');", "owner, 'EX', 86400, 'NX');")],
    })),
    // an \`eval\` whose script only reads, one kept in a variable that may change, or one given the key as an argument (past the key count), deletes none of the family
    ...[
      EVAL_DELETE_NODE_REDIS.replace("then return redis.call('DEL', KEYS[1]) end", 'then return 1 end'),
      EVAL_DELETE_NODE_REDIS.replace('const RELEASE =', 'let RELEASE =').replace('export async function acquire', "export function useScript(script: string) {\n  RELEASE = script;\n}\n\nexport async function acquire"),
      EVAL_DELETE_NODE_REDIS.replace('{ keys: [`lease:${resource}`], arguments: [token] }', '{ keys: [token], arguments: [`lease:${resource}`] }'),
    ].map((code) => ({
      code,
      errors: [missingExpiryAt(code, '{ NX: true });', 'missingExpiryFixAddOption', 'token, { NX: true });', "token, { expiration: { type: 'EX', value: 86400 }, NX: true });")],
    })),
    // a name of something else (\`{ name }: UserProfile\`), a name with an id beside it, or an id of a plugin's run are the traffic's
    (() => {
      const code = DEFINED_THING_NAMES.replace('}: PluginConfig)', '}: UserProfile)');
      const withExpiry = (value: string) => code.replace(value, `${value}, 'EX', 86400`);
      return {
        code,
        errors: [
          { messageId: 'missingExpiry' as const, line: 12, suggestions: [{ messageId: 'missingExpiryFixAddOption' as const, output: withExpiry('(keyForConfig(name), JSON.stringify({ port })') }] },
          { messageId: 'missingExpiry' as const, line: 13, suggestions: [{ messageId: 'missingExpiryFixAddOption' as const, output: withExpiry('`http://plugin-${name}:${port}`') }] },
        ],
      };
    })(),
    (() => {
      const code = DEFINED_THING_NAMES.replace('(pluginName: string, config: object)', '(pluginName: string, runId: string, config: object)').replace('keyForConfig(pluginName)', '`${keyForConfig(pluginName)}:${runId}`');
      return {
        code,
        errors: [{ messageId: 'missingExpiry' as const, line: 17, suggestions: [{ messageId: 'missingExpiryFixAddOption' as const, output: code.replace('JSON.stringify(config))', "JSON.stringify(config), 'EX', 86400)") }] }],
      };
    })(),
    (() => {
      const code = DEFINED_THING_NAMES.replace(/pluginName/g, 'pluginRunId');
      return {
        code,
        errors: [
          { messageId: 'missingExpiry' as const, line: 17, suggestions: [{ messageId: 'missingExpiryFixAddOption' as const, output: code.replace('JSON.stringify(config))', "JSON.stringify(config), 'EX', 86400)") }] },
          { messageId: 'missingExpiry' as const, line: 19, suggestions: [{ messageId: 'missingExpiryFixAddExpire' as const, output: code.replace("'default');", "'default');\n  await redis.expire(`queue:${pluginRunId}:names`, 86400, 'NX');") }] },
        ],
      };
    })(),
    // a part typed \`string\`, or a second part that is not finite, lets the keys grow
    {
      code: FINITE_PARTS.replace('group: ConsumerGroup', 'group: string'),
      errors: [1, 2].map((index) => ({
        messageId: 'missingExpiry' as const,
        line: 12 + index,
        suggestions: [{ messageId: 'missingExpiryFixAddOption' as const, output: FINITE_PARTS.replace('group: ConsumerGroup', 'group: string').replace(index === 1 ? '`ack:${group}`, id);' : "':' + group, id);", index === 1 ? '`ack:${group}`, id, \'EX\', 86400);' : "':' + group, id, 'EX', 86400);") }],
      })),
    },
    {
      code: FINITE_PARTS.replace('`paused:${paused}`', '`paused:${paused}:${id}`'),
      errors: [
        {
          messageId: 'missingExpiry',
          line: 15,
          suggestions: [{ messageId: 'missingExpiryFixAddOption', output: FINITE_PARTS.replace('`paused:${paused}`, id);', '`paused:${paused}:${id}`, id, \'EX\', 86400);') }],
        },
      ],
    },
    // a managed family's varying part stands for one segment: `leaderboard:*` manages no `leaderboard:weekly-*`, `lock:*` no `lock:*-history-*`
    {
      code: SEGMENT_FAMILIES,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: SEGMENT_FAMILIES.replace('points, player);\n', "points, player);\n  await redis.expire(\`leaderboard:weekly-\${week}\`, 86400, 'NX');\n") }],
        },
        { messageId: 'missingExpiry', line: 14, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: SEGMENT_FAMILIES.replace("'1');", "'1', 'EX', 86400);") }] },
      ],
    },
    // a key builder's other kind, which nothing deletes
    {
      code: `${VERIFICATION_KEYS}export async function markVerified(domainId: number) {
  await redis.set(verificationKey('has-verified', domainId), '1');
}
export async function clearChecked(domainId: number) {
  await redis.del(verificationKey('last-check', domainId));
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 15,
          data: { command: 'set', key: "verificationKey('has-verified', domainId)", hint: "\`'EX', 86400\`" },
          suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `${VERIFICATION_KEYS}export async function markVerified(domainId: number) {
  await redis.set(verificationKey('has-verified', domainId), '1', 'EX', 86400);
}
export async function clearChecked(domainId: number) {
  await redis.del(verificationKey('last-check', domainId));
}
` }],
        },
      ],
    },
    // a listing of the family's keys is no sweep when what deletes or expires keys is another function
    {
      code: `
import { Redis } from 'ioredis';
const redis = new Redis();
export async function countVersion(version: string, day: string) {
  await redis.incr(\`count:app:\${version}:\${day}\`);
}
export async function touch(id: string) {
  await redis.set(\`seen:\${id}\`, '1');
  await redis.expire(\`seen:\${id}\`, 60);
}
export async function report(): Promise<string[]> {
  return redis.keys('count:app:*');
}
`,
      errors: [{ messageId: 'missingExpiry', line: 5, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `
import { Redis } from 'ioredis';
const redis = new Redis();
export async function countVersion(version: string, day: string) {
  await redis.incr(\`count:app:\${version}:\${day}\`);
  await redis.expire(\`count:app:\${version}:\${day}\`, 86400, 'NX');
}
export async function touch(id: string) {
  await redis.set(\`seen:\${id}\`, '1');
  await redis.expire(\`seen:\${id}\`, 60);
}
export async function report(): Promise<string[]> {
  return redis.keys('count:app:*');
}
` }] }],
    },
    // a listing is no sweep when what it deletes or trims is not what it found: an index pruned by the
    // found names, a queue popped beside a count, another key trimmed per found key, a worker's pop
    ...[SWEEP_OF_AN_INDEX, SWEEP_BESIDE_A_QUEUE, SWEEP_OF_ANOTHER_KEY, LISTING_AT_THE_TOP].map((code) => ({
      code,
      errors: [missingExpiryAt(code, 'await redis.', code.includes('zadd') ? 'missingExpiryFixAddExpire' : 'missingExpiryFixAddOption', ...sweepFix(code))],
    })),
    // keys an \`async\` callback gives are promises: nothing is deleted
    { code: KEYS_OF_AN_ASYNC_MAP, errors: [missingExpiryAt(KEYS_OF_AN_ASYNC_MAP, "'1');", 'missingExpiryFixAddOption', "'1');", "'1', 'EX', 86400);")] },
    // an array the loop expires, but the counter never put in it; and an array also filled by a call that may add anything
    {
      code: COUNTERS_OUTSIDE_THE_ARRAY,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 6,
          suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: COUNTERS_OUTSIDE_THE_ARRAY.replace('  await redis.incr(ipKey);\n', "  await redis.incr(ipKey);\n  await redis.expire(ipKey, 86400, 'NX');\n") }],
        },
        {
          messageId: 'missingExpiry',
          line: 7,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: COUNTERS_OUTSIDE_THE_ARRAY.replace('  await redis.incr(`rl:total:${windowIndex}`);\n', "  await redis.incr(`rl:total:${windowIndex}`);\n  await redis.expire(`rl:total:${windowIndex}`, 86400, 'NX');\n"),
            },
          ],
        },
      ],
    },
    // a helper of the file whose every call names a family: the family is known here, and it gets no expiry
    {
      code: `
import { Redis } from 'ioredis';
const redis = new Redis();
function addUsage(key: string, tokens: number) {
  return [redis.hincrby(key, 'tokens', tokens)];
}
export async function saveUsage(accountId: string, userId: string | null, tokens: number) {
  const userKey = userId ? \`usage:user:\${userId}\` : null;
  await Promise.all([...addUsage(\`usage:account:\${accountId}\`, tokens), ...(userKey ? addUsage(userKey, tokens) : [])]);
}
`,
      errors: [{ messageId: 'missingExpiry', line: 5 }],
    },
    // the parameters of a function around a handler it returns, or a callback run per item, do not name the handler's keys
    {
      code: `
import { Redis } from 'ioredis';
const redis = new Redis();
export function rateLimit(prefix: string) {
  return async (req: { ip: string }) => {
    await redis.incr(\`\${prefix}:\${req.ip}\`);
  };
}
export async function track(event: string, ids: string[]) {
  ids.forEach((id) => void redis.sadd(\`\${event}:\${id}\`, '1'));
}
`,
      errors: [{ messageId: 'missingExpiry', line: 6, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `
import { Redis } from 'ioredis';
const redis = new Redis();
export function rateLimit(prefix: string) {
  return async (req: { ip: string }) => {
    await redis.incr(\`\${prefix}:\${req.ip}\`);
    await redis.expire(\`\${prefix}:\${req.ip}\`, 86400, 'NX');
  };
}
export async function track(event: string, ids: string[]) {
  ids.forEach((id) => void redis.sadd(\`\${event}:\${id}\`, '1'));
}
` }] }, { messageId: 'missingExpiry', line: 10, suggestions: [] }],
    },
    // an array emptied before the loop expires nothing it held
    {
      code: `
import { Redis } from 'ioredis';
const redis = new Redis();
export async function count(ip: string) {
  const key = \`hits:\${ip}\`;
  await redis.incr(key);
  const keysToExpire: string[] = [key];
  keysToExpire.length = 0;
  for (const each of keysToExpire) await redis.expire(each, 60);
}
`,
      errors: [{ messageId: 'missingExpiry', line: 6, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `
import { Redis } from 'ioredis';
const redis = new Redis();
export async function count(ip: string) {
  const key = \`hits:\${ip}\`;
  await redis.incr(key);
  await redis.expire(key, 86400, 'NX');
  const keysToExpire: string[] = [key];
  keysToExpire.length = 0;
  for (const each of keysToExpire) await redis.expire(each, 60);
}
` }] }],
    },
    // in a promise executor too, a key with text of its own is the function's family, not the caller's
    {
      code: `
import { Redis } from 'ioredis';
const redis = new Redis();
export function open(id: string) {
  return new Promise<void>(async (resolve) => {
    await redis.incr(\`visits:\${id}\`);
    resolve();
  });
}
`,
      errors: [{ messageId: 'missingExpiry', line: 6, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `
import { Redis } from 'ioredis';
const redis = new Redis();
export function open(id: string) {
  return new Promise<void>(async (resolve) => {
    await redis.incr(\`visits:\${id}\`);
    await redis.expire(\`visits:\${id}\`, 86400, 'NX');
    resolve();
  });
}
` }] }],
    },
    // a prefixing function kept in a field that names a family of its own
    {
      code: `
import { Redis } from 'ioredis';
export class Sessions {
  private readonly keyOf: (id: string) => string;
  constructor(private readonly redis: Redis) {
    this.keyOf = (id: string) => \`session:\${id}\`;
  }
  async open(id: string) {
    await this.redis.incr(this.keyOf(id));
  }
}
`,
      errors: [{ messageId: 'missingExpiry', line: 9, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `
import { Redis } from 'ioredis';
export class Sessions {
  private readonly keyOf: (id: string) => string;
  constructor(private readonly redis: Redis) {
    this.keyOf = (id: string) => \`session:\${id}\`;
  }
  async open(id: string) {
    const key = this.keyOf(id);
    await this.redis.incr(key);
    await this.redis.expire(key, 86400, 'NX');
  }
}
` }] }],
    },
    // a list of keys of another family deleted elsewhere manages nothing of this one
    {
      code: SEEN_WITH_PROFILES_DELETED,
      errors: [{ messageId: 'missingExpiry', line: 5, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: SEEN_WITH_PROFILES_DELETED.replace("'1');", "'1', 'EX', 86400);") }] }],
    },
    // a static field the class writes through its name names another key on each call
    {
      code: QUEUE_KEY_REWRITTEN,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: QUEUE_KEY_REWRITTEN.replace('job);\n', "job);\n    await redis.expire(this.currentKey, 86400, 'NX');\n"),
            },
          ],
        },
      ],
    },
    // … also when the writes go through another instance, an alias, \`Object.assign\` or \`Reflect.set\`, or the name of a class expression
    ...PRIVATE_KEYS_WRITTEN_ELSEWHERE.map((code) => ({
      code,
      errors: [missingExpiryAt(code, 'sadd', 'missingExpiryFixAddExpire', 'id);\n', "id);\n    await redis.expire(this.key, 86400, 'NX');\n")],
    })),
    {
      code: QUEUE_KEY_OF_A_CLASS_EXPRESSION,
      errors: [missingExpiryAt(QUEUE_KEY_OF_A_CLASS_EXPRESSION, 'rpush', 'missingExpiryFixAddExpire', 'job);\n', "job);\n    await redis.expire(this.currentKey, 86400, 'NX');\n")],
    },
    // a field that is not readonly can name another key on each call
    {
      code: `
import { Redis } from 'ioredis';
export class Sessions {
  private current = 'sess:none';
  constructor(private readonly redis: Redis) {}
  async open(id: string) {
    this.current = \`sess:\${id}\`;
    await this.redis.set(this.current, '1');
  }
}
`,
      errors: [{ messageId: 'missingExpiry', line: 8, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
export class Sessions {
  private current = 'sess:none';
  constructor(private readonly redis: Redis) {}
  async open(id: string) {
    this.current = \`sess:\${id}\`;
    await this.redis.set(this.current, '1', 'EX', 86400);
  }
}
` }] }],
    },
    // a protected field: a subclass may declare it again with a key per tenant
    {
      code: `
import { Redis } from 'ioredis';
export class Base {
  protected readonly KEY: string = 'jobs:all';
  constructor(protected readonly redis: Redis) {}
  async touch() {
    await this.redis.set(this.KEY, '1');
  }
}
`,
      errors: [{ messageId: 'missingExpiry', line: 7, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
export class Base {
  protected readonly KEY: string = 'jobs:all';
  constructor(protected readonly redis: Redis) {}
  async touch() {
    await this.redis.set(this.KEY, '1', 'EX', 86400);
  }
}
` }] }],
    },
    // in a static block `this` is the class: an instance field of the same name is not the key
    {
      code: `
import { Redis } from 'ioredis';
const redis = new Redis();
export class Boot {
  private readonly KEY = 'jobs:fixed';
  static {
    void redis.set(this.KEY, '1');
  }
}
`,
      errors: [{ messageId: 'missingExpiry', line: 7, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
const redis = new Redis();
export class Boot {
  private readonly KEY = 'jobs:fixed';
  static {
    void redis.set(this.KEY, '1', 'EX', 86400);
  }
}
` }] }],
    },
    // a `function` held by a field: `this` is whatever its caller binds
    {
      code: `
import { Redis } from 'ioredis';
const redis = new Redis();
export class Hooks {
  private readonly KEY = 'jobs:fixed';
  handler = function (this: { KEY: string }) {
    return redis.set(this.KEY, '1');
  };
}
`,
      errors: [{ messageId: 'missingExpiry', line: 7, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
const redis = new Redis();
export class Hooks {
  private readonly KEY = 'jobs:fixed';
  handler = function (this: { KEY: string }) {
    return redis.set(this.KEY, '1', 'EX', 86400);
  };
}
` }] }],
    },
    // a readonly field written by destructuring in the constructor
    {
      code: `
import { Redis } from 'ioredis';
export class Tenant {
  private readonly KEY: string = 'tenant:default';
  constructor(private readonly redis: Redis, id: string) {
    ({ key: this.KEY } = { key: \`tenant:\${id}\` });
  }
  async touch() {
    await this.redis.set(this.KEY, '1');
  }
}
`,
      errors: [{ messageId: 'missingExpiry', line: 9, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
export class Tenant {
  private readonly KEY: string = 'tenant:default';
  constructor(private readonly redis: Redis, id: string) {
    ({ key: this.KEY } = { key: \`tenant:\${id}\` });
  }
  async touch() {
    await this.redis.set(this.KEY, '1', 'EX', 86400);
  }
}
` }] }],
    },
    // a constructor may assign a readonly field: its initialiser is then only a default
    {
      code: `
import { Redis } from 'ioredis';
export class Tenant {
  private readonly KEY: string = 'tenant:default';
  constructor(private readonly redis: Redis, id?: string) {
    if (id) this.KEY = \`tenant:\${id}\`;
  }
  async touch() {
    await this.redis.set(this.KEY, '1');
  }
}
`,
      errors: [{ messageId: 'missingExpiry', line: 9, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
export class Tenant {
  private readonly KEY: string = 'tenant:default';
  constructor(private readonly redis: Redis, id?: string) {
    if (id) this.KEY = \`tenant:\${id}\`;
  }
  async touch() {
    await this.redis.set(this.KEY, '1', 'EX', 86400);
  }
}
` }] }],
    },
    // in a static method \`this\` is the class: an instance field of the same name is not the key
    {
      code: `
import { Redis } from 'ioredis';
export class Audit {
  private readonly LOG = 'audit:log';
  static async record(redis: Redis, id: string) {
    await redis.set(this.LOG, id);
  }
}
`,
      errors: [{ messageId: 'missingExpiry', line: 6, suggestions: [{ messageId: 'missingExpiryFixAddOption', output: `
import { Redis } from 'ioredis';
export class Audit {
  private readonly LOG = 'audit:log';
  static async record(redis: Redis, id: string) {
    await redis.set(this.LOG, id, 'EX', 86400);
  }
}
` }] }],
    },
    // A key builder whose other branch names a family of its own: not only the caller's key.
    {
      code: `
import { Redis } from 'ioredis';

export class Store {
  private readonly driver = new Redis();

  constructor(private readonly namespace?: string) {}

  ns(userId: string) {
    return this.namespace ? \`\${this.namespace}:\${userId}\` : \`visits:\${userId}\`;
  }

  async visit(userId: string) {
    return await this.driver.zadd(this.ns(userId), Date.now(), 'visit');
  }
}
`,
      errors: [{ messageId: 'missingExpiry', line: 14 }],
    },
    // the relayer incident: a per-epoch string written with no TTL
    {
      code: `
import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);

export async function recordBatchSize(epochId: string, size: number) {
  await redis.set(\`epoch_batch_size:\${epochId}\`, size);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          data: { command: 'set', key: 'epoch_batch_size:${epochId}', hint: "`'EX', 86400`" },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);

export async function recordBatchSize(epochId: string, size: number) {
  await redis.set(\`epoch_batch_size:\${epochId}\`, size, 'EX', 86400);
}
`,
            },
          ],
        },
      ],
    },
    // the relayer incident: a per-epoch set that is never expired
    {
      code: `
import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);

export async function recordSubmission(epochId: string, txHash: string) {
  await redis.sadd(\`epoch_batch_submissions:\${epochId}\`, txHash);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          data: { command: 'sadd', key: 'epoch_batch_submissions:${epochId}', hint: "`expire(key, 86400, 'NX')` after it" },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 65,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);

export async function recordSubmission(epochId: string, txHash: string) {
  await redis.sadd(\`epoch_batch_submissions:\${epochId}\`, txHash);
  await redis.expire(\`epoch_batch_submissions:\${epochId}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // ioredis: a counter in a per-page hash is created by HINCRBY
    {
      code: `
import Redis from 'ioredis';

const redis = new Redis();

export async function countView(pageId: string, section: string) {
  await redis.hincrby(\`views:\${pageId}\`, section, 1);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import Redis from 'ioredis';

const redis = new Redis();

export async function countView(pageId: string, section: string) {
  await redis.hincrby(\`views:\${pageId}\`, section, 1);
  await redis.expire(\`views:\${pageId}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // node-redis: APPEND creates a missing key
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function logLine(jobId: string, entry: string) {
  await client.append(\`log:\${jobId}\`, entry);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function logLine(jobId: string, entry: string) {
  await client.append(\`log:\${jobId}\`, entry);
  await client.expire(\`log:\${jobId}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // ioredis: `NX` alone is not an expiry; the fix puts `EX` before it
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function lock(jobId: string) {
  return redis.set(\`lock:\${jobId}\`, '1', 'NX');
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function lock(jobId: string) {
  return redis.set(\`lock:\${jobId}\`, '1', 'EX', 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // ioredis: the fix puts the tokens before a trailing callback
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export function remember(id: string, value: string) {
  redis.set(\`memo:\${id}\`, value, (error) => {
    if (error) throw error;
  });
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 3,
          endLine: 9,
          endColumn: 5,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export function remember(id: string, value: string) {
  redis.set(\`memo:\${id}\`, value, 'EX', 86400, (error) => {
    if (error) throw error;
  });
}
`,
            },
          ],
        },
      ],
    },
    // iovalkey, through its `Valkey` export
    {
      code: `
import { Valkey } from 'iovalkey';

const valkey = new Valkey();

export async function saveProfile(userId: string, json: string) {
  await valkey.set(\`profile:\${userId}\`, json);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 46,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Valkey } from 'iovalkey';

const valkey = new Valkey();

export async function saveProfile(userId: string, json: string) {
  await valkey.set(\`profile:\${userId}\`, json, 'EX', 86400);
}
`,
            },
          ],
        },
      ],
    },
    // node-redis: `set` with no options
    {
      code: `
import { createClient } from 'redis';

const client = await createClient().connect();

export async function saveSession(id: string, data: string) {
  await client.set(\`sess:\${id}\`, data);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';

const client = await createClient().connect();

export async function saveSession(id: string, data: string) {
  await client.set(\`sess:\${id}\`, data, { expiration: { type: 'EX', value: 86400 } });
}
`,
            },
          ],
        },
      ],
    },
    // node-redis: upper-case `SET` with options but no expiry; the fix merges `EX` in
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function claim(orderId: string) {
  await client.SET(\`claim:\${orderId}\`, '1', { NX: true });
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 58,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function claim(orderId: string) {
  await client.SET(\`claim:\${orderId}\`, '1', { expiration: { type: 'EX', value: 86400 }, NX: true });
}
`,
            },
          ],
        },
      ],
    },
    // node-redis: an empty options object is replaced
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function saveDraft(id: string, body: string) {
  await client.set(\`draft:\${id}\`, body, {});
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function saveDraft(id: string, body: string) {
  await client.set(\`draft:\${id}\`, body, { expiration: { type: 'EX', value: 86400 } });
}
`,
            },
          ],
        },
      ],
    },
    // node-redis: `KEEPTTL: false` keeps nothing
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function overwrite(id: string, body: string) {
  await client.set(\`doc:\${id}\`, body, { KEEPTTL: false });
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 58,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function overwrite(id: string, body: string) {
  await client.set(\`doc:\${id}\`, body, { expiration: { type: 'EX', value: 86400 }, KEEPTTL: false });
}
`,
            },
          ],
        },
      ],
    },
    // node-redis ignores lower-case `ex`: the key gets no TTL
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function cachePage(path: string, html: string) {
  await client.set(\`page:\${path}\`, html, { ex: 60 });
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function cachePage(path: string, html: string) {
  await client.set(\`page:\${path}\`, html, { expiration: { type: 'EX', value: 86400 }, ex: 60 });
}
`,
            },
          ],
        },
      ],
    },
    // @redis/client: a camelCase collection write
    {
      code: `
import { createClient } from '@redis/client';

const client = createClient();

export async function follow(userId: string, followerId: string) {
  await client.sAdd(\`followers:\${userId}\`, followerId);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { createClient } from '@redis/client';

const client = createClient();

export async function follow(userId: string, followerId: string) {
  await client.sAdd(\`followers:\${userId}\`, followerId);
  await client.expire(\`followers:\${userId}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // @upstash/redis: `set` with no options
    {
      code: `
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

export async function cacheQuote(symbol: string, price: number) {
  await redis.set(\`quote:\${symbol}\`, price);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

export async function cacheQuote(symbol: string, price: number) {
  await redis.set(\`quote:\${symbol}\`, price, { ex: 86400 });
}
`,
            },
          ],
        },
      ],
    },
    // @upstash/redis: `nx` alone; the fix merges `ex` in
    {
      code: `
import { Redis } from '@upstash/redis';

const redis = new Redis({ url: 'https://example.upstash.io', token: 'token' });

export async function reserve(seat: string, userId: string) {
  await redis.set(\`seat:\${seat}\`, userId, { nx: true });
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Redis } from '@upstash/redis';

const redis = new Redis({ url: 'https://example.upstash.io', token: 'token' });

export async function reserve(seat: string, userId: string) {
  await redis.set(\`seat:\${seat}\`, userId, { ex: 86400, nx: true });
}
`,
            },
          ],
        },
      ],
    },
    // @upstash/redis ignores upper-case `EX`: the key gets no TTL
    {
      code: `
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

export async function cacheRate(pair: string, rate: number) {
  await redis.set(\`rate:\${pair}\`, rate, { EX: 60 });
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

export async function cacheRate(pair: string, rate: number) {
  await redis.set(\`rate:\${pair}\`, rate, { ex: 86400, EX: 60 });
}
`,
            },
          ],
        },
      ],
    },
    // @upstash/redis: a pipeline in a variable; the fix queues the `expire` on it
    {
      code: `
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

export async function countVisitor(page: string, visitorId: string) {
  const pipeline = redis.pipeline();
  pipeline.pfadd(\`visitors:\${page}\`, visitorId);
  await pipeline.exec();
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

export async function countVisitor(page: string, visitorId: string) {
  const pipeline = redis.pipeline();
  pipeline.pfadd(\`visitors:\${page}\`, visitorId);
  pipeline.expire(\`visitors:\${page}\`, 86400, 'NX');
  await pipeline.exec();
}
`,
            },
          ],
        },
      ],
    },
    // @valkey/valkey-glide: the expiry names `TimeUnit`, added to the library's import
    {
      code: `
import { GlideClient } from '@valkey/valkey-glide';

const client = await GlideClient.createClient({ addresses: [{ host: 'localhost' }] });

export async function saveToken(userId: string, token: string) {
  await client.set(\`token:\${userId}\`, token, { conditionalSet: 'onlyIfDoesNotExist' });
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          data: { command: 'set', key: 'token:${userId}', hint: '`{ expiry: { type: TimeUnit.Seconds, count: 86400 } }`' },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 87,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { GlideClient, TimeUnit } from '@valkey/valkey-glide';

const client = await GlideClient.createClient({ addresses: [{ host: 'localhost' }] });

export async function saveToken(userId: string, token: string) {
  await client.set(\`token:\${userId}\`, token, { expiry: { type: TimeUnit.Seconds, count: 86400 }, conditionalSet: 'onlyIfDoesNotExist' });
}
`,
            },
          ],
        },
      ],
    },
    // @valkey/valkey-glide: a collection write; the `expire` names `ExpireOptions`, added to the import
    {
      code: `
import { GlideClusterClient } from '@valkey/valkey-glide';

export async function tag(postId: string, tags: string[]) {
  const client = await GlideClusterClient.createClient({ addresses: [{ host: 'localhost' }] });
  await client.sadd(\`tags:\${postId}\`, tags);
  client.close();
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          data: { command: 'sadd', key: 'tags:${postId}', hint: '`expire(key, 86400, { expireOption: ExpireOptions.HasNoExpiry })` after it' },
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { GlideClusterClient, ExpireOptions } from '@valkey/valkey-glide';

export async function tag(postId: string, tags: string[]) {
  const client = await GlideClusterClient.createClient({ addresses: [{ host: 'localhost' }] });
  await client.sadd(\`tags:\${postId}\`, tags);
  await client.expire(\`tags:\${postId}\`, 86400, { expireOption: ExpireOptions.HasNoExpiry });
  client.close();
}
`,
            },
          ],
        },
      ],
    },
    // an `expire` before the write does nothing to the key the write creates
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function countVisit(page: string) {
  await redis.expire(\`visits:\${page}\`, 3600);
  await redis.incr(\`visits:\${page}\`);
}
`,
      errors: [
        {
          messageId: 'expireBeforeWrite',
          data: { command: 'incr', key: 'visits:${page}' },
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 37,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function countVisit(page: string) {
  await redis.expire(\`visits:\${page}\`, 3600);
  await redis.incr(\`visits:\${page}\`);
  await redis.expire(\`visits:\${page}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // an `expire` before a node-redis `set` does nothing either
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function start(jobId: string) {
  await client.expire(\`job:\${jobId}\`, 60);
  await client.set(\`job:\${jobId}\`, 'running', { NX: true });
}
`,
      errors: [
        {
          messageId: 'expireBeforeWrite',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 60,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function start(jobId: string) {
  await client.expire(\`job:\${jobId}\`, 60);
  await client.set(\`job:\${jobId}\`, 'running', { expiration: { type: 'EX', value: 86400 }, NX: true });
}
`,
            },
          ],
        },
      ],
    },
    // a key builder's key that varies, and whose family nothing deletes or expires
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

function memberKey(id: string) {
  return \`members:\${id}\`;
}

export async function join(id: string, user: string) {
  await redis.sadd(memberKey(id), user);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 11,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

function memberKey(id: string) {
  return \`members:\${id}\`;
}

export async function join(id: string, user: string) {
  const key = memberKey(id);
  await redis.sadd(key, user);
  await redis.expire(key, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // a key builder of a constant object names its family: a delete of another of its families does not manage it
    {
      code: OBJECT_BUILDERS,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 12,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: OBJECT_BUILDERS.replace(
                '  await redis.hset(KEYS.roomUsers(room), socketId, presence);\n',
                "  const key = KEYS.roomUsers(room);\n  await redis.hset(key, socketId, presence);\n  await redis.expire(key, 86400, 'NX');\n",
              ),
            },
          ],
        },
      ],
    },
    // a key builder that assembles its key in a variable names its family: members removed from another family do not count
    {
      code: ASSEMBLED_BUILDER,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 13,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: ASSEMBLED_BUILDER.replace(
                '  await redis.zadd(sortedSetKey(queueName, state), at, jobId);\n',
                "  const key = sortedSetKey(queueName, state);\n  await redis.zadd(key, at, jobId);\n  await redis.expire(key, 86400, 'NX');\n",
              ),
            },
          ],
        },
      ],
    },
    // a key variable reassigned (not appended to) may be another key altogether: no family, so a delete of \`jobs:*\` does not manage it
    {
      code: REASSIGNED_BUILDER,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 13,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: REASSIGNED_BUILDER.replace(
                '  await redis.sadd(memberKey(queueName, archived), jobId);\n',
                "  const key = memberKey(queueName, archived);\n  await redis.sadd(key, jobId);\n  await redis.expire(key, 86400, 'NX');\n",
              ),
            },
          ],
        },
      ],
    },
    // an `expire` of another key family, in another function, does not count
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function addMember(roomId: string, userId: string) {
  await redis.sadd(\`room:\${roomId}\`, userId);
}

export async function touchRoom(roomId: string) {
  await redis.expire(\`lobby:\${roomId}\`, 600);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function addMember(roomId: string, userId: string) {
  await redis.sadd(\`room:\${roomId}\`, userId);
  await redis.expire(\`room:\${roomId}\`, 86400, 'NX');
}

export async function touchRoom(roomId: string) {
  await redis.expire(\`lobby:\${roomId}\`, 600);
}
`,
            },
          ],
        },
      ],
    },
    // `hexpire` expires hash fields, not the key
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function saveField(id: string, value: string) {
  await client.hSet(\`h:\${id}\`, 'field', value);
  await client.hExpire(\`h:\${id}\`, 'field', 60);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function saveField(id: string, value: string) {
  await client.hSet(\`h:\${id}\`, 'field', value);
  await client.expire(\`h:\${id}\`, 86400, 'NX');
  await client.hExpire(\`h:\${id}\`, 'field', 60);
}
`,
            },
          ],
        },
      ],
    },
    // an ioredis transaction chained from the client, with no `expire` in the chain: the suggestion queues one before `exec()`
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveCart(cartId: string, sku: string) {
  await redis.multi().hset(\`cart:\${cartId}\`, sku, 1).exec();
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveCart(cartId: string, sku: string) {
  await redis.multi().hset(\`cart:\${cartId}\`, sku, 1).expire(\`cart:\${cartId}\`, 86400, 'NX').exec();
}
`,
            },
          ],
        },
      ],
    },
    // a chain over several lines: each write is reported from its own method, not from the chain's first line
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveCart(cartId: string, sku: string) {
  await redis
    .multi()
    .hset(\`cart:\${cartId}\`, sku, 1)
    .sadd(\`carts:\${sku}\`, cartId)
    .exec();
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 9,
          column: 6,
          endLine: 9,
          endColumn: 36,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveCart(cartId: string, sku: string) {
  await redis
    .multi()
    .hset(\`cart:\${cartId}\`, sku, 1)
    .sadd(\`carts:\${sku}\`, cartId)
    .expire(\`cart:\${cartId}\`, 86400, 'NX')
    .exec();
}
`,
            },
          ],
        },
        {
          messageId: 'missingExpiry',
          line: 10,
          column: 6,
          endLine: 10,
          endColumn: 34,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveCart(cartId: string, sku: string) {
  await redis
    .multi()
    .hset(\`cart:\${cartId}\`, sku, 1)
    .sadd(\`carts:\${sku}\`, cartId)
    .expire(\`carts:\${sku}\`, 86400, 'NX')
    .exec();
}
`,
            },
          ],
        },
      ],
    },
    // a node-redis transaction chained from the client
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function addPoints(userId: string, points: number) {
  await client.multi().incrBy(\`points:\${userId}\`, points).exec();
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 58,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function addPoints(userId: string, points: number) {
  await client.multi().incrBy(\`points:\${userId}\`, points).expire(\`points:\${userId}\`, 86400, 'NX').exec();
}
`,
            },
          ],
        },
      ],
    },
    // an ioredis pipeline in a variable
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function hit(route: string) {
  const pipeline = redis.pipeline();
  pipeline.incr(\`hits:\${route}\`);
  await pipeline.exec();
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 33,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function hit(route: string) {
  const pipeline = redis.pipeline();
  pipeline.incr(\`hits:\${route}\`);
  pipeline.expire(\`hits:\${route}\`, 86400, 'NX');
  await pipeline.exec();
}
`,
            },
          ],
        },
      ],
    },
    // a client in a class field
    {
      code: `
import { Redis } from 'ioredis';

export class PresenceStore {
  private redis = new Redis();

  async join(roomId: string, userId: string) {
    await this.redis.sadd(\`presence:\${roomId}\`, userId);
  }
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

export class PresenceStore {
  private redis = new Redis();

  async join(roomId: string, userId: string) {
    await this.redis.sadd(\`presence:\${roomId}\`, userId);
    await this.redis.expire(\`presence:\${roomId}\`, 86400, 'NX');
  }
}
`,
            },
          ],
        },
      ],
    },
    // a client assigned to a field in the constructor
    {
      code: `
import { createClient } from 'redis';

export class Inbox {
  private client;

  constructor() {
    this.client = createClient();
  }

  async push(userId: string, message: string) {
    await this.client.lPush(\`inbox:\${userId}\`, message);
  }
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 12,
          column: 11,
          endLine: 12,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { createClient } from 'redis';

export class Inbox {
  private client;

  constructor() {
    this.client = createClient();
  }

  async push(userId: string, message: string) {
    await this.client.lPush(\`inbox:\${userId}\`, message);
    await this.client.expire(\`inbox:\${userId}\`, 86400, 'NX');
  }
}
`,
            },
          ],
        },
      ],
    },
    // a class property annotated with `RedisClientType`, assigned from a parameter
    {
      code: `
import type { RedisClientType } from 'redis';

export class Locks {
  private client: RedisClientType;

  constructor(client: RedisClientType) {
    this.client = client;
  }

  async take(resource: string) {
    return this.client.setNX(\`lock:\${resource}\`, '1');
  }
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 12,
          column: 12,
          endLine: 12,
          endColumn: 54,
          suggestions: [],
        },
      ],
    },
    // a parameter property annotated with `Redis`
    {
      code: `
import { Redis } from 'ioredis';

export class EventLog {
  constructor(private readonly redis: Redis) {}

  async append(streamId: string, payload: string) {
    await this.redis.xadd(\`events:\${streamId}\`, '*', 'payload', payload);
  }
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 11,
          endLine: 8,
          endColumn: 73,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

export class EventLog {
  constructor(private readonly redis: Redis) {}

  async append(streamId: string, payload: string) {
    await this.redis.xadd(\`events:\${streamId}\`, '*', 'payload', payload);
    await this.redis.expire(\`events:\${streamId}\`, 86400, 'NX');
  }
}
`,
            },
          ],
        },
      ],
    },
    // a parameter annotated with ioredis' `Cluster`
    {
      code: `
import type { Cluster } from 'ioredis';

export async function saveField(cluster: Cluster, id: string, value: string) {
  await cluster.hsetnx(\`user:\${id}\`, 'email', value);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import type { Cluster } from 'ioredis';

export async function saveField(cluster: Cluster, id: string, value: string) {
  await cluster.hsetnx(\`user:\${id}\`, 'email', value);
  await cluster.expire(\`user:\${id}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // a parameter annotated with `RedisClientType`
    {
      code: `
import type { RedisClientType } from 'redis';

export async function countLogin(client: RedisClientType, userId: string) {
  await client.incr(\`logins:\${userId}\`);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import type { RedisClientType } from 'redis';

export async function countLogin(client: RedisClientType, userId: string) {
  await client.incr(\`logins:\${userId}\`);
  await client.expire(\`logins:\${userId}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // a parameter annotated with `ReturnType<typeof createClient>`
    {
      code: `
import { createClient } from 'redis';

export async function spend(client: ReturnType<typeof createClient>, walletId: string, amount: number) {
  await client.decrBy(\`wallet:\${walletId}\`, amount);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 52,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { createClient } from 'redis';

export async function spend(client: ReturnType<typeof createClient>, walletId: string, amount: number) {
  await client.decrBy(\`wallet:\${walletId}\`, amount);
  await client.expire(\`wallet:\${walletId}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // a client from `duplicate()`
    {
      code: `
import { Redis } from 'ioredis';

const base = new Redis();

export async function place(storeId: string, lon: number, lat: number, name: string) {
  const redis = base.duplicate();
  await redis.geoadd(\`stores:\${storeId}\`, lon, lat, name);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 58,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const base = new Redis();

export async function place(storeId: string, lon: number, lat: number, name: string) {
  const redis = base.duplicate();
  await redis.geoadd(\`stores:\${storeId}\`, lon, lat, name);
  await redis.expire(\`stores:\${storeId}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // CommonJS: the module is the Redis class
    {
      code: `
const Redis = require('ioredis');

const redis = new Redis();

async function saveUser(id, fields) {
  await redis.hmset(\`user:\${id}\`, fields);
}

module.exports = { saveUser };
`,
      ...commonjs,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
const Redis = require('ioredis');

const redis = new Redis();

async function saveUser(id, fields) {
  await redis.hmset(\`user:\${id}\`, fields);
  await redis.expire(\`user:\${id}\`, 86400, 'NX');
}

module.exports = { saveUser };
`,
            },
          ],
        },
      ],
    },
    // CommonJS: a destructured node-redis factory
    {
      code: `
const { createClient } = require('redis');

const client = createClient();

exports.like = async (postId, userId) => {
  await client.sAdd(\`likes:\${postId}\`, userId);
};
`,
      ...commonjs,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
const { createClient } = require('redis');

const client = createClient();

exports.like = async (postId, userId) => {
  await client.sAdd(\`likes:\${postId}\`, userId);
  await client.expire(\`likes:\${postId}\`, 86400, 'NX');
};
`,
            },
          ],
        },
      ],
    },
    // plain JavaScript ES module
    {
      code: `
import { Redis } from 'iovalkey';

const redis = new Redis();

export async function rank(boardId, score, member) {
  await redis.zadd(\`board:\${boardId}\`, score, member);
}
`,
      filename: 'file.js',
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'iovalkey';

const redis = new Redis();

export async function rank(boardId, score, member) {
  await redis.zadd(\`board:\${boardId}\`, score, member);
  await redis.expire(\`board:\${boardId}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // `mset` reports the first key that gets no `expire` after it; which of its keys to expire is the author's call (no suggestion)
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function pair(id: string) {
  await redis.mset(\`a:\${id}\`, '1', \`b:\${id}\`, '2');
  await redis.expire(\`a:\${id}\`, 60);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          data: { command: 'mset', key: 'b:${id}', hint: "`expire(key, 86400, 'NX')` after it" },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 51,
          suggestions: [],
        },
      ],
    },
    // node-redis `mSet` with an array of pairs
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function saveAll(id: string, name: string) {
  await client.mSet([[\`name:\${id}\`, name]]);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function saveAll(id: string, name: string) {
  await client.mSet([[\`name:\${id}\`, name]]);
  await client.expire(\`name:\${id}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // the rate-limiter shape: the fix goes after the declaration
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function allow(ip: string) {
  const count = await redis.incr(\`rate:\${ip}\`);
  return count <= 100;
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 23,
          endLine: 7,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function allow(ip: string) {
  const count = await redis.incr(\`rate:\${ip}\`);
  await redis.expire(\`rate:\${ip}\`, 86400, 'NX');
  return count <= 100;
}
`,
            },
          ],
        },
      ],
    },
    // a lock taken with `setnx` and never expired
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function acquire(resource: string) {
  return (await redis.setnx(\`lock:\${resource}\`, '1')) === 1;
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 17,
          endLine: 7,
          endColumn: 53,
          suggestions: [],
        },
      ],
    },
    // node-redis `getSet`
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function swap(id: string, value: string) {
  return client.getSet(\`slot:\${id}\`, value);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 10,
          endLine: 7,
          endColumn: 44,
          suggestions: [],
        },
      ],
    },
    // a write in an `if` with no braces: the suggestion makes the body a block
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function queue(id: string, job: string) {
  if (job) await redis.rpush(\`jobs:\${id}\`, job);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 18,
          endLine: 7,
          endColumn: 48,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function queue(id: string, job: string) {
  if (job) {
    await redis.rpush(\`jobs:\${id}\`, job);
    await redis.expire(\`jobs:\${id}\`, 86400, 'NX');
  }
}
`,
            },
          ],
        },
      ],
    },
    // the follow-up `expire` keeps the file's tab indentation
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function score(id: string, value: number) {
	await redis.incrbyfloat(\`score:\${id}\`, value);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 8,
          endLine: 7,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function score(id: string, value: number) {
	await redis.incrbyfloat(\`score:\${id}\`, value);
	await redis.expire(\`score:\${id}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // a `del` before the write does not remove the key the write creates
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function reset(id: string, items: string[]) {
  await redis.del(\`list:\${id}\`);
  await redis.rpush(\`list:\${id}\`, items[0]!);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function reset(id: string, items: string[]) {
  await redis.del(\`list:\${id}\`);
  await redis.rpush(\`list:\${id}\`, items[0]!);
  await redis.expire(\`list:\${id}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // a `del` of the same key on a local cache is not a Redis delete
    {
      code: `
import { createClient } from 'redis';

const client = createClient();
const local = new Map<string, string>();

export async function save(id: string, profile: string) {
  await client.set(\`profile:\${id}\`, profile);
  local.delete(\`profile:\${id}\`);
  (local as unknown as { del(key: string): void }).del(\`profile:\${id}\`);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';

const client = createClient();
const local = new Map<string, string>();

export async function save(id: string, profile: string) {
  await client.set(\`profile:\${id}\`, profile, { expiration: { type: 'EX', value: 86400 } });
  local.delete(\`profile:\${id}\`);
  (local as unknown as { del(key: string): void }).del(\`profile:\${id}\`);
}
`,
            },
          ],
        },
      ],
    },
    // a `del` of another key, and of a parameter that shadows the written key
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function save(id: string, stale: string[]) {
  const key = \`item:\${id}\`;
  await redis.set(key, 'v');
  await redis.del(\`old:\${key}\`);
  stale.forEach((key) => redis.del(key));
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function save(id: string, stale: string[]) {
  const key = \`item:\${id}\`;
  await redis.set(key, 'v', 'EX', 86400);
  await redis.del(\`old:\${key}\`);
  stale.forEach((key) => redis.del(key));
}
`,
            },
          ],
        },
      ],
    },
    // a `getex` with `PERSIST` removes a TTL rather than giving one
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function pin(id: string, value: string) {
  await redis.set(\`pin:\${id}\`, value);
  return redis.getex(\`pin:\${id}\`, 'PERSIST');
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function pin(id: string, value: string) {
  await redis.set(\`pin:\${id}\`, value, 'EX', 86400);
  return redis.getex(\`pin:\${id}\`, 'PERSIST');
}
`,
            },
          ],
        },
      ],
    },
    // a hash read field by field and filled when a field is missing: the hash may not exist yet
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function remember(userId: string, field: string, load: () => Promise<string>) {
  const key = \`profile:\${userId}\`;
  const known = await redis.hget(key, field);
  if (!known) await redis.hset(key, field, await load());
}
`,
      errors: [{ messageId: 'missingExpiry', line: 9, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function remember(userId: string, field: string, load: () => Promise<string>) {
  const key = \`profile:\${userId}\`;
  const known = await redis.hget(key, field);
  if (!known) {
    await redis.hset(key, field, await load());
    await redis.expire(key, 86400, 'NX');
  }
}
` }] }],
    },
    // a hash read, then fields added from elsewhere: the walk is over the updates, not the hash
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function fill(userId: string, updates: Record<string, string>) {
  const key = \`prefs:\${userId}\`;
  const existing = await redis.hgetall(key);
  for (const [field, value] of Object.entries(updates)) if (!(field in existing)) await redis.hset(key, field, value);
}
`,
      errors: [{ messageId: 'missingExpiry', line: 9, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function fill(userId: string, updates: Record<string, string>) {
  const key = \`prefs:\${userId}\`;
  const existing = await redis.hgetall(key);
  for (const [field, value] of Object.entries(updates)) if (!(field in existing)) {
    await redis.hset(key, field, value);
    await redis.expire(key, 86400, 'NX');
  }
}
` }] }],
    },
    // walking one hash's fields while writing another hash
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function copy(from: string, to: string) {
  const entries = await redis.hgetall(\`settings:\${from}\`);
  for (const field of Object.keys(entries)) await redis.hset(\`settings:\${to}\`, field, entries[field]!);
}
`,
      errors: [{ messageId: 'missingExpiry', line: 8, suggestions: [{ messageId: 'missingExpiryFixAddExpire', output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function copy(from: string, to: string) {
  const entries = await redis.hgetall(\`settings:\${from}\`);
  for (const field of Object.keys(entries)) {
    await redis.hset(\`settings:\${to}\`, field, entries[field]!);
    await redis.expire(\`settings:\${to}\`, 86400, 'NX');
  }
}
` }] }],
    },
    // the other branch gives another key an expiry
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function put(id: string, value: string, expiresAt?: number) {
  if (expiresAt) await redis.set(\`draft:\${id}\`, value, 'PXAT', expiresAt);
  else await redis.set(\`post:\${id}\`, value);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 14,
          endLine: 8,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function put(id: string, value: string, expiresAt?: number) {
  if (expiresAt) await redis.set(\`draft:\${id}\`, value, 'PXAT', expiresAt);
  else await redis.set(\`post:\${id}\`, value, 'EX', 86400);
}
`,
            },
          ],
        },
      ],
    },
    // an expiry on a `Map` in the other branch is not a Redis expiry
    {
      code: `
import { createClient } from 'redis';

const client = createClient();
const memory = new Map<string, string>();

export async function put(id: string, value: string, local: boolean) {
  if (local) memory.set(\`item:\${id}\`, value);
  else await client.set(\`item:\${id}\`, value);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 9,
          column: 14,
          endLine: 9,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';

const client = createClient();
const memory = new Map<string, string>();

export async function put(id: string, value: string, local: boolean) {
  if (local) memory.set(\`item:\${id}\`, value);
  else await client.set(\`item:\${id}\`, value, { expiration: { type: 'EX', value: 86400 } });
}
`,
            },
          ],
        },
      ],
    },
    // an expiry in an earlier `if`, not in another branch: the later `set` drops the TTL
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function put(id: string, value: string, ttl?: number) {
  if (ttl) await redis.set(\`item:\${id}\`, value, 'EX', ttl);
  await redis.set(\`item:\${id}\`, value);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function put(id: string, value: string, ttl?: number) {
  if (ttl) await redis.set(\`item:\${id}\`, value, 'EX', ttl);
  await redis.set(\`item:\${id}\`, value, 'EX', 86400);
}
`,
            },
          ],
        },
      ],
    },
    // an `expire` before the key's first write does nothing, even when not awaited
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function join(room: string, user: string) {
  redis.expire(\`room:\${room}\`, 600);
  await redis.sadd(\`room:\${room}\`, user);
}
`,
      errors: [
        {
          messageId: 'expireBeforeWrite',
          data: { command: 'sadd', key: 'room:${room}' },
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function join(room: string, user: string) {
  redis.expire(\`room:\${room}\`, 600);
  await redis.sadd(\`room:\${room}\`, user);
  await redis.expire(\`room:\${room}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // node-redis: nor when its rejection is caught with `.catch()`
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function join(room: string, user: string) {
  client.expire(\`room:\${room}\`, 600).catch(() => undefined);
  await client.sAdd(\`room:\${room}\`, user);
}
`,
      errors: [
        {
          messageId: 'expireBeforeWrite',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function join(room: string, user: string) {
  client.expire(\`room:\${room}\`, 600).catch(() => undefined);
  await client.sAdd(\`room:\${room}\`, user);
  await client.expire(\`room:\${room}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // ioredis: an awaited `.catch()`-chained `expire` before the write, and a `getex` before it
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function hit(page: string) {
  await redis.expire(\`hits:\${page}\`, 60).catch(console.error);
  await redis.getex(\`hits:\${page}\`, 'EX', 60);
  await redis.incr(\`hits:\${page}\`);
}
`,
      errors: [
        {
          messageId: 'expireBeforeWrite',
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function hit(page: string) {
  await redis.expire(\`hits:\${page}\`, 60).catch(console.error);
  await redis.getex(\`hits:\${page}\`, 'EX', 60);
  await redis.incr(\`hits:\${page}\`);
  await redis.expire(\`hits:\${page}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // ioredis: `expire` queued before the write in a transaction, and in `Promise.all` before it
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function add(id: string, member: string) {
  await redis.multi().expire(\`set:\${id}\`, 60).sadd(\`set:\${id}\`, member).exec();
  await Promise.all([redis.expire(\`zset:\${id}\`, 60), redis.zadd(\`zset:\${id}\`, 1, member)]);
}
`,
      errors: [
        {
          messageId: 'expireBeforeWrite',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 72,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function add(id: string, member: string) {
  await redis.multi().expire(\`set:\${id}\`, 60).sadd(\`set:\${id}\`, member).expire(\`set:\${id}\`, 86400, 'NX').exec();
  await Promise.all([redis.expire(\`zset:\${id}\`, 60), redis.zadd(\`zset:\${id}\`, 1, member)]);
}
`,
            },
          ],
        },
        {
          messageId: 'expireBeforeWrite',
          line: 8,
          column: 54,
          endLine: 8,
          endColumn: 89,
          suggestions: [],
        },
      ],
    },
    // names that only look like tests
    // `checkScripts: true` checks scripts too; a folder or file that only contains the word is no script folder
    ...[
      { filename: 'scripts/fix-docs.ts', options: [{ checkScripts: true }] as [{ checkScripts: boolean }] },
      { filename: 'src/transcripts/save.ts' },
      { filename: 'src/scripts.ts' },
      { filename: 'src/manuscript/index.ts' },
      { filename: 'src/migrate.ts' },
      { filename: 'migrations/move-flags.ts', options: [{ checkScripts: true }] as [{ checkScripts: boolean }] },
      { filename: '.github/actions/seed/index.ts', options: [{ checkScripts: true }] as [{ checkScripts: boolean }] },
      { filename: 'src/v1.2/restore.ts' },
      { filename: 'apps/web/src/app/.well-known/security.txt/route.ts' },
      { filename: 'src/restore.config.ts' },
      { filename: 'src/migrations-api/move.ts' },
      { filename: 'src/data-migrator/move.ts' },
    ].map((variant) => ({
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function restore(docId: string, projectId: string) {
  await redis.set(\`ProjectId:\${docId}\`, projectId);
}
`,
      ...variant,
      errors: [
        {
          messageId: 'missingExpiry' as const,
          line: 7,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption' as const,
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function restore(docId: string, projectId: string) {
  await redis.set(\`ProjectId:\${docId}\`, projectId, 'EX', 86400);
}
`,
            },
          ],
        },
      ],
    })),
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function enter(contestId: string, user: string) {
  await redis.set(\`entry:\${contestId}:\${user}\`, '1');
}
`,
      filename: 'src/testing/contest.ts',
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 53,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function enter(contestId: string, user: string) {
  await redis.set(\`entry:\${contestId}:\${user}\`, '1', 'EX', 86400);
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function save(id: string) {
  await client.hSet(\`latest:\${id}\`, 'at', Date.now());
}
`,
      filename: 'latest/attestation.ts',
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 54,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function save(id: string) {
  await client.hSet(\`latest:\${id}\`, 'at', Date.now());
  await client.expire(\`latest:\${id}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // options: `ttlSeconds` sets the proposed TTL
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveOtp(phone: string, code: string) {
  await redis.set(\`otp:\${phone}\`, code);
}
`,
      options: [{ ttlSeconds: 3600 }],
      errors: [
        {
          messageId: 'missingExpiry',
          data: { command: 'set', key: 'otp:${phone}', hint: "`'EX', 3600`" },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveOtp(phone: string, code: string) {
  await redis.set(\`otp:\${phone}\`, code, 'EX', 3600);
}
`,
            },
          ],
        },
      ],
    },
    // options: `ignoreKeys` that do not match the key's prefix
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function saveCart(userId: string, cart: string) {
  await client.set(\`cart:\${userId}\`, cart);
}
`,
      options: [{ ignoreKeys: ['^config:'] }],
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function saveCart(userId: string, cart: string) {
  await client.set(\`cart:\${userId}\`, cart, { expiration: { type: 'EX', value: 86400 } });
}
`,
            },
          ],
        },
      ],
    },
    // options: `checkTestFiles` checks test files too
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function seedAccount(id: string) {
  await redis.hset(\`account:\${id}\`, 'state', 'connected');
}
`,
      filename: 'test/accounts.test.ts',
      options: [{ checkTestFiles: true }],
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 58,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function seedAccount(id: string) {
  await redis.hset(\`account:\${id}\`, 'state', 'connected');
  await redis.expire(\`account:\${id}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function seed(id: string) {
  await client.set(\`queue:\${id}\`, 'job');
}
`,
      filename: 'src/__tests__/queue.spec.ts',
      options: [{ checkTestFiles: true }],
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 41,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function seed(id: string) {
  await client.set(\`queue:\${id}\`, 'job', { expiration: { type: 'EX', value: 86400 } });
}
`,
            },
          ],
        },
      ],
    },
  ],
});

// Typed cases lint as test/fixtures/typed/file.ts, beside the user's own client module `./clients`.
// The suggestions: each write in its own library's form, placed as a statement or in its batch chain, or none and why.
createRuleTester().run('require-expiry (suggestions)', rule, {
  valid: [],
  invalid: [
    // two client libraries in one function: each write gets the expiry in its own library's form
    {
      code: `
import type { Redis } from 'ioredis';
import { createClient } from 'redis';

export async function remember(redis: Redis, nodeRedis: ReturnType<typeof createClient>, id: string, value: string) {
  await redis.set(\`name:\${id}\`, value);
  await redis.sadd(\`tags:\${id}\`, value);
  await nodeRedis.set(\`name:\${id}\`, value);
  await nodeRedis.hSet(\`profile:\${id}\`, 'name', value);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import type { Redis } from 'ioredis';
import { createClient } from 'redis';

export async function remember(redis: Redis, nodeRedis: ReturnType<typeof createClient>, id: string, value: string) {
  await redis.set(\`name:\${id}\`, value, 'EX', 86400);
  await redis.sadd(\`tags:\${id}\`, value);
  await nodeRedis.set(\`name:\${id}\`, value);
  await nodeRedis.hSet(\`profile:\${id}\`, 'name', value);
}
`,
            },
          ],
        },
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import type { Redis } from 'ioredis';
import { createClient } from 'redis';

export async function remember(redis: Redis, nodeRedis: ReturnType<typeof createClient>, id: string, value: string) {
  await redis.set(\`name:\${id}\`, value);
  await redis.sadd(\`tags:\${id}\`, value);
  await redis.expire(\`tags:\${id}\`, 86400, 'NX');
  await nodeRedis.set(\`name:\${id}\`, value);
  await nodeRedis.hSet(\`profile:\${id}\`, 'name', value);
}
`,
            },
          ],
        },
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import type { Redis } from 'ioredis';
import { createClient } from 'redis';

export async function remember(redis: Redis, nodeRedis: ReturnType<typeof createClient>, id: string, value: string) {
  await redis.set(\`name:\${id}\`, value);
  await redis.sadd(\`tags:\${id}\`, value);
  await nodeRedis.set(\`name:\${id}\`, value, { expiration: { type: 'EX', value: 86400 } });
  await nodeRedis.hSet(\`profile:\${id}\`, 'name', value);
}
`,
            },
          ],
        },
        {
          messageId: 'missingExpiry',
          line: 9,
          column: 9,
          endLine: 9,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import type { Redis } from 'ioredis';
import { createClient } from 'redis';

export async function remember(redis: Redis, nodeRedis: ReturnType<typeof createClient>, id: string, value: string) {
  await redis.set(\`name:\${id}\`, value);
  await redis.sadd(\`tags:\${id}\`, value);
  await nodeRedis.set(\`name:\${id}\`, value);
  await nodeRedis.hSet(\`profile:\${id}\`, 'name', value);
  await nodeRedis.expire(\`profile:\${id}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // node-redis 5 and later (installed here): `set` takes `expiration`, and the message names the same code
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function reserve(seat: string, userId: string) {
  await client.set(\`seat:\${seat}\`, userId, { NX: true });
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          data: { command: 'set', key: 'seat:${seat}', hint: "`{ expiration: { type: 'EX', value: 86400 } }`" },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function reserve(seat: string, userId: string) {
  await client.set(\`seat:\${seat}\`, userId, { expiration: { type: 'EX', value: 86400 }, NX: true });
}
`,
            },
          ],
        },
      ],
    },
    // node-redis 4 (`@redis/client` 1.x installed where the file is): `set` takes `EX`, which 4 understands
    seatReservationForNodeRedis4(nodeRedis4File),
    // node-redis 4 declared in package.json and not installed (a fresh checkout, Plug'n'Play): `EX` too
    seatReservationForNodeRedis4(declaredRedis4File),
    // statement: a pipeline in a variable with more commands queued after the write; the `expire` goes before `exec()`
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function push(userId: string, message: string) {
  const pipeline = redis.pipeline();
  pipeline.lpush(\`inbox:\${userId}\`, message);
  pipeline.ltrim(\`inbox:\${userId}\`, 0, 99);
  const results = await pipeline.exec();
  return results?.[1];
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function push(userId: string, message: string) {
  const pipeline = redis.pipeline();
  pipeline.lpush(\`inbox:\${userId}\`, message);
  pipeline.ltrim(\`inbox:\${userId}\`, 0, 99);
  pipeline.expire(\`inbox:\${userId}\`, 86400, 'NX');
  const results = await pipeline.exec();
  return results?.[1];
}
`,
            },
          ],
        },
      ],
    },
    // chain: a write chained on a pipeline variable, more commands queued after it; the `expire` goes before `exec()`
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function post(userId: string, message: string) {
  const pipeline = redis.pipeline();
  pipeline.lpush(\`inbox:\${userId}\`, message).ltrim(\`inbox:\${userId}\`, 0, 99);
  pipeline.llen(\`inbox:\${userId}\`);
  const results = await pipeline.exec();
  return results?.[2]?.[1];
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function post(userId: string, message: string) {
  const pipeline = redis.pipeline();
  pipeline.lpush(\`inbox:\${userId}\`, message).ltrim(\`inbox:\${userId}\`, 0, 99);
  pipeline.llen(\`inbox:\${userId}\`);
  pipeline.expire(\`inbox:\${userId}\`, 86400, 'NX');
  const results = await pipeline.exec();
  return results?.[2]?.[1];
}
`,
            },
          ],
        },
      ],
    },
    // chain: a write chained on a pipeline variable with nothing queued after it; the `expire` goes at the chain's end
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function post(userId: string, message: string) {
  const pipeline = redis.pipeline();
  pipeline.lpush(\`inbox:\${userId}\`, message).ltrim(\`inbox:\${userId}\`, 0, 99);
  await pipeline.exec();
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 45,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function post(userId: string, message: string) {
  const pipeline = redis.pipeline();
  pipeline.lpush(\`inbox:\${userId}\`, message).ltrim(\`inbox:\${userId}\`, 0, 99).expire(\`inbox:\${userId}\`, 86400, 'NX');
  await pipeline.exec();
}
`,
            },
          ],
        },
      ],
    },
    // a write in an `else` with no braces: the suggestion makes it a block
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function queue(id: string, job: string) {
  if (job) console.log(job);
  else await redis.rpush(\`jobs:\${id}\`, 'noop');
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 14,
          endLine: 8,
          endColumn: 47,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function queue(id: string, job: string) {
  if (job) console.log(job);
  else {
    await redis.rpush(\`jobs:\${id}\`, 'noop');
    await redis.expire(\`jobs:\${id}\`, 86400, 'NX');
  }
}
`,
            },
          ],
        },
      ],
    },
    // a key with side effects is hoisted into a `const` before the write, which the `expire` names
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function visit(page: string, visitorId: string) {
  await redis.pfadd(visitorsKey(page, new Date()), visitorId);
}

function visitorsKey(page: string, day: Date) {
  return \`visitors:\${page}:\${day.toISOString().slice(0, 10)}\`;
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 62,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function visit(page: string, visitorId: string) {
  const key = visitorsKey(page, new Date());
  await redis.pfadd(key, visitorId);
  await redis.expire(key, 86400, 'NX');
}

function visitorsKey(page: string, day: Date) {
  return \`visitors:\${page}:\${day.toISOString().slice(0, 10)}\`;
}
`,
            },
          ],
        },
      ],
    },
    // a key with side effects in a transaction chain is hoisted too
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();
let sequence = 0;

export async function enqueue(job: string) {
  await redis.multi().rpush(\`batch:\${sequence++}\`, job).exec();
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 56,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();
let sequence = 0;

export async function enqueue(job: string) {
  const key = \`batch:\${sequence++}\`;
  await redis.multi().rpush(key, job).expire(key, 86400, 'NX').exec();
}
`,
            },
          ],
        },
      ],
    },
    // a key evaluated after another call with side effects cannot be hoisted before it (no suggestion); the first one can
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function enqueue(id: string, job: string) {
  await redis.multi().incr(nextSequence()).rpush(keyFor(id), job).exec();
}

function nextSequence() {
  return \`sequence:\${process.pid}\`;
}

function keyFor(id: string) {
  return \`jobs:\${id}\`;
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 66,
          suggestions: [],
        },
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function enqueue(id: string, job: string) {
  const key = nextSequence();
  await redis.multi().incr(key).rpush(keyFor(id), job).expire(key, 86400, 'NX').exec();
}

function nextSequence() {
  return \`sequence:\${process.pid}\`;
}

function keyFor(id: string) {
  return \`jobs:\${id}\`;
}
`,
            },
          ],
        },
      ],
    },
    // @upstash/redis: an awaited write is followed by an awaited `expire`
    {
      code: `
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

export async function track(userId: string, page: string) {
  await redis.sadd(\`pages:\${userId}\`, page);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

export async function track(userId: string, page: string) {
  await redis.sadd(\`pages:\${userId}\`, page);
  await redis.expire(\`pages:\${userId}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // @upstash/redis: HTTP requests that are not awaited may arrive in any order, so no `expire` is suggested after one
    {
      code: `
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

export function track(userId: string, page: string) {
  void redis.sadd(\`pages:\${userId}\`, page);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 8,
          endLine: 7,
          endColumn: 43,
          suggestions: [],
        },
      ],
    },
    // an optional call may not run at all: no suggestion
    {
      code: `
import type { Redis } from 'ioredis';

export async function track(userId: string, page: string, redis?: Redis) {
  await redis?.sadd(\`pages:\${userId}\`, page);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 45,
          suggestions: [],
        },
      ],
    },
    // @valkey/valkey-glide through a namespace import: `glide.TimeUnit`
    {
      code: `
import * as glide from '@valkey/valkey-glide';

export async function saveDraft(client: glide.GlideClient, id: string, body: string) {
  await client.set(\`draft:\${id}\`, body);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import * as glide from '@valkey/valkey-glide';

export async function saveDraft(client: glide.GlideClient, id: string, body: string) {
  await client.set(\`draft:\${id}\`, body, { expiry: { type: glide.TimeUnit.Seconds, count: 86400 } });
}
`,
            },
          ],
        },
      ],
    },
    // @valkey/valkey-glide with a type-only import: `TimeUnit` is imported on the next line
    {
      code: `
import type { GlideClient } from '@valkey/valkey-glide';

export async function saveDraft(client: GlideClient, id: string, body: string) {
  await client.set(\`draft:\${id}\`, body);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import type { GlideClient } from '@valkey/valkey-glide';
import { TimeUnit } from '@valkey/valkey-glide';

export async function saveDraft(client: GlideClient, id: string, body: string) {
  await client.set(\`draft:\${id}\`, body, { expiry: { type: TimeUnit.Seconds, count: 86400 } });
}
`,
            },
          ],
        },
      ],
    },
    // @valkey/valkey-glide: `TimeUnit` names something else in the file, so no suggestion
    {
      code: `
import { GlideClient } from '@valkey/valkey-glide';

const TimeUnit = { Seconds: 's' };

export async function saveDraft(client: GlideClient, id: string, body: string) {
  await client.set(\`draft:\${id}\`, body);
  return TimeUnit;
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 40,
          suggestions: [],
        },
      ],
    },
    // options: `ttlName` writes the constant, declared after the imports
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveOtp(phone: string, code: string) {
  await redis.incr(\`otp-attempts:\${phone}\`);
}
`,
      options: [{ ttlName: 'OTP_TTL', ttlSeconds: 300 }],
      errors: [
        {
          messageId: 'missingExpiry',
          data: { command: 'incr', key: 'otp-attempts:${phone}', hint: "`expire(key, OTP_TTL, 'NX')` after it" },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 44,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { Redis } from 'ioredis';

const OTP_TTL = 300;

const redis = new Redis();

export async function saveOtp(phone: string, code: string) {
  await redis.incr(\`otp-attempts:\${phone}\`);
  await redis.expire(\`otp-attempts:\${phone}\`, OTP_TTL, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // options: a `ttlName` that a parameter shadows where the write is gets no suggestion
    {
      code: `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveOtp(phone: string, code: string, OTP_TTL: number) {
  await redis.incr(\`otp-attempts:\${phone}\`);
}
`,
      options: [{ ttlName: 'OTP_TTL', ttlSeconds: 300 }],
      errors: [
        {
          messageId: 'missingExpiry',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 44,
          suggestions: [],
        },
      ],
    },
    // options: `expireNx: false` writes a plain `expire` for Redis older than 7.0
    {
      code: `
import { createClient } from 'redis';

const client = createClient();

export async function follow(userId: string, followerId: string) {
  await client.sAdd(\`followers:\${userId}\`, followerId);
}
`,
      options: [{ expireNx: false }],
      errors: [
        {
          messageId: 'missingExpiry',
          data: { command: 'sAdd', key: 'followers:${userId}', hint: "`expire(key, 86400)` after it" },
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { createClient } from 'redis';

const client = createClient();

export async function follow(userId: string, followerId: string) {
  await client.sAdd(\`followers:\${userId}\`, followerId);
  await client.expire(\`followers:\${userId}\`, 86400);
}
`,
            },
          ],
        },
      ],
    },
  ],
});

createTypedRuleTester().run('require-expiry (typed)', rule, {
  valid: [
    // correct use
    // typed: an imported ioredis client writing with an expiry
    `
import { cache } from './clients';

export async function remember(id: string, value: string) {
  await cache.set(\`memo:\${id}\`, value, 'EX', 60);
}
`,
    // typed: an imported node-redis client followed by an `expire`
    `
import { sessions } from './clients';

export async function track(userId: string, sessionId: string) {
  await sessions.sAdd(\`sessions:\${userId}\`, sessionId);
  await sessions.expire(\`sessions:\${userId}\`, 3600);
}
`,

    // look-alikes that must stay silent
    // typed: a `Map` is declared by the TypeScript library, not a client
    `
const memo = new Map<string, string>();

export function remember(id: string, value: string) {
  memo.set(\`memo:\${id}\`, value);
}
`,
    // typed: the user's own class with a `set` method is not a client
    `
class Store {
  set(key: string, value: string) {}
}
const store = new Store();

export function save(id: string) {
  store.set(\`a:\${id}\`, 'v');
}
`,
  ],
  invalid: [
    // typed: an ioredis client imported from the user's own module
    {
      code: `
import { cache } from './clients';

export async function remember(id: string, value: string) {
  await cache.set(\`memo:\${id}\`, value);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddOption',
              output: `
import { cache } from './clients';

export async function remember(id: string, value: string) {
  await cache.set(\`memo:\${id}\`, value, 'EX', 86400);
}
`,
            },
          ],
        },
      ],
    },
    // typed: a node-redis client imported from the user's own module
    {
      code: `
import { sessions } from './clients';

export async function track(userId: string, sessionId: string) {
  await sessions.sAdd(\`sessions:\${userId}\`, sessionId);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 55,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { sessions } from './clients';

export async function track(userId: string, sessionId: string) {
  await sessions.sAdd(\`sessions:\${userId}\`, sessionId);
  await sessions.expire(\`sessions:\${userId}\`, 86400, 'NX');
}
`,
            },
          ],
        },
      ],
    },
    // typed: a client returned by the user's own function
    {
      code: `
import { getCache } from './clients';

export async function count(page: string) {
  await getCache().incr(\`views:\${page}\`);
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 41,
          suggestions: [],
        },
      ],
    },
    // typed: a transaction of an imported client; its `multi()` says the write is queued, so the `expire` is queued before `exec()`
    {
      code: `
import { sessions } from './clients';

export async function save(id: string, value: string) {
  await sessions.multi().hSet(\`h:\${id}\`, 'value', value).exec();
}
`,
      errors: [
        {
          messageId: 'missingExpiry',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 57,
          suggestions: [
            {
              messageId: 'missingExpiryFixAddExpire',
              output: `
import { sessions } from './clients';

export async function save(id: string, value: string) {
  await sessions.multi().hSet(\`h:\${id}\`, 'value', value).expire(\`h:\${id}\`, 86400, 'NX').exec();
}
`,
            },
          ],
        },
      ],
    },
  ],
});
