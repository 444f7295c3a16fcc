import { divideRoundHalfAway, formatCents, parseCents } from '../../decimal';
import { createFaultSwitch } from '../../sim/fault-switch';
import type { FaultSwitch } from '../../sim/fault-switch';
import { createRng } from '../../sim/rng';
import { serveOnLoopback } from '../../sim/serve';
import { generateShopifyOrder } from './generate-order';
import type { ShopifyOrderChoices } from './generate-order';
import { createShopifySimApp, noShopifyFaults } from './sim-app';
import type { ShopifyFaults, ShopifySimCounters, ThrottleConfig } from './sim-app';
import { restOrderBody, restRefundBody } from './sim-rest-body';
import { createShopifyWebhookDispatcher } from './sim-webhooks';
import type { ShopifyWebhookStats } from './sim-webhooks';
import type { SimMoneyBag, SimOrder, SimRefund, SimShop } from './sim-types';

export interface ShopifySimulatorOptions {
  seed?: number;
  accessToken?: string;
  /** The app's client secret; signs webhook deliveries. */
  clientSecret?: string;
  now?: () => Date;
  /** Id of the first order (order numbers start at 1001). */
  firstOrderId?: number;
  initialOrders?: number;
  /** The shop's currency (shop money). Default EUR. */
  shopCurrency?: string;
  ianaTimezone?: string;
  throttle?: Partial<ThrottleConfig>;
  webhookRetryDelayMs?: number;
}

export interface RefundChoice {
  /** Refunded line items by their position in the order, with the quantity refunded. */
  lines: { index: number; quantity: number }[];
  /** Refund the order's shipping too. */
  shipping?: boolean;
}

export interface ShopifySimulator {
  /** The shop's root, e.g. `http://127.0.0.1:40123` (stands in for https://<shop>.myshopify.com). */
  url: string;
  shopDomain: string;
  accessToken: string;
  clientSecret: string;
  /** The live store, by numeric order id. */
  orders: Map<string, SimOrder>;
  counters: ShopifySimCounters;
  faults: FaultSwitch<ShopifyFaults>;
  createOrder(choices?: ShopifyOrderChoices, overrides?: Partial<SimOrder>): SimOrder;
  /** Shallow-merges `patch`, moves updatedAt on, fires orders/updated. */
  updateOrder(id: string, patch: Partial<SimOrder>): SimOrder;
  cancelOrder(id: string): SimOrder;
  refundOrder(id: string, choice: RefundChoice): SimRefund;
  setWebhook(deliveryUrl: string | null, secret?: string): void;
  webhooks: { stats: () => Readonly<ShopifyWebhookStats>; flush: () => Promise<void>; redeliverLast: () => Promise<number> };
  stop: () => Promise<void>;
}

const cents = (bag: SimMoneyBag) => parseCents(bag.presentmentMoney.amount) ?? 0;

/** A Shopify shop's GraphQL Admin API on 127.0.0.1 (random port), for tests, the demo and the benchmark. */
export async function startShopifySimulator(options: ShopifySimulatorOptions = {}): Promise<ShopifySimulator> {
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const faultRng = createRng(seed ^ 0x5eed);
  const clock = options.now ?? (() => new Date());
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  const accessToken = options.accessToken ?? `shpat_${hex(32)}`;
  const clientSecret = options.clientSecret ?? hex(32);
  const shopCurrency = options.shopCurrency ?? 'EUR';
  const shopDomain = `doorzet-demo-${seed}.myshopify.com`;
  const shop: SimShop = {
    id: 'gid://shopify/Shop/1', name: 'Demo Winkel', myshopifyDomain: shopDomain, currencyCode: shopCurrency,
    ianaTimezone: options.ianaTimezone ?? 'Europe/Amsterdam', taxesIncluded: true,
    billingAddress: { id: 'gid://shopify/ShopAddress/1', address1: 'Oudegracht 1', city: 'Utrecht', zip: '3511 AA', countryCodeV2: 'NL' },
  };
  const orders = new Map<string, SimOrder>();
  const counters: ShopifySimCounters = { requests: 0, byOperation: {}, throttled: 0, authFailures: 0, invalidQueries: 0, pointsCharged: 0 };
  const faults = createFaultSwitch<ShopifyFaults>(noShopifyFaults);
  const webhooks = createShopifyWebhookDispatcher(shopDomain, { retryDelayMs: options.webhookRetryDelayMs });
  let nextId = options.firstOrderId ?? 5_100_000_001;
  let nextNumber = 1001;
  let nextRefundId = 9_100_000_001;
  let lastStamp = 0;

  // Shopify stamps to the second; every change here gets a later second than the one before.
  const stamp = (): string => {
    const at = Math.max(Math.floor(clock().getTime() / 1000) * 1000, lastStamp + 1000);
    lastStamp = at;
    return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  };

  const generate = (choices: ShopifyOrderChoices, overrides: Partial<SimOrder>): SimOrder => {
    const at = stamp();
    const order = { ...generateShopifyOrder({ ...choices, id: nextId, number: nextNumber, rng, now: new Date(at), shopCurrency }), ...overrides };
    nextId += 1;
    nextNumber += 1;
    orders.set(order.legacyResourceId, order);
    return order;
  };
  for (let i = 0; i < (options.initialOrders ?? 0); i += 1) generate({}, {});

  const app = createShopifySimApp({
    store: { shop, orders }, accessToken, faults, rng: faultRng, counters, now: () => clock().getTime(),
    throttle: { maximumAvailable: 2_000, restoreRate: 100, maxQueryCost: 1_000, ...options.throttle },
  });
  const server = await serveOnLoopback(app);
  webhooks.configure(null, clientSecret);

  const mustGet = (id: string): SimOrder => {
    const order = orders.get(id);
    if (!order) throw new Error(`no order ${id} in the simulator`);
    return order;
  };
  const replace = (order: SimOrder, patch: Partial<SimOrder>): SimOrder => {
    const updated = { ...order, ...patch, updatedAt: stamp() };
    orders.set(order.legacyResourceId, updated);
    return updated;
  };

  return {
    url: server.url,
    shopDomain,
    accessToken,
    clientSecret,
    orders,
    counters,
    faults,
    createOrder(choices = {}, overrides = {}) {
      const order = generate(choices, overrides);
      webhooks.dispatch('orders/create', restOrderBody(order));
      if (order.displayFinancialStatus === 'PAID') webhooks.dispatch('orders/paid', restOrderBody(order));
      return order;
    },
    updateOrder(id, patch) {
      const updated = replace(mustGet(id), patch);
      webhooks.dispatch('orders/updated', restOrderBody(updated));
      return updated;
    },
    cancelOrder(id) {
      const order = mustGet(id);
      const updated = replace(order, { cancelledAt: stamp(), displayFinancialStatus: order.displayFinancialStatus === 'PAID' ? 'REFUNDED' : 'VOIDED', closed: true });
      webhooks.dispatch('orders/cancelled', restOrderBody(updated));
      return updated;
    },
    refundOrder(id, choice) {
      const order = mustGet(id);
      const money = (c: number): SimMoneyBag => {
        const shopCents = order.presentmentCurrencyCode === order.currencyCode ? c : divideRoundHalfAway(c * 92, 100);
        return { shopMoney: { amount: formatCents(shopCents), currencyCode: order.currencyCode }, presentmentMoney: { amount: formatCents(c), currencyCode: order.presentmentCurrencyCode } };
      };
      const refundId = nextRefundId++;
      const lines = choice.lines.map(({ index, quantity }, i) => {
        const item = order.lineItems[index];
        if (!item || quantity < 1 || quantity > item.quantity) throw new Error(`cannot refund ${quantity} of line ${index}`);
        const share = (c: number) => divideRoundHalfAway(c * quantity, item.quantity);
        const tax = share(item.taxLines.reduce((s, t) => s + cents(t.priceSet), 0));
        // With taxes included the subtotal includes the tax (as the REST refund_line_items subtotal does).
        const subtotal = share(cents(item.discountedTotalSet));
        return {
          id: `gid://shopify/RefundLineItem/${refundId * 10 + i}`, lineItem: item, quantity, restockType: 'RETURN' as const, restocked: true,
          priceSet: item.originalUnitPriceSet, subtotalSet: money(subtotal), totalTaxSet: money(tax),
        };
      });
      const shipping = choice.shipping ? order.shippingLines.filter((s) => !s.isRemoved).map((s, i) => ({
        id: `gid://shopify/RefundShippingLine/${refundId * 10 + i}`, shippingLine: s,
        subtotalAmountSet: money(cents(s.discountedPriceSet)), taxAmountSet: money(s.taxLines.reduce((sum, t) => sum + cents(t.priceSet), 0)),
      })) : [];
      const gross = (subtotal: number, tax: number) => subtotal + (order.taxesIncluded ? 0 : tax);
      const total = lines.reduce((s, l) => s + gross(cents(l.subtotalSet), cents(l.totalTaxSet)), 0)
        + shipping.reduce((s, l) => s + gross(cents(l.subtotalAmountSet), cents(l.taxAmountSet)), 0);
      const at = stamp();
      const refund: SimRefund = {
        id: `gid://shopify/Refund/${refundId}`, legacyResourceId: String(refundId), createdAt: at, updatedAt: at, note: null,
        totalRefundedSet: money(total), refundLineItems: lines, refundShippingLines: shipping,
        transactions: [{
          id: `gid://shopify/OrderTransaction/${refundId}`, kind: 'REFUND', status: 'SUCCESS', gateway: order.transactions.at(-1)?.gateway ?? 'manual',
          amountSet: money(total), createdAt: at, processedAt: at, test: false,
        }],
      };
      const refunded = [...order.refunds, refund].reduce((s, r) => s + cents(r.totalRefundedSet), 0);
      const updated = replace(order, { refunds: [...order.refunds, refund], displayFinancialStatus: refunded >= cents(order.totalPriceSet) ? 'REFUNDED' : 'PARTIALLY_REFUNDED' });
      webhooks.dispatch('refunds/create', restRefundBody(updated, refund));
      webhooks.dispatch('orders/updated', restOrderBody(updated));
      return refund;
    },
    setWebhook(deliveryUrl, secret = clientSecret) {
      webhooks.configure(deliveryUrl, secret);
    },
    webhooks: { stats: () => webhooks.stats(), flush: () => webhooks.flush(), redeliverLast: () => webhooks.redeliverLast() },
    stop: server.stop,
  };
}
