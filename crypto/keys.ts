import { fromBase64 } from './sodium';

export const KEY_BYTES = 32;

/** A key-encryption key from configuration; `id` is stored beside everything it wraps. */
export interface MasterKey {
  id: string;
  key: Uint8Array;
}

/** Decodes a base64 key from configuration and insists on exactly 32 bytes. */
export function decodeKey(base64: string, name = 'key'): Uint8Array {
  let key: Uint8Array;
  try {
    key = fromBase64(base64.trim());
  } catch {
    throw new TypeError(`${name} is not valid base64`);
  }
  if (key.length !== KEY_BYTES) {
    throw new TypeError(`${name} must be ${KEY_BYTES} bytes, got ${key.length}`);
  }
  return key;
}

export function parseMasterKey(config: { id: string; key: string }): MasterKey {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(config.id)) {
    throw new TypeError(`master key id ${JSON.stringify(config.id)} must match [A-Za-z0-9._-]{1,64}`);
  }
  return { id: config.id, key: decodeKey(config.key, `master key ${config.id}`) };
}
