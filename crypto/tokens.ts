import { getSodium, toBase64Url, utf8 } from './sodium';

const ACCOUNT_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ACCOUNT_KEY_LENGTH = 32;

/** A session token for the cookie: 32 random bytes, base64url. Store only hashToken(token). */
export async function newSessionToken(): Promise<string> {
  const sodium = await getSodium();
  return toBase64Url(sodium.randombytes_buf(32));
}

/** BLAKE2b-256 of the token, hex. Tokens are random, so an unsalted fast hash is enough. */
export async function hashToken(token: string): Promise<string> {
  const sodium = await getSodium();
  return sodium.to_hex(sodium.crypto_generichash(32, utf8.encode(token), null));
}

/** 32 characters from [A-Za-z0-9]; randombytes_uniform rejects samples, so there is no modulo bias. */
export async function newAccountKey(): Promise<string> {
  const sodium = await getSodium();
  let key = '';
  for (let i = 0; i < ACCOUNT_KEY_LENGTH; i++) {
    key += ACCOUNT_KEY_ALPHABET[sodium.randombytes_uniform(ACCOUNT_KEY_ALPHABET.length)];
  }
  return key;
}

/** Compares in time independent of where the strings differ; only the length can leak. */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const sodium = await getSodium();
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  if (x.length !== y.length) {
    // Still do a full-length comparison so a length mismatch does not return measurably sooner.
    sodium.memcmp(x, x);
    return false;
  }
  return sodium.memcmp(x, y);
}
