import { mkdir, writeFile } from 'node:fs/promises';
import { WorkflowIdConflictPolicy, type WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { saveTenantSettings } from '../../db/queries/tenant-settings';
import { syncedRefunds, syncedSales } from '../../db/schema';
import { backfillWorkflowId, completenessWorkflowId, correctionWorkflowId, refundWorkflowId, tenantSyncWorkflowId } from '../../domain/workflow-ids';
import * as workflows from '../../workflows';
import { startShopFixture, type ShopFixture } from '../support/shop';
import { eventually } from '../support/tenant';

/**
 * Records the histories of the refund, correction, backfill and completeness workflows, and of a tenant
 * sync that started refunds, for test/replay/replay.test.ts. Not part of `npm test`; run it after a
 * deliberate change of those workflows:
 *
 *   RECORD_HISTORIES=1 RECORD_TAG=v3 npx vitest run test/replay/record-refund-histories.test.ts
 *
 * Payloads are sealed with the TEST codec key; personal values come from the simulators' generated data.
 */
const OUT = new URL('./histories/', import.meta.url);
const tag = process.env.RECORD_TAG ?? 'v3';

async function save(name: string, handle: WorkflowHandle) {
  const history = await handle.fetchHistory();
  await mkdir(OUT, { recursive: true });
  const json = proto.temporal.api.history.v1.History.toObject(proto.temporal.api.history.v1.History.fromObject(history), { enums: String, longs: String, bytes: String });
  await writeFile(new URL(`${tag}-${name}.json`, OUT), `${JSON.stringify(json)}\n`);
}

describe.skipIf(!process.env.RECORD_HISTORIES)('record refund workflow histories for the replay test', () => {
  let shop: ShopFixture;
  beforeAll(async () => {
    shop = await startShopFixture(29);
  });
  afterAll(async () => shop?.stop());

  it('records refunds, corrections, a backfill, a completeness check and a tenant sync with refunds', async () => {
    const { worker, woo, tenant, database } = shop;
    const { client, taskQueue } = worker;
    const tenantId = tenant.tenantId;
    await saveTenantSettings(database.db, tenantId, { syncFrom: '2000-01-01', correctionPolicy: 'correct' });
    const sync = await client.workflow.start(workflows.tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenantId), taskQueue,
      args: [{ tenantId, source: 'woocommerce', pollIntervalSeconds: 1, maxHistoryEvents: 150 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    const firstRun = client.workflow.getHandle(sync.workflowId, sync.firstExecutionRunId);
    const credited = async (orderId: number) => (await database.db.select().from(syncedRefunds)
      .where(and(eq(syncedRefunds.tenantId, tenantId), eq(syncedRefunds.orderExternalId, String(orderId))))).some((r) => r.state !== 'claimed');

    // A refund of a booked order; a refund that waits for its order; a cancellation.
    const order = woo.createOrder({}, { lineCount: 2, shipping: true });
    await eventually(async () => (await database.db.select().from(syncedSales).where(eq(syncedSales.tenantId, tenantId))).some((r) => r.externalId === String(order.id) && r.state === 'posted'), { what: 'the sale' });
    const refund = woo.refundItems(order.id, { shipping: true });
    await eventually(() => credited(order.id), { what: 'the credit note' });
    const pending = woo.createOrder({ status: 'pending' });
    const early = woo.refundOrder(pending.id, { amount: '5.00' });
    const earlyHandle = client.workflow.getHandle(refundWorkflowId(tenantId, 'woocommerce', String(pending.id), String(early.id)));
    await eventually(async () => (await earlyHandle.describe().catch(() => null)) !== null, { what: 'the waiting refund' });
    await new Promise((r) => setTimeout(r, 1_100));
    woo.updateOrder(pending.id, { status: 'processing' });
    await eventually(() => credited(pending.id), { what: 'the waited credit note' });
    const cancelled = woo.createOrder();
    await eventually(async () => (await database.db.select().from(syncedSales).where(eq(syncedSales.tenantId, tenantId))).some((r) => r.externalId === String(cancelled.id) && r.state === 'posted'), { what: 'the sale to cancel' });
    await new Promise((r) => setTimeout(r, 1_100));
    woo.updateOrder(cancelled.id, { status: 'cancelled' });
    await eventually(() => credited(cancelled.id), { what: 'the cancellation' });

    // An edit under the 'correct' policy.
    await new Promise((r) => setTimeout(r, 1_100));
    woo.editOrder(order.id, { [order.line_items[0]!.id]: order.line_items[0]!.quantity + 1 });
    const correction = client.workflow.getHandle(correctionWorkflowId(tenantId, 'woocommerce', String(order.id)));
    await eventually(async () => (await correction.describe().catch(() => null))?.status.name === 'COMPLETED', { what: 'the correction' });

    for (let i = 0; i < 3; i += 1) woo.createOrder();
    await eventually(async () => (await firstRun.describe()).status.name === 'CONTINUED_AS_NEW', { timeoutMs: 120_000, what: 'continue-as-new' });
    await save('refund-credited', client.workflow.getHandle(refundWorkflowId(tenantId, 'woocommerce', String(order.id), String(refund.id))));
    await save('refund-waited-for-invoice', earlyHandle);
    await save('refund-cancellation', client.workflow.getHandle(refundWorkflowId(tenantId, 'woocommerce', String(cancelled.id), 'cancel')));
    await save('correction', correction);
    await save('tenant-sync-with-refunds', firstRun);
    await sync.terminate('recorded');

    // A backfill of a range (all booked already: it links nothing and books nothing) and a completeness check.
    const today = new Date().toISOString().slice(0, 10);
    const backfill = await client.workflow.start(workflows.backfillWorkflow, {
      workflowId: backfillWorkflowId(tenantId), taskQueue,
      args: [{ tenantId, source: 'woocommerce', from: `${today}T00:00:00.000Z`, to: new Date().toISOString() }],
    });
    await backfill.result();
    await save('backfill', backfill);
    const check = await client.workflow.start(workflows.completenessCheckWorkflow, {
      workflowId: completenessWorkflowId(tenantId, today), taskQueue, args: [{ tenantId, day: today, settleMs: 0 }],
    });
    await check.result();
    await save('completeness-check', check);
  });
});
