import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createBackupRunner, listStoredBackups, type BackupRunner } from '../../activities/backups/backup-runner';
import { createS3ObjectStore } from '../../activities/backups/object-store';
import { restoreBackup } from '../../activities/backups/restore-backup';
import { sealDump } from '../../activities/backups/dump-format';
import { encryptBytes } from '../../crypto/backup-stream';
import { createVault } from '../../crypto/vault';
import { createDb } from '../../db/client';
import { dumpDatabase } from '../../db/backup/dump';
import { runMigrationsUpTo } from '../../db/backup/migrations-up-to';
import { RestoreError } from '../../db/backup/restore';
import { migrationsFolder } from '../../db/migrate';
import { createPgVaultStore } from '../../db/queries/vault-store';
import { backups, connections, NOT_BACKED_UP, syncedSales, targetCalls } from '../../db/schema';
import { backupObjectKey, deletionLogObjectKey } from '../../domain/backups';
import { createEmptyDatabase, tableFingerprints, testBackupRuntime } from '../support/backups';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testMasterKey } from '../support/worker';
import { fillTenant, type FilledTenant } from './fixtures';

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts);
}

async function* readable(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}

describe('restore drill: backup to the S3 server, restore into a new empty database', () => {
  let database: TestDatabase;
  const runtime = testBackupRuntime();
  let runner: BackupRunner;
  let tenant: FilledTenant;
  const drops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const vault = createVault({ store: createPgVaultStore(database.db), masterKeys: { current: testMasterKey } });
    tenant = await fillTenant(database.db, vault, { sales: 3_000 });
    await fillTenant(database.db, vault, { name: 'Fietsenmaker Snel', sales: 10 });
    runner = createBackupRunner({ db: database.db, runtime });
  });
  afterAll(async () => {
    for (const drop of drops) await drop();
    await database?.drop();
    runtime.store.close();
  });

  const emptyDatabase = async () => {
    const target = await createEmptyDatabase();
    drops.push(() => target.drop());
    return target;
  };

  it('restores every table with the same row count and content checksum; later writes stay out', async () => {
    const before = await tableFingerprints(database.url);
    const backupTables = Object.keys(before).filter((t) => !(NOT_BACKED_UP as readonly string[]).includes(t));
    // The drill covers every table doorzet has: each one holds rows.
    expect(backupTables.filter((t) => before[t]!.rows === 0)).toEqual([]);

    const backupId = randomUUID();
    const result = await runner.takeBackup({ backupId, takenAt: new Date() });
    expect(result.sizeBytes).toBeGreaterThan(1000);
    expect(result.tables.map((t) => t.name).sort()).toEqual([...backupTables].sort());
    expect(result.tables.find((t) => t.name === 'synced_sales')?.rows).toBe(3_010);
    // Not in the backup: a write after the snapshot.
    await database.db.insert(syncedSales).values({ tenantId: tenant.tenantId, source: 'woocommerce', externalId: 'after-backup', state: 'claimed' });

    // The catalogue and the store agree; the object is encrypted (no plaintext row in it).
    const [catalogued] = await database.db.select().from(backups).where(eq(backups.id, backupId));
    expect(catalogued).toMatchObject({ sizeBytes: result.sizeBytes, keyId: 'bk-test', prunedAt: null });
    const stored = await listStoredBackups(runtime.store);
    expect(stored.map((b) => [b.id, b.sizeBytes])).toEqual([[backupId, result.sizeBytes]]);
    const raw = await readAll((await runtime.store.get(stored[0]!.key))!);
    expect(raw.includes(Buffer.from('Fietsenmaker'))).toBe(false);
    expect(raw.includes(Buffer.from(tenant.debtorEmail))).toBe(false);

    const target = await emptyDatabase();
    const restored = await restoreBackup(runtime, { backupId, targetUrl: target.url });
    expect(restored.tables.length).toBe(backupTables.length);

    const after = await tableFingerprints(target.url);
    for (const table of backupTables) {
      const expected = table === 'synced_sales' ? { rows: before[table]!.rows } : before[table];
      expect({ table, ...after[table] }).toMatchObject({ table, ...expected });
    }
    expect(after.synced_sales!.md5).toBe(before.synced_sales!.md5);
    // Left out by design: the catalogue is rebuilt from the store, the deletion log and debug copies are not restored.
    expect(after.backups!.rows).toBe(1);
    expect(after.deletion_log!.rows).toBe(0);
    expect(after.debug_copies!.rows).toBe(0);
    expect(after.debug_copy_sales!.rows).toBe(0);

    // The restored database works: the schema is at the current migration, the vault opens the credentials,
    // and identity columns continue after the restored rows.
    const { db, close } = createDb(target.url);
    try {
      const vault = createVault({ store: createPgVaultStore(db), masterKeys: { current: testMasterKey } });
      const [source] = await db.select().from(connections).where(eq(connections.id, tenant.sourceConnectionId));
      expect(await vault.open(tenant.tenantId, source!.id, source!.sealedCredentials!, { actor: 'test', purpose: 'drill' })).toEqual({ consumerKey: 'ck_x', consumerSecret: 'cs_y' });
      const [max] = await db.select({ max: sql<number>`max(${targetCalls.id})::int` }).from(targetCalls);
      const [next] = await db.insert(targetCalls).values({ connectionId: randomUUID() }).returning({ id: targetCalls.id });
      expect(next!.id).toBeGreaterThan(max!.max);
    } finally {
      await close();
    }
  });

  // s3rver knows our access key id only (it does not implement SigV4 signature checks): an unknown id is refused.
  it('talks to a store that checks the access key: an unknown one is refused', async () => {
    const s3 = inject('s3');
    const wrong = createS3ObjectStore({
      endpoint: s3.endpoint, region: 'eu-central-1', bucket: new URL(runtime.store.location('')).host, prefix: '', forcePathStyle: true,
      credentials: { accessKeyId: 'someone-else', secretAccessKey: s3.secretAccessKey },
    });
    await expect(wrong.list('backups/')).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    wrong.close();
  });

  it('refuses a database that is not empty, and leaves it as it was', async () => {
    const [backup] = await listStoredBackups(runtime.store);
    const target = await emptyDatabase();
    const sqlClient = postgres(target.url, { max: 1, onnotice: () => undefined });
    await sqlClient`create table keep_me (id int)`;
    await sqlClient`insert into keep_me values (1)`;
    const error = await restoreBackup(runtime, { backupId: backup!.id, targetUrl: target.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreError);
    expect((error as RestoreError).problem).toBe('NOT_EMPTY');
    expect((error as Error).message).toMatch(/is not empty .*public\.keep_me.*empty database/);
    expect(await sqlClient`select id from keep_me`).toEqual([{ id: 1 }]);
    await sqlClient.end();
  });

  it('refuses to start when the deletion log cannot be read, so no database is left without its deletions', async () => {
    const [backup] = await listStoredBackups(runtime.store);
    const entryId = randomUUID();
    const key = deletionLogObjectKey(entryId, new Date());
    const entry = { id: entryId, kind: 'tenant-key-shredded', tenantId: tenant.tenantId, at: new Date().toISOString() };
    await runtime.store.put(key, await encryptBytes(Buffer.from(JSON.stringify(entry)), { id: 'bk-dropped', key: new Uint8Array(32).fill(9) }, entryId));
    const target = await emptyDatabase();
    try {
      await expect(restoreBackup(runtime, { backupId: backup!.id, targetUrl: target.url })).rejects.toMatchObject({ problem: 'UNKNOWN_KEY' });
      expect(Object.keys(await tableFingerprints(target.url))).toEqual([]);
    } finally {
      await runtime.store.delete(key);
    }
  });

  it('fails on a changed byte and leaves the target empty again, so a retry can run', async () => {
    const [backup] = await listStoredBackups(runtime.store);
    const raw = await readAll((await runtime.store.get(backup!.key))!);
    raw[raw.length - 40]! ^= 0xff;
    const tamperedId = randomUUID();
    const tamperedKey = backup!.key.replace(backup!.id, tamperedId);
    await runtime.store.put(tamperedKey, raw);
    const target = await emptyDatabase();
    // The object id is bound into the encryption: a copy under another name is refused as well.
    await expect(restoreBackup(runtime, { backupId: tamperedId, targetUrl: target.url })).rejects.toThrow(/expected/);
    await runtime.store.delete(tamperedKey);

    await runtime.store.put(backup!.key.replace(/\.dzb$/, '.tmp'), raw); // not a backup name: ignored by listings
    const corrupt = { ...runtime, store: { ...runtime.store, get: async () => readable(raw) } };
    await expect(restoreBackup(corrupt, { backupId: backup!.id, targetUrl: target.url })).rejects.toThrow(/authentication|changed/);
    const fingerprints = await tableFingerprints(target.url);
    expect(Object.keys(fingerprints)).toEqual([]);
    const restored = await restoreBackup(runtime, { backupId: backup!.id, targetUrl: target.url });
    expect(restored.tables.length).toBeGreaterThan(10);
  });

  // A backup may be two months older than the code that restores it: its rows go into the schema they were
  // dumped from, then the migrations that came after run over them.
  it('restores a backup taken before the latest migration, then applies that migration', async () => {
    const journal = JSON.parse(await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
    const older = journal.entries.at(-2)!;
    const source = await emptyDatabase();
    expect(await runMigrationsUpTo(source.url, older.when)).toEqual({ applied: journal.entries.length - 1 });
    const sqlClient = postgres(source.url, { max: 1, onnotice: () => undefined });
    try {
      const [old] = await sqlClient<{ id: string }[]>`insert into tenants (name) values (${'Oude Bakkerij'}) returning id`;
      await sqlClient`insert into synced_sales (tenant_id, source, external_id, state, amount_incl_cents)
        select ${old!.id}, 'woocommerce', g::text, 'posted', 1000 + g from generate_series(1, 250) g`;
      // An error record whose redaction timer fires after the backup was taken (a minute from now).
      const [overdue] = await sqlClient<{ id: string }[]>`insert into sale_errors (tenant_id, source, external_id, order_number, code, cause, template, params, pii, workflow_id, run_id, redact_at)
        values (${old!.id}, 'woocommerce', '7', 'WC-7', 'DEBTOR_EMAIL_INVALID', 'validation', 'Order {orderNumber}', ${sqlClient.json({ orderNumber: 'WC-7' })},
          ${sqlClient.json({ email: 'oud@example.nl' })}, 'sale:y', 'r2', now() + interval '1 minute') returning id`;
      const backupId = randomUUID();
      await runtime.store.put(backupObjectKey(backupId, new Date()), sealDump(dumpDatabase(sqlClient, { exclude: NOT_BACKED_UP }), runtime.keyring.current, backupId));
      const before = await tableFingerprints(source.url);

      const target = await emptyDatabase();
      // Restored once the redaction date has passed: the timer fired on the live database, so the restore redacts it.
      const restored = await restoreBackup(runtime, { backupId, targetUrl: target.url }, new Date(Date.now() + 120_000));
      expect(restored.laterMigrations).toBe(1);
      expect(restored.overdueRedacted).toBe(1);
      const restoredSql = postgres(target.url, { max: 1, onnotice: () => undefined });
      expect(await restoredSql`select pii, redacted_at is not null as redacted from sale_errors where id = ${overdue!.id}`).toEqual([{ pii: null, redacted: true }]);
      await restoredSql.end();
      const after = await tableFingerprints(target.url);
      expect(after.tenants).toEqual(before.tenants);
      expect(after.synced_sales).toEqual(before.synced_sales);
      expect(after.synced_sales!.rows).toBe(250);
      // The target is at the current schema: every table the code knows exists there.
      expect(Object.keys(after).sort()).toEqual(Object.keys(await tableFingerprints(database.url)).sort());
    } finally {
      await sqlClient.end();
    }
  });
});
