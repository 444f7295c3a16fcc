import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsShreddedError } from '../crypto/vault-errors';
import { createVault } from '../crypto/vault';
import { createPgVaultStore } from '../db/queries/vault-store';
import { credentialAccessLog, tenantKeys, tenants } from '../db/schema';
import { createTestDatabase, type TestDatabase } from './support/database';

const mk1 = { id: 'mk1', key: new Uint8Array(32).fill(1) };
const mk2 = { id: 'mk2', key: new Uint8Array(32).fill(2) };
const secret = { apiToken: 'planted-token-7c1e', administrationId: '123' };

describe('the credential vault on Postgres', () => {
  let database: TestDatabase;
  let tenantId: string;
  const connectionId = '6d1f4c1e-1111-4222-8333-444455556666';

  beforeAll(async () => {
    database = await createTestDatabase();
    const [tenant] = await database.db.insert(tenants).values({ name: 'Vault BV' }).returning();
    tenantId = tenant!.id;
  });
  afterAll(async () => database?.drop());

  it('stores only ciphertext and logs every decryption with actor and purpose', async () => {
    const vault = createVault({ store: createPgVaultStore(database.db), masterKeys: { current: mk1 } });
    const sealed = await vault.seal(tenantId, connectionId, secret);
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('planted-token');
    const [key] = await database.db.select().from(tenantKeys).where(eq(tenantKeys.tenantId, tenantId));
    expect(key!.masterKeyId).toBe('mk1');

    expect(await vault.open(tenantId, connectionId, sealed, { actor: 'workflow:sale:x', purpose: 'book an invoice' })).toEqual(secret);
    const log = await database.db.select().from(credentialAccessLog).where(eq(credentialAccessLog.tenantId, tenantId));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ connectionId, actor: 'workflow:sale:x', purpose: 'book an invoice' });
  });

  it('rotates the master key without downtime: old and new both open during the rewrap, only the new after', async () => {
    const old = createVault({ store: createPgVaultStore(database.db), masterKeys: { current: mk1 } });
    const sealed = await old.seal(tenantId, connectionId, secret);
    const rotating = createVault({ store: createPgVaultStore(database.db), masterKeys: { current: mk2, previous: [mk1] } });
    expect(await rotating.open(tenantId, connectionId, sealed, { actor: 'test', purpose: 'during rotation' })).toEqual(secret);
    expect(await rotating.rewrapAll()).toEqual({ rewrapped: 1 });

    const rotated = createVault({ store: createPgVaultStore(database.db), masterKeys: { current: mk2 } });
    expect(await rotated.open(tenantId, connectionId, sealed, { actor: 'test', purpose: 'after rotation' })).toEqual(secret);
    const [key] = await database.db.select().from(tenantKeys).where(eq(tenantKeys.tenantId, tenantId));
    expect(key!.masterKeyId).toBe('mk2');
  });

  it('shreds: without the tenant key no copy of the secret can be read', async () => {
    const vault = createVault({ store: createPgVaultStore(database.db), masterKeys: { current: mk2 } });
    const sealed = await vault.seal(tenantId, connectionId, secret);
    await vault.shredTenant(tenantId);
    await expect(vault.open(tenantId, connectionId, sealed, { actor: 'test', purpose: 'after shredding' })).rejects.toBeInstanceOf(CredentialsShreddedError);
  });
});
