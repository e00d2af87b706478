import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectKeyWriteSites } from '../../src/audit/code-sites';
import { PatternAggregator } from '../../src/audit/key-patterns';
import { matchPatternsToSites } from '../../src/audit/match-patterns';

const IOREDIS = `import Redis from 'ioredis';

const redis = new Redis();
const PREFIX = 'app';

export async function record(id: string, size: number) {
  await redis.set(\`epoch_batch_size:\${id}\`, size);
  await redis.set(\`cache:\${id}\`, size, 'EX', 60);
  await redis.set(\`\${PREFIX}:sess:\${id}\`, 'x');
  await redis.incr('user:' + id + ':visits');
  await redis.sadd(\`members:\${id}\`, 'a');
  await redis.expire(\`members:\${id}\`, 60);
  await redis.set('config', 'x');
  await redis.set(\`\${PREFIX}:hits\`, 'x');
  await redis.hset(id, 'f', 'v');
}

export async function enqueue(id: string) {
  await redis
    .multi()
    .hset(\`job:\${id}\`, 'state', 'queued')
    .expire(\`job:\${id}\`, 60)
    .lpush(\`queue:\${id}\`, id)
    .exec();
}
`;

const NODE_REDIS = `const { createClient } = require('redis');

const client = createClient();

async function save(sid, json, EX) {
  await client.set(\`sess:\${sid}\`, json, { EX });
  await client.sAdd(\`online:\${sid}\`, 'x');
  await client.multi().hSet(\`profile:\${sid}\`, 'name', json).exec();
}

module.exports = { save };
`;

const EDGES = `import { Redis } from 'ioredis';

const redis = new Redis();

export async function edges(id: string, unit: 'EX' | 'PX') {
  await redis.mset(\`a:\${id}\`, 1, 'totals', 2, \`b:\${id}\`, 3);
  await redis.set(\`opt:\${id}\`, 'x', unit, 60);
  await redis.expire(\`early:\${id}\`, 60);
  await redis.sadd(\`early:\${id}\`, 'x');
}
`;

const LOOK_ALIKES = `import Redis from 'ioredis';

export const redis = new Redis();
const users = new Map<string, number>();

export function remember(id: string, headers: Headers, params: URLSearchParams) {
  users.set(\`user:\${id}\`, 1);
  headers.set(\`x-user-\${id}\`, id);
  params.set(\`u:\${id}\`, id);
}
`;

const SHAPES = `import Redis from 'ioredis';

const redis = new Redis();
const NS = 'shop';
const KEYS = { order: 'order' };

export async function shapes(id: string, userId: number, v: string, key: string) {
  await redis.set(\`user:profile:\${id}\`, v, 'EX', 10);
  await redis.set(\`user:\${userId}\`, v);
  await redis.hset(\`order:\${id}:items\`, 'a', v);
  await redis.hset(\`order:\${id}:meta\`, 'a', v);
  await redis.sadd(\`user\${id}\`, v);
  await redis.sadd(\`tag:\${id}\${v}\`, v);
  await redis.rpush(\`\${NS}:\${KEYS.order}:\` + id + ':lines', v);
  const cart = \`cart:\${id}\`;
  await redis.lpush(cart, v);
  await redis.incr(key);
  await redis.setex(\`otp:\${id}\`, 300, v);
  await redis.psetex(\`lock:\${id}\`, 500, v);
  await redis.setex('motd', 60, v);
  await redis.multi().setex(\`nonce:\${id}\`, 60, v).exec();
}
`;

const NODE_REDIS_CHAIN = `import { createClient } from 'redis';

const client = createClient();

export async function checkout(id: string, v: string) {
  await client.multi().set(\`checkout:\${id}\`, v).hSet(\`checkout:\${id}:lines\`, 'a', v).setEx(\`checkout:\${id}:token\`, 60, v).exec();
  await client.pSetEx(\`checkout:\${id}:lock\`, 500, v);
}
`;

const BROKEN = `import Redis from 'ioredis';

const redis = new Redis(;
`;

const NO_CLIENT = `export async function save(client: { set(key: string, value: string): Promise<void> }, id: string) {
  await client.set(\`sess:\${id}\`, 'x');
}
`;

const LONG_KEY = `import Redis from 'ioredis';

const redis = new Redis();

export async function save(tenant: string, id: string) {
  await redis.set(\`very-long-namespace:with-several-parts:and-more:\${tenant}:\${id}:details\`, 'x');
}
`;

let project: string;

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'redis-leaks-audit-sites-'));
  const files: Record<string, string> = {
    'src/relayer.ts': IOREDIS,
    'src/sessions.js': NODE_REDIS,
    'src/edges.ts': EDGES,
    'src/look-alikes.ts': LOOK_ALIKES,
    'src/broken.ts': BROKEN,
    'src/no-client.ts': NO_CLIENT,
    'src/long-key.ts': LONG_KEY,
    'src/shapes.ts': SHAPES,
    'src/checkout.ts': NODE_REDIS_CHAIN,
    'node_modules/dep/index.js': NODE_REDIS,
    'README.md': '# not code',
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    writeFileSync(path.join(project, file), text);
  }
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('collectKeyWriteSites', () => {
  it('lists every write of a varying key on an ioredis client, with and without expiry, at the method name', () => {
    const { sites } = collectKeyWriteSites(['src/relayer.ts'], project);
    expect(sites).toEqual([
      { file: 'src/relayer.ts', line: 7, column: 15, command: 'set', keyPrefix: 'epoch_batch_size:', keyPattern: 'epoch_batch_size:*', keyText: 'epoch_batch_size:${id}', expiry: 'none' },
      // `'EX', 60`
      { file: 'src/relayer.ts', line: 8, column: 15, command: 'set', keyPrefix: 'cache:', keyPattern: 'cache:*', keyText: 'cache:${id}', expiry: 'present' },
      // the constant is folded into the prefix
      { file: 'src/relayer.ts', line: 9, column: 15, command: 'set', keyPrefix: 'app:sess:', keyPattern: 'app:sess:*', keyText: '${PREFIX}:sess:${id}', expiry: 'none' },
      // `+` concatenation
      { file: 'src/relayer.ts', line: 10, column: 15, command: 'incr', keyPrefix: 'user:', keyPattern: 'user:*:visits', keyText: "'user:' + id + ':visits'", expiry: 'none' },
      // `expire` after the write
      { file: 'src/relayer.ts', line: 11, column: 15, command: 'sadd', keyPrefix: 'members:', keyPattern: 'members:*', keyText: 'members:${id}', expiry: 'present' },
      // a key that starts varying is a site (with an empty prefix and no pattern); `'config'` and `${PREFIX}:hits` are one key each, not sites
      { file: 'src/relayer.ts', line: 15, column: 15, command: 'hset', keyPrefix: '', keyText: 'id', expiry: 'none' },
      // writes in a `multi()` chain, each on its own line
      { file: 'src/relayer.ts', line: 21, column: 6, command: 'hset', keyPrefix: 'job:', keyPattern: 'job:*', keyText: 'job:${id}', expiry: 'present' },
      { file: 'src/relayer.ts', line: 23, column: 6, command: 'lpush', keyPrefix: 'queue:', keyPattern: 'queue:*', keyText: 'queue:${id}', expiry: 'none' },
    ]);
  });

  it('reads node-redis clients in CommonJS files, `{ EX }` options and transactions included', () => {
    const { sites } = collectKeyWriteSites(['src/sessions.js'], project);
    expect(sites).toEqual([
      { file: 'src/sessions.js', line: 6, column: 16, command: 'set', keyPrefix: 'sess:', keyPattern: 'sess:*', keyText: 'sess:${sid}', expiry: 'present' },
      { file: 'src/sessions.js', line: 7, column: 16, command: 'sAdd', keyPrefix: 'online:', keyPattern: 'online:*', keyText: 'online:${sid}', expiry: 'none' },
      { file: 'src/sessions.js', line: 8, column: 24, command: 'hSet', keyPrefix: 'profile:', keyPattern: 'profile:*', keyText: 'profile:${sid}', expiry: 'none' },
    ]);
  });

  it('lists each varying key of a multi-key write, and follows the rule on expiries it cannot see or that run too early', () => {
    const { sites } = collectKeyWriteSites(['src/edges.ts'], project);
    expect(sites).toEqual([
      { file: 'src/edges.ts', line: 6, column: 15, command: 'mset', keyPrefix: 'a:', keyPattern: 'a:*', keyText: 'a:${id}', expiry: 'none' },
      { file: 'src/edges.ts', line: 6, column: 15, command: 'mset', keyPrefix: 'b:', keyPattern: 'b:*', keyText: 'b:${id}', expiry: 'none' },
      // an option the analysis cannot read: the rule stays silent, so the code counts as giving an expiry
      { file: 'src/edges.ts', line: 7, column: 15, command: 'set', keyPrefix: 'opt:', keyPattern: 'opt:*', keyText: 'opt:${id}', expiry: 'present' },
      // an `expire` before the key exists does nothing
      { file: 'src/edges.ts', line: 9, column: 15, command: 'sadd', keyPrefix: 'early:', keyPattern: 'early:*', keyText: 'early:${id}', expiry: 'none' },
    ]);
  });

  it('gives each site the pattern of its keys when the code shows their whole shape', () => {
    const { sites } = collectKeyWriteSites(['src/shapes.ts'], project);
    const at = (line: number) => sites.filter((site) => site.line === line).map(({ command, keyPrefix, keyPattern, expiry }) => ({ command, keyPrefix, keyPattern, expiry }));
    expect(at(8)).toEqual([{ command: 'set', keyPrefix: 'user:profile:', keyPattern: 'user:profile:*', expiry: 'present' }]);
    expect(at(9)).toEqual([{ command: 'set', keyPrefix: 'user:', keyPattern: 'user:*', expiry: 'none' }]);
    expect(at(10)).toEqual([{ command: 'hset', keyPrefix: 'order:', keyPattern: 'order:*:items', expiry: 'none' }]);
    expect(at(11)).toEqual([{ command: 'hset', keyPrefix: 'order:', keyPattern: 'order:*:meta', expiry: 'none' }]);
    // an id glued to a word, or to another varying part: the pattern depends on the values, so only the prefix is known
    expect(at(12)).toEqual([{ command: 'sadd', keyPrefix: 'user', keyPattern: undefined, expiry: 'none' }]);
    expect(at(13)).toEqual([{ command: 'sadd', keyPrefix: 'tag:', keyPattern: undefined, expiry: 'none' }]);
    // constants folded in, template and `+` mixed
    expect(at(14)).toEqual([{ command: 'rpush', keyPrefix: 'shop:order:', keyPattern: 'shop:order:*:lines', expiry: 'none' }]);
    // a `const` key followed to its template
    expect(at(16)).toEqual([{ command: 'lpush', keyPrefix: 'cart:', keyPattern: 'cart:*', expiry: 'none' }]);
    // a key the analysis cannot see into
    expect(at(17)).toEqual([{ command: 'incr', keyPrefix: '', keyPattern: undefined, expiry: 'none' }]);
  });

  it('lists `setex` and `psetex` writes as sites with an expiry, constant keys left out', () => {
    const { sites } = collectKeyWriteSites(['src/shapes.ts'], project);
    expect(sites.filter((site) => site.line >= 18)).toEqual([
      { file: 'src/shapes.ts', line: 18, column: 15, command: 'setex', keyPrefix: 'otp:', keyPattern: 'otp:*', keyText: 'otp:${id}', expiry: 'present' },
      { file: 'src/shapes.ts', line: 19, column: 15, command: 'psetex', keyPrefix: 'lock:', keyPattern: 'lock:*', keyText: 'lock:${id}', expiry: 'present' },
      // `'motd'` is one key, not a site; a `setex` in a `multi()` is one
      { file: 'src/shapes.ts', line: 21, column: 23, command: 'setex', keyPrefix: 'nonce:', keyPattern: 'nonce:*', keyText: 'nonce:${id}', expiry: 'present' },
    ]);
  });

  it('reads node-redis `multi()` chains and `setEx`/`pSetEx`, each key with its own pattern', () => {
    const { sites } = collectKeyWriteSites(['src/checkout.ts'], project);
    expect(sites.map(({ line, command, keyPattern, expiry }) => ({ line, command, keyPattern, expiry }))).toEqual([
      { line: 6, command: 'set', keyPattern: 'checkout:*', expiry: 'none' },
      { line: 6, command: 'hSet', keyPattern: 'checkout:*:lines', expiry: 'none' },
      { line: 6, command: 'setEx', keyPattern: 'checkout:*:token', expiry: 'present' },
      { line: 7, command: 'pSetEx', keyPattern: 'checkout:*:lock', expiry: 'present' },
    ]);
  });

  it('ties the sites to the patterns of the keys they write on the server', () => {
    const aggregator = new PatternAggregator();
    const keys: [string, number][] = [
      ['user:42', -1],
      ['user:7', -1],
      ['user:profile:42', 9000],
      ['order:1001:items', -1],
      ['order:1001:meta', -1],
      ['otp:123456', 200_000],
      ['checkout:8f14e45f-ceea-467a-9af0-6b2c3f5d7a91:lines', -1],
      ['checkout:8f14e45f-ceea-467a-9af0-6b2c3f5d7a91:token', 30_000],
      ['user12345', -1],
    ];
    for (const [key, pttlMs] of keys) aggregator.add({ key, type: 'string', pttlMs });
    const { sites } = collectKeyWriteSites(['src/shapes.ts', 'src/checkout.ts'], project);
    const { leaks, confirmed, unexplained } = matchPatternsToSites(aggregator.groups({ totalKeys: keys.length }), sites);
    const where = (matches: readonly { pattern: string; sites: readonly { file: string; line: number; command: string }[] }[]) =>
      Object.fromEntries(matches.map((match) => [match.pattern, match.sites.map((site) => `${site.file}:${site.line} ${site.command}`)]));
    expect(where(leaks)).toEqual({
      // not `user:profile:${id}` (with 'EX'), which cannot write `user:42`
      'user:*': ['src/shapes.ts:9 set'],
      'order:*:items': ['src/shapes.ts:10 hset'],
      'order:*:meta': ['src/shapes.ts:11 hset'],
      'checkout:*:lines': ['src/checkout.ts:6 hSet'],
      // `user${id}`: matched by its prefix
      'user*': ['src/shapes.ts:12 sadd'],
    });
    expect(where(confirmed)).toEqual({
      'user:profile:*': ['src/shapes.ts:8 set'],
      'otp:*': ['src/shapes.ts:18 setex'],
      'checkout:*:token': ['src/checkout.ts:6 setEx'],
    });
    expect(unexplained).toEqual([]);
  });

  it('shortens long keys to one line of about 60 characters', () => {
    const { sites } = collectKeyWriteSites(['src/long-key.ts'], project);
    expect(sites).toEqual([
      {
        file: 'src/long-key.ts',
        line: 6,
        column: 15,
        command: 'set',
        keyPrefix: 'very-long-namespace:with-several-parts:and-more:',
        keyPattern: 'very-long-namespace:with-several-parts:and-more:*:*:details',
        keyText: 'very-long-namespace:with-several-parts:and-more:${tenant}:$…',
        expiry: 'none',
      },
    ]);
    expect(sites[0]!.keyText).toHaveLength(60);
  });

  it('leaves out look-alikes: `Map#set`, `Headers#set`, `URLSearchParams#set`, and files that import no client', () => {
    expect(collectKeyWriteSites(['src/look-alikes.ts', 'src/no-client.ts'], project)).toEqual({ files: 2, sites: [], failed: [] });
  });

  it('walks folders as the CLI does, names files that do not parse and keeps going', () => {
    const result = collectKeyWriteSites([], project);
    // node_modules and README.md are not selected.
    expect(result.files).toBe(9);
    expect(new Set(result.sites.map((site) => site.file))).toEqual(
      new Set(['src/edges.ts', 'src/relayer.ts', 'src/sessions.js', 'src/long-key.ts', 'src/shapes.ts', 'src/checkout.ts']),
    );
    expect(result.sites).toHaveLength(16 + 12 + 4);
    expect(result.failed).toEqual([{ file: 'src/broken.ts', reason: expect.stringMatching(/^does not parse \(line 3: Parsing error: .+\)$/) }]);
  });

  it('names given paths it cannot use', () => {
    expect(collectKeyWriteSites(['src/missing.ts', 'README.md'], project)).toEqual({
      files: 0,
      sites: [],
      failed: [
        { file: 'src/missing.ts', reason: 'does not exist' },
        { file: 'README.md', reason: 'not a JavaScript or TypeScript source file' },
      ],
    });
  });

  it('gives paths relative to the working folder', () => {
    const { sites } = collectKeyWriteSites(['sessions.js'], path.join(project, 'src'));
    expect(sites.map((site) => site.file)).toEqual(['sessions.js', 'sessions.js', 'sessions.js']);
  });
});
