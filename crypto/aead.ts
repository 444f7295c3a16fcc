import type { Sodium } from './sodium';

// XChaCha20-Poly1305 IETF: a 24-byte nonce is large enough to draw at random for every message.
export const NONCE_BYTES = 24;
const TAG_BYTES = 16;

/** Encrypts to `nonce ‖ ciphertext ‖ tag` with a fresh random nonce. */
export function aeadSeal(sodium: Sodium, key: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Uint8Array {
  const nonce = sodium.randombytes_buf(NONCE_BYTES);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, null, nonce, key);
  const out = new Uint8Array(NONCE_BYTES + ciphertext.length);
  out.set(nonce, 0);
  out.set(ciphertext, NONCE_BYTES);
  return out;
}

/** The plaintext, or null when the bytes are too short or fail authentication (wrong key, associated data, or tampering). */
export function aeadOpen(sodium: Sodium, key: Uint8Array, sealed: Uint8Array, ad: Uint8Array): Uint8Array | null {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return null;
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      sealed.subarray(NONCE_BYTES),
      ad,
      sealed.subarray(0, NONCE_BYTES),
      key,
    );
  } catch {
    return null;
  }
}
