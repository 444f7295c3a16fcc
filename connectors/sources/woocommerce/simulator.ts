import { createFaultSwitch } from '../../sim/fault-switch';
import type { FaultSwitch } from '../../sim/fault-switch';
import { createRng } from '../../sim/rng';
import { serveOnLoopback } from '../../sim/serve';
import { generateOrder, wooDates } from './generate-order';
import type { GenerateOrderOptions } from './generate-order';
import { createWooSimApp, noWooFaults } from './sim-app';
import type { WooFaults, WooSimCounters } from './sim-app';
import { createWebhookDispatcher } from './sim-webhooks';
import type { WooWebhookStats } from './sim-webhooks';
import { editOrderQuantities } from './sim-edit';
import { createWooRefund, refundRequestFor } from './sim-refunds';
import type { WooOrder } from './woo-order';
import type { WooRefund, WooRefundRequest } from './woo-refund';

export interface WooSimulatorOptions {
  /** Seeds the order generator and the fault dice. Default 1. */
  seed?: number;
  consumerKey?: string;
  consumerSecret?: string;
  /** The store's clock (order dates). Default: the real clock. */
  now?: () => Date;
  /** Id of the first created order. Default 1001. */
  firstOrderId?: number;
  /** Orders generated at start (no webhooks for these). */
  initialOrders?: number;
  /** Port on 127.0.0.1; default any free one (`npm run simulators` uses fixed ones). */
  port?: number;
}

export type GenerateChoices = Omit<GenerateOrderOptions, 'id' | 'rng' | 'seed' | 'now'>;

export interface WooSimulator {
  /** Store root, e.g. `http://127.0.0.1:40123`; the API lives under `/wp-json/wc/v3`. */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** The live store, by order id. */
  orders: Map<number, WooOrder>;
  counters: WooSimCounters;
  faults: FaultSwitch<WooFaults>;
  /** Generates an order (choices steer the generator), applies `overrides`, fires `order.created`. */
  createOrder(overrides?: Partial<WooOrder>, choices?: GenerateChoices): WooOrder;
  /** Shallow-merges `patch`, bumps the modified dates, fires `order.updated`. Totals are not recomputed. */
  updateOrder(id: number, patch: Partial<WooOrder>): WooOrder;
  /** The merchant changes line quantities (by item id; 0 removes the line) and recalculates; fires `order.updated`. */
  editOrder(id: number, quantities: Record<number, number>): WooOrder;
  /** Refunds by order id, newest first. */
  refunds: Map<number, WooRefund[]>;
  /** `POST /orders/{id}/refunds` from the merchant's side: the refund as Woo makes it; fires `order.updated`. Throws what Woo refuses. */
  refundOrder(id: number, request: WooRefundRequest): WooRefund;
  /** Refunds items (by order item id and quantity), and optionally the shipping and fees, as Woo's admin screen posts them. */
  refundItems(id: number, choice: { items?: { id: number; quantity: number }[]; shipping?: boolean; fees?: boolean }): WooRefund;
  /** Deliver order webhooks to `deliveryUrl` (null: stop), signed with `secret`. */
  setWebhook(deliveryUrl: string | null, secret?: string): void;
  webhooks: { stats: () => Readonly<WooWebhookStats>; flush: () => Promise<void> };
  stop: () => Promise<void>;
}

/** A WooCommerce REST v3 store on 127.0.0.1 (random port), for tests, the demo and the benchmark. */
export async function startWooSimulator(options: WooSimulatorOptions = {}): Promise<WooSimulator> {
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const faultRng = createRng(seed ^ 0x5eed);
  const now = options.now ?? (() => new Date());
  const hex = (n: number): string => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  const consumerKey = options.consumerKey ?? `ck_${hex(40)}`;
  const consumerSecret = options.consumerSecret ?? `cs_${hex(40)}`;
  const orders = new Map<number, WooOrder>();
  const counters: WooSimCounters = { requests: 0, byEndpoint: {}, serverErrors: 0, rateLimited: 0, authFailures: 0 };
  const faults = createFaultSwitch<WooFaults>(noWooFaults);
  let nextId = options.firstOrderId ?? 1001;
  let url = '';
  const webhooks = createWebhookDispatcher(() => url);

  const generate = (overrides: Partial<WooOrder>, choices: GenerateChoices): WooOrder => {
    const order = { ...generateOrder({ ...choices, id: nextId, rng, now: now() }), ...overrides };
    nextId = Math.max(nextId, order.id) + 1;
    orders.set(order.id, order);
    return order;
  };
  for (let i = 0; i < (options.initialOrders ?? 0); i += 1) generate({}, {});

  const refunds = new Map<number, WooRefund[]>();
  const createRefund = (orderId: number, request: WooRefundRequest) => {
    const order = orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId} in the simulator`);
    // Refunds are posts too: they take the next id of the same sequence as orders.
    const result = createWooRefund(order, refunds.get(orderId) ?? [], request, nextId, now());
    if (!result.ok) return result;
    nextId += 1;
    refunds.set(orderId, [result.refund, ...(refunds.get(orderId) ?? [])]);
    orders.set(orderId, result.order);
    webhooks.dispatch('order.updated', result.order);
    return result;
  };
  const refundOrder = (id: number, request: WooRefundRequest): WooRefund => {
    const result = createRefund(id, request);
    if (!result.ok) throw new Error(`woocommerce refused the refund: ${result.error.message}`);
    return result.refund;
  };
  const app = createWooSimApp({
    orders, consumerKey, consumerSecret, faults, rng: faultRng, counters, refunds, createRefund,
    createOrder: (input) => {
      const order = { ...generate({}, { lines: input.lines, coupon: false, shipping: input.shipping, paymentFee: false, status: input.status }) };
      const created: WooOrder = {
        ...order,
        created_via: 'rest-api',
        customer_id: input.customerId ?? order.customer_id,
        customer_note: input.customerNote ?? '',
        billing: { ...order.billing, ...input.billing },
        shipping: { ...order.shipping, ...input.shippingAddress },
      };
      orders.set(created.id, created);
      webhooks.dispatch('order.created', created);
      return created;
    },
    setWebhook: (deliveryUrl, secret) => webhooks.configure(deliveryUrl, secret),
  });
  const server = await serveOnLoopback(app, options.port);
  url = server.url;

  return {
    url,
    consumerKey,
    consumerSecret,
    orders,
    counters,
    faults,
    createOrder(overrides = {}, choices = {}) {
      const order = generate(overrides, choices);
      webhooks.dispatch('order.created', order);
      return order;
    },
    updateOrder(id, patch) {
      const current = orders.get(id);
      if (!current) throw new Error(`no order ${id} in the simulator`);
      const { local, gmt } = wooDates(now());
      const updated: WooOrder = { ...current, ...patch, date_modified: local, date_modified_gmt: gmt };
      orders.set(id, updated);
      webhooks.dispatch('order.updated', updated);
      return updated;
    },
    refunds,
    editOrder(id, quantities) {
      const current = orders.get(id);
      if (!current) throw new Error(`no order ${id} in the simulator`);
      const { local, gmt } = wooDates(now());
      const edited = { ...editOrderQuantities(current, new Map(Object.entries(quantities).map(([k, v]) => [Number(k), v]))), date_modified: local, date_modified_gmt: gmt };
      orders.set(id, edited);
      webhooks.dispatch('order.updated', edited);
      return edited;
    },
    refundOrder,
    refundItems(id, choice) {
      const order = orders.get(id);
      if (!order) throw new Error(`no order ${id} in the simulator`);
      return refundOrder(id, refundRequestFor(order, choice));
    },
    setWebhook(deliveryUrl, secret = 'doorzet-sim-secret') {
      webhooks.configure(deliveryUrl, secret);
    },
    webhooks: { stats: webhooks.stats, flush: webhooks.flush },
    stop: server.stop,
  };
}
