import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { validateRefund } from '../../../domain/refund-validation';
import { ConnectorError } from '../../errors';
import { createWooCommerceSource } from './client';
import { mapWooOrder, parseWooOrder } from './map-order';
import { mapWooCancellation, mapWooRefund, parseWooRefund } from './map-refund';
import { startWooSimulator, type WooSimulator } from './simulator';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

let sim: WooSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const sourceFor = (s: WooSimulator) => createWooCommerceSource({ baseUrl: s.url, consumerKey: s.consumerKey, consumerSecret: s.consumerSecret, timeoutMs: 2_000 });
const cents = (text: string) => Math.round(Number(text) * 100);

describe('WooCommerce refunds as the REST API documents them (vendored docs payloads)', () => {
  const order = parseWooOrder(fixture('docs-order-723.json'));
  const sale = mapWooOrder(order, new Map());
  const [amountOnly, oneItem] = (fixture('docs-refunds-723.json') as unknown[]).map(parseWooRefund);

  // Regime and VAT country are provisional here, as the order's are: the credit step takes them from the booked invoice (domain/prepare-refund).
  it('credits a refunded item with positive amounts at the rate it was sold at', () => {
    const refund = mapWooRefund(oneItem!, order, sale, new Map());
    expect(refund).toMatchObject({ externalId: '724', orderExternalId: '723', orderNumber: '723', refundDate: '2017-03-21', currency: 'USD', full: false });
    expect(refund.lines).toEqual([{ kind: 'product', description: 'Woo Album #2', quantity: 1, totalExclCents: 900, vatCents: 0, vatRateBp: 0, vatCountry: '', regime: 'domestic' }]);
    expect(refund.totalInclCents).toBe(900);
    expect(refund.debtor?.email).toBe('joao.silva@example.com');
    expect(validateRefund(refund)).toEqual([]);
  });

  it('spreads an amount-only refund over the order (one rate here)', () => {
    const refund = mapWooRefund(amountOnly!, order, sale, new Map());
    expect(refund.lines).toEqual([{ kind: 'product', description: 'Terugbetaling', quantity: 1, totalExclCents: 1000, vatCents: 0, vatRateBp: 0, vatCountry: '', regime: 'domestic' }]);
  });

  it('credits the rest of a cancelled order after its refunds', () => {
    const refunds = [amountOnly!, oneItem!].map((r) => mapWooRefund(r, order, sale, new Map()));
    const cancel = mapWooCancellation(order, sale, refunds);
    expect(cancel).toMatchObject({ externalId: 'cancel', full: true, totalInclCents: 3900 - 1000 - 900 });
  });
});

describe('WooCommerce refunds against the simulator', () => {
  it('serves refunds as Woo makes them and maps partial, shipping-only and amount-only refunds with VAT per rate', async () => {
    sim = await startWooSimulator({ seed: 11 });
    const order = sim.createOrder({}, { lineCount: 3, coupon: false, shipping: true, paymentFee: false });
    const source = sourceFor(sim);
    const [first, second] = order.line_items;

    // One unit of the first line.
    const partial = sim.refundItems(order.id, { items: [{ id: first!.id, quantity: 1 }] });
    expect(partial.line_items[0]).toMatchObject({ quantity: -1, meta_data: [{ key: '_refunded_item_id', value: String(first!.id) }] });
    expect(Number(partial.line_items[0]!.total)).toBeLessThan(0);
    const credit = await source.getRefund(String(order.id), String(partial.id));
    const unit = Math.round(cents(first!.total) / first!.quantity);
    expect(credit.lines).toHaveLength(1);
    expect(credit.lines[0]).toMatchObject({ kind: 'product', quantity: 1, totalExclCents: unit, regime: 'domestic' });
    expect(credit.totalInclCents).toBe(cents(partial.amount));
    expect(validateRefund(credit)).toEqual([]);

    // Shipping only.
    const shipping = sim.refundItems(order.id, { shipping: true });
    expect(shipping.line_items).toEqual([]);
    expect(shipping.shipping_lines).toHaveLength(1);
    const shippingCredit = await source.getRefund(String(order.id), String(shipping.id));
    expect(shippingCredit.lines).toEqual([expect.objectContaining({ kind: 'shipping', totalExclCents: 495, vatCents: 104, vatRateBp: 2100 })]);

    // An amount without items, e.g. a goodwill refund: spread over the order's rates.
    const goodwill = sim.refundOrder(order.id, { amount: '5.00', reason: 'Late delivery' });
    const goodwillCredit = await source.getRefund(String(order.id), String(goodwill.id));
    expect(goodwillCredit.totalInclCents).toBe(500);
    expect(new Set(goodwillCredit.lines.map((l) => l.vatRateBp))).toEqual(new Set(sim.orders.get(order.id)!.line_items.flatMap((i) => i.taxes.map((t) => (t.id === 1 ? 2100 : 900)))));

    // The listing carries the refund ids, oldest first; the order is still a sale.
    expect((await source.listRefunds(String(order.id))).map((r) => r.externalId)).toEqual([partial.id, shipping.id, goodwill.id].map(String));
    const listed = await source.listChangedOrders('2000-01-01T00:00:00Z', null);
    expect(listed.orders[0]!.refunds!.map((r) => r.externalId).sort()).toEqual([partial.id, shipping.id, goodwill.id].map(String).sort());
    expect(second).toBeDefined();
    expect(sim.orders.get(order.id)!.status).toBe('processing');
  });

  it('sets the order to refunded when nothing is left, refuses more than is left, and credits a cancellation', async () => {
    sim = await startWooSimulator({ seed: 12 });
    const order = sim.createOrder({}, { lineCount: 2, shipping: true });
    const source = sourceFor(sim);
    const auth = `Basic ${Buffer.from(`${sim.consumerKey}:${sim.consumerSecret}`).toString('base64')}`;
    const post = (body: unknown) => fetch(`${sim!.url}/wp-json/wc/v3/orders/${order.id}/refunds`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const tooMuch = await post({ amount: String(Number(order.total) + 1) });
    expect(tooMuch.status).toBe(500);
    expect(await tooMuch.json()).toMatchObject({ code: 'woocommerce_rest_cannot_create_order_refund', message: 'Invalid refund amount.' });
    expect((await post({ amount: '-1' })).status).toBe(400);

    const before = sim.orders.get(order.id)!.date_modified_gmt;
    const created = await post({ amount: order.total, reason: 'Order fully refunded.' });
    expect(created.status).toBe(201);
    const refund = (await created.json()) as { id: number; amount: string };
    const after = sim.orders.get(order.id)!;
    expect(after.status).toBe('refunded');
    expect(after.refunds).toEqual([{ id: refund.id, reason: 'Order fully refunded.', total: `-${order.total}` }]);
    expect(after.date_modified_gmt >= before).toBe(true);
    const full = await source.getRefund(String(order.id), String(refund.id));
    expect(full).toMatchObject({ full: true, totalInclCents: cents(order.total) });
    // A refunded order is still a sale (booked, then credited).
    expect((await source.getSale(String(order.id))).totalInclCents).toBe(cents(order.total));
    // Everything refunded: a cancellation has nothing left to credit.
    expect((await source.getRefund(String(order.id), 'cancel')).totalInclCents).toBe(0);

    const other = sim.createOrder({}, { lineCount: 2, shipping: true });
    sim.refundItems(other.id, { shipping: true });
    sim.updateOrder(other.id, { status: 'cancelled' });
    const cancel = await source.getRefund(String(other.id), 'cancel');
    expect(cancel.totalInclCents).toBe(cents(other.total) - cents(other.shipping_total) - cents(other.shipping_tax));
    expect((await source.listChangedOrders('2000-01-01T00:00:00Z', null)).orders.find((o) => o.externalId === String(other.id))).toMatchObject({ cancelled: true, bookable: false });

    const missing = await source.getRefund(String(order.id), '999999').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConnectorError);
    expect((missing as ConnectorError).code).toBe('NOT_FOUND');
  });
});

describe('orders edited after they were placed (simulator)', () => {
  it('recalculates lines, VAT per rate and totals when a quantity changes', async () => {
    sim = await startWooSimulator({ seed: 13 });
    const order = sim.createOrder({}, { lineCount: 3, coupon: true, shipping: true, paymentFee: true });
    const source = sourceFor(sim);
    const before = await source.getSale(String(order.id));
    const first = order.line_items[0]!;
    const edited = sim.editOrder(order.id, { [first.id]: first.quantity + 1 });
    const after = await source.getSale(String(order.id));
    expect(after.totalInclCents).toBeGreaterThan(before.totalInclCents);
    expect(after.totalInclCents).toBe(cents(edited.total));
    expect(after.lines.reduce((s, l) => s + l.totalExclCents, 0)).toBe(after.totalExclCents);
    expect(after.lines.reduce((s, l) => s + l.vatCents, 0)).toBe(after.totalVatCents);
    expect(edited.date_modified_gmt >= order.date_modified_gmt).toBe(true);
  });
});
