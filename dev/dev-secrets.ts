import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DevSecrets {
  masterKey: string;
  codecKey: string;
  /** Encrypts the local backups; a key of its own, never the master key. */
  backupKey: string;
  /** The key pair of the local S3 server. */
  s3AccessKeyId: string;
  s3SecretAccessKey: string;
  opsEmail: string;
  opsPassword: string;
}

const fresh = (): DevSecrets => ({
  masterKey: randomBytes(32).toString('base64'),
  codecKey: randomBytes(32).toString('base64'),
  backupKey: randomBytes(32).toString('base64'),
  s3AccessKeyId: `doorzet-${randomBytes(4).toString('hex')}`,
  s3SecretAccessKey: randomBytes(24).toString('base64url'),
  opsEmail: 'ops@doorzet.local',
  // Meets the password policy: upper, lower, digit and a special character.
  opsPassword: `Ops-${randomBytes(9).toString('base64url')}7a!`,
});

export const devSecretsFile = (dataDir: string) => join(dataDir, 'dev-secrets.json');

/**
 * Keys for the embedded runtime, made once and kept in the data folder (git-ignored) so a second
 * `npm start` can read what the first one encrypted. Production sets them in the environment.
 * A file from an older doorzet gains the keys it lacks; existing keys are never replaced.
 */
export async function loadOrCreateDevSecrets(dataDir: string): Promise<DevSecrets> {
  const file = devSecretsFile(dataDir);
  const existing = existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Partial<DevSecrets>) : null;
  const secrets: DevSecrets = { ...fresh(), ...existing };
  if (existing && Object.keys(secrets).every((k) => k in existing)) return secrets;
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** The secrets of an earlier `npm start`, or null (for tools such as `npm run restore` on a dev machine). */
export async function readDevSecrets(dataDir: string): Promise<DevSecrets | null> {
  const file = devSecretsFile(dataDir);
  return existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as DevSecrets) : null;
}
