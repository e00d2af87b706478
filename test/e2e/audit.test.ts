import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditReport } from '../../src/audit/types';

/**
 * `redis-leaks audit` as a user runs it: the built CLI against a real redis-server holding
 * 50,000 keys in four patterns, with idle connections from this process, pointed at the
 * code in fixtures/audit; the JSON report is checked, and the HTML report is opened in
 * headless Chromium and its tables read back.
 */

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'packages', 'redis-leaks', 'dist', 'cli', 'bin.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** A database of its own, so other e2e files' keys stay out of the sample. */
const DB = 6;
const CONNECTION_NAME = `report-generator-${randomUUID().slice(0, 6)}`;
const KEYS = { epochBatchSize: 20_000, epochBatchSubmissions: 10_000, sessions: 15_000, luaHits: 5_000 };
const TOTAL = Object.values(KEYS).reduce((sum, n) => sum + n, 0);

const base = new URL(inject('redisUrl'));
const url = `redis://${base.host}/${DB}`;
const run = promisify(execFile);
let redis: Redis;
const idle: Redis[] = [];
let blocked: Redis;
let dir: string;
let report: AuditReport;
let exitCode: number;
let htmlFile: string;

beforeAll(async () => {
  redis = new Redis(url, { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  const pipeline = redis.pipeline();
  for (let i = 0; i < KEYS.epochBatchSize; i++) pipeline.set(`epoch_batch_size:${i}`, String(100 + (i % 50)));
  for (let i = 0; i < KEYS.epochBatchSubmissions; i++) pipeline.sadd(`epoch_batch_submissions:${i}`, `0x${i.toString(16).padStart(64, 'a')}`);
  for (let i = 0; i < KEYS.sessions; i++) pipeline.set(`sess:${randomUUID()}`, '{"user":1}', 'EX', 3600);
  for (let i = 0; i < KEYS.luaHits; i++) pipeline.incr(`lua:hits:${i}`);
  await pipeline.exec();
  expect(await redis.dbsize()).toBe(TOTAL);

  // A report generator that opens a client per call and never closes it, and a queue worker blocked on BLPOP (long-lived by design).
  for (let i = 0; i < 12; i++) {
    const client = new Redis(url, { connectionName: CONNECTION_NAME });
    await client.ping();
    idle.push(client);
  }
  blocked = new Redis(url, { connectionName: `${CONNECTION_NAME}-worker` });
  void blocked.blpop(`queue:${randomUUID()}`, 0).catch(() => {});
  // Idle time counts in whole seconds: wait past --idle 1.
  await new Promise((resolve) => setTimeout(resolve, 2_500));

  dir = mkdtempSync(path.join(tmpdir(), 'redis-leaks-audit-'));
  htmlFile = path.join(dir, 'report.html');
  const result = await run(process.execPath, [CLI, 'audit', '--url', url, '--idle', '1', '--json', '--html', htmlFile, 'fixtures/audit'], { cwd: ROOT }).then(
    (done) => ({ ...done, code: 0 }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  exitCode = result.code;
  report = JSON.parse(result.stdout) as AuditReport;
}, 120_000);

afterAll(async () => {
  for (const client of [...idle, blocked]) client?.disconnect();
  if (redis) {
    await redis.flushdb();
    await redis.quit();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const pattern = (name: string) => report.keys?.patterns.find((group) => group.pattern === name);

describe('redis-leaks audit against a live server', () => {
  it('exits 1 and writes nothing to the server', async () => {
    expect(exitCode).toBe(1);
    expect(await redis.dbsize()).toBe(TOTAL);
  });

  it('samples every key and groups them into their patterns', () => {
    expect(report.keys).toMatchObject({ totalKeys: TOTAL, sampledKeys: TOTAL, keysWithoutTtl: KEYS.epochBatchSize + KEYS.epochBatchSubmissions + KEYS.luaHits, complete: true });
    expect(pattern('epoch_batch_size:*')).toMatchObject({ sampledKeys: KEYS.epochBatchSize, keysWithoutTtl: KEYS.epochBatchSize, estimatedKeys: KEYS.epochBatchSize, types: ['string'] });
    expect(pattern('epoch_batch_submissions:*')).toMatchObject({ sampledKeys: KEYS.epochBatchSubmissions, keysWithoutTtl: KEYS.epochBatchSubmissions, types: ['set'] });
    expect(pattern('sess:*')).toMatchObject({ sampledKeys: KEYS.sessions, keysWithoutTtl: 0 });
    expect(pattern('lua:hits:*')).toMatchObject({ sampledKeys: KEYS.luaHits, keysWithoutTtl: KEYS.luaHits });
    expect(pattern('epoch_batch_size:*')!.share).toBeCloseTo(KEYS.epochBatchSize / TOTAL, 5);
    // Memory is measured on a sample and extrapolated: a set of one 66-byte member weighs more than a short string.
    const sizeBytes = pattern('epoch_batch_size:*')!.estimatedBytes!;
    const submissionBytes = pattern('epoch_batch_submissions:*')!.estimatedBytes!;
    expect(sizeBytes / KEYS.epochBatchSize).toBeGreaterThan(30);
    expect(sizeBytes / KEYS.epochBatchSize).toBeLessThan(200);
    expect(submissionBytes / KEYS.epochBatchSubmissions).toBeGreaterThan(sizeBytes / KEYS.epochBatchSize);
    expect(pattern('epoch_batch_size:*')!.idleSeconds!.median).toBeGreaterThanOrEqual(2);
  });

  it('ties the patterns without TTL to the lines that write them', () => {
    const leaks = Object.fromEntries(report.code!.leaks.map((leak) => [leak.pattern, leak.sites.map((site) => `${site.file}:${site.line} ${site.command} ${site.expiry}`)]));
    expect(leaks).toEqual({
      'epoch_batch_size:*': ['fixtures/audit/src/relayer.ts:6 set none'],
      'epoch_batch_submissions:*': ['fixtures/audit/src/relayer.ts:7 sadd none'],
    });
    expect(report.code!.confirmed.map((match) => [match.pattern, match.sites.map((site) => `${site.file}:${site.line}`)])).toEqual([['sess:*', ['fixtures/audit/src/sessions.ts:7']]]);
    expect(report.code!.unexplained).toEqual(['lua:hits:*']);
  });

  it('flags the idle connections from one place, not the blocked worker', () => {
    const groups = report.connections!.groups;
    const leaked = groups.find((group) => group.name === CONNECTION_NAME);
    expect(leaked).toMatchObject({ host: '127.0.0.1', count: 12, idleCount: 12 });
    expect(leaked!.leak).toMatch(/12 of 12 connections/);
    const worker = groups.find((group) => group.name === `${CONNECTION_NAME}-worker`);
    expect(worker).toMatchObject({ count: 1 });
    expect(worker!.leak).toBeUndefined();
    expect(groups.some((group) => group.name === 'redis-leaks-audit')).toBe(false);
  });

  it('writes an HTML report whose tables read back in headless Chromium', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
    expect(readFileSync(htmlFile, 'utf8')).toMatch(/^<!doctype html>/i);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(htmlFile).href);
      const rows = await page.$$eval('#key-patterns tbody tr', (trs) =>
        trs.map((tr) => ({
          pattern: tr.getAttribute('data-pattern'),
          status: tr.getAttribute('data-status'),
          withoutTtl: Number(tr.getAttribute('data-keys-without-ttl')),
          sites: [...tr.querySelectorAll('td.sites li code')].map((code) => code.textContent),
        })),
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          { pattern: 'epoch_batch_size:*', status: 'leak', withoutTtl: KEYS.epochBatchSize, sites: ['fixtures/audit/src/relayer.ts:6'] },
          { pattern: 'epoch_batch_submissions:*', status: 'leak', withoutTtl: KEYS.epochBatchSubmissions, sites: ['fixtures/audit/src/relayer.ts:7'] },
          { pattern: 'lua:hits:*', status: 'unexplained', withoutTtl: KEYS.luaHits, sites: [] },
          { pattern: 'sess:*', status: 'confirmed', withoutTtl: 0, sites: ['fixtures/audit/src/sessions.ts:7'] },
        ]),
      );
      const bars = await page.$$eval('#memory-chart rect.bar', (rects) => rects.map((rect) => rect.getAttribute('data-pattern')));
      expect(bars).toEqual(expect.arrayContaining(['epoch_batch_size:*', 'epoch_batch_submissions:*', 'lua:hits:*']));
      const leakedRow = await page.$eval(`#connections tr[data-name="${CONNECTION_NAME}"]`, (tr) => ({ count: tr.getAttribute('data-count'), leak: tr.getAttribute('data-leak') }));
      expect(leakedRow).toEqual({ count: '12', leak: 'true' });
    } finally {
      await browser.close();
    }
  });
});
