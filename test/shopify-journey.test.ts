import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimOrder } from '../connectors/sources/shopify/sim-types';
import { saveTenantSettings } from '../db/queries/tenant-settings';
import { posDayBatches, posDaySales, syncedSales } from '../db/schema';
import { endOfLocalDay, localDay } from '../domain/business-day';
import { parseDecimalToCents } from '../domain/money';
import { posDayWorkflowId, saleWorkflowId, tenantSyncWorkflowId } from '../domain/workflow-ids';
import { syncStatusQuery } from '../workflows/definitions';
import type { posDayWorkflow } from '../workflows/pos-day.workflow';
import type { saleWorkflow } from '../workflows/sale.workflow';
import { startShopifyFixture, type ShopifyFixture } from './support/shopify-shop';
import { eventually } from './support/tenant';

/** What the customer paid: the order total and, at a till that rounds cash to 5 cents, the rounding. */
const paid = (order: SimOrder) => parseDecimalToCents(order.totalPriceSet.presentmentMoney.amount) + parseDecimalToCents(order.totalCashRoundingAdjustment.paymentSet.presentmentMoney.amount);
const reference = (order: SimOrder) => order.name.replace('#', '');

describe('the sale journey: Shopify (web and till) to Moneybird through Temporal and Postgres', () => {
  let shop: ShopifyFixture;

  beforeAll(async () => {
    shop = await startShopifyFixture(21);
    await shop.startSync();
  });
  afterAll(async () => shop?.stop());

  const row = async (externalId: string) => {
    const [r] = await shop.database.db.select().from(syncedSales).where(and(eq(syncedSales.tenantId, shop.tenant.tenantId), eq(syncedSales.externalId, externalId)));
    return r;
  };

  it('books web orders once each, in the currency the customer paid, to the cent', async () => {
    const orders = [
      shop.shopify.createOrder({ lineCount: 4, discountCode: null }),
      shop.shopify.createOrder({ lineCount: 3, discountCode: 'WELKOM10' }),
      shop.shopify.createOrder({ lineCount: 1, discountCode: null, sellGiftCard: true }),
      shop.shopify.createOrder({ lineCount: 1, discountCode: null, giftCardPaymentCents: 500 }),
    ];
    await eventually(async () => (await Promise.all(orders.map((o) => row(o.legacyResourceId)))).every((r) => r?.state === 'posted'), { what: 'four posted web orders' });
    for (const order of orders) {
      const invoices = shop.moneybird.invoicesByReference(reference(order));
      expect(invoices).toHaveLength(1);
      expect(parseDecimalToCents(invoices[0]!.total_price_incl_tax)).toBe(paid(order));
      expect(invoices[0]!.currency).toBe('EUR');
      expect((await row(order.legacyResourceId))?.targetDocumentId).toBe(invoices[0]!.id);
    }
    // The gift card sold is booked without VAT, beside the goods.
    const giftCardInvoice = shop.moneybird.invoicesByReference(reference(orders[2]!))[0]!;
    expect(giftCardInvoice.details.some((d) => d.description.includes('Cadeaukaart'))).toBe(true);
    // The sale workflow id carries the numeric order id only.
    const description = await shop.worker.client.workflow.getHandle(saleWorkflowId(shop.tenant.tenantId, 'shopify', orders[0]!.legacyResourceId)).describe();
    expect(description.status.name).toBe('COMPLETED');
  });

  it('books a till sale as its own invoice on the location\'s walk-in contact by default (posBooking: per-order)', async () => {
    const sale = shop.shopify.createOrder({ channel: 'pos', lineCount: 1, location: { id: 61_000_100, name: 'Winkel Utrecht' } });
    await eventually(async () => (await row(sale.legacyResourceId))?.state === 'posted', { what: 'the till sale posted' });
    const [invoice] = shop.moneybird.invoicesByReference(reference(sale));
    expect(parseDecimalToCents(invoice!.total_price_incl_tax)).toBe(paid(sale));
    expect(invoice!.contact.company_name).toBe('Kassaverkopen Winkel Utrecht');
  });

  it('books a day of till sales as ONE summary per location with VAT per rate, once the day has closed (posBooking: daily-summary)', async () => {
    const db = shop.database.db;
    const tenantId = shop.tenant.tenantId;
    // Yesterday's sales in the shop's time zone; the summary is due a few seconds from now.
    const timeZone = 'Europe/Amsterdam';
    const day = localDay(new Date(Date.now() - 24 * 3_600_000).toISOString(), timeZone);
    const closesAt = Date.parse(endOfLocalDay(day, timeZone));
    // syncFrom: the sales are dated yesterday, before this test tenant was connected (saving replaces every setting).
    await saveTenantSettings(db, tenantId, { syncFrom: '2000-01-01', posBooking: 'daily-summary', posDayCloseDelayMinutes: (Date.now() - closesAt + 20_000) / 60_000 });
    const at = (hour: number) => new Date(Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const cafe = { id: 61_000_200, name: 'Café Centrum' };
    const kiosk = { id: 61_000_300, name: 'Kiosk Station' };
    // The café's till takes cash and rounds it to 5 cents (up or down); the summary books what the till took.
    const cafeSales = [9, 10, 11, 14, 16].map((h) => shop.shopify.createOrder({ channel: 'pos', location: cafe, tillPayment: h < 14 ? 'cash' : 'card', cashRounding: true }, { processedAt: at(h) }));
    expect(cafeSales.some((o) => paid(o) !== parseDecimalToCents(o.totalPriceSet.presentmentMoney.amount))).toBe(true);
    const kioskSales = [8, 12].map((h) => shop.shopify.createOrder({ channel: 'pos', location: kiosk, posCustomer: h === 12 }, { processedAt: at(h) }));

    // Each sale is recorded as part of its day; nothing is booked while the day is open.
    await eventually(async () => (await db.select().from(posDaySales).where(eq(posDaySales.tenantId, tenantId))).length === 7, { what: 'seven till sales collected' });
    const cafeReference = `KASSA-${cafe.id}-${day}`;
    expect(shop.moneybird.invoicesByReference(cafeReference)).toHaveLength(0);
    for (const sale of [...cafeSales, ...kioskSales]) {
      expect(shop.moneybird.invoicesByReference(reference(sale))).toHaveLength(0);
      const progress = await shop.worker.client.workflow.getHandle<typeof saleWorkflow>(saleWorkflowId(tenantId, 'shopify', sale.legacyResourceId)).result();
      expect(progress).toEqual({ state: 'collected', targetDocumentId: null });
    }

    await eventually(() => shop.moneybird.invoicesByReference(cafeReference).length > 0 && shop.moneybird.invoicesByReference(`KASSA-${kiosk.id}-${day}`).length > 0,
      { what: 'the two summaries', timeoutMs: 90_000 });
    const [cafeInvoice] = shop.moneybird.invoicesByReference(cafeReference);
    expect(shop.moneybird.invoicesByReference(cafeReference)).toHaveLength(1);
    expect(parseDecimalToCents(cafeInvoice!.total_price_incl_tax)).toBe(cafeSales.reduce((s, o) => s + paid(o), 0));
    expect(cafeInvoice!.contact.company_name).toBe('Kassaverkopen Café Centrum');
    // The day's cash rounding is a row of its own (outside VAT), apart from the VAT rounding.
    const cash = cafeSales.reduce((s, o) => s + paid(o) - parseDecimalToCents(o.totalPriceSet.presentmentMoney.amount), 0);
    expect(cafeInvoice!.details.filter((d) => d.description === 'Afronding contant').map((d) => parseDecimalToCents(d.price))).toEqual(cash === 0 ? [] : [cash]);
    // One detail per VAT rate (the café sells 9 % food and 21 % goods), plus at most a rounding row.
    const rates = new Set(cafeSales.flatMap((o) => o.lineItems.map((l) => l.taxLines[0]!.rate)));
    expect(cafeInvoice!.details.filter((d) => d.description.startsWith('Kassaverkopen'))).toHaveLength(rates.size);
    const [kioskInvoice] = shop.moneybird.invoicesByReference(`KASSA-${kiosk.id}-${day}`);
    expect(parseDecimalToCents(kioskInvoice!.total_price_incl_tax)).toBe(kioskSales.reduce((s, o) => s + paid(o), 0));

    // Every sale of the day is posted under its summary, exactly once.
    await eventually(async () => (await Promise.all(cafeSales.map((o) => row(o.legacyResourceId)))).every((r) => r?.state === 'posted'), { what: 'café sales posted' });
    for (const sale of cafeSales) expect((await row(sale.legacyResourceId))?.targetDocumentId).toBe(cafeInvoice!.id);
    const batches = await db.select().from(posDayBatches).where(eq(posDayBatches.tenantId, tenantId));
    expect(batches.map((b) => [b.location, b.batch, b.state, b.sales]).sort()).toEqual([[String(cafe.id), 1, 'booked', 5], [String(kiosk.id), 1, 'booked', 2]]);

    // A sale of that day that reaches doorzet after its summary: booked as the day's second batch, alone.
    const late = shop.shopify.createOrder({ channel: 'pos', location: cafe }, { processedAt: at(17) });
    await eventually(() => shop.moneybird.invoicesByReference(`${cafeReference}-2`).length === 1, { what: 'the late batch', timeoutMs: 60_000 });
    expect(parseDecimalToCents(shop.moneybird.invoicesByReference(`${cafeReference}-2`)[0]!.total_price_incl_tax)).toBe(paid(late));
    expect(shop.moneybird.invoicesByReference(cafeReference)).toHaveLength(1);
    // The day's latest run booked that one sale and finished.
    const dayRun = await shop.worker.client.workflow.getHandle<typeof posDayWorkflow>(posDayWorkflowId(tenantId, String(cafe.id), day)).result();
    expect(dayRun.documents).toEqual([{ reference: `${cafeReference}-2`, targetDocumentId: shop.moneybird.invoicesByReference(`${cafeReference}-2`)[0]!.id, sales: 1 }]);

    const status = await shop.worker.client.workflow.getHandle(tenantSyncWorkflowId(tenantId)).query(syncStatusQuery);
    expect(status.counts.collected).toBe(8);
    // Every call to Moneybird (summaries with a rounding row included) is one its published spec allows.
    expect(shop.moneybirdSpec.violations).toEqual([]);
  });
});
