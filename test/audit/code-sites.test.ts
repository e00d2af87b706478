import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectKeyWriteSites } from '../../src/audit/code-sites';

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
      { file: 'src/relayer.ts', line: 7, column: 15, command: 'set', keyPrefix: 'epoch_batch_size:', keyText: 'epoch_batch_size:${id}', expiry: 'none' },
      // `'EX', 60`
      { file: 'src/relayer.ts', line: 8, column: 15, command: 'set', keyPrefix: 'cache:', keyText: 'cache:${id}', expiry: 'present' },
      // the constant is folded into the prefix
      { file: 'src/relayer.ts', line: 9, column: 15, command: 'set', keyPrefix: 'app:sess:', keyText: '${PREFIX}:sess:${id}', expiry: 'none' },
      // `+` concatenation
      { file: 'src/relayer.ts', line: 10, column: 15, command: 'incr', keyPrefix: 'user:', keyText: "'user:' + id + ':visits'", expiry: 'none' },
      // `expire` after the write
      { file: 'src/relayer.ts', line: 11, column: 15, command: 'sadd', keyPrefix: 'members:', keyText: 'members:${id}', expiry: 'present' },
      // a key that starts varying is a site (with an empty prefix); `'config'` and `${PREFIX}:hits` are one key each, not sites
      { file: 'src/relayer.ts', line: 15, column: 15, command: 'hset', keyPrefix: '', keyText: 'id', expiry: 'none' },
      // writes in a `multi()` chain, each on its own line
      { file: 'src/relayer.ts', line: 21, column: 6, command: 'hset', keyPrefix: 'job:', keyText: 'job:${id}', expiry: 'present' },
      { file: 'src/relayer.ts', line: 23, column: 6, command: 'lpush', keyPrefix: 'queue:', keyText: 'queue:${id}', expiry: 'none' },
    ]);
  });

  it('reads node-redis clients in CommonJS files, `{ EX }` options and transactions included', () => {
    const { sites } = collectKeyWriteSites(['src/sessions.js'], project);
    expect(sites).toEqual([
      { file: 'src/sessions.js', line: 6, column: 16, command: 'set', keyPrefix: 'sess:', keyText: 'sess:${sid}', expiry: 'present' },
      { file: 'src/sessions.js', line: 7, column: 16, command: 'sAdd', keyPrefix: 'online:', keyText: 'online:${sid}', expiry: 'none' },
      { file: 'src/sessions.js', line: 8, column: 24, command: 'hSet', keyPrefix: 'profile:', keyText: 'profile:${sid}', expiry: 'none' },
    ]);
  });

  it('lists each varying key of a multi-key write, and follows the rule on expiries it cannot see or that run too early', () => {
    const { sites } = collectKeyWriteSites(['src/edges.ts'], project);
    expect(sites).toEqual([
      { file: 'src/edges.ts', line: 6, column: 15, command: 'mset', keyPrefix: 'a:', keyText: 'a:${id}', expiry: 'none' },
      { file: 'src/edges.ts', line: 6, column: 15, command: 'mset', keyPrefix: 'b:', keyText: 'b:${id}', expiry: 'none' },
      // an option the analysis cannot read: the rule stays silent, so the code counts as giving an expiry
      { file: 'src/edges.ts', line: 7, column: 15, command: 'set', keyPrefix: 'opt:', keyText: 'opt:${id}', expiry: 'present' },
      // an `expire` before the key exists does nothing
      { file: 'src/edges.ts', line: 9, column: 15, command: 'sadd', keyPrefix: 'early:', keyText: 'early:${id}', expiry: 'none' },
    ]);
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
    expect(result.files).toBe(7);
    expect(new Set(result.sites.map((site) => site.file))).toEqual(new Set(['src/edges.ts', 'src/relayer.ts', 'src/sessions.js', 'src/long-key.ts']));
    expect(result.sites).toHaveLength(16);
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
