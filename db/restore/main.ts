// `npm run restore -- <backup id> [--create]`: restores a backup from the object store into the EMPTY database
// at DATABASE_URL, then replays the deletion log. `npm run restore -- --list` lists the backups in the store.
// Configuration as for the worker (DOORZET_BACKUP_KEY, BACKUP_S3_*). On a machine that ran `npm start`, the
// keys come from .data/dev-secrets.json and the local S3 server is started on .data/s3 when needed.
import { resolve } from 'node:path';
import postgres from 'postgres';
import { listStoredBackups, type BackupRuntime } from '../../activities/backups/backup-runner';
import { createS3ObjectStore } from '../../activities/backups/object-store';
import { BackupNotFoundError, restoreBackup } from '../../activities/backups/restore-backup';
import { backupSettings, ConfigError, loadConfig } from '../../config';
import { BackupDecryptionError } from '../../crypto/backup-stream';
import { readDevSecrets } from '../../dev/dev-secrets';
import { startS3Server, type RunningS3 } from '../../dev/s3-server';
import { RestoreError } from '../backup/restore';
import { UnknownMigrationError } from '../backup/migrations-up-to';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function createDatabaseIfMissing(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => undefined });
  try {
    const [found] = await sql`select 1 as x from pg_database where datname = ${name}`;
    if (!found) {
      await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`);
      say(`created database ${name}`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const list = args.includes('--list');
  const create = args.includes('--create');
  const backupId = args.find((a) => !a.startsWith('--'));
  if (!list && !backupId) {
    process.stderr.write('usage: npm run restore -- <backup id> [--create]   |   npm run restore -- --list\n');
    return 2;
  }

  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  const dev = await readDevSecrets(dataDir);
  const config = loadConfig({
    ...(dev ? { DOORZET_MASTER_KEY: dev.masterKey, DOORZET_CODEC_KEY: dev.codecKey, DOORZET_BACKUP_KEY: dev.backupKey } : {}),
    ...process.env,
  });
  let localS3: RunningS3 | null = null;
  let env = config;
  if (!config.BACKUP_S3_ENDPOINT && dev) {
    // The store of `npm start`: its files under .data/s3, served by a local S3 server of our own.
    localS3 = await startS3Server({ dataDir: resolve(dataDir, 's3'), accessKeyId: dev.s3AccessKeyId, secretAccessKey: dev.s3SecretAccessKey });
    env = { ...config, BACKUP_S3_ENDPOINT: localS3.endpoint, BACKUP_S3_ACCESS_KEY_ID: dev.s3AccessKeyId, BACKUP_S3_SECRET_ACCESS_KEY: dev.s3SecretAccessKey };
  }
  const settings = backupSettings(env);
  if (!settings) throw new ConfigError([{ setting: 'DOORZET_BACKUP_KEY', message: 'is required to read backups' }]);
  const runtime: BackupRuntime = { store: createS3ObjectStore(settings.s3), keyring: settings.keyring };
  try {
    if (list) {
      const stored = await listStoredBackups(runtime.store);
      say(`${stored.length} backup(s) in ${runtime.store.location('')}`);
      for (const b of stored.reverse()) say(`  ${b.id}  ${b.takenAt.toISOString()}  ${(b.sizeBytes / 1024 / 1024).toFixed(1)} MiB`);
      return 0;
    }
    if (!config.DATABASE_URL) throw new ConfigError([{ setting: 'DATABASE_URL', message: 'is required: the EMPTY database to restore into' }]);
    if (create) await createDatabaseIfMissing(config.DATABASE_URL);
    say(`restoring backup ${backupId} into ${new URL(config.DATABASE_URL).pathname.slice(1)} ...`);
    const result = await restoreBackup(runtime, { backupId: backupId!, targetUrl: config.DATABASE_URL });
    say(`restored ${result.location} (snapshot ${result.snapshotAt}) in ${(result.durationMs / 1000).toFixed(1)} s`);
    for (const t of result.tables) say(`  ${t.name.padEnd(24)} ${String(t.rows).padStart(10)} rows  sha256 ${t.sha256.slice(0, 16)}  (checked)`);
    say(`  not in backups by design: ${result.excluded.join(', ')}`);
    say(`deletion log: ${result.deletionsReplayed} deletion(s) replayed, ${result.rowsDeletedAgain} row(s) deleted or redacted again`);
    if (result.overdueRedacted > 0) say(`${result.overdueRedacted} error record(s) past their redaction date redacted`);
    if (result.laterMigrations > 0) say(`${result.laterMigrations} later migration(s) applied after the data`);
    return 0;
  } finally {
    runtime.store.close();
    await localS3?.stop();
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  const known = error instanceof ConfigError || error instanceof RestoreError || error instanceof BackupNotFoundError
    || error instanceof BackupDecryptionError || error instanceof UnknownMigrationError;
  process.stderr.write(known ? `restore refused: ${(error as Error).message}\n` : `restore failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
