import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listStoredBackups, type BackupRuntime } from '../../activities/backups/backup-runner';
import { openDump } from '../../activities/backups/dump-format';
import { hashToken } from '../../crypto/tokens';
import { createVault } from '../../crypto/vault';
import { CredentialsShreddedError } from '../../crypto/vault-errors';
import { csrfTokenFor } from '../../api/pages/page-session';
import { createDb } from '../../db/client';
import { restoreDatabase } from '../../db/backup/restore';
import { createPgVaultStore } from '../../db/queries/vault-store';
import { connections, debtors, saleErrors, syncedSales, tenantKeys, tenants } from '../../db/schema';
import { BACKUP_PRUNE_SCHEDULE_ID, BACKUP_SCHEDULE_ID } from '../../domain/backups';
import { addMonths } from '../../domain/retention-policy';
import { credentialRetentionWorkflowId } from '../../domain/workflow-ids';
import { ensureRetentionSchedules, RETENTION_SCHEDULES } from '../../worker/schedules';
import type { credentialRetentionWorkflow } from '../../workflows/retention/credential-retention.workflow';
import { createHarness, type Harness } from '../api/harness';
import { createEmptyDatabase, testBackupEnv, testBackupKey, testBackupRuntime } from '../support/backups';
import { eventually } from '../support/tenant';
import { startTestWorker, testCodecKey, testMasterKey, type TestWorker } from '../support/worker';
import { fillTenant, type FilledTenant } from './fixtures';

const noConnectors = {
  salesSource: () => { throw new Error('no sales source in backup tests'); },
  accountingTarget: () => { throw new Error('no accounting target in backup tests'); },
};

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('backups end to end: schedule, API, restore command, deletions replayed', () => {
  let h: Harness;
  let worker: TestWorker;
  let runtime: BackupRuntime;
  let bucket: string;
  let opsToken: string;
  let shredded: FilledTenant;
  let erased: FilledTenant;
  let backupId: string;
  const drops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    h = await createHarness();
    bucket = `e2e-${randomUUID().slice(0, 8)}`;
    runtime = testBackupRuntime({ bucket });
    // The worker gets the backup store and key through configuration, as in production.
    worker = await startTestWorker({ database: h.database, connectorFactory: noConnectors, taskQueue: h.taskQueue, env: testBackupEnv(runtime) });
    await ensureRetentionSchedules(worker.client, { taskQueue: h.taskQueue });
    opsToken = await h.login(await h.createUser('ops'));
    shredded = await fillTenant(h.db, h.vault, { name: 'Wordt Vergeten BV', sales: 20 });
    erased = await fillTenant(h.db, h.vault, { name: 'Blijft Bestaan BV', sales: 20 });
  });
  afterAll(async () => {
    for (const { scheduleId } of RETENTION_SCHEDULES) await worker?.client.schedule.getHandle(scheduleId).delete().catch(() => undefined);
    for (const drop of drops) await drop();
    await worker?.stop();
    runtime?.store.close();
    await h?.close();
  });

  it('shows the backup and prune schedules with their next run, to ops only', async () => {
    const res = await h.request('GET', '/backups', { token: opsToken });
    expect(res.status).toBe(200);
    const body = res.body as { backups: unknown[]; schedules: unknown[] };
    expect(body.backups).toEqual([]);
    const [backup, prune] = body.schedules as { scheduleId: string; workflowType: string; nextRunAt: string; paused: boolean; url: string }[];
    expect(backup).toMatchObject({ scheduleId: BACKUP_SCHEDULE_ID, workflowType: 'databaseBackupWorkflow', paused: false });
    expect(prune).toMatchObject({ scheduleId: BACKUP_PRUNE_SCHEDULE_ID, workflowType: 'backupPruneWorkflow' });
    // Daily at 03:40 UTC (with up to 5 minutes of jitter), always ahead.
    const next = new Date(backup!.nextRunAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000 + 300_000);
    expect(next.getUTCHours()).toBe(3);
    expect(next.getUTCMinutes()).toBeGreaterThanOrEqual(40);
    expect(backup!.url).toBe(`http://localhost:8233/namespaces/default/schedules/${BACKUP_SCHEDULE_ID}`);

    const tenantUser = await h.createUser('tenant', shredded.tenantId);
    expect((await h.request('GET', '/backups', { token: await h.login(tenantUser) })).status).toBe(403);
    expect((await h.request('GET', '/backups')).status).toBe(401);
  });

  it('takes a backup when ops trigger the schedule, and lists it with id, time and size', async () => {
    const res = await h.request('POST', '/backups', { token: opsToken });
    expect(res.status).toBe(202);
    let listed: { id: string; takenAt: string; sizeBytes: number; keyId: string }[] = [];
    await eventually(async () => {
      listed = ((await h.request('GET', '/backups', { token: opsToken })).body as { backups: typeof listed }).backups;
      return listed.length === 1;
    }, { what: 'the triggered backup in GET /backups', timeoutMs: 120_000 });
    backupId = listed[0]!.id;
    expect(listed[0]).toMatchObject({ keyId: testBackupKey.id });
    expect(listed[0]!.sizeBytes).toBeGreaterThan(1000);
    expect(Math.abs(new Date(listed[0]!.takenAt).getTime() - Date.now())).toBeLessThan(120_000);
    expect((await listStoredBackups(runtime.store)).map((b) => [b.id, b.sizeBytes])).toEqual([[backupId, listed[0]!.sizeBytes]]);
  });

  it('keeps a shredded tenant key and an erased debtor gone after restoring an older backup', async () => {
    // After the backup: the credential timer shreds one tenant's key, and an erasure request removes a debtor.
    await h.db.update(tenants).set({ contractEndsOn: addMonths(new Date(), -3).toISOString().slice(0, 10) }).where(eq(tenants.id, shredded.tenantId));
    const timer = await worker.client.workflow.execute<typeof credentialRetentionWorkflow>('credentialRetentionWorkflow', {
      workflowId: credentialRetentionWorkflowId(shredded.tenantId), taskQueue: h.taskQueue, args: [{ tenantId: shredded.tenantId }],
    });
    expect(timer).toMatchObject({ outcome: 'deleted', keyShredded: true });
    const erasure = await h.request('DELETE', `/tenants/${erased.tenantId}/debtors?email=${encodeURIComponent(erased.debtorEmail)}`, { token: opsToken });
    expect(erasure.body).toEqual({ debtorsDeleted: 1, errorRecordsRedacted: 1 });
    // The dashboard's erasure form goes through the deletion log too: the owner erases the tenant's other (guest) debtor.
    const [guest] = await h.db.select().from(debtors).where(and(eq(debtors.tenantId, erased.tenantId), ne(debtors.email, erased.debtorEmail)));
    const owner = await h.login(await h.createUser('tenant', erased.tenantId));
    const form = new URLSearchParams({ email: guest!.email, confirm: 'yes', csrf: await csrfTokenFor(await hashToken(owner)) });
    const page = await h.request('POST', `/dashboard/${erased.tenantId}/privacy/erase`, {
      token: owner, body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toContain('erased=1');
    // The three deletions reach the store next to the backups (ids only, encrypted).
    await eventually(async () => (await runtime.store.list('deletion-log/')).length === 3, { what: 'three deletion-log entries in the store' });

    const stored = (await listStoredBackups(runtime.store)).find((b) => b.id === backupId)!;
    // Without the deletion log, the old backup would bring both back:
    const plain = await createEmptyDatabase();
    drops.push(() => plain.drop());
    await restoreDatabase(plain.url, openDump((await runtime.store.get(stored.key))!, runtime.keyring, backupId));
    const plainDb = createDb(plain.url);
    expect(await plainDb.db.select().from(tenantKeys).where(eq(tenantKeys.tenantId, shredded.tenantId))).toHaveLength(1);
    expect(await plainDb.db.select().from(debtors).where(eq(debtors.email, erased.debtorEmail))).toHaveLength(1);
    await plainDb.close();

    // `npm run restore -- <id> --create`, as an operator runs it, into a database that does not exist yet.
    const target = await createEmptyDatabase();
    await target.drop();
    drops.push(() => target.drop());
    const s3 = inject('s3');
    const env = {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: '/nonexistent-doorzet-data',
      DATABASE_URL: target.url, DOORZET_MASTER_KEY: b64(testMasterKey.key), DOORZET_CODEC_KEY: b64(testCodecKey),
      DOORZET_BACKUP_KEY: b64(testBackupKey.key), DOORZET_BACKUP_KEY_ID: testBackupKey.id,
      BACKUP_S3_ENDPOINT: s3.endpoint, BACKUP_S3_BUCKET: bucket, BACKUP_S3_PREFIX: 'doorzet/', BACKUP_S3_REGION: 'eu-central-1',
      BACKUP_S3_ACCESS_KEY_ID: s3.accessKeyId, BACKUP_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
    const restore = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'db/restore/main.ts', ...args], { env, encoding: 'utf8', timeout: 120_000 });
    const listing = restore(['--list']);
    expect(listing.stdout).toContain(backupId);
    const done = restore([backupId, '--create']);
    expect(done.stderr).not.toMatch(/refused|failed/);
    expect(done.status).toBe(0);
    expect(done.stdout).toMatch(/synced_sales +40 rows/);
    expect(done.stdout).toMatch(/deletion log: 3 deletion\(s\) replayed/);

    const { db, close } = createDb(target.url);
    try {
      // The shredded tenant: no key, no sealed credentials, nothing readable; its sales (no personal data) remain.
      expect(await db.select().from(tenantKeys).where(eq(tenantKeys.tenantId, shredded.tenantId))).toEqual([]);
      const creds = await db.select().from(connections).where(eq(connections.tenantId, shredded.tenantId));
      expect(creds.map((c) => c.sealedCredentials)).toEqual([null, null]);
      const vault = createVault({ store: createPgVaultStore(db), masterKeys: { current: testMasterKey } });
      const [live] = await h.db.select().from(connections).where(eq(connections.id, shredded.sourceConnectionId));
      expect(live?.sealedCredentials).toBeNull();
      await expect(vault.open(shredded.tenantId, shredded.sourceConnectionId, new Uint8Array(64), { actor: 'test', purpose: 'drill' })).rejects.toBeInstanceOf(CredentialsShreddedError);
      expect(await db.select().from(syncedSales).where(eq(syncedSales.tenantId, shredded.tenantId))).toHaveLength(20);
      // The other tenant keeps its key.
      expect(await db.select().from(tenantKeys).where(eq(tenantKeys.tenantId, erased.tenantId))).toHaveLength(1);

      // The erased debtors (API and dashboard): mappings gone, error record redacted; other tenants' debtors stay.
      expect(await db.select().from(debtors).where(eq(debtors.email, erased.debtorEmail))).toEqual([]);
      expect(await db.select().from(debtors).where(eq(debtors.id, guest!.id))).toEqual([]);
      expect(await db.select().from(debtors).where(eq(debtors.tenantId, shredded.tenantId))).toHaveLength(2);
      const [error] = await db.select().from(saleErrors).where(eq(saleErrors.id, erased.saleErrorId));
      expect(error?.pii).toBeNull();
      expect(error?.redactedAt).not.toBeNull();
    } finally {
      await close();
    }

    // A second run finds the database no longer empty and refuses, with the reason.
    const again = restore([backupId]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/restore refused: database "r_[0-9a-f]+" is not empty/);
  });
});
