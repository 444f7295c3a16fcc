import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DevSecrets {
  masterKey: string;
  codecKey: string;
  opsEmail: string;
  opsPassword: string;
}

/**
 * Keys for the embedded runtime, made once and kept in the data folder (git-ignored) so a second
 * `npm start` can read what the first one encrypted. Production sets them in the environment.
 */
export async function loadOrCreateDevSecrets(dataDir: string): Promise<DevSecrets> {
  const file = join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as DevSecrets;
  const secrets: DevSecrets = {
    masterKey: randomBytes(32).toString('base64'),
    codecKey: randomBytes(32).toString('base64'),
    opsEmail: 'ops@doorzet.local',
    // Meets the password policy: upper, lower, digit and a special character.
    opsPassword: `Ops-${randomBytes(9).toString('base64url')}7a!`,
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
