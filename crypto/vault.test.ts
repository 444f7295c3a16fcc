import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MasterKey } from './keys';
import { createMemoryVaultStore } from './memory-vault-store';
import { createVault } from './vault';
import { CredentialsDecryptionError, CredentialsShreddedError, UnknownMasterKeyError } from './vault-errors';

const mk = (id: string): MasterKey => ({ id, key: new Uint8Array(randomBytes(32)) });
const access = { actor: 'workflow:sale:t:woo:1', purpose: 'fetch order' };
const secret = { consumerKey: 'ck_123', consumerSecret: 'cs_456', nested: { token: 'abc' } };

describe('vault', () => {
  it('seals and opens credentials, and the sealed bytes do not contain them', async () => {
    const store = createMemoryVaultStore();
    const vault = createVault({ store, masterKeys: { current: mk('mk1') } });
    const tenant = randomUUID();
    const conn = randomUUID();
    const sealed = await vault.seal(tenant, conn, secret);
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('cs_456');
    expect(await vault.open(tenant, conn, sealed, access)).toEqual(secret);
    expect(store.keys.get(tenant)?.masterKeyId).toBe('mk1');
  });

  it('uses one data key per tenant and a fresh nonce per seal', async () => {
    const store = createMemoryVaultStore();
    const vault = createVault({ store, masterKeys: { current: mk('mk1') } });
    const tenant = randomUUID();
    const conn = randomUUID();
    const a = await vault.seal(tenant, conn, secret);
    const b = await vault.seal(tenant, conn, secret);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(store.keys.size).toBe(1);
  });

  it('writes an access log entry on every open, with actor and purpose', async () => {
    const store = createMemoryVaultStore();
    const vault = createVault({ store, masterKeys: { current: mk('mk1') } });
    const tenant = randomUUID();
    const conn = randomUUID();
    const sealed = await vault.seal(tenant, conn, secret);
    expect(store.accessLog).toHaveLength(0);
    await vault.open(tenant, conn, sealed, access);
    await vault.open(tenant, conn, sealed, { actor: 'ops:42', purpose: 'support ticket 7' });
    expect(store.accessLog.map(({ at: _at, ...e }) => e)).toEqual([
      { tenantId: tenant, connectionId: conn, ...access },
      { tenantId: tenant, connectionId: conn, actor: 'ops:42', purpose: 'support ticket 7' },
    ]);
    expect(store.accessLog[0]?.at).toBeInstanceOf(Date);
  });

  it('returns no plaintext when the access log write fails', async () => {
    const store = createMemoryVaultStore();
    const vault = createVault({ store, masterKeys: { current: mk('mk1') } });
    const tenant = randomUUID();
    const sealed = await vault.seal(tenant, 'c', secret);
    store.logAccess = () => Promise.reject(new Error('db down'));
    await expect(vault.open(tenant, 'c', sealed, access)).rejects.toThrow('db down');
  });

  it('refuses to open without actor or purpose', async () => {
    const store = createMemoryVaultStore();
    const vault = createVault({ store, masterKeys: { current: mk('mk1') } });
    const sealed = await vault.seal('t', 'c', secret);
    await expect(vault.open('t', 'c', sealed, { actor: '', purpose: 'x' })).rejects.toThrow(TypeError);
  });

  it('rejects tampered ciphertext, a swapped connection id and another tenant', async () => {
    const store = createMemoryVaultStore();
    const vault = createVault({ store, masterKeys: { current: mk('mk1') } });
    const [t1, t2, c1, c2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const sealed = await vault.seal(t1, c1, secret);
    await vault.seal(t2, c1, secret);

    const tampered = sealed.slice();
    tampered[30] = (tampered[30] ?? 0) ^ 1;
    await expect(vault.open(t1, c1, tampered, access)).rejects.toBeInstanceOf(CredentialsDecryptionError);
    await expect(vault.open(t1, c2, sealed, access)).rejects.toBeInstanceOf(CredentialsDecryptionError);
    await expect(vault.open(t2, c1, sealed, access)).rejects.toBeInstanceOf(CredentialsDecryptionError);
    await expect(vault.open(t1, c1, sealed.subarray(0, 20), access)).rejects.toBeInstanceOf(CredentialsDecryptionError);
    expect(store.accessLog).toHaveLength(0);
  });

  it('binds a second secret of a connection to its slot: it opens only under that slot', async () => {
    const vault = createVault({ store: createMemoryVaultStore(), masterKeys: { current: mk('mk1') } });
    const tenant = randomUUID();
    const conn = randomUUID();
    const refresh = await vault.seal(tenant, conn, 'Gcp7!IAAA-refresh', 'oauth-refresh');
    expect(await vault.open(tenant, conn, refresh, access, 'oauth-refresh')).toBe('Gcp7!IAAA-refresh');
    await expect(vault.open(tenant, conn, refresh, access)).rejects.toBeInstanceOf(CredentialsDecryptionError);
    await expect(vault.open(tenant, conn, refresh, access, 'oauth-access')).rejects.toBeInstanceOf(CredentialsDecryptionError);
    // And a connection's own credentials (no slot) do not open under a slot.
    await expect(vault.open(tenant, conn, await vault.seal(tenant, conn, secret), access, 'oauth-refresh')).rejects.toBeInstanceOf(CredentialsDecryptionError);
  });

  it('detects a tampered wrapped data key', async () => {
    const store = createMemoryVaultStore();
    const vault = createVault({ store, masterKeys: { current: mk('mk1') } });
    const sealed = await vault.seal('t', 'c', secret);
    const row = store.keys.get('t')!;
    row.wrappedKey[40] = (row.wrappedKey[40] ?? 0) ^ 1;
    await expect(vault.open('t', 'c', sealed, access)).rejects.toThrow(/failed to unwrap/);
  });

  it('makes credentials unreadable after shredTenant', async () => {
    const store = createMemoryVaultStore();
    const vault = createVault({ store, masterKeys: { current: mk('mk1') } });
    const [t1, t2, c] = [randomUUID(), randomUUID(), randomUUID()];
    const sealed1 = await vault.seal(t1, c, secret);
    const sealed2 = await vault.seal(t2, c, secret);
    await vault.shredTenant(t1);
    const error = await vault.open(t1, c, sealed1, access).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsShreddedError);
    expect((error as CredentialsShreddedError).tenantId).toBe(t1);
    expect(await vault.open(t2, c, sealed2, access)).toEqual(secret);
    // A new seal creates a new data key; the old ciphertext stays unreadable.
    await vault.seal(t1, c, secret);
    await expect(vault.open(t1, c, sealed1, access)).rejects.toBeInstanceOf(CredentialsDecryptionError);
  });

  it('ends up with one stored key when two seals create it at once', async () => {
    const store = createMemoryVaultStore();
    const vault = createVault({ store, masterKeys: { current: mk('mk1') } });
    // Both callers read "no key" before either inserts.
    const realGet = store.getWrappedKey.bind(store);
    let calls = 0;
    store.getWrappedKey = async (tenantId) => (calls++ < 2 ? null : realGet(tenantId));
    const [a, b] = await Promise.all([vault.seal('t', 'c', { n: 1 }), vault.seal('t', 'c', { n: 2 })]);
    store.getWrappedKey = realGet;
    expect(await vault.open('t', 'c', a, access)).toEqual({ n: 1 });
    expect(await vault.open('t', 'c', b, access)).toEqual({ n: 2 });
  });

  it('rotates master keys without downtime', async () => {
    const store = createMemoryVaultStore();
    const mk1 = mk('mk1');
    const mk2 = mk('mk2');
    const before = createVault({ store, masterKeys: { current: mk1 } });
    const tenants = [randomUUID(), randomUUID(), randomUUID()];
    const sealed = await Promise.all(tenants.map((t) => before.seal(t, 'c', { t })));

    // During rotation: new config knows both keys; old and new data keys open side by side.
    const during = createVault({ store, masterKeys: { current: mk2, previous: [mk1] } });
    const newTenant = randomUUID();
    const sealedNew = await during.seal(newTenant, 'c', { t: newTenant });
    expect(store.keys.get(newTenant)?.masterKeyId).toBe('mk2');
    expect(await during.open(tenants[0]!, 'c', sealed[0]!, access)).toEqual({ t: tenants[0] });
    expect(await during.open(newTenant, 'c', sealedNew, access)).toEqual({ t: newTenant });

    // A vault without mk2 cannot read mk2-wrapped keys.
    await expect(before.open(newTenant, 'c', sealedNew, access)).rejects.toBeInstanceOf(UnknownMasterKeyError);

    expect(await during.rewrapAll()).toEqual({ rewrapped: 3 });
    expect(await during.rewrapAll()).toEqual({ rewrapped: 0 });
    expect([...store.keys.values()].map((k) => k.masterKeyId)).toEqual(['mk2', 'mk2', 'mk2', 'mk2']);

    // After rotation mk1 can be dropped from configuration.
    const after = createVault({ store, masterKeys: { current: mk2 } });
    for (const [i, t] of tenants.entries()) {
      expect(await after.open(t, 'c', sealed[i]!, access)).toEqual({ t });
    }
  });

  it('rejects bad master key configuration', () => {
    const store = createMemoryVaultStore();
    expect(() => createVault({ store, masterKeys: { current: { id: 'x', key: new Uint8Array(16) } } })).toThrow(TypeError);
    const k = mk('a');
    expect(() => createVault({ store, masterKeys: { current: k, previous: [k] } })).toThrow(/twice/);
  });
});
