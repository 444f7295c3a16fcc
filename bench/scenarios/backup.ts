import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createBackupRunner } from '../../activities/backups/backup-runner';
import { createS3ObjectStore } from '../../activities/backups/object-store';
import { restoreBackup } from '../../activities/backups/restore-backup';
import { insertTenant } from '../../db/queries/tenants';
import { ensureDatabase } from '../../dev/embedded-postgres';
import { startS3Server } from '../../dev/s3-server';
import { progress, round } from '../lib/log';
import type { BenchRuntime } from '../lib/runtime';

export interface BackupOptions {
  sales: number;
  tenants: number;
}

export interface BackupResult {
  backup_sales: number;
  backup_rows: number;
  backup_bytes: number;
  backup_mb: number;
  backup_s: number;
  restore_s: number;
  /** The database before the backup, and the compressed, encrypted object, as a ratio. */
  database_mb: number;
  compression_ratio: number;
  deletions_replayed: number;
}

/**
 * Backup size and time, and the time to restore (RTO), for a database with `sales` synced sales (and a
 * debtor per three sales): a real logical backup, compressed and encrypted, into a real S3-compatible server
 * (s3rver, in its own process), then restored into a new, empty database with its checksums checked.
 */
export async function runBackup(rt: BenchRuntime, options: BackupOptions): Promise<BackupResult> {
  const s3 = await startS3Server({ dataDir: join(rt.dir, 's3'), accessKeyId: 'bench', secretAccessKey: 'bench-secret' });
  const store = createS3ObjectStore({
    endpoint: s3.endpoint, region: 'eu-central-1', bucket: 'doorzet-bench', prefix: '', forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  const runtime = { store, keyring: { current: { id: 'bench', key: new Uint8Array(32).fill(42) } } };
  const adminUrl = rt.databaseUrl.replace(/\/[^/]+$/, '/postgres');
  const target = `doorzet_restore_${randomUUID().slice(0, 8)}`;
  try {
    progress(`backup: inserting ${options.sales} sales for ${options.tenants} tenants`);
    const perTenant = Math.ceil(options.sales / options.tenants);
    for (let t = 0; t < options.tenants; t++) {
      const tenant = await insertTenant(rt.db, { name: `Bench backup ${t}` });
      const count = Math.min(perTenant, options.sales - t * perTenant);
      // Shaped like posted sales: an order number, amounts, the ledger's id and times.
      await rt.db.execute(sql`
        insert into synced_sales (tenant_id, source, external_id, order_number, state, amount_excl_cents, amount_incl_cents, target_document_id, claimed_by_run_id, posted_at)
        select ${tenant.id}, 'woocommerce', (100000 + g)::text, 'WC-' || (100000 + g), 'posted', 1000 + g % 9000, (1000 + g % 9000) * 121 / 100,
               'inv-' || md5(g::text), md5(${tenant.id} || g::text), now() - (g || ' seconds')::interval
        from generate_series(1, ${count}) g`);
      await rt.db.execute(sql`
        insert into debtors (tenant_id, source, source_customer_id, email, target_contact_id)
        select ${tenant.id}, 'woocommerce', g::text, 'klant' || g || '@example.nl', 'contact-' || g from generate_series(1, ${Math.ceil(count / 3)}) g`);
    }
    const [size] = await rt.db.execute<{ mb: number }>(sql`select pg_database_size(current_database()) / 1048576.0 as mb`);
    const runner = createBackupRunner({ db: rt.db, runtime });

    progress('backup: dumping, compressing, encrypting and uploading');
    const backupId = randomUUID();
    const t0 = Date.now();
    const backup = await runner.takeBackup({ backupId, takenAt: new Date() });
    const backupMs = Date.now() - t0;
    progress(`backup: ${round(backup.sizeBytes / 1048576)} MiB in ${round(backupMs / 1000)} s; restoring into ${target}`);

    await ensureDatabase(adminUrl, target);
    const targetUrl = rt.databaseUrl.replace(/\/[^/]+$/, `/${target}`);
    const t1 = Date.now();
    const restored = await restoreBackup(runtime, { backupId, targetUrl });
    const restoreMs = Date.now() - t1;
    const sales = restored.tables.find((t) => t.name === 'synced_sales')?.rows ?? 0;
    const expected = backup.tables.find((t) => t.name === 'synced_sales')?.rows;
    if (sales !== expected || sales < options.sales) throw new Error(`restore brought back ${sales} sales, the backup had ${expected}`);
    return {
      backup_sales: sales,
      backup_rows: restored.tables.reduce((n, t) => n + t.rows, 0),
      backup_bytes: backup.sizeBytes,
      backup_mb: round(backup.sizeBytes / 1048576, 2),
      backup_s: round(backupMs / 1000, 2),
      restore_s: round(restoreMs / 1000, 2),
      database_mb: round(Number(size?.mb ?? 0)),
      compression_ratio: round(Number(size?.mb ?? 0) * 1048576 / backup.sizeBytes, 1),
      deletions_replayed: restored.deletionsReplayed,
    };
  } finally {
    store.close();
    await s3.stop();
    const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database if exists "${target}" with (force)`).catch(() => undefined);
    await admin.end();
  }
}
