import { describe, expect, it } from 'vitest';
import { decodeKey, parseMasterKey } from './keys';

describe('keys', () => {
  it('parses a base64 master key from configuration', () => {
    const base64 = Buffer.alloc(32, 7).toString('base64');
    const mk = parseMasterKey({ id: 'mk1', key: base64 });
    expect(mk.id).toBe('mk1');
    expect(mk.key).toEqual(new Uint8Array(32).fill(7));
  });

  it('rejects wrong lengths, bad base64 and bad ids', () => {
    expect(() => decodeKey(Buffer.alloc(31).toString('base64'))).toThrow(/32 bytes/);
    expect(() => decodeKey('not base64!!')).toThrow(/base64/);
    expect(() => parseMasterKey({ id: 'a b', key: Buffer.alloc(32).toString('base64') })).toThrow(/id/);
  });
});
