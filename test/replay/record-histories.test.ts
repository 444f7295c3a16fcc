import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { WorkflowIdConflictPolicy, type WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDebugCopy } from '../../db/queries/debug-copies';
import { setContract } from '../../db/queries/tenants';
import { retentionTimers, saleErrors, syncedSales } from '../../db/schema';
import { dueDayOf } from '../../db/queries/redaction-days';
import { connectionTestWorkflowId, credentialRetentionWorkflowId, errorRedactionDayWorkflowId, saleWorkflowId, tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { debugCopyWorkflowId } from '../../domain/backups';
import { dueAt } from '../../domain/retention-policy';
import * as workflows from '../../workflows';
import { destroyDebugCopySignal } from '../../workflows/backups/definitions';
import { testBackupEnv, testBackupRuntime } from '../support/backups';
import { startShopFixture, type ShopFixture } from '../support/shop';
import { eventually } from '../support/tenant';

/**
 * Records the histories that test/replay/replay.test.ts replays: one per workflow kind, run on the test
 * Temporal server against simulators. Not part of `npm test`; run it after a deliberate workflow change:
 *
 *   RECORD_HISTORIES=1 npx vitest run test/replay/record-histories.test.ts
 *
 * Every payload in them is sealed with the TEST codec key (test/support/worker.ts) and every personal
 * value comes from the simulators' generated data: no real person's data is in these files.
 */
const OUT = new URL('./histories/', import.meta.url);
const tag = process.env.RECORD_TAG ?? 'v3';

async function save(name: string, handle: WorkflowHandle) {
  const history = await handle.fetchHistory();
  await mkdir(OUT, { recursive: true });
  // protobufjs' JSON form (enum names, 64-bit numbers as strings, bytes as base64); the replay test reads it back with History.fromObject.
  const json = proto.temporal.api.history.v1.History.toObject(proto.temporal.api.history.v1.History.fromObject(history), { enums: String, longs: String, bytes: String });
  await writeFile(new URL(`${tag}-${name}.json`, OUT), `${JSON.stringify(json)}\n`);
}

describe.skipIf(!process.env.RECORD_HISTORIES)('record workflow histories for the replay test', () => {
  let shop: ShopFixture;
  const backups = testBackupRuntime();
  beforeAll(async () => {
    // Backups configured, so the backup, prune and deletion-log workflows run their real activities.
    shop = await startShopFixture(23, { env: testBackupEnv(backups) });
  });
  afterAll(async () => {
    await shop?.stop();
    backups.store.close();
  });

  it('records every workflow kind', async () => {
    const { worker, woo, tenant, database } = shop;
    const { client, taskQueue } = worker;
    const tenantId = tenant.tenantId;

    // Sale posted, sale failed (with its error-redaction timer), and a tenant sync that continues as new.
    const good = woo.createOrder();
    const bad = woo.createOrder({ line_items: [] });
    const sync = await client.workflow.start(workflows.tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenantId), taskQueue,
      args: [{ tenantId, source: 'woocommerce', pollIntervalSeconds: 1, maxHistoryEvents: 40 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    const firstRun = client.workflow.getHandle(sync.workflowId, sync.firstExecutionRunId);
    await eventually(async () => (await database.db.select().from(syncedSales).where(eq(syncedSales.tenantId, tenantId))).some((r) => r.state === 'posted'), { what: 'a posted sale' });
    await eventually(async () => (await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenantId))).length > 0, { what: 'an error record' });
    for (let i = 0; i < 3; i += 1) woo.createOrder();
    await eventually(async () => (await firstRun.describe()).status.name === 'CONTINUED_AS_NEW', { what: 'continue-as-new' });
    await save('sale-posted', client.workflow.getHandle(saleWorkflowId(tenantId, 'woocommerce', String(good.id))));
    await save('sale-failed', client.workflow.getHandle(saleWorkflowId(tenantId, 'woocommerce', String(bad.id))));
    await save('tenant-sync-continued-as-new', firstRun);
    const [error] = await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenantId));
    // Since v3 a failed sale registers with its tenant's day timer; v1/v2 recorded a timer per error.
    const day = client.workflow.getHandle(errorRedactionDayWorkflowId(tenantId, dueDayOf(error!.redactAt)));
    await eventually(async () => (await day.fetchHistory()).events!.some((e) => e.eventType === proto.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED), { what: 'the day redaction timer' });
    await save('error-redaction-day-sleeping', day);
    await sync.terminate('recorded');

    // The daily purges and the connection test.
    for (const name of ['logPurgeWorkflow', 'statutoryPurgeWorkflow', 'analyticsPurgeWorkflow', 'backupPruneWorkflow'] as const) {
      const handle = await client.workflow.start(workflows[name], { workflowId: `record-${name}-${randomBytes(3).toString('hex')}`, taskQueue, args: [] });
      await handle.result();
      await save(name.replace(/Workflow$/, ''), handle);
    }
    const test = await client.workflow.start(workflows.connectionTestWorkflow, {
      workflowId: connectionTestWorkflowId(tenantId, randomBytes(4).toString('hex')), taskQueue, args: [{ tenantId, role: 'source' }],
    });
    await test.result();
    await save('connection-test', test);
    // Credential retention: a contract that ended long ago (deleted at once), and one renewed open-ended while the timer waits.
    const retention = worker.parts.retention;
    await setContract(database.db, tenantId, { startsOn: '2024-01-01', endsOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) });
    await retention.onContractChanged(tenantId);
    const timer = client.workflow.getHandle(credentialRetentionWorkflowId(tenantId));
    await eventually(async () => (await database.db.select().from(retentionTimers).where(eq(retentionTimers.tenantId, tenantId))).length > 0, { what: 'the credential timer' });
    await setContract(database.db, tenantId, { startsOn: '2024-01-01', endsOn: null });
    await retention.onContractChanged(tenantId);
    expect(await timer.result()).toEqual({ outcome: 'cancelled' });
    await save('credential-retention-renewed', timer);
    await setContract(database.db, tenantId, { startsOn: '2020-01-01', endsOn: '2020-12-31' });
    await retention.onContractChanged(tenantId);
    await eventually(async () => (await client.workflow.getHandle(credentialRetentionWorkflowId(tenantId)).describe()).status.name === 'COMPLETED', { what: 'the deletion' });
    await save('credential-retention-deleted', client.workflow.getHandle(credentialRetentionWorkflowId(tenantId)));

    // Backups: the daily backup, shipping the deletion log (the shred above wrote an entry), a debug copy destroyed on request.
    const backup = await client.workflow.start(workflows.databaseBackupWorkflow, { workflowId: `record-backup-${randomBytes(3).toString('hex')}`, taskQueue, args: [] });
    await backup.result();
    await save('databaseBackup', backup);
    const ship = await client.workflow.start(workflows.deletionLogShipWorkflow, { workflowId: `record-ship-${randomBytes(3).toString('hex')}`, taskQueue, args: [] });
    await ship.result();
    await save('deletionLogShip', ship);
    const copyId = randomUUID();
    const requestedAt = new Date();
    await insertDebugCopy(database.db, {
      id: copyId, tenantId, requestedBy: 'ops:recorder', reason: 'recording', workflowId: debugCopyWorkflowId(copyId), expiresAt: dueAt('debugCopyDestruction', requestedAt),
    });
    const copy = await client.workflow.start(workflows.debugCopyWorkflow, {
      workflowId: debugCopyWorkflowId(copyId), taskQueue, args: [{ tenantId, copyId, requestedAt: requestedAt.toISOString() }],
    });
    await eventually(async () => (await database.db.select().from(retentionTimers).where(eq(retentionTimers.subjectId, copyId))).length > 0, { what: 'the debug copy made' });
    await copy.signal(destroyDebugCopySignal);
    expect(await copy.result()).toMatchObject({ outcome: 'ops' });
    await save('debug-copy-destroyed', copy);

  });
});
