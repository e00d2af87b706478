import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import transform from '../../src/codemods/add-expiry';
import { describeTransformFixtures, runTransform } from './fixture-harness';

describeTransformFixtures('add-expiry', transform, 'require-expiry');

const projects = mkdtempSync(path.join(tmpdir(), 'redis-leaks-add-expiry-'));
afterAll(() => rmSync(projects, { recursive: true, force: true }));

/** A file in a project whose node_modules holds `@redis/client` at `version`. */
function fileWithNodeRedis(version: string): string {
  const root = path.join(projects, version);
  mkdirSync(path.join(root, 'node_modules', '@redis', 'client'), { recursive: true });
  mkdirSync(path.join(root, 'src'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', '@redis', 'client', 'package.json'), JSON.stringify({ name: '@redis/client', version }));
  return path.join(root, 'src', 'sessions.ts');
}

describe('add-expiry', () => {
  it('writes `{ EX: ttl }` for node-redis 4 (@redis/client 1.x), which ignores `expiration`', () => {
    const input = `
import { createClient } from 'redis';

const client = createClient();

export async function saveSession(id: string, data: string) {
  await client.set(\`sess:\${id}\`, data);
  await client.set(\`lock:\${id}\`, '1', { NX: true });
}
`;
    expect(runTransform(transform, fileWithNodeRedis('1.6.1'), input).output).toBe(`
import { createClient } from 'redis';

const client = createClient();

export async function saveSession(id: string, data: string) {
  await client.set(\`sess:\${id}\`, data, { EX: 86400 });
  await client.set(\`lock:\${id}\`, '1', { EX: 86400, NX: true });
}
`);
  });

  it('writes `expiration` for node-redis 5 and later', () => {
    const input = `
import { createClient } from 'redis';

const client = createClient();

export async function saveSession(id: string, data: string) {
  await client.set(\`sess:\${id}\`, data);
}
`;
    expect(runTransform(transform, fileWithNodeRedis('5.12.1'), input).output).toContain(
      "await client.set(`sess:${id}`, data, { expiration: { type: 'EX', value: 86400 } });",
    );
  });

  it('reports what it leaves alone, with the line and why', () => {
    const input = `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function join(roomId: string, userIds: string[]) {
  const key = \`room:\${roomId}\`;
  await Promise.all(userIds.map((userId) => redis.sadd(key, userId)));
  await redis.mset(\`a:\${roomId}\`, '1', \`b:\${roomId}\`, '2');
}
`;
    const { output, unfixable } = runTransform(transform, 'src/rooms.ts', input);
    expect(output).toBe(input);
    expect(unfixable).toEqual([
      {
        line: 8,
        reason: 'the write is part of a larger expression (an arrow body, a `return`, an argument), so no `expire` statement can follow it',
      },
      { line: 9, reason: 'this `mset` writes several keys; give each one that needs it an `expire` by hand' },
    ]);
  });

  it('keeps CRLF line endings and tabs, as plain jscodeshift passes them', () => {
    const input = [
      "import { Redis } from 'ioredis';",
      '',
      'const redis = new Redis();',
      '',
      'export async function track(id: string) {',
      '\tawait redis.sadd(`seen:${id}`, 1); // first visit',
      '}',
      '',
    ].join('\r\n');
    expect(runTransform(transform, 'src/track.ts', input).output).toBe(
      [
        "import { Redis } from 'ioredis';",
        '',
        'const redis = new Redis();',
        '',
        'export async function track(id: string) {',
        '\tawait redis.sadd(`seen:${id}`, 1); // first visit',
        "\tawait redis.expire(`seen:${id}`, 86400, 'NX');",
        '}',
        '',
      ].join('\r\n'),
    );
  });

  it('rejects a TTL that is not a whole number of seconds', () => {
    const input = "import { Redis } from 'ioredis';\n";
    expect(() => runTransform(transform, 'src/a.ts', input, { ttl: 'soon' })).toThrow('expected a number of 0 or more, got soon');
    expect(() => runTransform(transform, 'src/a.ts', input, { ttl: '0' })).toThrow('add-expiry: ttl must be a whole number of seconds, 1 or more; got 0');
    expect(() => runTransform(transform, 'src/a.ts', input, { ttl: 1.5 })).toThrow('add-expiry: ttl must be a whole number of seconds, 1 or more; got 1.5');
  });

  it('rejects a `ttlName` that is not an identifier, and an `nx` that is not a boolean', () => {
    const input = "import { Redis } from 'ioredis';\n";
    expect(() => runTransform(transform, 'src/a.ts', input, { ttlName: 'one day' })).toThrow('add-expiry: ttlName must be an identifier');
    expect(() => runTransform(transform, 'src/a.ts', input, { nx: 'maybe' })).toThrow('add-expiry: nx must be true or false; got maybe');
  });

  it('returns the source untouched, without parsing, when the rule finds nothing', () => {
    const input = 'export const answer = 42;\n';
    expect(runTransform(transform, 'src/a.ts', input).output).toBe(input);
  });
});
