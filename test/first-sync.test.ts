import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFactory } from '../connectors/registry';
import { startWooSimulator, type WooSimulator } from '../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { saleErrors, syncCursors, syncedSales } from '../db/schema';
import { refundWorkflowId, saleWorkflowId, tenantSyncWorkflowId } from '../domain/workflow-ids';
import { orderChangedSignal, syncStatusQuery } from '../workflows/definitions';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { createTestDatabase, type TestDatabase } from './support/database';
import { createSimulatedTenant, eventually } from './support/tenant';
import { startTestWorker, type TestWorker } from './support/worker';

const DAY = 86_400_000;

describe('first sync: a new connection books no history', () => {
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

  /** A shop whose clock the test moves: its history is made in the past, new orders now. */
  async function openShop(seed: number, history: { orders: number; daysAgo: number }[], syncFrom: string | null) {
    // null: the real clock (orders placed from the connection on).
    const clock: { at: number | null } = { at: null };
    const woo: WooSimulator = await startWooSimulator({ seed, now: () => new Date(clock.at ?? Date.now()) });
    const old = history.flatMap(({ orders, daysAgo }) => {
      clock.at = Date.now() - daysAgo * DAY;
      return Array.from({ length: orders }, () => woo.createOrder());
    });
    clock.at = null;
    const moneybird: MoneybirdSimulator = await startMoneybirdSimulator({ seed });
    const tenant = await createSimulatedTenant(database.db, worker.vault, { woo, moneybird, syncFrom });
    stops.push(() => woo.stop(), () => moneybird.stop(), () => worker.client.workflow.getHandle(tenantSyncWorkflowId(tenant.tenantId)).terminate());
    const sync = await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenant.tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId: tenant.tenantId, source: 'woocommerce', pollIntervalSeconds: 1 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    const rows = () => database.db.select().from(syncedSales).where(eq(syncedSales.tenantId, tenant.tenantId));
    return { woo, moneybird, tenantId: tenant.tenantId, sync, old, clock, rows };
  }

  it('a new tenant whose shop holds 500 old orders books none of them, and books what comes after', async () => {
    const shop = await openShop(61, [{ orders: 500, daysAgo: 40 }], null);
    // The sync's first poll starts at the moment of connecting and has run.
    await eventually(async () => (await shop.sync.query(syncStatusQuery).catch(() => null))?.lastPollAt != null, { what: 'the first poll' });
    const cursor = async () => (await database.db.select().from(syncCursors).where(eq(syncCursors.tenantId, shop.tenantId)))[0]?.cursor;
    await eventually(async () => (await cursor()) !== undefined, { what: 'the saved cursor' });
    expect(Date.parse((await cursor())!)).toBeGreaterThan(Date.now() - 5 * 60_000);

    // An old order that changes after connecting (shipped, a note) is still history: not booked.
    const edited = shop.woo.updateOrder(shop.old[0]!.id, { status: 'completed' });
    const fresh = [shop.woo.createOrder(), shop.woo.createOrder()];
    await eventually(() => fresh.every((o) => shop.moneybird.invoicesByReference(o.number).length === 1), { what: 'the new orders' });
    // Two more polls see the edited order again.
    const polled = (await shop.sync.query(syncStatusQuery)).lastPollAt!;
    await eventually(async () => (await shop.sync.query(syncStatusQuery)).lastPollAt! > polled, { what: 'another poll' });

    expect(shop.moneybird.invoices.size).toBe(2);
    expect(shop.moneybird.invoicesByReference(edited.number)).toEqual([]);
    expect((await shop.rows()).map((r) => r.externalId).sort()).toEqual(fresh.map((o) => String(o.id)).sort());
    expect((await shop.sync.query(syncStatusQuery)).counts).toMatchObject({ posted: 2, failed: 0 });

    // The shop's webhook announces an old order with a refund made today: neither is booked, nothing is recorded as an error.
    const old = shop.old[1]!;
    const refund = shop.woo.refundOrder(old.id, { amount: '1.00' });
    await shop.sync.signal(orderChangedSignal, { externalId: String(old.id), modifiedAt: `${shop.woo.orders.get(old.id)!.date_modified_gmt}Z`, refunds: [String(refund.id)] });
    const status = async (id: string) => (await worker.client.workflow.getHandle(id).describe().catch(() => null))?.status.name;
    await eventually(async () => (await status(saleWorkflowId(shop.tenantId, 'woocommerce', String(old.id)))) === 'FAILED', { what: 'the sale run of the old order' });
    await eventually(async () => (await status(refundWorkflowId(shop.tenantId, 'woocommerce', String(old.id), String(refund.id)))) === 'FAILED', { what: 'the refund run' });
    expect(shop.moneybird.invoices.size).toBe(2);
    expect(shop.moneybird.invoicesByReference(`${old.number}-R${refund.id}`)).toEqual([]);
    expect(await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, shop.tenantId))).toEqual([]);
  });

  it('starts at the date the merchant chose: orders placed since then are booked, older ones not', async () => {
    const chosen = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
    const shop = await openShop(62, [{ orders: 5, daysAgo: 30 }, { orders: 4, daysAgo: 3 }], chosen);
    const recent = shop.old.slice(5);
    await eventually(() => recent.every((o) => shop.moneybird.invoicesByReference(o.number).length === 1), { what: 'the orders since the chosen date' });
    const polled = (await shop.sync.query(syncStatusQuery)).lastPollAt!;
    await eventually(async () => (await shop.sync.query(syncStatusQuery)).lastPollAt! > polled, { what: 'another poll' });
    expect(shop.moneybird.invoices.size).toBe(4);
    // The invoice lands in Moneybird a step before the sale is recorded as posted: wait for the records.
    const posted = () => database.db.select().from(syncedSales).where(and(eq(syncedSales.tenantId, shop.tenantId), eq(syncedSales.state, 'posted')));
    await eventually(async () => (await posted()).length >= 4, { what: 'the posted records' });
    expect((await posted()).map((r) => r.externalId).sort()).toEqual(recent.map((o) => String(o.id)).sort());
  });
});
