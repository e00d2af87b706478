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

  it('says why each write it leaves alone has no fix', () => {
    const input = `
import { Redis } from 'ioredis';
import { Redis as Upstash } from '@upstash/redis';
import { GlideClient } from '@valkey/valkey-glide';

const redis = new Redis();
const upstash = Upstash.fromEnv();
const ExpireOptions = { none: 0 };

export async function save(id: string, glide: GlideClient, maybe?: Redis) {
  void upstash.sadd(\`pages:\${id}\`, 'x');
  await redis.multi().get(nextId()).sadd(keyFor(id), 'm').exec();
  await maybe?.sadd(\`optional:\${id}\`, 'x');
  await new Redis().sadd(\`inline:\${id}\`, 'x');
  await redis.set(\`no-value:\${id}\`);
  await glide.sadd(\`glide:\${id}\`, ['x']);
  label: await redis.sadd(\`labelled:\${id}\`, 'x');
}

function keyFor(id: string) {
  return \`k:\${id}\`;
}

function nextId() {
  return 'n';
}
`;
    const { output, unfixable } = runTransform(transform, 'src/save.ts', input);
    expect(output).toBe(input);
    expect(unfixable).toEqual([
      { line: 11, reason: 'an HTTP client sends requests that are not awaited in any order, so an `expire` after this write may arrive first' },
      { line: 12, reason: 'the key has side effects (a call, `++`) and cannot be moved out of where it is evaluated' },
      { line: 13, reason: 'the write is not a plain method call (an optional call `?.`, or a computed method)' },
      { line: 14, reason: 'the client is not a variable or a `this` field, so the `expire` cannot name it again' },
      { line: 15, reason: 'the `set` has no value argument to put the expiry after' },
      { line: 16, reason: 'the fix needs `ExpireOptions`, but that name already means something else here' },
      { line: 17, reason: 'the write is not in a block where a statement can follow it' },
    ]);
  });

  it('leaves the writes alone when the `ttlName` means another variable where they are', () => {
    const input = `
import { Redis } from 'ioredis';

const redis = new Redis();

export async function saveOtp(phone: string, code: string, OTP_TTL: number) {
  await redis.set(\`otp:\${phone}\`, code);
}
`;
    const { output, unfixable } = runTransform(transform, 'src/otp.ts', input, { ttlName: 'OTP_TTL' });
    expect(output).toBe(input);
    expect(unfixable).toEqual([
      { line: 7, reason: 'the TTL constant\'s name `OTP_TTL` already names another variable here; choose another name (the `ttlName` option, `--ttl-name`)' },
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

  it('rejects a TTL that is not a whole number of seconds, 1 to 2^31 - 1', () => {
    const input = "import { Redis } from 'ioredis';\n";
    expect(() => runTransform(transform, 'src/a.ts', input, { ttl: 'soon' })).toThrow('add-expiry: ttl: expected a whole number, 1 or more, got soon.');
    expect(() => runTransform(transform, 'src/a.ts', input, { ttl: '0' })).toThrow('add-expiry: ttl: expected a whole number, 1 or more, got 0.');
    expect(() => runTransform(transform, 'src/a.ts', input, { ttl: 1.5 })).toThrow('add-expiry: ttl: expected a whole number, 1 or more, got 1.5.');
    expect(() => runTransform(transform, 'src/a.ts', input, { ttl: 2_147_483_648 })).toThrow('add-expiry: ttl: expected at most 2147483647 seconds');
  });

  it('rejects a `ttlName` that is not an identifier, and an `nx` that is not a boolean', () => {
    const input = "import { Redis } from 'ioredis';\n";
    expect(() => runTransform(transform, 'src/a.ts', input, { ttlName: 'one day' })).toThrow('add-expiry: ttlName: expected a JavaScript identifier');
    expect(() => runTransform(transform, 'src/a.ts', input, { nx: 'maybe' })).toThrow('add-expiry: nx: expected true or false, got maybe.');
  });

  it('returns the source untouched, without parsing, when the rule finds nothing', () => {
    const input = 'export const answer = 42;\n';
    expect(runTransform(transform, 'src/a.ts', input).output).toBe(input);
  });
});
