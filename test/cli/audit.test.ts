import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keysUnread, looksLeaked } from '../../src/cli/audit';
import { main } from '../../src/cli';
import type { AuditReport, KeyPatternGroup } from '../../src/audit/types';

// The command's contract without a server: usage errors and an unreachable server exit 2
// with a message that says what to do. The audit itself runs against a real server in test/e2e/audit.test.ts.

let project: string;
const savedUrl = process.env.REDIS_URL;

beforeEach(() => {
  project = mkdtempSync(path.join(tmpdir(), 'redis-leaks-audit-cli-'));
  delete process.env.REDIS_URL;
});
afterEach(() => {
  rmSync(project, { recursive: true, force: true });
  if (savedUrl === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = savedUrl;
});

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, { cwd: project, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { exitCode, stdout, stderr };
}

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('redis-leaks audit (command line)', () => {
  it('is listed in --help, with its options in audit --help', async () => {
    expect((await run('--help')).stdout).toMatch(/audit \[options\] \[paths\.\.\.\]/);
    const help = await run('audit', '--help');
    expect(help.exitCode).toBe(0);
    for (const option of ['--url', '--sample', '--memory-sample', '--timeout', '--rate', '--idle', '--min-connections', '--min-keys', '--json', '--html']) {
      expect(help.stdout).toContain(option);
    }
  });

  it('asks for a server when neither --url nor REDIS_URL is given', async () => {
    const result = await run('audit');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no server given\. Pass --url redis:\/\/host:6379 \(or set REDIS_URL\)/);
  });

  it('names a path that does not exist before touching the server', async () => {
    const result = await run('audit', '--url', 'redis://127.0.0.1:1', 'src/missing');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no such file or folder: src\/missing/);
  });

  it('checks the --html folder before the audit, not after', async () => {
    const port = await closedPort();
    const result = await run('audit', '--url', `redis://127.0.0.1:${port}`, '--html', 'missing-dir/report.html');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/cannot write --html missing-dir\/report\.html: the folder .*missing-dir does not exist/);
    expect(result.stderr).not.toMatch(/cannot reach/);
  });

  it('rejects bad numbers', async () => {
    const result = await run('audit', '--url', 'redis://127.0.0.1:1', '--sample', '0');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--sample.*expected a whole number, 1 or more/);
  });

  it('explains an unreachable server and exits 2', async () => {
    const port = await closedPort();
    const result = await run('audit', '--url', `redis://127.0.0.1:${port}`, '--timeout', '5');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`cannot reach redis at 127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
    expect(result.stdout).toBe('');
  });

  it('takes the server from REDIS_URL', async () => {
    const port = await closedPort();
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    const result = await run('audit', '--timeout', '5');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/cannot reach redis/);
  });
});

describe('looksLeaked (the exit code)', () => {
  const group = (keysWithoutTtl: number, sampledKeys: number, estimatedKeys: number): KeyPatternGroup => ({
    pattern: 'p:*',
    sampledKeys,
    keysWithoutTtl,
    estimatedKeys,
    share: 1,
    types: ['string'],
    examples: [],
  });
  const report = (patterns: KeyPatternGroup[], leak?: string): AuditReport => ({
    server: 'redis://127.0.0.1:6379',
    mode: 'standalone',
    role: 'master',
    keys: { totalKeys: 1, sampledKeys: 1, keysWithoutTtl: 0, measuredKeys: 0, complete: true, patterns },
    connections: { connectedClients: 1, groups: [{ host: '10.0.0.1', name: '', count: 1, idleCount: 1, oldestSeconds: 1, medianAgeSeconds: 1, medianIdleSeconds: 1, ...(leak && { leak }) }] },
    warnings: [],
  });

  it('counts keys without TTL over the whole keyspace against --min-keys', () => {
    // 10 of 100 sampled keys have no TTL, 10,000 keys in all: ~1,000 without TTL.
    expect(looksLeaked(report([group(10, 100, 10_000)]), 1_000)).toBe(true);
    expect(looksLeaked(report([group(10, 100, 10_000)]), 1_001)).toBe(false);
    expect(looksLeaked(report([group(0, 100, 10_000)]), 1)).toBe(false);
  });

  it('does not call a server clean when no key could be read', () => {
    const unread = { ...report([]), keys: undefined };
    expect(keysUnread(unread)).toBe(true);
    expect(keysUnread({ ...report([]), keys: { totalKeys: 50, sampledKeys: 0, keysWithoutTtl: 0, measuredKeys: 0, complete: false, patterns: [] } })).toBe(true);
    expect(keysUnread({ ...report([]), keys: { totalKeys: 0, sampledKeys: 0, keysWithoutTtl: 0, measuredKeys: 0, complete: true, patterns: [] } })).toBe(false);
    expect(keysUnread(report([group(0, 100, 100)]))).toBe(false);
  });

  it('fails on a flagged connection group', () => {
    expect(looksLeaked(report([], '12 of 12 connections idle'), 100)).toBe(true);
    expect(looksLeaked(report([]), 100)).toBe(false);
  });
});
