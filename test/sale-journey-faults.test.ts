import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooSimulator, type WooSimulator } from '../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { parseDecimalToCents } from '../domain/money';
import { tenantSyncWorkflowId } from '../domain/workflow-ids';
import { connections, saleErrors, syncedSales } from '../db/schema';
import { resumeSyncSignal, syncStatusQuery } from '../workflows/definitions';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { connectorFactory } from '../connectors/registry';
import { createTestDatabase, type TestDatabase } from './support/database';
import { createSimulatedTenant, eventually, type SimulatedTenant } from './support/tenant';
import { startTestWorker, type TestWorker } from './support/worker';

const ORDERS_PER_TENANT = 100;
// Moneybird's limit shape (150 per window) with the window shortened so the run stays short.
const rateLimit = { limit: 150, windowMs: 4_000 };

interface Shop {
  woo: WooSimulator;
  moneybird: MoneybirdSimulator;
  tenant: SimulatedTenant;
}

describe('faults: exactly once under 5xx, timeouts after commit and 429 bursts', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  const shops: Shop[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ database, connectorFactory });
  });

  afterAll(async () => {
    for (const shop of shops) {
      await worker?.client.workflow.getHandle(tenantSyncWorkflowId(shop.tenant.tenantId)).terminate('test done').catch(() => undefined);
      await shop.woo.stop();
      await shop.moneybird.stop();
    }
    await worker?.stop();
    await database?.drop();
  });

  async function openShop(seed: number, mode: 'stall' | 'destroy'): Promise<Shop> {
    const woo = await startWooSimulator({ seed, initialOrders: ORDERS_PER_TENANT });
    const moneybird = await startMoneybirdSimulator({ seed, rateLimit });
    moneybird.faults.set({ serverErrorRate: 0.1, timeoutAfterCommitRate: 0.05, timeoutAfterCommitMode: mode, stallMs: 3_000, rateLimitBurst: 5 });
    woo.faults.set({ serverErrorRate: 0.05 });
    const tenant = await createSimulatedTenant(database.db, worker.vault, { woo, moneybird, rateLimit, targetTimeoutMs: 1_500 });
    const shop = { woo, moneybird, tenant };
    shops.push(shop);
    return shop;
  }

  it(`posts ${3 * ORDERS_PER_TENANT} orders over 3 tenants exactly once, to the cent`, async () => {
    const opened = [await openShop(21, 'stall'), await openShop(22, 'destroy'), await openShop(23, 'stall')];
    for (const { tenant } of opened) {
      await worker.client.workflow.start(tenantSyncWorkflow, {
        workflowId: tenantSyncWorkflowId(tenant.tenantId), taskQueue: worker.taskQueue,
        args: [{ tenantId: tenant.tenantId, source: 'woocommerce', pollIntervalSeconds: 2, concurrency: 20 }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    }
    // A 429 burst in the middle of the run, on top of the one at the start.
    setTimeout(() => opened[1]!.moneybird.faults.set({ rateLimitBurst: 10 }), 3_000);

    const tenantIds = opened.map((s) => s.tenant.tenantId);
    const posted = () => database.db.select().from(syncedSales).where(and(inArray(syncedSales.tenantId, tenantIds), eq(syncedSales.state, 'posted')));
    await eventually(async () => (await posted()).length === 3 * ORDERS_PER_TENANT, { timeoutMs: 240_000, what: `${3 * ORDERS_PER_TENANT} posted sales` });

    for (const { woo, moneybird } of opened) {
      expect(moneybird.invoices.size).toBe(ORDERS_PER_TENANT);
      for (const order of woo.orders.values()) {
        const invoices = moneybird.invoicesByReference(order.number);
        expect(invoices, `invoices for order ${order.number}`).toHaveLength(1);
        expect(parseDecimalToCents(invoices[0]!.total_price_incl_tax)).toBe(parseDecimalToCents(order.total));
        // In the books (sent), even where the answer to send_invoice was lost: the retry finalised the draft.
        expect(invoices[0]!.state, `state of the invoice for order ${order.number}`).toBe('open');
      }
      // Finalised without e-mailing any customer.
      expect(moneybird.counters.invoicesSent).toMatchObject({ Email: 0, Manual: ORDERS_PER_TENANT });
      // The faults really happened: retries were needed, and ambiguous writes were resolved by lookup.
      expect(moneybird.counters.serverErrors).toBeGreaterThan(0);
      expect(moneybird.counters.timeoutsAfterCommit).toBeGreaterThan(0);
      expect(moneybird.counters.rateLimited).toBeGreaterThan(0);
    }
    const rows = await posted();
    expect(new Set(rows.map((r) => `${r.tenantId}:${r.externalId}`)).size).toBe(3 * ORDERS_PER_TENANT);
    const errors = await database.db.select().from(saleErrors).where(inArray(saleErrors.tenantId, tenantIds));
    expect(errors).toEqual([]);
  });

  it('pauses the tenant when the accounting system revokes its token, says why, and catches up after resume', async () => {
    const shop = await openShop(31, 'stall');
    shop.moneybird.faults.reset();
    shop.woo.faults.reset();
    const { tenantId } = shop.tenant;
    const sync = await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId, source: 'woocommerce', pollIntervalSeconds: 1 }],
    });
    await eventually(() => shop.moneybird.invoices.size === ORDERS_PER_TENANT, { timeoutMs: 120_000, what: 'the initial orders' });

    shop.moneybird.revokeToken();
    const waiting = Array.from({ length: 5 }, () => shop.woo.createOrder());
    await eventually(async () => (await sync.query(syncStatusQuery)).state === 'paused', { what: 'the pause' });
    const status = await sync.query(syncStatusQuery);
    expect(status.paused).toMatchObject({ by: 'credentials-rejected', reason: 'The accounting system refused the credentials.' });
    const [target] = await database.db.select().from(connections).where(and(eq(connections.tenantId, tenantId), eq(connections.role, 'target')));
    expect(target!.credentialsRejectedAt).not.toBeNull();
    // Not a failure of each sale: no error records.
    expect(await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenantId))).toEqual([]);

    shop.moneybird.restoreToken();
    await sync.signal(resumeSyncSignal);
    await eventually(() => waiting.every((o) => shop.moneybird.invoicesByReference(o.number).length === 1), { timeoutMs: 180_000, what: 'the waiting orders' });
    expect(shop.moneybird.invoices.size).toBe(ORDERS_PER_TENANT + waiting.length);
  }, 420_000);

  it('pauses the tenant when the token lacks the sales_invoices scope, names it, and catches up once granted', async () => {
    const shop = await openShop(32, 'stall');
    shop.moneybird.faults.reset();
    shop.woo.faults.reset();
    // Contacts, tax rates and ledger accounts work with `settings`; sales invoices need `sales_invoices`.
    shop.moneybird.grantScopes(['settings']);
    const { tenantId } = shop.tenant;
    const sync = await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId, source: 'woocommerce', pollIntervalSeconds: 1 }],
    });
    await eventually(async () => (await sync.query(syncStatusQuery).catch(() => null))?.state === 'paused', { what: 'the pause' });
    expect((await sync.query(syncStatusQuery)).paused).toMatchObject({ by: 'missing-scope', reason: 'The accounting system has not granted doorzet access to sales_invoices.' });
    // Not revoked credentials, not a failure of each sale.
    const [target] = await database.db.select().from(connections).where(and(eq(connections.tenantId, tenantId), eq(connections.role, 'target')));
    expect(target!.credentialsRejectedAt).toBeNull();
    expect(await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenantId))).toEqual([]);
    expect(shop.moneybird.invoices.size).toBe(0);

    shop.moneybird.grantScopes(['sales_invoices', 'settings']);
    await sync.signal(resumeSyncSignal);
    await eventually(() => shop.moneybird.invoices.size === ORDERS_PER_TENANT, { timeoutMs: 300_000, what: 'the orders after the grant' });
  }, 420_000);
});
