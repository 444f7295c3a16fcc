import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { BackupRuntime } from '../../activities/backups/backup-runner';
import { createS3ObjectStore } from '../../activities/backups/object-store';
import { ensureDatabase } from '../../dev/embedded-postgres';

export const testBackupKey = { id: 'bk-test', key: new Uint8Array(32).fill(3) };

/** The shared local S3 server, with a bucket of this test's own (so files never see each other's backups). */
export function testBackupRuntime(options: { bucket?: string; keyring?: BackupRuntime['keyring'] } = {}): BackupRuntime {
  const s3 = inject('s3');
  return {
    store: createS3ObjectStore({
      endpoint: s3.endpoint, region: 'eu-central-1', bucket: options.bucket ?? `test-${randomBytes(4).toString('hex')}`, prefix: 'doorzet/',
      forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    }),
    keyring: options.keyring ?? { current: testBackupKey },
  };
}

/** The same store and key as configuration, for processes built by the composition root (startTestWorker's `env`). */
export function testBackupEnv(runtime: BackupRuntime): Record<string, string> {
  const s3 = inject('s3');
  const key = runtime.keyring.current;
  return {
    DOORZET_BACKUP_KEY: Buffer.from(key.key).toString('base64'), DOORZET_BACKUP_KEY_ID: key.id,
    BACKUP_S3_ENDPOINT: s3.endpoint, BACKUP_S3_BUCKET: new URL(runtime.store.location('')).host, BACKUP_S3_PREFIX: 'doorzet/',
    BACKUP_S3_REGION: 'eu-central-1', BACKUP_S3_ACCESS_KEY_ID: s3.accessKeyId, BACKUP_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
}

/** A new, EMPTY database in the shared cluster (no migrations): where a restore goes. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `r_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  return {
    url: adminUrl.replace(/\/postgres$/, `/${name}`),
    async drop() {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    },
  };
}

/**
 * Every table of the public schema with its row count and a checksum of its content, computed by Postgres
 * itself (independent of the dump code): md5 over the sorted md5 of each row's text form.
 */
export async function tableFingerprints(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by tablename`;
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const { name } of tables) {
      const [row] = await sql.unsafe<{ rows: number; md5: string }[]>(
        `select count(*)::int as rows, coalesce(md5(string_agg(h, '' order by h)), '') as md5 from (select md5(t::text) as h from "${name}" t) s`,
      );
      out[name] = row!;
    }
    return out;
  } finally {
    await sql.end();
  }
}
