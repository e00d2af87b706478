import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getGracefulClose } from '../../src/analysis';
import { CLIENT_LIBRARIES } from '../../src/redis';

const byName = (name: string) => CLIENT_LIBRARIES.find((library) => library.name === name)!;
const projects = mkdtempSync(path.join(tmpdir(), 'redis-leaks-close-'));
afterAll(() => rmSync(projects, { recursive: true, force: true }));

/** A project folder whose node_modules holds `@redis/client` at `version`. */
function projectWithNodeRedis(version: string): string {
  const root = path.join(projects, version);
  mkdirSync(path.join(root, 'node_modules', '@redis', 'client'), { recursive: true });
  mkdirSync(path.join(root, 'src'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules', '@redis', 'client', 'package.json'), JSON.stringify({ name: '@redis/client', version }));
  return path.join(root, 'src', 'file.ts');
}

/** A project folder not yet installed, whose package.json declares `dependency` at `range`. */
function projectDeclaring(dependency: string, range: string): string {
  const root = path.join(projects, `declared-${dependency.replace('/', '+')}-${range}`);
  mkdirSync(path.join(root, 'src'), { recursive: true });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'app', dependencies: { [dependency]: range } }));
  return path.join(root, 'src', 'file.ts');
}

describe('getGracefulClose', () => {
  it('reads the declared version when node-redis is not installed where the file is', () => {
    expect(getGracefulClose(byName('node-redis'), projectDeclaring('redis', '^4.7.0'))).toBe('quit');
    expect(getGracefulClose(byName('node-redis'), projectDeclaring('@redis/client', '~1.6.1'))).toBe('quit');
    expect(getGracefulClose(byName('node-redis'), projectDeclaring('redis', '4.x'))).toBe('quit');
    expect(getGracefulClose(byName('node-redis'), projectDeclaring('redis', '^5.12.1'))).toBe('close');
  });

  it('recommends the current API when the declared range names no one major', () => {
    expect(getGracefulClose(byName('node-redis'), projectDeclaring('redis', '>=4 <6'))).toBe('close');
    expect(getGracefulClose(byName('node-redis'), projectDeclaring('redis', 'latest'))).toBe('close');
  });

  it('prefers the installed version to the declared one', () => {
    const file = projectWithNodeRedis('5.12.1');
    writeFileSync(path.join(path.dirname(path.dirname(file)), 'package.json'), JSON.stringify({ dependencies: { redis: '^4.7.0' } }));
    expect(getGracefulClose(byName('node-redis'), file)).toBe('close');
  });

  it('recommends quit() for node-redis 4 (@redis/client 1.x), which has no close()', () => {
    expect(getGracefulClose(byName('node-redis'), projectWithNodeRedis('1.6.1'))).toBe('quit');
  });

  it('recommends close() for node-redis 5 and 6', () => {
    expect(getGracefulClose(byName('node-redis'), projectWithNodeRedis('5.12.1'))).toBe('close');
    expect(getGracefulClose(byName('node-redis'), projectWithNodeRedis('6.3.1'))).toBe('close');
  });

  it('recommends the current API when node-redis is not installed where the file is', () => {
    expect(getGracefulClose(byName('node-redis'), path.join(projects, 'none', 'file.ts'))).toBe('close');
  });

  it('uses each other library’s own close', () => {
    expect(getGracefulClose(byName('ioredis'), 'x.ts')).toBe('quit');
    expect(getGracefulClose(byName('BullMQ'), 'x.ts')).toBe('close');
    expect(getGracefulClose(byName('@upstash/redis'), 'x.ts')).toBeUndefined();
  });
});
