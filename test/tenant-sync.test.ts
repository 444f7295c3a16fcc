import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooSimulator, type WooSimulator } from '../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { saleWorkflowId, tenantSyncWorkflowId } from '../domain/workflow-ids';
import { saleErrors, syncedSales } from '../db/schema';
import { orderChangedSignal, pauseSyncSignal, resumeSyncSignal, syncStatusQuery } from '../workflows/definitions';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { connectorFactory } from '../connectors/registry';
import { createTestDatabase, type TestDatabase } from './support/database';
import { createSimulatedTenant, eventually } from './support/tenant';
import { startTestWorker, type TestWorker } from './support/worker';

describe('the tenant sync workflow', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  const stops: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ database, connectorFactory });
  });

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await worker?.stop();
    await database?.drop();
  });

  async function openTenant(seed: number, initialOrders = 0) {
    const woo: WooSimulator = await startWooSimulator({ seed, initialOrders });
    // 150 requests per 10 s instead of per 5 minutes: 40 sales at four calls each (contact, invoice, finalise) exceed one real window.
    const moneybird: MoneybirdSimulator = await startMoneybirdSimulator({ seed, rateLimit: { windowMs: 10_000 } });
    const tenant = await createSimulatedTenant(database.db, worker.vault, { woo, moneybird });
    stops.push(() => woo.stop(), () => moneybird.stop(), () => worker.client.workflow.getHandle(tenantSyncWorkflowId(tenant.tenantId)).terminate());
    return { woo, moneybird, tenantId: tenant.tenantId };
  }

  const postedCount = async (tenantId: string) =>
    (await database.db.select().from(syncedSales).where(and(eq(syncedSales.tenantId, tenantId), eq(syncedSales.state, 'posted')))).length;

  it('continues as new before its history grows large, carrying its cursor, queue and counts', async () => {
    const { woo, moneybird, tenantId } = await openTenant(41, 40);
    const first = await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId, source: 'woocommerce', pollIntervalSeconds: 1, concurrency: 4, maxHistoryEvents: 120 }],
    });
    await eventually(async () => (await postedCount(tenantId)) === 40, { timeoutMs: 120_000, what: '40 posted sales' });

    const latest = worker.client.workflow.getHandle(tenantSyncWorkflowId(tenantId));
    expect((await latest.describe()).runId).not.toBe(first.firstExecutionRunId);
    // Postgres has the row a moment before the sync hears that its child finished.
    await eventually(async () => (await latest.query(syncStatusQuery)).counts.posted === 40, { what: 'the carried-over count' });
    const status = await latest.query(syncStatusQuery);
    expect(status.cursor).not.toBeNull();
    expect(moneybird.invoices.size).toBe(40);
    for (const order of woo.orders.values()) expect(moneybird.invoicesByReference(order.number)).toHaveLength(1);
  });

  it('skips orders that are not sales yet without an error record, and books them once they are', async () => {
    const { woo, moneybird, tenantId } = await openTenant(42);
    const sync = await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId, source: 'woocommerce', pollIntervalSeconds: 1 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    const pending = woo.createOrder({ status: 'pending' });
    // The shop's webhook says the order changed; the order is not paid yet.
    await sync.signal(orderChangedSignal, { externalId: String(pending.id), modifiedAt: `${pending.date_modified_gmt}Z` });
    const sale = worker.client.workflow.getHandle(saleWorkflowId(tenantId, 'woocommerce', String(pending.id)));
    await eventually(async () => (await sale.describe().catch(() => null))?.status.name === 'FAILED', { what: 'the not-bookable run' });
    expect(moneybird.invoices.size).toBe(0);
    expect(await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenantId))).toEqual([]);

    await new Promise((r) => setTimeout(r, 1_100)); // the shop stamps changes to the second
    const paid = woo.updateOrder(pending.id, { status: 'processing' });
    await sync.signal(orderChangedSignal, { externalId: String(paid.id), modifiedAt: `${paid.date_modified_gmt}Z` });
    await eventually(() => moneybird.invoicesByReference(paid.number).length === 1, { what: 'the invoice once paid' });
    expect((await sync.query(syncStatusQuery)).counts.failed).toBe(0);
  });

  it('starts nothing while paused, and catches up on resume', async () => {
    const { woo, moneybird, tenantId } = await openTenant(43);
    const sync = await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId, source: 'woocommerce', pollIntervalSeconds: 1 }],
    });
    await sync.signal(pauseSyncSignal, { reason: 'Year-end closing', by: 'merchant' });
    // A query before the workflow's first task has run finds no handler yet; eventually() asks again.
    await eventually(async () => (await sync.query(syncStatusQuery).catch(() => null))?.state === 'paused', { what: 'the pause' });
    const orders = Array.from({ length: 3 }, () => woo.createOrder());
    await new Promise((r) => setTimeout(r, 2_500));
    expect(moneybird.invoices.size).toBe(0);
    expect((await sync.query(syncStatusQuery)).paused).toMatchObject({ reason: 'Year-end closing', by: 'merchant' });

    await sync.signal(resumeSyncSignal);
    await eventually(() => orders.every((o) => moneybird.invoicesByReference(o.number).length === 1), { what: 'the invoices after resume' });
  });
});
