import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WooLineItem, WooOrder } from '../connectors/sources/woocommerce/woo-order';
import { wooTaxRateIds } from '../connectors/sources/woocommerce/nl-tax-rates';
import { saleErrors, syncedSales } from '../db/schema';
import { parseDecimalToCents } from '../domain/money';
import { saleWorkflowId, tenantSyncWorkflowId } from '../domain/workflow-ids';
import { syncStatusQuery } from '../workflows/definitions';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { dumpWithBytes, findPlanted } from './support/leak-scan';
import { startShopFixture, type ShopFixture } from './support/shop';
import { eventually } from './support/tenant';
import { sdkLogs } from './support/worker';

/**
 * Hostile and broken orders, each class against the real worker, Temporal, Postgres and simulators: the bad
 * order becomes exactly one error record with a named code within a minute (or books correctly), the
 * tenant's other orders keep flowing, and no personal value of the bad orders reaches any log line.
 */
const MINUTE = { timeoutMs: 60_000 };

// Personal values planted in the bad orders; none may appear in a log line.
const PLANTED = {
  nulEmail: 'nul.klant\u0000@voorbeeld.nl',
  nulEmailVisible: 'nul.klant',
  firstName: 'Hostilia',
  lastName: 'Controlewska',
  street: 'Nulstraat 17',
  productName: 'Koffiebonen Extra Donker',
};

// A local-activity marker's `details.data` is the SDK's own bookkeeping (sequence, activity type, times) as
// plain JSON, with no tenant data; the activity's result is under `details.result` and is checked.
// A `patched()` marker's `details['patch-data']` is the patch id and its deprecated flag, written by the
// SDK core as plain JSON (sdk-core protos: PATCHED_MARKER_DETAILS_KEY), never through the codec.
const sdkMarkerFields = new Set(['data', 'patch-data']);

/** Every Temporal payload in a history except search attributes (anything with `data` bytes and a `metadata` map). */
function payloadsOf(value: unknown, found: { metadata?: Record<string, Uint8Array>; data?: Uint8Array }[] = []) {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return found;
  const v = value as { metadata?: unknown; data?: unknown };
  if (v.metadata && typeof v.metadata === 'object' && (v.data instanceof Uint8Array || v.data === undefined) && 'encoding' in (v.metadata)) {
    found.push(v as { metadata?: Record<string, Uint8Array>; data?: Uint8Array });
    return found;
  }
  // Search attributes are plain by design (ids and states only, never encrypted); everything else goes through the codec.
  for (const [key, inner] of Object.entries(value)) if (key !== 'searchAttributes' && !sdkMarkerFields.has(key)) payloadsOf(inner, found);
  return found;
}

describe('hostile orders never stall a tenant, lose nothing and leak nothing', () => {
  let shop: ShopFixture;

  beforeAll(async () => {
    shop = await startShopFixture(31);
    await shop.worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(shop.tenant.tenantId), taskQueue: shop.worker.taskQueue,
      args: [{ tenantId: shop.tenant.tenantId, source: 'woocommerce', pollIntervalSeconds: 1, concurrency: 10 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  });

  afterAll(async () => shop?.stop());

  const errorsOf = (orderId: number) => shop.database.db.select().from(saleErrors)
    .where(and(eq(saleErrors.tenantId, shop.tenant.tenantId), eq(saleErrors.externalId, String(orderId))));
  const postedOf = async (orderId: number) => (await shop.database.db.select().from(syncedSales)
    .where(and(eq(syncedSales.tenantId, shop.tenant.tenantId), eq(syncedSales.externalId, String(orderId)))))[0]?.state === 'posted';

  /** Waits for exactly one error record with `code` for the order. */
  async function expectOneRecord(orderId: number, code: string) {
    await eventually(async () => (await errorsOf(orderId)).length > 0, { ...MINUTE, what: `the error record of order ${orderId} (${code})` });
    const records = await errorsOf(orderId);
    expect(records.map((r) => r.code)).toEqual([code]);
    return records[0]!;
  }

  /** Good orders placed after the bad ones are still booked, each once. */
  async function expectOthersFlow() {
    const good = [shop.woo.createOrder(), shop.woo.createOrder()];
    for (const order of good) {
      await eventually(() => shop.moneybird.invoicesByReference(order.number).length > 0, { ...MINUTE, what: `the invoice of good order ${order.number}` });
      expect(shop.moneybird.invoicesByReference(order.number)).toHaveLength(1);
    }
  }

  it('control characters: U+0000 in the e-mail becomes one CONTROL_CHARACTERS record; in names, address and lines they are cleaned and the order books', async () => {
    const { woo, moneybird } = shop;
    const nul = woo.createOrder();
    woo.updateOrder(nul.id, { billing: { ...nul.billing, email: PLANTED.nulEmail, first_name: `${PLANTED.firstName}\u0000` } });
    const cleaned = woo.createOrder();
    woo.updateOrder(cleaned.id, {
      billing: { ...cleaned.billing, first_name: `Con\u0007trol\u0000`, last_name: `${PLANTED.lastName}\u001b[2J`, address_1: `Nul\u0000straat 17` },
      line_items: cleaned.line_items.map((l, i) => (i === 0 ? { ...l, name: `Koffiebonen\u0000 Extra\u0008 Donker\uD800`, sku: 'SKU\u00001' } : l)),
    });

    const record = await expectOneRecord(nul.id, 'CONTROL_CHARACTERS');
    // Stored as it came, but visible: the merchant (and a GDPR request) can still find it.
    expect(record.pii).toEqual({ email: 'nul.klant\uFFFD@voorbeeld.nl' });
    await eventually(() => moneybird.invoicesByReference(cleaned.number).length > 0, { ...MINUTE, what: 'the cleaned order to book' });
    const invoice = moneybird.invoicesByReference(cleaned.number)[0]!;
    expect(parseDecimalToCents(invoice.total_price_incl_tax)).toBe(parseDecimalToCents(cleaned.total));
    // eslint-disable-next-line no-control-regex
    const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF]/;
    expect(invoice.details.some((d) => controls.test(d.description))).toBe(false);
    const contact = [...moneybird.contacts.values()].find((c) => c.id === invoice.contact_id)!;
    expect(contact.firstname).toBe('Control');
    expect(controls.test(JSON.stringify(contact))).toBe(false);
    await expectOthersFlow();
  });

  it('very large orders: 10,000 lines book to the cent with every Temporal payload small; a megabyte string is SALE_TOO_LARGE', async () => {
    const { woo, moneybird, worker, tenant } = shop;
    const template = woo.createOrder();
    const base = template.line_items[0]!;
    const line = (id: number): WooLineItem => ({
      ...base, id, name: `Artikel ${id}`, quantity: 1, price: 10, subtotal: '10.00', subtotal_tax: '2.10', total: '10.00', total_tax: '2.10',
      taxes: [{ id: wooTaxRateIds.standard, total: '2.10', subtotal: '2.10' }], sku: `A-${id}`,
    });
    const lines = Array.from({ length: 10_000 }, (_, i) => line(i + 1));
    const big = woo.createOrder({
      line_items: lines, shipping_lines: [], fee_lines: [], coupon_lines: [], total: '121000.00', total_tax: '21000.00',
      tax_lines: [{ ...template.tax_lines[0]!, rate_id: wooTaxRateIds.standard, rate_percent: 21 }],
    });
    const huge = woo.createOrder();
    woo.updateOrder(huge.id, { line_items: huge.line_items.map((l, i) => (i === 0 ? { ...l, name: 'x'.repeat(1_000_000) } : l)) });

    await expectOneRecord(huge.id, 'SALE_TOO_LARGE');
    await eventually(() => moneybird.invoicesByReference(big.number).length > 0, { timeoutMs: 120_000, what: 'the 10,000-line invoice' });
    const invoice = moneybird.invoicesByReference(big.number)[0]!;
    expect(invoice.details).toHaveLength(10_000);
    expect(parseDecimalToCents(invoice.total_price_incl_tax)).toBe(12_100_000);

    // Nothing near Temporal's 2 MB payload limit went through the sale's history.
    const history = await worker.client.workflow.getHandle(saleWorkflowId(tenant.tenantId, 'woocommerce', String(big.id))).fetchHistory();
    const sizes = payloadsOf(history).map((p) => p.data?.byteLength ?? 0);
    // The sale's input and its activities' inputs and results (two activities since the steps were folded).
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...sizes)).toBeLessThan(128 * 1024);
    await expectOthersFlow();
  });

  it('malformed and future modification times: the orders are handled, the cursor stays a valid time no later than now, polling goes on', async () => {
    const { woo, worker, tenant } = shop;
    const garbled = woo.createOrder();
    woo.orders.set(garbled.id, { ...woo.orders.get(garbled.id)!, date_modified_gmt: '2099-99-99T99:99:99' });
    const future = woo.createOrder();
    woo.orders.set(future.id, { ...woo.orders.get(future.id)!, date_modified_gmt: '2999-01-01T00:00:00' });
    const badDate = woo.createOrder();
    woo.orders.set(badDate.id, { ...woo.orders.get(badDate.id)!, date_created_gmt: '2024-02-30T10:00:00' });

    await eventually(async () => (await postedOf(garbled.id)) && (await postedOf(future.id)), { ...MINUTE, what: 'both orders booked' });
    await expectOneRecord(badDate.id, 'INVALID_DATE');
    await expectOthersFlow();
    const status = await worker.client.workflow.getHandle(tenantSyncWorkflowId(tenant.tenantId)).query(syncStatusQuery);
    expect(status.cursor).not.toBeNull();
    const cursor = Date.parse(status.cursor!);
    expect(Number.isFinite(cursor)).toBe(true);
    expect(cursor).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(status.lastPollError).toBeNull();
  });

  it('amounts beyond the safe range, NaN, negative quantities, duplicate line ids and unknown statuses', async () => {
    const { woo, moneybird } = shop;
    const overflow = woo.createOrder();
    woo.updateOrder(overflow.id, {
      line_items: [0, 1].map((i) => ({ ...overflow.line_items[0]!, id: 900 + i, subtotal: '90000000000000.00', total: '90000000000000.00', subtotal_tax: '0.00', total_tax: '0.00', taxes: [{ id: wooTaxRateIds.zero, total: '0.00', subtotal: '0.00' }] })),
    });
    const tooBig = woo.createOrder();
    woo.updateOrder(tooBig.id, { total: '99999999999999999999.99' });
    const nan = woo.createOrder();
    woo.updateOrder(nan.id, { total: 'NaN' });
    const negative = woo.createOrder();
    woo.updateOrder(negative.id, { line_items: negative.line_items.map((l, i) => (i === 0 ? { ...l, quantity: -3 } : l)) });
    const unknownStatus = woo.createOrder({ status: 'awaiting-shipment' } as unknown as Partial<WooOrder>);
    const duplicates = woo.createOrder();
    woo.updateOrder(duplicates.id, { line_items: duplicates.line_items.map((l) => ({ ...l, id: 7 })) });

    await expectOneRecord(overflow.id, 'INVALID_AMOUNT');
    await expectOneRecord(tooBig.id, 'SALE_INVALID');
    await expectOneRecord(nan.id, 'SALE_INVALID');
    await expectOneRecord(negative.id, 'NON_POSITIVE_QUANTITY');
    await expectOneRecord(unknownStatus.id, 'UNKNOWN_ORDER_STATUS');
    // Line ids are the shop's business: every line is booked, to the cent.
    await eventually(() => moneybird.invoicesByReference(duplicates.number).length > 0, { ...MINUTE, what: 'the order with duplicate line ids' });
    expect(parseDecimalToCents(moneybird.invoicesByReference(duplicates.number)[0]!.total_price_incl_tax)).toBe(parseDecimalToCents(duplicates.total));
    await expectOthersFlow();
  });

  it("seals every payload of the tenant's sale workflows with the tenant's key (activity results and failures too)", async () => {
    const { worker, tenant, database } = shop;
    const rows = await database.db.select().from(syncedSales).where(eq(syncedSales.tenantId, tenant.tenantId));
    const failed = await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenant.tenantId));
    const ids = [...rows.slice(0, 3).map((r) => r.externalId), ...failed.slice(0, 3).map((e) => e.externalId)];
    const keyIds = new Set<string>();
    for (const id of ids) {
      const history = await worker.client.workflow.getHandle(saleWorkflowId(tenant.tenantId, 'woocommerce', id)).fetchHistory();
      for (const payload of payloadsOf(history)) {
        const keyId = payload.metadata?.['encryption-key-id'];
        keyIds.add(keyId ? Buffer.from(keyId).toString('utf8') : `(unencrypted ${Buffer.from(payload.metadata?.encoding ?? new Uint8Array()).toString('utf8')})`);
      }
    }
    expect(ids.length).toBeGreaterThan(2);
    expect([...keyIds]).toEqual([`tenant:${tenant.tenantId}:v1`]);
  });

  it('wrote no personal value of the bad orders into any log line (doorzet and the Temporal SDK)', () => {
    const lines = [...shop.worker.logs, ...sdkLogs];
    expect(lines.length).toBeGreaterThan(0);
    const { nulEmail: _raw, ...searchable } = PLANTED;
    expect(findPlanted(dumpWithBytes(lines), searchable)).toEqual([]);
  });
});
