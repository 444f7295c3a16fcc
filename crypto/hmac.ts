import { fromBase64, getSodium, toBase64, utf8 } from './sodium';

const HMAC_SHA256_BYTES = 32;

async function hmacSha256(secret: string, body: string | Uint8Array): Promise<Uint8Array> {
  const sodium = await getSodium();
  // The multi-part API takes keys of any length (the one-shot crypto_auth_hmacsha256 wants exactly 32 bytes).
  const state = sodium.crypto_auth_hmacsha256_init(utf8.encode(secret));
  sodium.crypto_auth_hmacsha256_update(state, typeof body === 'string' ? utf8.encode(body) : body);
  return sodium.crypto_auth_hmacsha256_final(state);
}

/** base64(HMAC-SHA256(body, secret)), the common webhook signature. Pass the raw request body. */
export async function hmacSha256Base64(secret: string, body: string | Uint8Array): Promise<string> {
  return toBase64(await hmacSha256(secret, body));
}

/** Verifies a base64 signature in constant time; false for malformed signatures. */
export async function verifyHmacSha256Base64(secret: string, body: string | Uint8Array, signatureBase64: string): Promise<boolean> {
  let signature: Uint8Array;
  try {
    signature = fromBase64(signatureBase64.trim());
  } catch {
    return false;
  }
  const expected = await hmacSha256(secret, body);
  if (signature.length !== HMAC_SHA256_BYTES) return false;
  const sodium = await getSodium();
  return sodium.memcmp(expected, signature);
}
