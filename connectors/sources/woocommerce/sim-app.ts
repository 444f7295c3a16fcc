import { Hono } from 'hono';
import { z } from 'zod';
import type { Context } from 'hono';
import { buildLinkHeader } from '../../link-header';
import type { FaultSwitch } from '../../sim/fault-switch';
import type { Rng } from '../../sim/rng';
import { sleep } from '../../sim/serve';
import type { SimEnv } from '../../sim/serve';
import { nlWooTaxRates } from './nl-tax-rates';
import { pickFields, queryOrders } from './sim-order-query';
import type { WooErrorBody } from './sim-order-query';
import type { RefundResult } from './sim-refunds';
import type { WooOrder } from './woo-order';
import type { WooRefund, WooRefundRequest } from './woo-refund';
import { createOrderBodySchema, createOrderInput } from './sim-create-order';
import type { CreateOrderInput } from './sim-create-order';

/** `POST /webhooks` (REST API docs, "Create a webhook"); the simulator keeps one delivery URL for all order topics. */
const webhookBodySchema = z.object({
  name: z.string().max(200).optional(),
  topic: z.enum(['order.created', 'order.updated', 'order.deleted', 'order.restored']),
  delivery_url: z.url(),
  secret: z.string().min(1).max(500),
});

export interface WooFaults {
  /** Share of requests answered 500/503 with a WordPress-style HTML page. */
  serverErrorRate: number;
  /** Added before every response. */
  latencyMs: number;
  /** Share of requests answered 429 by the "host WAF" (Woo itself has no rate limit). */
  rateLimitRate: number;
}

export const noWooFaults: WooFaults = { serverErrorRate: 0, latencyMs: 0, rateLimitRate: 0 };

export interface WooSimCounters {
  requests: number;
  /** e.g. `GET /orders`, `GET /orders/:id`, `GET /taxes/:id`. */
  byEndpoint: Record<string, number>;
  serverErrors: number;
  rateLimited: number;
  authFailures: number;
}

export interface WooSimContext {
  orders: Map<number, WooOrder>;
  consumerKey: string;
  consumerSecret: string;
  faults: FaultSwitch<WooFaults>;
  rng: Rng;
  counters: WooSimCounters;
  /** Refunds by order id, newest first (as `GET /orders/{id}/refunds` lists them by default). */
  refunds: Map<number, WooRefund[]>;
  /** Creates a refund the way wc_create_refund does (and fires the order's webhook). */
  createRefund: (orderId: number, request: WooRefundRequest) => RefundResult;
  /** Creates an order from a REST body (POST /orders) and fires its webhook. */
  createOrder?: (input: CreateOrderInput) => WooOrder;
  /** Points the store's order webhooks at a delivery URL (POST /webhooks). */
  setWebhook?: (deliveryUrl: string, secret: string) => void;
}

export const wooApiBase = '/wp-json/wc/v3';

const wooError = (c: Context<SimEnv>, status: 400 | 401 | 404, code: string, message: string): Response =>
  c.json({ code, message, data: { status } } satisfies WooErrorBody, status);

function endpointOf(method: string, path: string): string {
  return `${method} ${path.slice(wooApiBase.length).replace(/\/\d+(?=\/|$)/g, '/:id')}`;
}

/** Basic auth over HTTPS, or the `consumer_key`/`consumer_secret` query fallback; Woo's 401 bodies. */
function authFailure(c: Context<SimEnv>, ctx: WooSimContext): WooErrorBody | null {
  let key = c.req.query('consumer_key');
  let secret = c.req.query('consumer_secret');
  const header = c.req.header('authorization');
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    [key, secret] = colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  }
  const fail = (code: string, message: string): WooErrorBody => ({ code, message, data: { status: 401 } });
  if (!key || !secret) return fail('woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
  if (key !== ctx.consumerKey) return fail('woocommerce_rest_authentication_error', 'Consumer key is invalid.');
  if (secret !== ctx.consumerSecret) return fail('woocommerce_rest_authentication_error', 'Consumer secret is invalid.');
  return null;
}

export function createWooSimApp(ctx: WooSimContext): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const { counters } = ctx;

  app.use('*', async (c, next) => {
    counters.requests += 1;
    const endpoint = endpointOf(c.req.method, c.req.path);
    counters.byEndpoint[endpoint] = (counters.byEndpoint[endpoint] ?? 0) + 1;
    const faults = ctx.faults.get();
    await sleep(faults.latencyMs);
    if (ctx.rng.chance(faults.rateLimitRate)) {
      counters.rateLimited += 1;
      return c.html('<html><body><h1>429 Too Many Requests</h1></body></html>', 429, { 'retry-after': '1' });
    }
    if (ctx.rng.chance(faults.serverErrorRate)) {
      counters.serverErrors += 1;
      const status = ctx.rng.chance(0.5) ? 500 : 503;
      return c.html('<html><body><p>There has been a critical error on this website.</p></body></html>', status);
    }
    const denied = authFailure(c as Context<SimEnv>, ctx);
    if (denied) {
      counters.authFailures += 1;
      return c.json(denied, 401);
    }
    return next();
  });

  app.get(`${wooApiBase}/orders`, (c) => {
    const params = new URL(c.req.url).searchParams;
    const result = queryOrders(ctx.orders.values(), params);
    if (!result.ok) return c.json(result.error, 400);
    c.header('X-WP-Total', String(result.total));
    c.header('X-WP-TotalPages', String(result.totalPages));
    const link = buildLinkHeader(c.req.url, result.page, result.totalPages, ['prev', 'next']);
    if (link) c.header('Link', link);
    return c.json(result.items.map((o) => pickFields(o, params.get('_fields'))));
  });

  app.get(`${wooApiBase}/orders/:id{[0-9]+}`, (c) => {
    const order = ctx.orders.get(Number(c.req.param('id')));
    if (!order) return wooError(c, 404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
    return c.json(pickFields(order, c.req.query('_fields') ?? null));
  });

  const invalidOrder = (c: Context<SimEnv>) => wooError(c, 404, 'woocommerce_rest_invalid_order_id', 'Invalid order ID.');

  app.get(`${wooApiBase}/orders/:id{[0-9]+}/refunds`, (c) => {
    const orderId = Number(c.req.param('id'));
    if (!ctx.orders.has(orderId)) return invalidOrder(c);
    const params = new URL(c.req.url).searchParams;
    const perPage = Math.min(100, Math.max(1, Number(params.get('per_page') ?? '10') || 10));
    const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
    const all = [...(ctx.refunds.get(orderId) ?? [])];
    if (params.get('order') === 'asc') all.reverse();
    const totalPages = Math.ceil(all.length / perPage);
    c.header('X-WP-Total', String(all.length));
    c.header('X-WP-TotalPages', String(totalPages));
    const link = buildLinkHeader(c.req.url, page, totalPages, ['prev', 'next']);
    if (link) c.header('Link', link);
    return c.json(all.slice((page - 1) * perPage, page * perPage).map((r) => pickFields(r, params.get('_fields'))));
  });

  app.get(`${wooApiBase}/orders/:id{[0-9]+}/refunds/:refundId{[0-9]+}`, (c) => {
    const orderId = Number(c.req.param('id'));
    if (!ctx.orders.has(orderId)) return invalidOrder(c);
    const refund = ctx.refunds.get(orderId)?.find((r) => r.id === Number(c.req.param('refundId')));
    if (!refund) return wooError(c, 404, 'woocommerce_rest_invalid_order_refund_id', 'Invalid order refund ID.');
    return c.json(pickFields(refund, c.req.query('_fields') ?? null));
  });

  app.post(`${wooApiBase}/orders/:id{[0-9]+}/refunds`, async (c) => {
    const orderId = Number(c.req.param('id'));
    if (!ctx.orders.has(orderId)) return invalidOrder(c);
    let body: WooRefundRequest;
    try {
      body = await c.req.json<WooRefundRequest>();
    } catch {
      return wooError(c, 400, 'rest_invalid_json', 'Invalid JSON body passed.');
    }
    const result = ctx.createRefund(orderId, body);
    if (!result.ok) return c.json(result.error, result.status);
    return c.json(result.refund, 201);
  });

  app.get(`${wooApiBase}/taxes`, (c) => {
    c.header('X-WP-Total', String(nlWooTaxRates.length));
    c.header('X-WP-TotalPages', '1');
    return c.json(nlWooTaxRates);
  });

  app.get(`${wooApiBase}/taxes/:id{[0-9]+}`, (c) => {
    const rate = nlWooTaxRates.find((r) => r.id === Number(c.req.param('id')));
    if (!rate) return wooError(c, 404, 'woocommerce_rest_invalid_id', 'Invalid resource ID.');
    return c.json(rate);
  });

  app.post(`${wooApiBase}/orders`, async (c) => {
    if (!ctx.createOrder) return wooError(c, 404, 'rest_no_route', 'No route was found matching the URL and request method.');
    const body = createOrderBodySchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return wooError(c, 400, 'rest_invalid_param', `Invalid parameter(s): ${[...new Set(body.error.issues.map((i) => String(i.path[0] ?? 'body')))].join(', ')}`);
    const input = createOrderInput(body.data);
    if (!input.ok) return wooError(c, 400, 'woocommerce_rest_invalid_product_id', `Invalid product ID ${input.unknownProducts.join(', ')}.`);
    return c.json(ctx.createOrder(input.input), 201);
  });

  app.post(`${wooApiBase}/webhooks`, async (c) => {
    if (!ctx.setWebhook) return wooError(c, 404, 'rest_no_route', 'No route was found matching the URL and request method.');
    const body = webhookBodySchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return wooError(c, 400, 'rest_invalid_param', 'Invalid parameter(s): delivery_url, topic');
    ctx.setWebhook(body.data.delivery_url, body.data.secret);
    const [resource = 'order', event = 'created'] = body.data.topic.split('.');
    return c.json({ id: 1, name: body.data.name ?? body.data.topic, status: 'active', topic: body.data.topic, resource, event, delivery_url: body.data.delivery_url }, 201);
  });

  app.notFound((c) => wooError(c, 404, 'rest_no_route', 'No route was found matching the URL and request method.'));
  return app;
}
