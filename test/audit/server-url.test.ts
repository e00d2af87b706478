import { describe, expect, it } from 'vitest';
import { AuditError, formatTimeout, parseRedisUrl, redactUrl, toAuditError } from '../../src/audit/server';

/** What `parseRedisUrl` threw, as an AuditError. */
function parseFailure(url: string): AuditError {
  try {
    parseRedisUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(AuditError);
    return error as AuditError;
  }
  throw new Error(`${url} parsed`);
}

describe('redactUrl', () => {
  it('masks a plain or percent-encoded password', () => {
    expect(redactUrl('redis://app:s3cr%2Ft@cache.internal:6380/2')).toBe('redis://app:***@cache.internal:6380/2');
    expect(redactUrl('rediss://:secret@[::1]:6379')).toBe('rediss://:***@[::1]:6379');
    expect(redactUrl('redis://127.0.0.1:6379/3')).toBe('redis://127.0.0.1:6379/3');
    expect(redactUrl('redis://reader@127.0.0.1:6379')).toBe('redis://reader@127.0.0.1:6379');
  });

  it.each([
    // `/`: the URL does not parse (port `pa`)…
    ['redis://:pa/ss@127.0.0.1:6404', 'redis://:***@127.0.0.1:6404'],
    ['redis://user:pa/ss@127.0.0.1:6404/0', 'redis://user:***@127.0.0.1:6404/0'],
    // … or parses with the password's tail as the path (`user:12` read as host and port).
    ['redis://user:12/34@127.0.0.1:6404', 'redis://user:***@127.0.0.1:6404'],
    ['redis://:pa#ss@127.0.0.1:6404', 'redis://:***@127.0.0.1:6404'],
    ['redis://:pa?ss@127.0.0.1:6404', 'redis://:***@127.0.0.1:6404'],
    ['redis://:12?ss@127.0.0.1:6404', 'redis://:***@127.0.0.1:6404'],
    // `@`: the last one ends the user part, as in URL parsing.
    ['redis://user:p@ss@127.0.0.1:6404/1', 'redis://user:***@127.0.0.1:6404/1'],
    ['redis://:a/b#c?d@e@127.0.0.1:6404', 'redis://:***@127.0.0.1:6404'],
    // Not a URL at all.
    ['redis//user:secret@host', 'redis//user:***@host'],
  ])('masks every character of the password in %s', (url, masked) => {
    expect(redactUrl(url)).toBe(masked);
  });
});

describe('parseRedisUrl', () => {
  it('reads host, port, user, password, database and TLS', () => {
    expect(parseRedisUrl('rediss://app:s3cr%40t%2F@[::1]:6380/2')).toEqual({ host: '::1', port: 6380, username: 'app', password: 's3cr@t/', db: 2, tls: true });
    expect(parseRedisUrl('redis://cache.internal')).toEqual({ host: 'cache.internal', port: 6379, db: 0, tls: false });
  });

  it('suggests percent-encoding when a password breaks the URL, without showing the password', () => {
    const failure = parseFailure('redis://:pa/ss@127.0.0.1:6404');
    expect(failure.message).toBe(
      '--url is not a URL: expected redis://[user:pass@]host[:port][/db], got redis://:***@127.0.0.1:6404; ' +
        'percent-encode special characters in the user and password (/ as %2F, ? as %3F, # as %23, @ as %40, % as %25)',
    );
    const moved = parseFailure('redis://user:12/34@127.0.0.1:6404');
    expect(moved.message).toContain('percent-encode special characters');
    expect(moved.message).not.toContain('12/34');
    expect(moved.message).not.toContain('/34');
  });

  it('reads the database from ?db= as from the path', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379?db=2')).toMatchObject({ host: '127.0.0.1', port: 6379, db: 2 });
    expect(parseRedisUrl('redis://127.0.0.1:6379/2?db=2')).toMatchObject({ db: 2 });
    expect(parseFailure('redis://127.0.0.1:6379/2?db=3').message).toBe('--url names two databases, /2 and ?db=3: keep one');
    expect(parseFailure('redis://127.0.0.1?db=two').message).toBe('the db parameter of --url must be a database number (redis://host:port/3), got ?db=two');
    expect(parseFailure('redis://127.0.0.1?db=1&db=2').message).toContain('more than once');
  });

  it('refuses query parameters it would ignore, naming them but not their values', () => {
    const failure = parseFailure('redis://127.0.0.1:6379?password=hunter2&family=6');
    expect(failure.message).toContain('(password, family)');
    expect(failure.message).toContain('only ?db=N is understood');
    expect(failure.message).not.toContain('hunter2');
  });

  it('refuses other schemes and paths', () => {
    expect(parseFailure('http://cache.internal').message).toContain('--url must start with redis:// or rediss://');
    expect(parseFailure('redis://cache.internal/zero').message).toContain('must be a database number');
  });
});

describe('timeouts', () => {
  it('formats the per-command timeout', () => {
    expect(formatTimeout(300)).toBe('300 ms');
    expect(formatTimeout(1_500)).toBe('1.5 s');
    expect(formatTimeout(10_000)).toBe('10 s');
  });

  it('says a command was not answered in time once connected, and what to check while connecting', () => {
    const timedOut = new Error('Command timed out');
    expect(toAuditError(timedOut, { address: '127.0.0.1:6379', timeoutMs: 10_000, command: 'SCAN' })).toMatchObject({
      kind: 'timeout',
      message: 'redis at 127.0.0.1:6379 did not answer a command within 10 s (SCAN): the server is busy or stalled (a slow command, a fork for a save, a paused process)',
    });
    const connecting = toAuditError(timedOut, { address: '127.0.0.1:6379', timeoutMs: 300, connecting: true });
    expect(connecting.message).toBe('redis at 127.0.0.1:6379 did not answer within 300 ms: check --url, the network (firewall, VPN) and whether the server expects TLS (rediss://)');
    expect(connecting.message).not.toContain('--timeout');
  });
});
