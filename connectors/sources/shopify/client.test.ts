import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBreakdown } from '../../../domain/ledger-breakdown';
import { prepareRefund } from '../../../domain/prepare-refund';
import { validateRefund } from '../../../domain/refund-validation';
import type { SaleLine } from '../../../domain/sale';
import { validateSale } from '../../../domain/sale-validation';
import { vatTotalsFromLines } from '../../../domain/vat';
import { ConnectorError } from '../../errors';
import type { SalesSource } from '../../ports';
import { SHOPIFY_API_VERSION } from './api-version';
import { booked } from './booked.test-helper';
import { createShopifySource } from './client';
import { startShopifySimulator, type ShopifySimulator } from './simulator';
import type { SimMoneyBag } from './sim-types';

const cents = (bag: SimMoneyBag) => Math.round(Number(bag.presentmentMoney.amount) * 100);
/** What a ledger books for these lines: their net amounts plus VAT computed once per rate. */
const ledgerTotal = (lines: readonly SaleLine[]) =>
  lines.reduce((s, l) => s + l.totalExclCents, 0) + vatTotalsFromLines(lines).reduce((s, t) => s + t.vatCents, 0);

let sim: ShopifySimulator;
let source: SalesSource;
beforeAll(async () => {
  sim = await startShopifySimulator({ seed: 3 });
  source = createShopifySource({ baseUrl: sim.url, accessToken: sim.accessToken });
});
afterAll(async () => sim.stop());
afterEach(() => sim.faults.reset());

async function allChanged(since: string, client = source) {
  const refs = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const page = await client.listChangedOrders(since, token);
    refs.push(...page.orders);
    token = page.nextPageToken;
    pages += 1;
  } while (token !== null);
  return { refs, pages };
}

describe('Shopify client against the simulated GraphQL Admin API', () => {
  it('lists orders changed after the cursor, oldest change first, page by page with the GraphQL cursor', async () => {
    const before = new Date(Date.now() - 60_000).toISOString();
    const created = Array.from({ length: 130 }, () => sim.createOrder());
    const { refs, pages } = await allChanged(before);
    expect(pages).toBe(2);
    expect(refs.map((r) => r.externalId)).toEqual(created.map((o) => o.legacyResourceId));
    expect(refs.every((r) => r.bookable)).toBe(true);
    const stamps = refs.map((r) => r.modifiedAt);
    expect([...stamps].sort()).toEqual(stamps);
    // Exclusive: nothing at or before the cursor.
    const last = refs.at(-1)!;
    const after = await source.listChangedOrders(last.modifiedAt, null);
    expect(after.orders.map((o) => o.externalId)).not.toContain(last.externalId);
  });

  it('marks test, cancelled and unpaid orders as not bookable, and getSale refuses them with NOT_BOOKABLE', async () => {
    const since = new Date(Date.now() - 1_000).toISOString();
    const pending = sim.createOrder({ financialStatus: 'PENDING' });
    const test = sim.createOrder({}, { test: true });
    const cancelled = sim.cancelOrder(sim.createOrder().legacyResourceId);
    const { refs } = await allChanged(since);
    const byId = new Map(refs.map((r) => [r.externalId, r]));
    expect(byId.get(pending.legacyResourceId)).toMatchObject({ bookable: false, status: 'PENDING' });
    expect(byId.get(test.legacyResourceId)).toMatchObject({ bookable: false, status: 'test order' });
    expect(byId.get(cancelled.legacyResourceId)).toMatchObject({ bookable: false, cancelled: true });
    await expect(source.getSale(pending.legacyResourceId)).rejects.toMatchObject({ code: 'NOT_BOOKABLE' });
  });

  it('maps a web order with a discount code to lines that add up to what the customer paid', async () => {
    const order = sim.createOrder({ lineCount: 3, discountCode: 'WELKOM10' });
    const sale = await source.getSale(order.legacyResourceId);
    expect(sale).toMatchObject({
      source: 'shopify', externalId: order.legacyResourceId, orderNumber: order.name.slice(1), currency: 'EUR', pricesIncludeVat: true,
      channel: { kind: 'web' }, totalInclCents: cents(order.totalPriceSet),
    });
    expect(sale.lines.filter((l) => l.kind === 'discount').map((l) => l.description)).toEqual(expect.arrayContaining([expect.stringContaining('WELKOM10')]));
    expect(ledgerTotal(booked(sale).lines)).toBe(cents(order.totalPriceSet));
    expect(sale.lines.find((l) => l.kind === 'shipping')).toMatchObject({ vatRateBp: 2100, totalExclCents: 409, vatCents: 86 });
    expect(sale.debtor).toMatchObject({ email: order.email, country: 'NL', shippingCountry: 'NL' });
    expect(validateSale(sale)).toEqual([]);
  });

  it('maps a till sale to the pos channel with its location and local business day, booked on the walk-in contact', async () => {
    const order = sim.createOrder({ channel: 'pos', location: { id: 61_000_777, name: 'Café Centrum' } });
    const sale = await source.getSale(order.legacyResourceId);
    expect(sale.channel).toMatchObject({ kind: 'pos', location: '61000777', locationName: 'Café Centrum' });
    expect(sale.channel?.businessDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Date.parse(sale.channel!.businessDayEndsAt!)).toBeGreaterThan(Date.parse(order.processedAt));
    expect(sale.debtor).toMatchObject({ email: 'walk-in-61000777@till.invalid', company: 'Kassaverkopen Café Centrum', sourceCustomerId: null });
    expect(validateSale(sale)).toEqual([]);
  });

  it('books a gift card sold as outside the scope of VAT and a gift card redeemed as a payment', async () => {
    const order = sim.createOrder({ lineCount: 1, discountCode: null, sellGiftCard: true, giftCardPaymentCents: 1000 });
    const sale = await source.getSale(order.legacyResourceId);
    expect(booked(sale).lines.find((l) => l.kind === 'gift-card')).toMatchObject({ totalExclCents: 2500, vatCents: 0, vatRateBp: 0, regime: 'outside-scope' });
    expect(sale.payments).toEqual([{ kind: 'gift-card', amountCents: 1000, description: 'Cadeaukaart' }]);
    expect(sale.totalInclCents).toBe(cents(order.totalPriceSet));
  });

  it('books the presentment money: what the customer paid, in the currency they paid in', async () => {
    const order = sim.createOrder({ presentmentCurrency: 'USD', lineCount: 1, discountCode: null });
    const sale = await source.getSale(order.legacyResourceId);
    expect(order.totalPriceSet.shopMoney.amount).not.toBe(order.totalPriceSet.presentmentMoney.amount);
    expect(sale.currency).toBe('USD');
    expect(sale.totalInclCents).toBe(cents(order.totalPriceSet));
  });

  it('reads every line of an order with more line items than one page', async () => {
    const order = sim.createOrder({ lineCount: 45, discountCode: null });
    const sale = await source.getSale(order.legacyResourceId);
    expect(sale.lines.filter((l) => l.kind === 'product')).toHaveLength(45);
    expect(sim.counters.byOperation.OrderLineItems).toBeGreaterThanOrEqual(1);
    // Shopify rounds tax per line, so 45 lines may be a few cents off the ledger's per-rate VAT: the rounding rule makes up the difference.
    expect(ledgerTotal(booked(sale).lines)).toBe(cents(order.totalPriceSet));
  });

  it('reads refunds with their refunded line items and shipping, as positive credits', async () => {
    const order = sim.createOrder({ lineCount: 2, discountCode: null });
    const refund = sim.refundOrder(order.legacyResourceId, { lines: [{ index: 0, quantity: 1 }], shipping: true });
    const refs = await source.listRefunds(order.legacyResourceId);
    expect(refs.map((r) => r.externalId)).toEqual([refund.legacyResourceId]);
    const credit = await source.getRefund(order.legacyResourceId, refund.legacyResourceId);
    expect(credit).toMatchObject({ source: 'shopify', orderExternalId: order.legacyResourceId, orderNumber: order.name.slice(1), full: false });
    expect(credit.totalInclCents).toBe(cents(refund.totalRefundedSet));
    expect(credit.lines.map((l) => l.kind)).toEqual(['product', 'shipping']);
    expect(credit.lines.every((l) => l.totalExclCents > 0 && l.vatCents > 0)).toBe(true);
    // A refund id of another order is not found under this one.
    const other = sim.createOrder();
    await expect(source.getRefund(other.legacyResourceId, refund.legacyResourceId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a refund of many lines, tax rounded per line, is credited to the cent by the invoices\' one rounding rule (no rounding of its own)', async () => {
    // 30 lines: the refunded lines of one page. Shopify's tax per line is a cent or so off the ledger's VAT per rate.
    const order = sim.createOrder({ lineCount: 30, discountCode: null });
    const sale = await source.getSale(order.legacyResourceId);
    const refund = sim.refundOrder(order.legacyResourceId, { lines: order.lineItems.map((item, index) => ({ index, quantity: item.quantity })) });
    const credit = await source.getRefund(order.legacyResourceId, refund.legacyResourceId);
    expect(credit.lines.filter((l) => l.kind === 'rounding')).toEqual([]);
    expect(ledgerTotal(credit.lines)).not.toBe(cents(refund.totalRefundedSet));
    expect(validateRefund(credit)).toEqual([]);
    const prepared = prepareRefund(credit, ledgerBreakdown(booked(sale).lines), 'NL');
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(ledgerTotal(prepared.refund.lines)).toBe(cents(refund.totalRefundedSet));
    expect(prepared.refund.lines.filter((l) => l.kind === 'rounding').length).toBeLessThanOrEqual(1);
  });

  it('reports an unknown order as NOT_FOUND and a refused token as AUTH_REVOKED', async () => {
    await expect(source.getSale('999999999999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const wrong = createShopifySource({ baseUrl: sim.url, accessToken: 'shpat_wrong' });
    await expect(wrong.checkConnection()).rejects.toMatchObject({ code: 'AUTH_REVOKED', details: { status: 401 } });
    await expect(source.checkConnection()).resolves.toBeUndefined();
  });
});

describe('the cost-based throttle', () => {
  let small: ShopifySimulator;
  beforeAll(async () => {
    // A bucket that refills in a fraction of a second.
    small = await startShopifySimulator({ seed: 4, initialOrders: 5, throttle: { maximumAvailable: 1_000, restoreRate: 2_000 } });
  });
  afterAll(async () => small.stop());

  it('waits for the bucket to refill instead of failing, and feeds the shop bucket from every answer', async () => {
    const sleeps: number[] = [];
    const client = createShopifySource({ baseUrl: small.url, accessToken: small.accessToken, sleep: (ms) => { sleeps.push(ms); return new Promise((r) => setTimeout(r, ms)); } });
    const ids = [...small.orders.keys()];
    // Another app of the same shop just emptied the bucket.
    small.faults.set({ drainBucket: true });
    const throttledBefore = small.counters.throttled;
    const sales = await Promise.all(ids.map((id) => client.getSale(id)));
    expect(sales.map((s) => s.externalId)).toEqual(ids);
    expect(small.counters.throttled).toBeGreaterThan(throttledBefore);
    expect(sleeps.length).toBeGreaterThan(0);
    // Each wait is what the query needs at the restore rate (about 530 points at 2,000 per second), not a blind back-off.
    expect(sleeps.every((ms) => ms > 0 && ms < 1_000)).toBe(true);
    // Later queries wait before they are sent, from the bucket the last answer reported: no further THROTTLED.
    const throttledAfter = small.counters.throttled;
    small.faults.set({ drainBucket: true });
    await client.checkConnection().catch(() => undefined);
    await client.getSale(ids[0]!);
    expect(small.counters.throttled - throttledAfter).toBeLessThanOrEqual(1);
  });

  it('honours a THROTTLED answer sent as HTTP 429 as well', async () => {
    small.faults.set({ throttleStatus: 429, drainBucket: true });
    const client = createShopifySource({ baseUrl: small.url, accessToken: small.accessToken });
    const throttledBefore = small.counters.throttled;
    await expect(client.getSale([...small.orders.keys()][0]!)).resolves.toMatchObject({ source: 'shopify' });
    expect(small.counters.throttled).toBeGreaterThan(throttledBefore);
    small.faults.reset();
  });

  it('hands a long wait back to the caller as RATE_LIMITED with the time to wait', async () => {
    const slow = await startShopifySimulator({ seed: 5, initialOrders: 1, throttle: { maximumAvailable: 1_000, restoreRate: 1 } });
    try {
      slow.faults.set({ drainBucket: true });
      const client = createShopifySource({ baseUrl: slow.url, accessToken: slow.accessToken, maxThrottleWaitMs: 50 });
      const error = await client.getSale([...slow.orders.keys()][0]!).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      expect((error as ConnectorError).details.retryAfterMs).toBeGreaterThan(50);
    } finally {
      await slow.stop();
    }
  });
});

describe('the simulator refuses what Shopify refuses', () => {
  const post = async (body: object, token = sim.accessToken, version = SHOPIFY_API_VERSION) => {
    const res = await fetch(`${sim.url}/admin/api/${version}/graphql.json`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-access-token': token }, body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  };

  it('answers an unknown field with undefinedField and no data', async () => {
    const res = await post({ query: '{ orders(first: 1) { nodes { id totalPrice } } }' });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toMatchObject([{ message: "Field 'totalPrice' doesn't exist on type 'Order'", extensions: { code: 'undefinedField' } }]);
  });

  it('refuses a connection without first or last, and a query above the single-query limit', async () => {
    const noSize = await post({ query: '{ orders { nodes { id } } }' });
    expect(noSize.body.errors).toMatchObject([{ message: 'you must provide one of first or last' }]);
    const tooCostly = await post({ query: '{ orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id originalTotalSet { shopMoney { amount } } } } } } }' });
    expect(tooCostly.body.errors).toMatchObject([{ extensions: { code: 'MAX_COST_EXCEEDED' } }]);
  });

  it('reports the query cost and the bucket with every answer', async () => {
    const res = await post({ query: '{ shop { name } }' });
    expect(res.body.extensions).toMatchObject({ cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } } });
    expect(typeof (res.body.extensions as { cost: { throttleStatus: { currentlyAvailable: unknown } } }).cost.throttleStatus.currentlyAvailable).toBe('number');
  });

  it('answers a wrong token 401 with the documented body', async () => {
    const res = await post({ query: '{ shop { name } }' }, 'shpat_nope');
    expect(res).toEqual({ status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } });
  });
});
