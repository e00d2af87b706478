import { describe, expect, it } from 'vitest';
import { displayKey } from '../../src/audit/sample-keys';

describe('displayKey', () => {
  it('shows valid UTF-8 as it is', () => {
    expect(displayKey(Buffer.from('user:42:profile'))).toBe('user:42:profile');
    expect(displayKey(Buffer.from('utf:café:日本:😀'))).toBe('utf:café:日本:😀');
  });

  it('writes each byte outside a valid UTF-8 sequence as \\xNN, keeping the valid text around it', () => {
    expect(displayKey(Buffer.from([0x62, 0x69, 0x6e, 0x3a, 0xff, 0xfe, 0x3a, 0x31]))).toBe('bin:\\xff\\xfe:1');
    // café in latin1: the é (0xe9) alone is not UTF-8.
    expect(displayKey(Buffer.from('caf\u00e9:x', 'latin1'))).toBe('caf\\xe9:x');
    // A valid é next to an invalid byte stays a character.
    expect(displayKey(Buffer.concat([Buffer.from('é'), Buffer.from([0x80])]))).toBe('é\\x80');
  });

  it('refuses overlong forms, surrogates, code points past U+10FFFF and cut sequences', () => {
    expect(displayKey(Buffer.from([0xc0, 0xaf]))).toBe('\\xc0\\xaf');
    expect(displayKey(Buffer.from([0xe0, 0x80, 0xaf]))).toBe('\\xe0\\x80\\xaf');
    expect(displayKey(Buffer.from([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80');
    expect(displayKey(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe('\\xf4\\x90\\x80\\x80');
    expect(displayKey(Buffer.from([0x61, 0xe6, 0x97]))).toBe('a\\xe6\\x97');
  });

  it('keeps keys apart that U+FFFD would merge', () => {
    expect(displayKey(Buffer.from([0x78, 0xff]))).not.toBe(displayKey(Buffer.from([0x78, 0xfe])));
  });
});
