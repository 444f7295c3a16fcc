import { canonicalTenantId } from '../domain/workflow-ids';
import { aeadOpen, aeadSeal } from './aead';
import { KEY_BYTES, type MasterKey } from './keys';
import { getSodium, utf8, type Sodium } from './sodium';
import { CredentialsDecryptionError, CredentialsShreddedError, UnknownMasterKeyError } from './vault-errors';
import type { VaultStore } from './vault-store';

export interface VaultOptions {
  store: VaultStore;
  masterKeys: { current: MasterKey; previous?: MasterKey[] };
}

export interface CredentialAccessReason {
  /** Who reads: a user id, `ops:<id>` or `workflow:<workflowId>`. */
  actor: string;
  purpose: string;
}

export interface Vault {
  /** `slot` names a second secret of the same connection (e.g. an OAuth token) so ciphertexts cannot be swapped. */
  seal(tenantId: string, connectionId: string, secret: unknown, slot?: string): Promise<Uint8Array>;
  open(tenantId: string, connectionId: string, sealed: Uint8Array, access: CredentialAccessReason, slot?: string): Promise<unknown>;
  shredTenant(tenantId: string): Promise<void>;
  rewrapAll(): Promise<{ rewrapped: number }>;
}

// Associated data binds each ciphertext to its row; NUL separators keep the fields unambiguous.
const wrapAd = (tenantId: string) => utf8.encode(`doorzet/tenant-key/v1\0${tenantId}`);
const credentialAd = (tenantId: string, connectionId: string, slot?: string) =>
  utf8.encode(`doorzet/credentials/v1\0${tenantId}\0${connectionId}${slot === undefined ? '' : `\0${slot}`}`);

/**
 * Envelope encryption of connection credentials: a master key from configuration wraps one random
 * data key per tenant, and the data key seals the credentials. Deleting the wrapped data key
 * (shredTenant) makes every copy of the tenant's sealed credentials unreadable, backups included.
 */
export function createVault({ store, masterKeys }: VaultOptions): Vault {
  const vault = createCaseSensitiveVault({ store, masterKeys });
  // A tenant id in another spelling (upper case) would bind the key and the credentials to that
  // spelling and make them unreadable in the canonical one: every entry takes the canonical id.
  return {
    seal: (tenantId, connectionId, secret, slot) => vault.seal(canonicalTenantId(tenantId), connectionId.toLowerCase(), secret, slot),
    open: (tenantId, connectionId, sealed, access, slot) => vault.open(canonicalTenantId(tenantId), connectionId.toLowerCase(), sealed, access, slot),
    shredTenant: (tenantId) => vault.shredTenant(canonicalTenantId(tenantId)),
    rewrapAll: () => vault.rewrapAll(),
  };
}

function createCaseSensitiveVault({ store, masterKeys }: VaultOptions): Vault {
  const { current } = masterKeys;
  const byId = new Map<string, Uint8Array>();
  for (const mk of [current, ...(masterKeys.previous ?? [])]) {
    if (mk.key.length !== KEY_BYTES) throw new TypeError(`master key ${mk.id} must be ${KEY_BYTES} bytes`);
    if (byId.has(mk.id)) throw new TypeError(`master key id ${mk.id} is configured twice`);
    byId.set(mk.id, mk.key);
  }

  function unwrap(sodium: Sodium, tenantId: string, wrappedKey: Uint8Array, masterKeyId: string): Uint8Array {
    const masterKey = byId.get(masterKeyId);
    if (!masterKey) throw new UnknownMasterKeyError(masterKeyId, tenantId);
    const dataKey = aeadOpen(sodium, masterKey, wrappedKey, wrapAd(tenantId));
    if (!dataKey || dataKey.length !== KEY_BYTES) {
      throw new Error(`Data key of tenant ${tenantId} failed to unwrap with master key '${masterKeyId}'`);
    }
    return dataKey;
  }

  /** The tenant's data key; created on first use when `create`. The caller zeroes it. */
  async function dataKeyFor(sodium: Sodium, tenantId: string, create: boolean): Promise<Uint8Array> {
    let row = await store.getWrappedKey(tenantId);
    if (!row && create) {
      const fresh = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
      const wrapped = aeadSeal(sodium, current.key, fresh, wrapAd(tenantId));
      sodium.memzero(fresh);
      await store.putWrappedKey(tenantId, wrapped, current.id);
      // Re-read: when two callers race, the insert that lost is discarded and both use the stored key.
      row = await store.getWrappedKey(tenantId);
    }
    if (!row) throw new CredentialsShreddedError(tenantId);
    return unwrap(sodium, tenantId, row.wrappedKey, row.masterKeyId);
  }

  return {
    async seal(tenantId, connectionId, secret, slot) {
      const sodium = await getSodium();
      const json = JSON.stringify(secret);
      if (json === undefined) throw new TypeError('secret must be JSON-serialisable');
      const plaintext = utf8.encode(json);
      const dataKey = await dataKeyFor(sodium, tenantId, true);
      try {
        return aeadSeal(sodium, dataKey, plaintext, credentialAd(tenantId, connectionId, slot));
      } finally {
        sodium.memzero(dataKey);
        sodium.memzero(plaintext);
      }
    },

    async open(tenantId, connectionId, sealed, access, slot) {
      if (!access.actor || !access.purpose) throw new TypeError('open() needs an actor and a purpose for the access log');
      const sodium = await getSodium();
      const dataKey = await dataKeyFor(sodium, tenantId, false);
      let plaintext: Uint8Array | null;
      try {
        plaintext = aeadOpen(sodium, dataKey, sealed, credentialAd(tenantId, connectionId, slot));
      } finally {
        sodium.memzero(dataKey);
      }
      if (!plaintext) throw new CredentialsDecryptionError(tenantId, connectionId);
      try {
        // Logged before the plaintext leaves the vault: a failed log write means no credentials.
        await store.logAccess({ tenantId, connectionId, actor: access.actor, purpose: access.purpose });
        return JSON.parse(utf8.decode(plaintext)) as unknown;
      } finally {
        sodium.memzero(plaintext);
      }
    },

    async shredTenant(tenantId) {
      await store.deleteWrappedKey(tenantId);
    },

    async rewrapAll() {
      const sodium = await getSodium();
      let rewrapped = 0;
      for (const row of await store.listWrappedKeys(current.id)) {
        const dataKey = unwrap(sodium, row.tenantId, row.wrappedKey, row.masterKeyId);
        try {
          const wrapped = aeadSeal(sodium, current.key, dataKey, wrapAd(row.tenantId));
          await store.replaceWrappedKey(row.tenantId, wrapped, current.id);
          rewrapped++;
        } finally {
          sodium.memzero(dataKey);
        }
      }
      return { rewrapped };
    },
  };
}
