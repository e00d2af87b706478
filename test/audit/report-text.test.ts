import { describe, expect, it } from 'vitest';
import type { AuditReport, KeyPatternGroup, KeyWriteSite } from '../../src/audit/types';
import { formatBytes, formatCount, formatDuration, formatInteger, formatPercent, printable, truncate } from '../../src/audit/format-units';
import { matchPatternsToSites } from '../../src/audit/match-patterns';
import { describePatterns } from '../../src/audit/pattern-rows';
import { formatAuditText } from '../../src/audit/report-text';
import * as sample from './sample-report';
import { apiGroup, bullStalled, dedupeAdd, leakedGroup, relayerSet, sessions, sessionSet } from './sample-report';

const MB = 1024 ** 2;

// Sets an expiry in the code, yet the sampled keys have none: the report must say so.
const legacyWrite: KeyWriteSite = {
  file: 'src/cache/legacy.ts',
  line: 88,
  column: 5,
  command: 'hset',
  keyPrefix: 'legacy:cache:',
  keyText: '`legacy:cache:${id}:blob`',
  expiry: 'present',
};

// The shared sample, with a second example key and every `seen:*` key without TTL.
const epochBatchSize: KeyPatternGroup = { ...sample.epochBatchSize, examples: ['epoch_batch_size:81723', 'epoch_batch_size:81724'] };
const seen: KeyPatternGroup = { ...sample.seen, keysWithoutTtl: 12_000 };
const legacyBlob: KeyPatternGroup = {
  pattern: 'legacy:cache:*:blob',
  sampledKeys: 9_000,
  keysWithoutTtl: 9_000,
  estimatedKeys: 432_000,
  share: 0.18,
  estimatedBytes: 60 * MB,
  types: ['hash'],
  idleSeconds: { median: 8_000_000, max: 9_000_000 },
  examples: ['legacy:cache:42:blob'],
};

/** A production-like audit: three leaks, one confirmed pattern, one unexplained, a leaked connection group, a warning. */
const report: AuditReport = {
  server: 'redis://cache.internal:6379/0',
  mode: 'standalone',
  role: 'master',
  redisVersion: '7.2.4',
  usedMemoryBytes: 2.4 * 1024 ** 3,
  keys: {
    totalKeys: 2_400_000,
    sampledKeys: 50_000,
    keysWithoutTtl: 47_000,
    measuredKeys: 2_000,
    complete: false,
    patterns: [epochBatchSize, seen, legacyBlob, sessions, bullStalled],
  },
  connections: {
    connectedClients: 412,
    maxClients: 10_000,
    groups: [
      apiGroup,
      { ...leakedGroup, leak: `${leakedGroup.leak!}: clients opened per request and never closed?` },
      { host: '10.0.3.20', name: 'worker', count: 60, idleCount: 0, oldestSeconds: 3_600, medianAgeSeconds: 1_800, medianIdleSeconds: 0 },
    ],
  },
  code: {
    files: 84,
    sites: [relayerSet, dedupeAdd, legacyWrite, sessionSet],
    leaks: [
      { pattern: 'epoch_batch_size:*', sites: [relayerSet] },
      { pattern: 'seen:*', sites: [dedupeAdd] },
      { pattern: 'legacy:cache:*:blob', sites: [legacyWrite] },
    ],
    confirmed: [{ pattern: 'sess:*', sites: [sessionSet] }],
    unexplained: ['bull:*:stalled'],
  },
  warnings: ['CONFIG GET is not allowed for this user: maxclients unknown'],
};

const ANSI = /\u001b\[/;

/** The cells of a table line (after its 2-column flag): runs of text set apart by two spaces or more. */
function tableCells(line: string): { text: string; start: number; end: number }[] {
  return [...line.slice(2).matchAll(/\S+(?: \S+)*/g)].map((match) => ({ text: match[0], start: match.index + 2, end: match.index + 2 + match[0].length }));
}

function section(text: string, title: string): string {
  const start = text.indexOf(`\n${title}`);
  if (start === -1) throw new Error(`no "${title}" section in:\n${text}`);
  const end = text.indexOf('\n\n', start + 1);
  return text.slice(start + 1, end === -1 ? undefined : end);
}

describe('formatAuditText', () => {
  it('renders the whole report, section by section', () => {
    expect(formatAuditText(report, { color: false })).toBe(`redis-leaks audit  redis://cache.internal:6379/0
standalone · master · Redis 7.2.4 · 2.4 GB used
Sampled 50,000 of 2.4 M keys (2.1%), 47,000 without TTL (94%); memory measured on 2,000
SCAN stopped before the end of the keyspace: counts and memory are extrapolated.
Code: 84 files, 4 key write sites

Keys without TTL  3 patterns (~335 MB)
  PATTERN                                                   KEYS   SHARE     MEMORY  IDLE (MEDIAN)
  epoch_batch_size:*                                       1.2 M     50%    ~180 MB        3 d 4 h
      25,000 of 25,000 sampled without TTL · string · idle up to 21 d 23 h
      e.g. epoch_batch_size:81723, epoch_batch_size:81724
      src/relayer.ts:225  set without expiry
  seen:*                                                 576,000     24%     ~95 MB           45 s
      12,000 of 12,000 sampled without TTL · set · idle up to 1 h
      e.g. seen:2024-05-01
      src/workers/dedupe.ts:17  sadd without expiry
  legacy:cache:*:blob                                    432,000     18%     ~60 MB      92 d 14 h
      9,000 of 9,000 sampled without TTL · hash · idle up to 104 d 4 h
      e.g. legacy:cache:42:blob
      src/cache/legacy.ts:88  hset with expiry, yet the sampled keys have none: is the expiry
                              skipped on some path, or the key rewritten without one?

Connections  412 connected of 10,000 maxclients (4.1%)
  HOST       NAME       CONNS  IDLE     OLDEST
! 10.0.3.17  (unnamed)    312   298   12 d 3 h
      leak: 298 of 312 connections from one host have been idle over 10 min: clients opened per
      request and never closed?
  10.0.3.18  api           40     2  3 h 3 min
  10.0.3.20  worker        60     0        1 h

Confirmed  keys carry a TTL; the code that writes them sets one
  PATTERN                                                   KEYS   SHARE     MEMORY  IDLE (MEDIAN)
  sess:*                                                 144,000      6%     ~40 MB         10 min
      src/session/store.ts:48  set with expiry

Unexplained patterns  no TTL, and no code site given writes them (~12 MB)
  Written by Lua scripts, other services, or key names the analysis cannot follow (config, helpers).
  PATTERN                                                   KEYS   SHARE     MEMORY  IDLE (MEDIAN)
  bull:*:stalled                                          48,000      2%     ~12 MB              –
      1,000 of 1,000 sampled without TTL · set
      e.g. bull:email:stalled

Warnings  the report is partial
  - CONFIG GET is not allowed for this user: maxclients unknown

Verdict: 4 patterns without TTL (~347 MB; 1 unexplained), 1 leaked connection group; partial.
`);
  });

  it('lists leaking patterns largest memory first, whatever order they come in', () => {
    const shuffled: AuditReport = { ...report, keys: { ...report.keys!, patterns: [bullStalled, seen, sessions, legacyBlob, epochBatchSize] } };
    const leaks = section(formatAuditText(shuffled, { color: false }), 'Keys without TTL');
    const order = ['epoch_batch_size:*', 'seen:*', 'legacy:cache:*:blob'].map((pattern) => leaks.indexOf(`\n  ${pattern} `));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Confirmed and unexplained patterns have their own sections.
    expect(leaks).not.toContain('sess:*');
    expect(leaks).not.toContain('bull:*:stalled');
  });

  it('puts each write site under the pattern it writes, and flags an expiry the keys do not show', () => {
    const leaks = section(formatAuditText(report, { color: false }), 'Keys without TTL');
    const lines = leaks.split('\n');
    const epoch = lines.findIndex((line) => line.startsWith('  epoch_batch_size:*'));
    expect(lines.slice(epoch + 1, epoch + 4)).toContain('      src/relayer.ts:225  set without expiry');
    expect(leaks).toContain('src/cache/legacy.ts:88  hset with expiry, yet the sampled keys have none');
  });

  it('lists leaked connection groups first, with their reason', () => {
    const connections = section(formatAuditText(report, { color: false }), 'Connections');
    const rows = connections.split('\n').slice(2);
    expect(rows[0]).toMatch(/^! 10\.0\.3\.17 +\(unnamed\) +312 +298 +12 d 3 h$/);
    expect(rows[1]).toBe('      leak: 298 of 312 connections from one host have been idle over 10 min: clients opened per');
    expect(rows[3]).toMatch(/^ {2}10\.0\.3\.18 +api +40 +2 +3 h 3 min$/);
  });

  it('keeps the connection columns aligned and apart, whatever their widths', () => {
    const wide: AuditReport = {
      ...report,
      connections: {
        connectedClients: 1_234_600,
        groups: [
          { host: '10.0.3.30', name: 'report-gen', count: 12, idleCount: 12, oldestSeconds: 576, medianAgeSeconds: 300, medianIdleSeconds: 300, leak: '12 idle' },
          {
            host: 'fe80:0000:0000:0000:0202:b3ff:fe1e:8329',
            name: 'billing-report-generator-worker-eu-west-1',
            count: 1_234_567,
            idleCount: 1_200_000,
            oldestSeconds: 12 * 3_600 + 5 * 60,
            medianAgeSeconds: 60,
            medianIdleSeconds: 60,
          },
          { host: '10.0.3.31', name: '', count: 3, idleCount: 0, oldestSeconds: 10 * 60 + 59, medianAgeSeconds: 60, medianIdleSeconds: 0 },
        ],
      },
    };
    const [header = '', ...rows] = section(formatAuditText(wide, { color: false }), 'Connections')
      .split('\n')
      .filter((line) => /^[! ] \S/.test(line));
    const titles = tableCells(header);
    expect(titles.map((cell) => cell.text)).toEqual(['HOST', 'NAME', 'CONNS', 'IDLE', 'OLDEST']);
    const cells = rows.map(tableCells);
    // Counts and durations whole; the long name cut with … so the line keeps to 100 columns.
    expect(cells.map((row) => row.map((cell) => cell.text))).toEqual([
      ['10.0.3.30', 'report-gen', '12', '12', '9 min 36 s'],
      ['fe80:0000:0000:0000:0202:b3ff:fe1e:8329', expect.stringMatching(/^billing-report-gen\S*…$/), '1,234,567', '1,200,000', '12 h 5 min'],
      ['10.0.3.31', '(unnamed)', '3', '0', '10 min 59 s'],
    ]);
    for (const row of cells) {
      // HOST and NAME start under their titles; CONNS, IDLE and OLDEST end under theirs.
      expect(row.slice(0, 2).map((cell) => cell.start)).toEqual(titles.slice(0, 2).map((title) => title.start));
      expect(row.slice(2).map((cell) => cell.end)).toEqual(titles.slice(2).map((title) => title.end));
    }
    for (const line of [header, ...rows]) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it('colours only when asked', () => {
    const plain = formatAuditText(report, { color: false });
    const coloured = formatAuditText(report, { color: true });
    expect(plain).not.toMatch(ANSI);
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('keeps lines within 100 columns, cutting long keys and patterns with …', () => {
    const longPattern = `tenant:${'x'.repeat(120)}:*`;
    const longKey = `tenant:${'y'.repeat(200)}:1`;
    const wide: AuditReport = {
      ...report,
      keys: { ...report.keys!, patterns: [{ ...epochBatchSize, pattern: longPattern, examples: [longKey, longKey] }] },
      code: { ...report.code!, leaks: [{ pattern: longPattern, sites: [{ ...relayerSet, file: `src/${'deep/'.repeat(30)}relayer.ts` }] }] },
      connections: { ...report.connections!, groups: [{ ...report.connections!.groups[0]!, name: 'n'.repeat(80), leak: 'w'.repeat(150) }] },
      warnings: [`SCAN timed out ${'after a very long wait '.repeat(10)}`],
    };
    const text = formatAuditText(wide, { color: false });
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
    expect(text).toContain(`  tenant:${'x'.repeat(44)}…`);
    expect(text).toContain(`e.g. tenant:${'y'.repeat(32)}…`);
    expect(text).toContain('src/deep/deep/');
  });

  it('shows control characters in server text as escapes, so a key cannot drive the terminal', () => {
    const hostile: AuditReport = {
      ...report,
      keys: { ...report.keys!, patterns: [{ ...epochBatchSize, examples: ['evil\u001b[2J\u001b]0;pwned\u0007:1'] }] },
      connections: { ...report.connections!, groups: [{ ...report.connections!.groups[0]!, name: 'bad\u001b[31mname\u202e' }] },
    };
    const text = formatAuditText(hostile, { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    expect(text).not.toContain('\u202e');
    expect(text).toContain('evil\\x1b[2J\\x1b]0;pwned\\x07:1');
    expect(text).toContain('bad\\x1b[31mname\\u202e');
  });

  it('without source paths, lists the patterns without TTL and says how to tie them to code', () => {
    const serverOnly: AuditReport = { ...report, code: undefined };
    const text = formatAuditText(serverOnly, { color: false });
    const leaks = section(text, 'Keys without TTL');
    expect(leaks).toContain('Keys without TTL  4 patterns (~347 MB)');
    expect(leaks).toContain('  bull:*:stalled ');
    expect(leaks).toContain('Pass source paths to tie these patterns to the code that writes them.');
    expect(text).not.toContain('\nConfirmed');
    expect(text).not.toContain('\nUnexplained patterns');
    expect(text).toContain('Verdict: 4 patterns without TTL (~347 MB), 1 leaked connection group; partial.');
  });

  it('says what is missing when the keys or connections could not be read', () => {
    const partial: AuditReport = {
      server: 'redis://replica.internal:6380',
      mode: 'cluster',
      role: 'replica',
      warnings: ['SCAN is not allowed for this user (NOPERM)', 'CLIENT LIST is not allowed for this user (NOPERM)'],
    };
    const text = formatAuditText(partial, { color: false });
    expect(text).toContain('cluster · replica\n');
    expect(text).toContain('Keys without TTL\n  not sampled (see warnings)');
    expect(text).toContain('Connections\n  not listed (see warnings)');
    expect(text).toContain('  - SCAN is not allowed for this user (NOPERM)\n  - CLIENT LIST is not allowed for this user (NOPERM)');
    expect(text.endsWith('Verdict: no leaks found; partial.\n')).toBe(true);
  });

  it('reports a clean server as clean', () => {
    const clean: AuditReport = {
      ...report,
      keys: { ...report.keys!, keysWithoutTtl: 0, patterns: [sessions] },
      connections: { connectedClients: 3, groups: [report.connections!.groups[0]!] },
      code: { files: 84, sites: [sessionSet], leaks: [], confirmed: [{ pattern: 'sess:*', sites: [sessionSet] }], unexplained: [] },
      warnings: [],
    };
    const text = formatAuditText(clean, { color: false });
    expect(text).toContain('Keys without TTL\n  none: every sampled key has a TTL');
    expect(text).toContain('Connections  3 connected (maxclients unknown)');
    expect(text).toContain('Unexplained patterns  no TTL, and no code site given writes them\n  none');
    expect(text).not.toContain('Warnings');
    expect(text.endsWith('\nVerdict: no leaks found.\n')).toBe(true);
  });

  it('sums up the patterns past the first 25', () => {
    const many = Array.from({ length: 30 }, (_, index): KeyPatternGroup => ({ ...seen, pattern: `queue${index}:*`, estimatedBytes: (30 - index) * MB }));
    const crowded: AuditReport = { ...report, keys: { ...report.keys!, patterns: many }, code: undefined };
    const leaks = section(formatAuditText(crowded, { color: false }), 'Keys without TTL');
    expect(leaks).toContain('  queue24:* ');
    expect(leaks).not.toContain('  queue25:* ');
    // 5 + 4 + 3 + 2 + 1 MB left over.
    expect(leaks).toContain('  … 5 more patterns (~15 MB)');
  });
});

describe('describePatterns', () => {
  it('classifies each pattern once, largest memory first', () => {
    expect(describePatterns(report).map((row) => [row.pattern, row.status, row.sites.length])).toEqual([
      ['epoch_batch_size:*', 'leak', 1],
      ['seen:*', 'leak', 1],
      ['legacy:cache:*:blob', 'leak', 1],
      ['sess:*', 'confirmed', 1],
      ['bull:*:stalled', 'unexplained', 0],
    ]);
  });

  it('marks patterns with a TTL and no code site as `ttl`, and no-TTL patterns as leaks when no code was given', () => {
    const serverOnly: AuditReport = { ...report, code: undefined };
    expect(describePatterns(serverOnly).map((row) => row.status)).toEqual(['leak', 'leak', 'leak', 'ttl', 'leak']);
  });
});

describe('format-units', () => {
  it('formats bytes in 1024 steps', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1023.7)).toBe('1 KB');
    expect(formatBytes(180 * MB)).toBe('180 MB');
    expect(formatBytes(1.2 * 1024 ** 3)).toBe('1.2 GB');
    expect(formatBytes(1023.9 * MB)).toBe('1 GB');
  });

  it('formats counts exactly below a million and compactly above', () => {
    expect(formatCount(7)).toBe('7');
    expect(formatCount(12_345)).toBe('12,345');
    expect(formatCount(999_999)).toBe('999,999');
    expect(formatCount(1_200_000)).toBe('1.2 M');
    expect(formatCount(45_600_000)).toBe('46 M');
    expect(formatCount(3_400_000_000)).toBe('3.4 bn');
    expect(formatInteger(-1_234_567.4)).toBe('-1,234,567');
  });

  it('formats durations with their two largest units', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(3_600)).toBe('1 h');
    expect(formatDuration(3 * 86_400 + 4 * 3_600 + 59 * 60)).toBe('3 d 4 h');
    expect(formatDuration(3 * 86_400 + 59)).toBe('3 d');
  });

  it('formats shares as percentages without hiding tiny ones', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0001)).toBe('<0.1%');
    expect(formatPercent(0.412)).toBe('41.2%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('cuts and escapes server text for display', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcd', 4)).toBe('abcd');
    expect(printable('a\nb\u001bc\u202ed')).toBe('a\\x0ab\\x1bc\\u202ed');
    expect(printable('plain:key:ü:😀')).toBe('plain:key:ü:😀');
  });
});

describe('formatAuditText on an empty or unreadable keyspace', () => {
  const noKeys = (totalKeys: number): AuditReport => ({
    ...report,
    keys: { totalKeys, sampledKeys: 0, keysWithoutTtl: 0, measuredKeys: 0, complete: totalKeys === 0, patterns: [] },
    code: undefined,
  });

  it('says the database is empty rather than that every key has a TTL', () => {
    const text = formatAuditText(noKeys(0), { color: false });
    expect(text).toContain('none: the database has no keys');
    expect(text).not.toContain('every sampled key has a TTL');
  });

  it('says no key could be sampled when keys exist', () => {
    expect(formatAuditText(noKeys(50), { color: false })).toContain('no key could be sampled (see warnings)');
  });
});

describe('formatAuditText when no key write ties the keys without TTL to the code', () => {
  const patterns = report.keys!.patterns;

  it('says the code holds no key write, rather than that every key has a TTL', () => {
    const noWrites: AuditReport = { ...report, code: { files: 3, ...matchPatternsToSites(patterns, []) } };
    const text = formatAuditText(noWrites, { color: false });
    expect(text).not.toContain('every sampled key has a TTL');
    expect(section(text, 'Keys without TTL')).toBe(`Keys without TTL  4 patterns (~347 MB), none tied to the code
  47,000 sampled keys without TTL; the code given holds no key write to tie them to.
  They are listed under Unexplained patterns below.`);
    const unexplained = section(text, 'Unexplained patterns');
    expect(unexplained).toContain('The code given holds no key write: pass the paths of the code that writes these keys.');
    for (const pattern of ['epoch_batch_size:*', 'seen:*', 'legacy:cache:*:blob', 'bull:*:stalled']) expect(unexplained).toContain(`\n  ${pattern} `);
    expect(text).toContain('Verdict: 4 patterns without TTL (~347 MB; 4 unexplained), 1 leaked connection group; partial.');
  });

  it('says no key write matches when the code writes only other patterns', () => {
    const otherWrites: AuditReport = { ...report, code: { files: 84, ...matchPatternsToSites(patterns, [sessionSet]) } };
    const text = formatAuditText(otherWrites, { color: false });
    expect(text).not.toContain('every sampled key has a TTL');
    expect(section(text, 'Keys without TTL')).toContain('\n  47,000 sampled keys without TTL; no key write in the code given matches their patterns.\n');
    expect(section(text, 'Unexplained patterns')).toContain('Written by Lua scripts, other services');
    expect(section(text, 'Confirmed')).toContain('  sess:* ');
  });
});
