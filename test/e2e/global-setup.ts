import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A `redis://` URL on a loopback address, for the e2e programs and assertions. */
    redisUrl: string;
  }
}

const INSTALL_HINT =
  'The e2e tests need a Redis server. Install one so that `redis-server` is on PATH ' +
  '(Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`), ' +
  'or set REDIS_URL to a server on a loopback address (e.g. redis://127.0.0.1:6379). ' +
  'The tests write keys under the prefix `e2e:` and delete them afterwards.';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Starts `redis-server` on a free loopback port with persistence off (or uses
 * REDIS_URL, loopback only), provides its URL as `redisUrl`, and stops it afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.REDIS_URL;
  if (given) {
    const host = new URL(given).hostname;
    if (!LOOPBACK.has(host)) throw new Error(`e2e: REDIS_URL must point at a loopback address, not ${host}. ${INSTALL_HINT}`);
    await waitForPing(given, 5_000);
    project.provide('redisUrl', given);
    return async () => {};
  }

  const port = await freeLoopbackPort();
  const dir = mkdtempSync(path.join(tmpdir(), 'redis-leaks-e2e-server-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes'];
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  try {
    server = await startServer(args);
    await waitForPing(url, 10_000, server);
  } catch (error) {
    if (server) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const started = server;
  project.provide('redisUrl', url);
  return async () => {
    await stopServer(started);
    rmSync(dir, { recursive: true, force: true });
  };
}

/** Binds port 0 on 127.0.0.1, reads the port the system chose, and releases it. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('e2e: could not pick a free port'))));
    });
  });
}

function startServer(args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const server = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new Error(error.code === 'ENOENT' ? `e2e: redis-server is not on PATH and REDIS_URL is not set. ${INSTALL_HINT}` : `e2e: could not start redis-server: ${error.message}`));
    });
    server.once('spawn', () => resolve(server));
    server.once('exit', (code) => {
      if (code !== null && code !== 0) process.stderr.write(`e2e: redis-server exited with code ${code}:\n${output}\n`);
    });
  });
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 5_000);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

async function waitForPing(url: string, timeoutMs: number, server?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null) throw new Error(`e2e: redis-server exited (code ${server.exitCode}) before answering PING. ${INSTALL_HINT}`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch (error) {
      lastError = (error as Error).message;
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`e2e: no PING answer from ${url} within ${timeoutMs} ms (${lastError}). ${INSTALL_HINT}`);
}
