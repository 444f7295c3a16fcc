import { describe, expect, it } from 'vitest';
import { constantTimeEqual, hashToken, newAccountKey, newSessionToken } from './tokens';

describe('tokens', () => {
  it('makes 32-byte base64url session tokens', async () => {
    const token = await newSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await newSessionToken()).not.toBe(token);
  });

  it('hashes tokens stably as hex', async () => {
    const hash = await hashToken('abc');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashToken('abc')).toBe(hash);
    expect(await hashToken('abd')).not.toBe(hash);
    // BLAKE2b-256("abc"), RFC 7693 test vector family.
    expect(hash).toBe('bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
  });

  it('makes 32-character alphanumeric account keys using the whole alphabet', async () => {
    const keys = await Promise.all(Array.from({ length: 200 }, () => newAccountKey()));
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(new Set(keys.join('')).size).toBe(62);
  });

  it('compares strings', async () => {
    expect(await constantTimeEqual('abc', 'abc')).toBe(true);
    expect(await constantTimeEqual('abc', 'abd')).toBe(false);
    expect(await constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(await constantTimeEqual('', '')).toBe(true);
  });
});
