import { getSodium } from './sodium';

/** Argon2id cost. Defaults are libsodium's INTERACTIVE (2 passes, 64 MiB); tests pass the minimum. */
export interface PasswordHashParams {
  opsLimit: number;
  memLimit: number;
}

async function resolveParams(params?: PasswordHashParams): Promise<PasswordHashParams> {
  if (params) return params;
  const sodium = await getSodium();
  return { opsLimit: sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE, memLimit: sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE };
}

// NFC so that the same password typed as composed or decomposed characters hashes alike.
const normalise = (password: string) => password.normalize('NFC');

/** An encoded argon2id hash (`$argon2id$v=19$m=…,t=…,p=1$salt$hash`), salt included. Synchronous WASM: blocks for its duration. */
export async function hashPassword(password: string, params?: PasswordHashParams): Promise<string> {
  const sodium = await getSodium();
  const { opsLimit, memLimit } = await resolveParams(params);
  return sodium.crypto_pwhash_str(normalise(password), opsLimit, memLimit);
}

/** True when the password matches; false for a wrong password or a malformed hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  const sodium = await getSodium();
  try {
    return sodium.crypto_pwhash_str_verify(hash, normalise(password));
  } catch {
    return false;
  }
}

/** True when the hash was made with other parameters (or another algorithm): rehash after a successful login. */
export async function needsRehash(hash: string, params?: PasswordHashParams): Promise<boolean> {
  const sodium = await getSodium();
  const { opsLimit, memLimit } = await resolveParams(params);
  try {
    return sodium.crypto_pwhash_str_needs_rehash(hash, opsLimit, memLimit);
  } catch {
    return true;
  }
}
