import type { CredentialAccess, VaultStore, WrappedKey, WrappedKeyRow } from './vault-store';

export interface MemoryVaultStore extends VaultStore {
  readonly keys: Map<string, WrappedKey>;
  readonly accessLog: (CredentialAccess & { at: Date })[];
}

/** VaultStore for unit tests; copies bytes in and out like a database would. */
export function createMemoryVaultStore(): MemoryVaultStore {
  const keys = new Map<string, WrappedKey>();
  const accessLog: (CredentialAccess & { at: Date })[] = [];
  const copy = (k: WrappedKey): WrappedKey => ({ wrappedKey: k.wrappedKey.slice(), masterKeyId: k.masterKeyId });

  return {
    keys,
    accessLog,
    async getWrappedKey(tenantId) {
      const k = keys.get(tenantId);
      return k ? copy(k) : null;
    },
    async putWrappedKey(tenantId, wrappedKey, masterKeyId) {
      if (!keys.has(tenantId)) keys.set(tenantId, copy({ wrappedKey, masterKeyId }));
    },
    async listWrappedKeys(notMasterKeyId): Promise<WrappedKeyRow[]> {
      return [...keys].filter(([, k]) => k.masterKeyId !== notMasterKeyId).map(([tenantId, k]) => ({ tenantId, ...copy(k) }));
    },
    async replaceWrappedKey(tenantId, wrappedKey, masterKeyId) {
      if (keys.has(tenantId)) keys.set(tenantId, copy({ wrappedKey, masterKeyId }));
    },
    async deleteWrappedKey(tenantId) {
      keys.delete(tenantId);
    },
    async logAccess(entry) {
      accessLog.push({ ...entry, at: new Date() });
    },
  };
}
