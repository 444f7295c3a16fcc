import { eq, ne } from 'drizzle-orm';
import type { VaultStore } from '../../crypto/vault-store';
import type { Db } from '../client';
import { credentialAccessLog, tenantKeys } from '../schema';

/** The credential vault's storage: wrapped tenant data keys and the credential access log. */
export function createPgVaultStore(db: Db): VaultStore {
  return {
    async getWrappedKey(tenantId) {
      const [row] = await db
        .select({ wrappedKey: tenantKeys.wrappedKey, masterKeyId: tenantKeys.masterKeyId })
        .from(tenantKeys)
        .where(eq(tenantKeys.tenantId, tenantId))
        .limit(1);
      return row ?? null;
    },

    async putWrappedKey(tenantId, wrappedKey, masterKeyId) {
      // A concurrent first seal may have inserted already; the vault re-reads and uses the stored key.
      await db.insert(tenantKeys).values({ tenantId, wrappedKey, masterKeyId }).onConflictDoNothing({ target: tenantKeys.tenantId });
    },

    async listWrappedKeys(notMasterKeyId) {
      return db
        .select({ tenantId: tenantKeys.tenantId, wrappedKey: tenantKeys.wrappedKey, masterKeyId: tenantKeys.masterKeyId })
        .from(tenantKeys)
        .where(ne(tenantKeys.masterKeyId, notMasterKeyId));
    },

    async replaceWrappedKey(tenantId, wrappedKey, masterKeyId) {
      // UPDATE, never upsert: a key shredded during a rewrap stays shredded.
      await db
        .update(tenantKeys)
        .set({ wrappedKey, masterKeyId, rewrappedAt: new Date() })
        .where(eq(tenantKeys.tenantId, tenantId));
    },

    async deleteWrappedKey(tenantId) {
      await db.delete(tenantKeys).where(eq(tenantKeys.tenantId, tenantId));
    },

    async logAccess({ tenantId, connectionId, actor, purpose }) {
      await db.insert(credentialAccessLog).values({ tenantId, connectionId, actor, purpose });
    },
  };
}
