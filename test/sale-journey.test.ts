import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WooSimulator } from '../connectors/sources/woocommerce/simulator';
import type { MoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { parseDecimalToCents } from '../domain/money';
import { tenantSyncWorkflowId } from '../domain/workflow-ids';
import { debtors, saleErrors, syncedSales } from '../db/schema';
import { orderChangedSignal, syncNowSignal, syncStatusQuery } from '../workflows/definitions';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import type { TestDatabase } from './support/database';
import { startShopFixture, type ShopFixture } from './support/shop';
import { eventually, type SimulatedTenant } from './support/tenant';
import type { TestWorker } from './support/worker';

describe('the sale journey: WooCommerce to Moneybird, exactly once', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  let tenant: SimulatedTenant;
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await startShopFixture(7);
    ({ database, worker, woo, moneybird, tenant } = shop);
    await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenant.tenantId),
      taskQueue: worker.taskQueue,
      args: [{ tenantId: tenant.tenantId, source: 'woocommerce', pollIntervalSeconds: 1, concurrency: 10 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  });

  afterAll(async () => shop?.stop());

  const postedRows = () => database.db.select().from(syncedSales).where(and(eq(syncedSales.tenantId, tenant.tenantId), eq(syncedSales.state, 'posted')));

  it('books every polled order once, with totals to the cent, and keeps only amounts in Postgres', async () => {
    const orders = Array.from({ length: 12 }, () => woo.createOrder());
    await eventually(async () => (await postedRows()).length === orders.length, { what: '12 posted sales' });

    for (const order of orders) {
      const invoices = moneybird.invoicesByReference(order.number);
      expect(invoices).toHaveLength(1);
      expect(parseDecimalToCents(invoices[0]!.total_price_incl_tax)).toBe(parseDecimalToCents(order.total));
    }
    const rows = await postedRows();
    const row = rows.find((r) => r.externalId === String(orders[0]!.id))!;
    expect(row.amountInclCents).toBe(parseDecimalToCents(orders[0]!.total));
    expect(row.targetDocumentId).toBe(moneybird.invoicesByReference(orders[0]!.number)[0]!.id);
    // Debtors: customer id and e-mail only, mapped to the contact.
    const mapped = await database.db.select().from(debtors).where(eq(debtors.tenantId, tenant.tenantId));
    expect(mapped.length).toBeGreaterThan(0);
    expect(Object.keys(mapped[0]!).sort()).toEqual(['createdAt', 'email', 'id', 'source', 'sourceCustomerId', 'targetContactId', 'tenantId']);
    // What the worker sent to Moneybird, and what came back, is what Moneybird's published spec allows;
    // the invoices are in the books (sent without e-mail) on the tenant's default settings.
    expect(shop.moneybirdSpec.violations).toEqual([]);
    expect(shop.moneybirdSpec.operations).toContain('PATCH /{administration_id}/sales_invoices/{id}/send_invoice{format} 200');
    for (const order of orders) expect(moneybird.invoicesByReference(order.number)[0]!.state).toBe('open');
    expect(moneybird.counters.invoicesSent.Email).toBe(0);
  });

  it('makes one invoice when the same order arrives by webhook and by poll at the same moment', async () => {
    const order = woo.createOrder();
    const handle = worker.client.workflow.getHandle(tenantSyncWorkflowId(tenant.tenantId));
    await Promise.all([
      handle.signal(orderChangedSignal, { externalId: String(order.id), modifiedAt: `${order.date_modified_gmt}Z` }),
      handle.signal(orderChangedSignal, { externalId: String(order.id), modifiedAt: `${order.date_modified_gmt}Z` }),
      handle.signal(syncNowSignal),
    ]);
    await eventually(() => moneybird.invoicesByReference(order.number).length > 0, { what: 'the invoice' });
    await new Promise((r) => setTimeout(r, 2_500)); // two more polls see the order again
    expect(moneybird.invoicesByReference(order.number)).toHaveLength(1);
  });

  it('reports an order edited after posting as changed and books no second invoice', async () => {
    const order = woo.createOrder();
    await eventually(() => moneybird.invoicesByReference(order.number).length === 1, { what: 'the first invoice' });
    const raised = (parseDecimalToCents(order.total) + 1000) / 100;
    woo.updateOrder(order.id, { total: raised.toFixed(2) });

    await eventually(async () => {
      const [row] = await database.db.select().from(syncedSales).where(and(eq(syncedSales.tenantId, tenant.tenantId), eq(syncedSales.externalId, String(order.id))));
      return row?.state === 'changed-after-posting';
    }, { what: 'changed-after-posting' });
    // The state changes in the claim; the error record is the next step's write, a moment later.
    const errorsOf = () => database.db.select().from(saleErrors).where(and(eq(saleErrors.tenantId, tenant.tenantId), eq(saleErrors.externalId, String(order.id))));
    await eventually(async () => (await errorsOf()).length > 0, { what: 'the error record' });
    expect((await errorsOf()).map((e) => e.code)).toEqual(['ORDER_CHANGED_AFTER_POSTING']);
    expect(moneybird.invoicesByReference(order.number)).toHaveLength(1);
    const sync = worker.client.workflow.getHandle(tenantSyncWorkflowId(tenant.tenantId));
    // Postgres records the outcome a moment before the sync workflow counts it.
    await eventually(async () => (await sync.query(syncStatusQuery)).counts.changedAfterPosting >= 1, { what: 'the sync to count the change' });
  });
});
