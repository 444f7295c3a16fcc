/** A tenant's data key as stored: sealed by the master key named by `masterKeyId`. */
export interface WrappedKey {
  wrappedKey: Uint8Array;
  masterKeyId: string;
}

export interface WrappedKeyRow extends WrappedKey {
  tenantId: string;
}

export interface CredentialAccess {
  tenantId: string;
  connectionId: string;
  /** A user id, `ops:<id>` or `workflow:<workflowId>`. */
  actor: string;
  purpose: string;
}

/** Persistence port of the vault; db/queries/vault-store.ts implements it on Postgres. */
export interface VaultStore {
  getWrappedKey(tenantId: string): Promise<WrappedKey | null>;
  /** Inserts only if the tenant has no key yet; a concurrent insert wins silently (callers re-read). */
  putWrappedKey(tenantId: string, wrappedKey: Uint8Array, masterKeyId: string): Promise<void>;
  listWrappedKeys(notMasterKeyId: string): Promise<WrappedKeyRow[]>;
  /** Updates an existing row only: a key shredded meanwhile must not come back. */
  replaceWrappedKey(tenantId: string, wrappedKey: Uint8Array, masterKeyId: string): Promise<void>;
  deleteWrappedKey(tenantId: string): Promise<void>;
  logAccess(entry: CredentialAccess): Promise<void>;
}
