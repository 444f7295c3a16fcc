import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFactory } from '../connectors/registry';
import { startWooSimulator, type WooSimulator } from '../connectors/sources/woocommerce/simulator';
import type { WooOrder } from '../connectors/sources/woocommerce/woo-order';
import { clearMasterDataCache } from '../connectors/targets/exact-online/master-data';
import { startExactSimulator, type ExactSimulator } from '../connectors/targets/exact-online/simulator';
import { saleErrors, syncedRefunds } from '../db/schema';
import { parseDecimalToCents } from '../domain/money';
import { creditNoteReference } from '../domain/refund';
import { tenantSyncWorkflowId, tokenKeeperWorkflowId } from '../domain/workflow-ids';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { createTestDatabase, type TestDatabase } from './support/database';
import { connectExact, createExactTenant, EXACT_TEST_APP, signalTokensReplaced, testOAuthApps } from './support/exact-tenant';
import { eventually, morePolls } from './support/tenant';
import { startTestWorker, type TestWorker } from './support/worker';

const cents = parseDecimalToCents;

// The refund workflow of main (issue 10) books through AccountingTarget.createCreditNote: Exact's is a
// credit-note sales entry (Type 21, negative) under the credit note's own reference.
describe('WooCommerce refunds into Exact Online as credit notes', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let woo: WooSimulator;
  let exact: ExactSimulator;
  let tenantId: string;

  beforeAll(async () => {
    clearMasterDataCache();
    database = await createTestDatabase();
    worker = await startTestWorker({ database, connectorFactory, oauth: testOAuthApps });
    woo = await startWooSimulator({ seed: 131 });
    exact = await startExactSimulator({ seed: 131, ...EXACT_TEST_APP, divisions: 1 });
    ({ tenantId } = await createExactTenant(database.db, worker.vault, { woo, exact }));
    expect(await connectExact(worker.client, worker.taskQueue, tenantId, exact)).toMatchObject({ ok: true });
    await signalTokensReplaced(worker.client, worker.taskQueue, tenantId);
    await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId, source: 'woocommerce', pollIntervalSeconds: 1, concurrency: 5 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  });

  afterAll(async () => {
    for (const id of [tenantSyncWorkflowId(tenantId), tokenKeeperWorkflowId(tenantId)]) {
      await worker?.client.workflow.getHandle(id).terminate('test done').catch(() => undefined);
    }
    await worker?.stop();
    await woo?.stop();
    await exact?.stop();
    await database?.drop();
  });

  const credited = () => database.db.select().from(syncedRefunds).where(and(eq(syncedRefunds.tenantId, tenantId), eq(syncedRefunds.state, 'credited')));

  it('credits a partial and a full refund once each, to the cent, as credit-note entries naming the original', async () => {
    const division = exact.divisions[0]!;
    const orders = [1, 2].map(() => woo.createOrder({}, { lineCount: 3, coupon: false, shipping: true, paymentFee: false }));
    await eventually(() => orders.every((o) => exact.entriesByReference(division, o.number).length === 1), { timeoutMs: 90_000, what: 'the sales entries' });

    const [a, b] = orders as [WooOrder, WooOrder];
    const partial = woo.refundItems(a.id, { items: [{ id: a.line_items[0]!.id, quantity: 1 }] });
    const full = woo.refundOrder(b.id, { amount: b.total, reason: 'Order fully refunded.' });
    await eventually(async () => (await credited()).length === 2, { timeoutMs: 120_000, what: 'two credited refunds' });
    // More polls see the refunds again; nothing is credited twice.
    await morePolls(worker.client, tenantId);

    const rows = await credited();
    for (const [order, refund] of [[a, partial], [b, full]] as const) {
      const notes = exact.entriesByReference(division, creditNoteReference(order.number, String(refund.id)));
      expect(notes, `credit notes of ${order.number}`).toHaveLength(1);
      expect(notes[0]).toMatchObject({ Type: 21, Description: `Credit note for order ${order.number}` });
      expect(Math.round(Number(notes[0]!.AmountFC) * 100)).toBe(-cents(refund.amount));
      // The original entry stays as booked.
      expect(exact.entriesByReference(division, order.number)).toHaveLength(1);
      expect(rows.find((r) => r.refundExternalId === String(refund.id))).toMatchObject({
        orderExternalId: String(order.id), amountInclCents: cents(refund.amount), targetDocumentId: notes[0]!.EntryID,
      });
    }
    expect(await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenantId))).toEqual([]);
  });
});
