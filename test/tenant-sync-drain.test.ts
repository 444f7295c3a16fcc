import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saleWorkflowId, tenantSyncWorkflowId } from '../domain/workflow-ids';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { startShopFixture, type ShopFixture } from './support/shop';
import { eventually } from './support/tenant';

/** Continue-as-new waits a bounded time for running sales, then hands them over; it never waits on a stuck child. */
describe('tenant sync: continue-as-new with a stuck sale', () => {
  let shop: ShopFixture;
  beforeAll(async () => {
    shop = await startShopFixture(47);
  });
  afterAll(async () => {
    shop?.moneybird.faults.set({ latencyMs: 0 });
    await shop?.stop();
  });

  it('continues as new while the sale is still stuck at the vendor, and the sale still books afterwards', async () => {
    const { worker, woo, moneybird, tenant } = shop;
    // Every call to the accounting system hangs for 15 s: the sale is stuck in its first vendor call.
    moneybird.faults.set({ latencyMs: 15_000 });
    const order = woo.createOrder();
    const sync = await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenant.tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId: tenant.tenantId, source: 'woocommerce', pollIntervalSeconds: 1, maxHistoryEvents: 30, drainSeconds: 2 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    const sale = worker.client.workflow.getHandle(saleWorkflowId(tenant.tenantId, 'woocommerce', String(order.id)));
    await eventually(async () => (await sale.describe().catch(() => null))?.status.name === 'RUNNING', { what: 'the sale to start' });
    const firstRun = worker.client.workflow.getHandle(sync.workflowId, sync.firstExecutionRunId);
    await eventually(async () => (await firstRun.describe()).status.name === 'CONTINUED_AS_NEW', { what: 'continue-as-new' });
    // The run handed over without waiting for the sale, which is still at the vendor.
    expect((await sale.describe()).status.name).toBe('RUNNING');
    expect(moneybird.invoicesByReference(order.number)).toHaveLength(0);
    moneybird.faults.set({ latencyMs: 0 });
    await eventually(() => moneybird.invoicesByReference(order.number).length === 1, { timeoutMs: 90_000, what: 'the invoice once the vendor answers' });
  });
});
