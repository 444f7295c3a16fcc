import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsSent, completenessReports, platformLog, saleErrors, syncCursors, syncedSales } from '../db/schema';
import { completenessWorkflowId, tenantSyncWorkflowId } from '../domain/workflow-ids';
import type { completenessCheckWorkflow } from '../workflows/completeness.workflow';
import { completenessSweepWorkflow } from '../workflows/completeness.workflow';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { startShopFixture, type ShopFixture } from './support/shop';
import { eventually } from './support/tenant';

describe('the daily completeness check', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await startShopFixture(81);
    await shop.worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(shop.tenant.tenantId), taskQueue: shop.worker.taskQueue,
      args: [{ tenantId: shop.tenant.tenantId, source: 'woocommerce', pollIntervalSeconds: 1 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  });
  afterAll(async () => shop?.stop());

  it('finds an order that was deleted from doorzet\'s records, records it as an error and reports counts and order numbers only', async () => {
    const { woo, moneybird, database, worker, tenant } = shop;
    const orders = Array.from({ length: 6 }, () => woo.createOrder());
    const pending = woo.createOrder({ status: 'pending' }); // not a sale: not counted
    await eventually(() => orders.every((o) => moneybird.invoicesByReference(o.number).length === 1), { what: 'the invoices' });
    const lost = orders[2]!;
    await database.db.delete(syncedSales).where(and(eq(syncedSales.tenantId, tenant.tenantId), eq(syncedSales.externalId, String(lost.id))));

    const today = new Date().toISOString().slice(0, 10);
    // Checked are tenants whose sync has run (a saved cursor).
    await eventually(async () => (await database.db.select().from(syncCursors).where(eq(syncCursors.tenantId, tenant.tenantId))).length === 1, { what: 'the saved cursor' });
    // The schedule's workflow fans out per tenant; a check sees orders at once here (no settling time).
    const sweep = await worker.client.workflow.execute(completenessSweepWorkflow, {
      workflowId: `completeness-sweep-${tenant.tenantId}`, taskQueue: worker.taskQueue, args: [{ day: today, settleMs: 0 }],
    });
    expect(sweep).toEqual({ day: today, tenants: 1 });
    const check = worker.client.workflow.getHandle<typeof completenessCheckWorkflow>(completenessWorkflowId(tenant.tenantId, today));
    const result = await check.result();
    expect(result.missingOrders).toEqual([lost.number]);
    expect(result.counts).toMatchObject({ shopOrders: 6, posted: 5, failed: 0, missing: 1, refundsMissing: 0 });
    expect(result.missingOrders).not.toContain(pending.number);

    const [report] = await database.db.select().from(completenessReports).where(eq(completenessReports.tenantId, tenant.tenantId));
    expect(report).toMatchObject({ day: today, missingOrders: [lost.number], missingRefunds: [] });
    const errors = await database.db.select().from(saleErrors).where(and(eq(saleErrors.tenantId, tenant.tenantId), eq(saleErrors.code, 'ORDER_NOT_BOOKED')));
    expect(errors.map((e) => [e.externalId, e.orderNumber, e.cause])).toEqual([[String(lost.id), lost.number, 'completeness']]);
    expect(errors[0]!.pii).toBeNull();
    // The alert hook: one line per check with gaps, counts only.
    const alerts = await database.db.select().from(platformLog).where(and(eq(platformLog.tenantId, tenant.tenantId), eq(platformLog.action, 'alert.completeness-gap')));
    expect(alerts.map((a) => a.message)).toEqual([`Completeness check of ${today}: 1 order(s) and 0 refund(s) not in doorzet's records.`]);
    // And one alert to the tenant's recipients (claimed once per day; this tenant has none configured).
    const sent = await database.db.select().from(alertsSent).where(and(eq(alertsSent.tenantId, tenant.tenantId), eq(alertsSent.kind, 'completeness-gap')));
    expect(sent.map((a) => a.dedupKey)).toEqual([`completeness-gap:${today}`]);
  });
});
