import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WooSimulator } from '../connectors/sources/woocommerce/simulator';
import type { WooOrder } from '../connectors/sources/woocommerce/woo-order';
import type { MoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { renderErrorMessage } from '../domain/error-record';
import { tenantSyncWorkflowId } from '../domain/workflow-ids';
import { saleErrors, syncedSales } from '../db/schema';
import { syncStatusQuery } from '../workflows/definitions';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import type { TestDatabase } from './support/database';
import { startShopFixture, type ShopFixture } from './support/shop';
import { eventually, type SimulatedTenant } from './support/tenant';
import type { TestWorker } from './support/worker';

/** An order whose first line is taxed at a 7 % rate the shop has since deleted (Woo keeps the percentage). */
function withUnknownRate(order: WooOrder): Partial<WooOrder> {
  const [first, ...rest] = order.line_items;
  if (!first?.taxes[0]) throw new Error('generated order without taxes');
  const oldRateId = first.taxes[0].id;
  return {
    line_items: [{ ...first, taxes: [{ ...first.taxes[0], id: 99 }] }, ...rest],
    tax_lines: [...order.tax_lines, { ...order.tax_lines.find((t) => t.rate_id === oldRateId)!, id: 9_999, rate_id: 99, rate_percent: 7, label: 'BTW 7%' }],
  };
}

describe('malformed orders', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  let tenant: SimulatedTenant;
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await startShopFixture(11);
    ({ database, worker, woo, moneybird, tenant } = shop);
  });

  afterAll(async () => shop?.stop());

  it('each yield a clear error record while the rest of the batch posts', async () => {
    const good1 = woo.createOrder();
    const noLines = woo.createOrder({ line_items: [] });
    const negative = woo.createOrder();
    woo.updateOrder(negative.id, { line_items: negative.line_items.map((l, i) => (i === 0 ? { ...l, quantity: -2 } : l)) });
    const unknownRate = woo.createOrder();
    woo.updateOrder(unknownRate.id, withUnknownRate(unknownRate));
    const badTotals = woo.createOrder({ total: '999.99' });
    const hugeNote = woo.createOrder({ customer_note: 'x'.repeat(1_000_000) });
    const badEmail = woo.createOrder();
    woo.updateOrder(badEmail.id, { billing: { ...badEmail.billing, email: 'jan.jansen-at-example.nl' } });
    const good2 = woo.createOrder();

    await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenant.tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId: tenant.tenantId, source: 'woocommerce', pollIntervalSeconds: 1 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });

    const expected = new Map([
      [noLines.id, 'NO_LINES'], [negative.id, 'NON_POSITIVE_QUANTITY'], [unknownRate.id, 'UNKNOWN_VAT_RATE'],
      [badTotals.id, 'TOTALS_MISMATCH'], [hugeNote.id, 'NOTE_TOO_LONG'], [badEmail.id, 'INVALID_EMAIL'],
    ]);
    const errorsOf = () => database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenant.tenantId));
    const postedOf = () => database.db.select().from(syncedSales).where(and(eq(syncedSales.tenantId, tenant.tenantId), eq(syncedSales.state, 'posted')));
    await eventually(async () => (await errorsOf()).length >= expected.size && (await postedOf()).length >= 2, { what: 'six error records and two posted sales' });

    const errors = await errorsOf();
    for (const [orderId, code] of expected) {
      const record = errors.find((e) => e.externalId === String(orderId));
      expect(record, `error record of order ${orderId}`).toBeDefined();
      expect(record!.params.issueCodes?.split(',') ?? [record!.code]).toContain(code);
      const message = renderErrorMessage({ ...record!, code: record!.code as never, occurredAt: '', redactedAt: null });
      expect(message).toContain(record!.orderNumber);
      expect(message.length).toBeLessThan(2_000); // the 1 MB note never lands in a message
    }
    // The invalid e-mail is kept apart from the message, for redaction; no other record holds personal data.
    expect(errors.find((e) => e.externalId === String(badEmail.id))!.pii).toEqual({ email: 'jan.jansen-at-example.nl' });
    expect(errors.filter((e) => e.pii !== null)).toHaveLength(1);

    // No partial invoices: only the good orders were booked, each once.
    expect([...moneybird.invoices.values()].map((i) => i.reference).sort()).toEqual([good1.number, good2.number].sort());
    expect(await postedOf()).toHaveLength(2);
    expect(errors).toHaveLength(expected.size); // a failure seen again counts as another attempt, not a second record
    const sync = worker.client.workflow.getHandle(tenantSyncWorkflowId(tenant.tenantId));
    await eventually(async () => (await sync.query(syncStatusQuery)).inFlight === 0, { what: 'the sync to finish its children' });
    expect((await sync.query(syncStatusQuery)).counts).toMatchObject({ posted: 2, failed: 6 });
  });
});
