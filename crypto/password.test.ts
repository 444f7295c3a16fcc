import { describe, expect, it } from 'vitest';
import { getSodium } from './sodium';
import { hashPassword, needsRehash, verifyPassword } from './password';

const fast = { opsLimit: 1, memLimit: 8192 };

describe('password hashing', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('Sterk!Wachtwoord1', fast);
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'Sterk!Wachtwoord1')).toBe(true);
    expect(await verifyPassword(hash, 'sterk!Wachtwoord1')).toBe(false);
    expect(await hashPassword('Sterk!Wachtwoord1', fast)).not.toBe(hash);
  });

  it('treats composed and decomposed characters alike', async () => {
    const hash = await hashPassword('Cr\u00e8me!brul\u00e9e1', fast);
    expect(await verifyPassword(hash, 'Cre\u0300me!brule\u0301e1')).toBe(true);
  });

  it('returns false for a malformed hash', async () => {
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('tells when a hash needs rehashing', async () => {
    const hash = await hashPassword('Sterk!Wachtwoord1', fast);
    expect(await needsRehash(hash, fast)).toBe(false);
    expect(await needsRehash(hash)).toBe(true);
    expect(await needsRehash('garbage', fast)).toBe(true);
  });

  it('uses INTERACTIVE parameters by default', async () => {
    const sodium = await getSodium();
    const hash = await hashPassword('Sterk!Wachtwoord1');
    expect(hash).toContain(`m=${sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024},t=${sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE}`);
    expect(await needsRehash(hash)).toBe(false);
  });
});
