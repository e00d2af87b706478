import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditReport, KeyPatternGroup } from '../../src/audit/types';
import { renderAuditHtml } from '../../src/audit/report-html';
import { apiGroup, bullStalled, dedupeAdd, epochBatchSize, leakedGroup, relayerSet, seen, sessions, sessionSet } from './sample-report';

// The page is checked in a real browser: what users open is what is tested.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MB = 1024 ** 2;



const report: AuditReport = {
  server: 'redis://cache.internal:6379/0',
  mode: 'standalone',
  role: 'master',
  redisVersion: '7.2.4',
  usedMemoryBytes: 2.4 * 1024 ** 3,
  keys: {
    totalKeys: 2_400_000,
    sampledKeys: 50_000,
    keysWithoutTtl: 37_000,
    measuredKeys: 2_000,
    complete: false,
    patterns: [epochBatchSize, seen, sessions, bullStalled],
  },
  connections: {
    connectedClients: 412,
    maxClients: 10_000,
    groups: [
      apiGroup,
      leakedGroup,
    ],
  },
  code: {
    files: 84,
    sites: [relayerSet, dedupeAdd, sessionSet],
    leaks: [
      { pattern: 'epoch_batch_size:*', sites: [relayerSet] },
      { pattern: 'seen:*', sites: [dedupeAdd] },
    ],
    confirmed: [{ pattern: 'sess:*', sites: [sessionSet] }],
    unexplained: ['bull:*:stalled'],
  },
  warnings: ['CONFIG GET is not allowed for this user: maxclients unknown'],
};

const XSS_KEY = '<img src=x onerror=alert(1)>';
const XSS_NAME = '"><script>alert(2)</script>';
const hostileReport: AuditReport = {
  ...report,
  server: 'redis://<b>bold</b>:6379',
  keys: {
    ...report.keys!,
    patterns: [{ ...epochBatchSize, pattern: `${XSS_KEY}:*`, examples: [`${XSS_KEY}:1`, "it's \"quoted\" & <b>"] }],
  },
  connections: { ...report.connections!, groups: [{ ...report.connections!.groups[0]!, name: XSS_NAME, leak: `<svg onload=alert(3)>` }] },
  code: { ...report.code!, leaks: [], confirmed: [], unexplained: [`${XSS_KEY}:*`] },
  warnings: ['<iframe src="https://example.com"></iframe>'],
};

let browser: Browser | undefined;
let folder: string;
const pages: Page[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: the HTML report test needs one. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] }).catch((error: unknown) => {
    throw new Error(`Chromium at ${CHROMIUM} did not start (reinstall it: apt-get install chromium): ${String(error)}`);
  });
  folder = mkdtempSync(path.join(tmpdir(), 'redis-leaks-html-'));
});

afterEach(async () => {
  await Promise.all(pages.splice(0).map((page) => page.close()));
});

afterAll(async () => {
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface OpenedPage {
  readonly page: Page;
  /** Every request the page made other than loading its own file. */
  readonly requests: string[];
  /** Messages of any alert/confirm/prompt: a sign that injected script ran. */
  readonly dialogs: string[];
}

/** Writes `html` to a file, opens it, and records what the page requests or pops up. */
async function open(html: string, name = 'report.html'): Promise<OpenedPage> {
  const file = path.join(folder, name);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser!.newPage();
  pages.push(page);
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // Nothing may reach the network from a test, whatever the page asks for.
  await page.route(/^(?!file:)/, (route) => route.abort());
  await page.goto(url);
  return { page, requests, dialogs };
}

async function attributes(page: Page, selector: string, names: readonly string[]): Promise<Record<string, string | null>[]> {
  const elements = page.locator(selector);
  const rows: Record<string, string | null>[] = [];
  for (let index = 0; index < (await elements.count()); index += 1) {
    const element = elements.nth(index);
    const entries = await Promise.all(names.map(async (name) => [name, await element.getAttribute(name)] as const));
    rows.push(Object.fromEntries(entries));
  }
  return rows;
}

/** The text each cell shows (as rendered), whitespace collapsed. */
async function cellTexts(page: Page, rowSelector: string): Promise<string[][]> {
  const rows = page.locator(rowSelector);
  const texts: string[][] = [];
  for (let index = 0; index < (await rows.count()); index += 1) {
    const cells = await rows.nth(index).locator('td').allInnerTexts();
    texts.push(cells.map((cell) => cell.replace(/\s+/g, ' ').trim()));
  }
  return texts;
}

describe('renderAuditHtml in Chromium', () => {
  it('lists every pattern in #key-patterns, largest memory first, with exact numbers in data-*', async () => {
    const { page } = await open(renderAuditHtml(report));
    expect(await page.locator('#key-patterns thead th').allTextContents()).toEqual([
      'Pattern',
      'Keys without TTL',
      'Estimated keys',
      'Share',
      'Est. memory',
      'Idle median',
      'Written at',
      'Status',
    ]);
    expect(await cellTexts(page, '#key-patterns tbody tr')).toEqual([
      ['epoch_batch_size:* epoch_batch_size:81723', '25,000 of 25,000', '1.2 M', '50%', '~180 MB', '3 d 4 h', 'src/relayer.ts:225 set without expiry', 'leak'],
      ['seen:* seen:2024-05-01', '11,000 of 12,000', '576,000', '24%', '~95 MB', '45 s', 'src/workers/dedupe.ts:17 sadd without expiry', 'leak'],
      ['sess:* sess:ab12', '0 of 3,000', '144,000', '6%', '~40 MB', '10 min', 'src/session/store.ts:48 set with expiry', 'confirmed'],
      ['bull:*:stalled bull:email:stalled', '1,000 of 1,000', '48,000', '2%', '~12 MB', '–', '–', 'unexplained'],
    ]);
    const data = await attributes(page, '#key-patterns tbody tr', [
      'data-pattern',
      'data-status',
      'data-sampled-keys',
      'data-keys-without-ttl',
      'data-estimated-keys',
      'data-estimated-keys-without-ttl',
      'data-share',
      'data-estimated-bytes',
      'data-idle-median-seconds',
    ]);
    expect(data[0]).toEqual({
      'data-pattern': 'epoch_batch_size:*',
      'data-status': 'leak',
      'data-sampled-keys': '25000',
      'data-keys-without-ttl': '25000',
      'data-estimated-keys': '1200000',
      'data-estimated-keys-without-ttl': '1200000',
      'data-share': '0.5',
      'data-estimated-bytes': String(180 * MB),
      'data-idle-median-seconds': '274000',
    });
    expect(data[1]!['data-estimated-keys-without-ttl']).toBe('528000');
    expect(data.map((row) => row['data-status'])).toEqual(['leak', 'leak', 'confirmed', 'unexplained']);
    // No idle time was measured for bull:*:stalled: the attribute is left out rather than faked.
    expect(data[3]!['data-idle-median-seconds']).toBeNull();
    expect(await attributes(page, '#key-patterns tbody tr:first-child .sites li', ['data-file', 'data-line', 'data-expiry'])).toEqual([
      { 'data-file': 'src/relayer.ts', 'data-line': '225', 'data-expiry': 'none' },
    ]);
  });

  it('draws one bar per pattern, as wide as its share of the largest', async () => {
    const { page } = await open(renderAuditHtml(report));
    const bars = page.locator('#memory-chart rect.bar');
    expect(await bars.count()).toBe(4);
    const data = await attributes(page, '#memory-chart rect.bar', ['data-pattern', 'data-estimated-bytes', 'width']);
    expect(data.map((bar) => bar['data-pattern'])).toEqual(['epoch_batch_size:*', 'seen:*', 'sess:*', 'bull:*:stalled']);
    const widest = (await bars.first().boundingBox())!.width;
    expect(widest).toBeGreaterThan(100);
    for (let index = 0; index < data.length; index += 1) {
      const expected = (Number(data[index]!['data-estimated-bytes']) / (180 * MB)) * widest;
      // Laid-out width in pixels, not just the attribute.
      expect((await bars.nth(index).boundingBox())!.width).toBeCloseTo(expected, 0);
    }
  });

  it('charts the 20 largest patterns when there are more', async () => {
    const patterns = Array.from({ length: 25 }, (_, index): KeyPatternGroup => ({ ...seen, pattern: `queue${index}:*`, estimatedBytes: (index + 1) * MB }));
    const crowded: AuditReport = { ...report, keys: { ...report.keys!, patterns }, code: undefined };
    const { page } = await open(renderAuditHtml(crowded));
    expect(await page.locator('#key-patterns tbody tr').count()).toBe(25);
    const bars = await attributes(page, '#memory-chart rect.bar', ['data-pattern', 'width']);
    expect(bars).toHaveLength(20);
    expect(bars[0]).toEqual({ 'data-pattern': 'queue24:*', width: '500' });
    expect(bars[19]).toEqual({ 'data-pattern': 'queue5:*', width: '120' });
  });

  it('lists connection groups in #connections, leaked ones first', async () => {
    const { page } = await open(renderAuditHtml(report));
    expect(await cellTexts(page, '#connections tbody tr')).toEqual([
      ['10.0.3.17', '(unnamed)', '312', '298', '12 d 3 h', '4 d 15 h', '1 d 1 h', '298 of 312 connections from one host have been idle over 10 min'],
      ['10.0.3.18', 'api', '40', '2', '3 h 3 min', '1 h 23 min', '1 s', '–'],
    ]);
    expect(await attributes(page, '#connections tbody tr', ['data-host', 'data-count', 'data-idle-count', 'data-oldest-seconds', 'data-leak'])).toEqual([
      { 'data-host': '10.0.3.17', 'data-count': '312', 'data-idle-count': '298', 'data-oldest-seconds': '1050000', 'data-leak': 'true' },
      { 'data-host': '10.0.3.18', 'data-count': '40', 'data-idle-count': '2', 'data-oldest-seconds': '11000', 'data-leak': 'false' },
    ]);
  });

  it('shows the summary, the warnings and the generation time', async () => {
    const { page } = await open(renderAuditHtml(report, { generatedAt: new Date('2024-05-01T12:00:00Z') }));
    expect(await page.locator('#summary .verdict').textContent()).toBe(
      // The memory of patterns without TTL counts only their keys without TTL (seen:*: 11,000 of 12,000).
      '3 key patterns without TTL (~279 MB; 1 unexplained), 1 leaked connection group. The report is partial: see the warnings.',
    );
    expect(await page.locator('#warnings li').allTextContents()).toEqual(['CONFIG GET is not allowed for this user: maxclients unknown']);
    expect(await page.locator('footer time').getAttribute('datetime')).toBe('2024-05-01T12:00:00.000Z');
    expect(await page.title()).toBe('redis-leaks audit: redis://cache.internal:6379/0');
  });

  it('shows keys, client names and warnings from the server as text, never as markup', async () => {
    const { page, dialogs, requests } = await open(renderAuditHtml(hostileReport));
    expect(await page.locator('img, script, iframe, svg [onload], b').count()).toBe(0);
    expect(await page.locator('#key-patterns tbody tr td.pattern > code').textContent()).toBe(`${XSS_KEY}:*`);
    expect(await page.locator('#key-patterns tbody tr .examples li').allTextContents()).toEqual([`${XSS_KEY}:1`, "it's \"quoted\" & <b>"]);
    expect(await page.locator('#key-patterns tbody tr').getAttribute('data-pattern')).toBe(`${XSS_KEY}:*`);
    expect(await page.locator('#memory-chart rect.bar').getAttribute('data-pattern')).toBe(`${XSS_KEY}:*`);
    expect(await page.locator('#connections tbody tr').getAttribute('data-name')).toBe(XSS_NAME);
    expect(await page.locator('#connections tbody tr td').nth(1).textContent()).toBe(XSS_NAME);
    expect(await page.locator('#warnings li').textContent()).toBe('<iframe src="https://example.com"></iframe>');
    expect(await page.title()).toBe('redis-leaks audit: redis://<b>bold</b>:6379');
    await page.waitForTimeout(100);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('loads nothing from anywhere: no scripts, no links, no requests', async () => {
    const html = renderAuditHtml(report);
    expect(html).not.toMatch(/<script|<link|<iframe|\ssrc=|\shref=|url\(|@import/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    const { requests } = await open(html);
    expect(requests).toEqual([]);
    // The listener does see requests: a page that fetches something is caught.
    const control = await open('<!doctype html><img src="http://127.0.0.1:9/pixel.png">', 'control.html');
    await control.page.waitForLoadState('load');
    expect(control.requests).toEqual(['http://127.0.0.1:9/pixel.png']);
  });
});
