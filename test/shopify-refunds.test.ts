import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimMoneyBag, SimOrder, SimRefund } from '../connectors/sources/shopify/sim-types';
import { saveTenantSettings } from '../db/queries/tenant-settings';
import { saleErrors, syncedRefunds, syncedSales } from '../db/schema';
import { parseDecimalToCents } from '../domain/money';
import { creditNoteReference } from '../domain/refund';
import { creditedInvoiceId, totalIncl } from './support/ledger';
import { startShopifyFixture, type ShopifyFixture } from './support/shopify-shop';
import { eventually, morePolls } from './support/tenant';

const cents = (bag: SimMoneyBag) => parseDecimalToCents(bag.presentmentMoney.amount);
const reference = (order: SimOrder) => order.name.replace('#', '');

describe('Shopify refunds and cancellations: one credit note each, exactly once, linked to the invoice', () => {
  let shop: ShopifyFixture;

  beforeAll(async () => {
    shop = await startShopifyFixture(33);
    // The shop is connected now: orders dated before this are the merchant's history.
    await saveTenantSettings(shop.database.db, shop.tenant.tenantId, { syncFrom: new Date().toISOString() });
    await shop.startSync();
  });
  afterAll(async () => shop?.stop());

  const creditNotes = (order: SimOrder, refundId: string) => shop.moneybird.invoicesByReference(creditNoteReference(reference(order), refundId));
  const refundRows = (order: SimOrder) => shop.database.db.select().from(syncedRefunds)
    .where(and(eq(syncedRefunds.tenantId, shop.tenant.tenantId), eq(syncedRefunds.orderExternalId, order.legacyResourceId)));
  const twoMorePolls = () => morePolls(shop.worker.client, shop.tenant.tenantId);

  // Two refunds of each order arrive at once, under faults: a credit note is several Moneybird writes (duplicate the
  // invoice as a credit, edit its rows, send it) and a retry resumes from the copy it finds, so credit notes of one
  // invoice are written one at a time (activities/credit-note-lease.ts). Before that, a retry could resume from the
  // other refund's copy and fail on it ("is not a draft") or leave its own a draft.
  it('credits two refunds per order at once under 5xx and timeouts after commit, then the rest on cancellation', async () => {
    const orders = Array.from({ length: 6 }, () => shop.shopify.createOrder({ lineCount: 3, discountCode: 'WELKOM10' }));
    await eventually(() => orders.every((o) => shop.moneybird.invoicesByReference(reference(o)).length === 1), { what: 'the invoices' });
    const invoiceOf = (order: SimOrder) => shop.moneybird.invoicesByReference(reference(order))[0]!;
    for (const order of orders) expect(totalIncl(invoiceOf(order))).toBe(cents(order.totalPriceSet));

    shop.moneybird.faults.set({ serverErrorRate: 0.15, timeoutAfterCommitRate: 0.3, timeoutAfterCommitMode: 'stall', stallMs: 3_000 });
    const refunds = orders.map((order) => ({
      order,
      line: shop.shopify.refundOrder(order.legacyResourceId, { lines: [{ index: 0, quantity: 1 }] }),
      shipping: shop.shopify.refundOrder(order.legacyResourceId, { lines: [], shipping: true }),
    }));
    const credited = async () => (await shop.database.db.select().from(syncedRefunds).where(eq(syncedRefunds.tenantId, shop.tenant.tenantId)))
      .filter((r) => r.state === 'credited').length;
    // Credit notes under 30 % cut writes: most are done in seconds, an unlucky run of attempts takes minutes.
    await eventually(async () => (await credited()) === 2 * orders.length, { timeoutMs: 240_000, what: 'the credited refunds' });
    shop.moneybird.faults.reset();
    expect(shop.moneybird.counters.serverErrors + shop.moneybird.counters.timeoutsAfterCommit).toBeGreaterThan(0);

    for (const { order, line, shipping } of refunds) {
      for (const refund of [line, shipping] as SimRefund[]) {
        const notes = creditNotes(order, refund.legacyResourceId);
        expect(notes, `credit notes of refund ${refund.legacyResourceId}`).toHaveLength(1);
        expect(notes[0]!.state, 'a credited refund is sent, not left a draft').not.toBe('draft');
        expect(creditedInvoiceId(notes[0]!)).toBe(invoiceOf(order).id);
        expect(totalIncl(notes[0]!)).toBe(-cents(refund.totalRefundedSet));
      }
      shop.shopify.cancelOrder(order.legacyResourceId);
    }
    await eventually(() => orders.every((o) => creditNotes(o, 'cancel').length === 1), { what: 'the cancellation credit notes' });
    await twoMorePolls();
    for (const { order, line, shipping } of refunds) {
      const cancel = creditNotes(order, 'cancel')[0]!;
      expect(creditedInvoiceId(cancel)).toBe(invoiceOf(order).id);
      // The invoice and its three credits come to zero: what the customer paid was all given back.
      expect(totalIncl(cancel)).toBe(-(cents(order.totalPriceSet) - cents(line.totalRefundedSet) - cents(shipping.totalRefundedSet)));
      expect(shop.moneybird.invoicesByReference(reference(order))).toHaveLength(1);
      for (const id of [line.legacyResourceId, shipping.legacyResourceId, 'cancel']) expect(creditNotes(order, id)).toHaveLength(1);
      expect((await refundRows(order)).map((r) => r.state).sort()).toEqual(['credited', 'credited', 'credited']);
    }
    // No copy left behind, and no error: a refund changes the order in the shop, which is not a change of what was booked.
    expect([...shop.moneybird.invoices.values()].filter((i) => i.state === 'draft')).toEqual([]);
    expect(await shop.database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, shop.tenant.tenantId))).toEqual([]);
    expect(shop.moneybirdSpec.violations).toEqual([]);
  }, 360_000);

  it('a refund of every line and the shipping credits the whole invoice', async () => {
    const order = shop.shopify.createOrder({ lineCount: 2, discountCode: null });
    await eventually(() => shop.moneybird.invoicesByReference(reference(order)).length === 1, { what: 'the invoice' });
    const full = shop.shopify.refundOrder(order.legacyResourceId, {
      lines: order.lineItems.map((item, index) => ({ index, quantity: item.quantity })), shipping: true,
    });
    expect(cents(full.totalRefundedSet)).toBe(cents(order.totalPriceSet));
    await eventually(() => creditNotes(order, full.legacyResourceId).length === 1, { what: 'the credit note' });
    expect(totalIncl(creditNotes(order, full.legacyResourceId)[0]!)).toBe(-cents(order.totalPriceSet));
  });

  it('an order dated before the connection is history: neither it nor its refund is booked when it changes', async () => {
    const old = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const history = shop.shopify.createOrder({ lineCount: 1, discountCode: null }, { processedAt: old, createdAt: old });
    const fresh = shop.shopify.createOrder({ lineCount: 1, discountCode: null });
    const refund = shop.shopify.refundOrder(history.legacyResourceId, { lines: [{ index: 0, quantity: 1 }] });
    await eventually(() => shop.moneybird.invoicesByReference(reference(fresh)).length === 1, { what: 'the new order' });
    await twoMorePolls();
    expect(shop.moneybird.invoicesByReference(reference(history))).toEqual([]);
    expect(creditNotes(history, refund.legacyResourceId)).toEqual([]);
    const [row] = await shop.database.db.select().from(syncedSales)
      .where(and(eq(syncedSales.tenantId, shop.tenant.tenantId), eq(syncedSales.externalId, history.legacyResourceId)));
    expect(row).toBeUndefined();
  });
});
