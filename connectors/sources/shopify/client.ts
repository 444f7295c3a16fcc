import { z } from 'zod';
import { CANCELLATION_REFUND_ID, type Refund } from '../../../domain/refund';
import type { Sale } from '../../../domain/sale';
import { ConnectorError } from '../../errors';
import type { ConnectorErrorCode } from '../../errors';
import { createHttpClient } from '../../http';
import { retryAfterMs, unusableResponse } from '../../http-errors';
import type { OrderPage, OrderRef, RefundRef, SalesSource } from '../../ports';
import { issuesFromZod } from '../../zod-issues';
import { graphqlPath } from './api-version';
import { isNumericId, numericIdOf, toGid } from './gid';
import { mapShopifyCancellation } from './map-cancellation';
import { mapShopifyOrder } from './map-order';
import { presentmentCents } from './money';
import { mapShopifyRefund } from './map-refund';
import { changedOrdersSchema, lineItemPageSchema, orderSchema, orderTipsSchema, refundOrderSchema, refundSchema, shopFactsSchema } from './order-schema';
import type { ShopifyLineItem, ShopifyOrder } from './order-schema';
import {
  CHANGED_ORDERS_QUERY, CONNECTION_QUERY, ORDER_LINE_ITEMS_QUERY, ORDER_QUERY, ORDER_REFUNDS_QUERY, ORDER_TIPS_QUERY, ORDERS_PER_PAGE, REFUND_QUERY,
} from './queries';
import { bucketFor, costExtensionSchema } from './throttle';

export interface ShopifySourceOptions {
  /** The shop, e.g. `https://my-shop.myshopify.com`. */
  baseUrl: string;
  accessToken: string;
  timeoutMs?: number;
  /** The longest the client waits for the throttle bucket to refill before it hands the wait to the caller's retry. Default 20 s. */
  maxThrottleWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const graphqlError = z.object({
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z.object({ code: z.string().optional() }).passthrough().optional(),
});
const envelope = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  // A 401's body is `{"errors": "[API] Invalid API key or access token …"}`: a string, not a list.
  errors: z.union([z.array(graphqlError), z.string()]).optional(),
  extensions: z.object({ cost: costExtensionSchema.optional() }).passthrough().optional(),
});
type GraphqlError = z.infer<typeof graphqlError>;

// Statuses that are a sale to book: paid in full or in part, refunds included (they are credited separately).
const BOOKABLE_STATUSES = new Set(['PAID', 'PARTIALLY_PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']);
const MAX_THROTTLE_RETRIES = 4;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function codeFor(errors: GraphqlError[]): ConnectorErrorCode {
  const codes = errors.map((e) => e.extensions?.code ?? '');
  if (codes.includes('ACCESS_DENIED')) return 'AUTH_REVOKED';
  if (codes.includes('INTERNAL_SERVER_ERROR') || codes.includes('SERVICE_UNAVAILABLE')) return 'SERVER_ERROR';
  // Syntax or schema errors, MAX_COST_EXCEEDED: the query itself is wrong; a retry cannot help.
  return 'VALIDATION';
}

/** Shopify's own messages are about the query (fields, types, ids), never about customers. */
const issuesOf = (errors: GraphqlError[]) =>
  errors.map((e) => ({ code: e.extensions?.code ?? 'GRAPHQL', path: (e.path ?? []).join('.'), message: e.message.slice(0, 300) }));

function bookability(node: { test: boolean; cancelledAt: string | null; displayFinancialStatus: string | null }): { bookable: boolean; reason: string } {
  if (node.test) return { bookable: false, reason: 'test order' };
  if (node.cancelledAt) return { bookable: false, reason: 'cancelled' };
  const status = node.displayFinancialStatus ?? 'UNKNOWN';
  return BOOKABLE_STATUSES.has(status) ? { bookable: true, reason: status } : { bookable: false, reason: status };
}

function requireNumeric(id: string, path: string): string {
  if (!isNumericId(id)) {
    throw new ConnectorError('NOT_FOUND', 'shopify ids are numeric', { issues: [{ code: 'invalid_id', path, message: 'not numeric' }] });
  }
  return id;
}

function notFound(what: string): ConnectorError {
  return new ConnectorError('NOT_FOUND', `shopify ${what} not found`, { issues: [{ code: 'not_found', path: what, message: 'not found' }] });
}

/**
 * Shopify's GraphQL Admin API as a SalesSource (custom-app token in `X-Shopify-Access-Token`).
 *
 * Every answer's `extensions.cost.throttleStatus` feeds the shop's bucket (throttle.ts); before a
 * query the client waits until the bucket holds what the query cost last time, and a THROTTLED answer
 * (or a 429) waits for the restore and asks again, so a busy shop slows doorzet down instead of
 * failing sales. A wait longer than `maxThrottleWaitMs` becomes RATE_LIMITED with the time to wait,
 * which the activity's retry honours.
 */
export function createShopifySource(options: ShopifySourceOptions): SalesSource {
  const http = createHttpClient({
    vendor: 'shopify',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    headers: { 'x-shopify-access-token': options.accessToken },
  });
  const bucket = bucketFor(options.baseUrl, options.accessToken);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const maxWaitMs = options.maxThrottleWaitMs ?? 20_000;

  async function waitOrHandBack(ms: number, operation: string): Promise<void> {
    if (ms <= 0) return;
    if (ms > maxWaitMs) {
      throw new ConnectorError('RATE_LIMITED', `shopify ${operation}: throttled (query cost above the available points)`, { retryAfterMs: ms });
    }
    await sleep(ms);
  }

  async function graphql(operation: string, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt += 1) {
      await waitOrHandBack(bucket.waitMs(bucket.expectedCost(operation), now()), operation);
      // A throttled answer may come as HTTP 429 too; its body carries the same cost extension.
      const { status, headers, body } = await http.request({ method: 'POST', path: graphqlPath, body: { query, variables }, accept: [429] });
      const parsed = envelope.safeParse(body);
      if (status === 429 && !parsed.success) {
        if (attempt >= MAX_THROTTLE_RETRIES) throw new ConnectorError('RATE_LIMITED', `shopify ${operation}: HTTP 429`, { status, retryAfterMs: retryAfterMs(headers) ?? 1_000 });
        await waitOrHandBack(retryAfterMs(headers) ?? 1_000, operation);
        continue;
      }
      if (!parsed.success) throw unusableResponse(`shopify ${operation}`, issuesFromZod(parsed.error));
      const { data, errors, extensions } = parsed.data;
      const cost = extensions?.cost;
      if (cost) bucket.observe(operation, cost, now());
      const list = typeof errors === 'string' ? [{ message: errors }] : (errors ?? []);
      if (list.some((e) => e.extensions?.code === 'THROTTLED')) {
        if (attempt >= MAX_THROTTLE_RETRIES) throw new ConnectorError('RATE_LIMITED', `shopify ${operation}: throttled`, { retryAfterMs: bucket.waitMs(cost?.requestedQueryCost ?? 0, now()) || 1_000 });
        // Wait until the bucket holds the points this query asked for, then ask again.
        await waitOrHandBack(Math.max(bucket.waitMs(cost?.requestedQueryCost ?? 0, now()), 100), operation);
        continue;
      }
      if (list.length > 0) throw new ConnectorError(codeFor(list), `shopify ${operation}: the API refused the query`, { issues: issuesOf(list) });
      if (!data) throw unusableResponse(`shopify ${operation}`);
      return data;
    }
  }

  async function allLineItems(orderGid: string, first: z.infer<typeof lineItemPageSchema>): Promise<ShopifyLineItem[]> {
    const items = [...first.nodes];
    let page = first.pageInfo;
    while (page.hasNextPage && page.endCursor) {
      const data = await graphql('OrderLineItems', ORDER_LINE_ITEMS_QUERY, { id: orderGid, after: page.endCursor });
      const next = z.object({ order: z.object({ lineItems: lineItemPageSchema }).nullable() }).safeParse(data);
      if (!next.success || !next.data.order) throw unusableResponse('shopify OrderLineItems', next.success ? [] : issuesFromZod(next.error));
      items.push(...next.data.order.lineItems.nodes);
      page = next.data.order.lineItems.pageInfo;
    }
    return items;
  }

  /** The ids of the order's tip line items (TipSale.lineItem); asked only for an order with a tip. */
  async function tipLineItemIds(orderGid: string, order: ShopifyOrder): Promise<Set<string>> {
    if (presentmentCents(order.totalTipReceivedSet, 'totalTipReceivedSet') === 0) return new Set();
    const parsed = orderTipsSchema.safeParse(await graphql('OrderTips', ORDER_TIPS_QUERY, { id: orderGid }));
    if (!parsed.success || !parsed.data.order) throw unusableResponse('shopify OrderTips', parsed.success ? [] : issuesFromZod(parsed.error));
    const sales = parsed.data.order.agreements.nodes.flatMap((a) => a.sales.nodes);
    return new Set(sales.filter((s) => s.lineType === 'TIP').flatMap((s) => (s.lineItem ? [s.lineItem.id] : [])));
  }

  /** One order as the shop states it, and as a Sale whatever its status (a cancellation credits it). */
  async function readOrder(externalId: string): Promise<{ order: ShopifyOrder; sale: Sale }> {
    const gid = toGid('Order', requireNumeric(externalId, 'externalId'));
    const data = await graphql('Order', ORDER_QUERY, { id: gid });
    if (data.order === null) throw notFound('order');
    const shop = shopFactsSchema.safeParse(data.shop);
    if (!shop.success) throw unusableResponse('shopify Order', issuesFromZod(shop.error));
    const parsed = orderSchema.safeParse(data.order);
    if (!parsed.success) {
      throw new ConnectorError('SALE_INVALID', 'shopify order does not have the documented shape', { issues: issuesFromZod(parsed.error) });
    }
    const items = await allLineItems(gid, parsed.data.lineItems);
    return { order: parsed.data, sale: mapShopifyOrder(parsed.data, items, shop.data, await tipLineItemIds(gid, parsed.data)) };
  }

  const source: SalesSource = {
    async listChangedOrders(sinceIso, pageToken): Promise<OrderPage> {
      const since = new Date(sinceIso);
      if (Number.isNaN(since.getTime())) {
        throw new ConnectorError('VALIDATION', 'sinceIso is not an ISO timestamp', { issues: [{ code: 'invalid_date', path: 'sinceIso', message: 'not an ISO timestamp' }] });
      }
      if (pageToken !== null && !/^[A-Za-z0-9+/=_-]{1,2000}$/.test(pageToken)) {
        throw new ConnectorError('VALIDATION', 'shopify page tokens are GraphQL cursors', { issues: [{ code: 'invalid_page', path: 'pageToken', message: 'not a cursor' }] });
      }
      const data = await graphql('ChangedOrders', CHANGED_ORDERS_QUERY, {
        first: ORDERS_PER_PAGE,
        after: pageToken,
        query: `updated_at:>'${since.toISOString().slice(0, 19)}Z'`,
      });
      const parsed = changedOrdersSchema.safeParse(data);
      if (!parsed.success) throw unusableResponse('shopify ChangedOrders', issuesFromZod(parsed.error));
      const { nodes, pageInfo } = parsed.data.orders;
      const orders: OrderRef[] = nodes.flatMap((node) => {
        const externalId = numericIdOf(node.id);
        if (!externalId) return [];
        const { bookable, reason } = bookability(node);
        const refunds: RefundRef[] = node.refunds.flatMap((r) => {
          const id = numericIdOf(r.id);
          return id ? [{ externalId: id, ...(r.createdAt ? { createdAt: new Date(r.createdAt).toISOString() } : {}) }] : [];
        });
        // The order date decides whether an order is history (before the tenant's sync start).
        const placed = node.processedAt && Number.isFinite(Date.parse(node.processedAt)) ? { createdAt: new Date(node.processedAt).toISOString() } : {};
        return [{ externalId, modifiedAt: new Date(node.updatedAt).toISOString(), ...placed, status: reason, bookable, cancelled: node.cancelledAt !== null, refunds }];
      });
      return { orders, nextPageToken: pageInfo.hasNextPage && pageInfo.endCursor ? pageInfo.endCursor : null };
    },

    async getSale(externalId): Promise<Sale> {
      const { order, sale } = await readOrder(externalId);
      const { bookable, reason } = bookability(order);
      if (!bookable) {
        throw new ConnectorError('NOT_BOOKABLE', `shopify order ${order.legacyResourceId} is ${reason}`, { issues: [{ code: 'not_bookable', path: 'displayFinancialStatus', message: reason }] });
      }
      return sale;
    },

    async listRefunds(orderExternalId) {
      const data = await graphql('OrderRefunds', ORDER_REFUNDS_QUERY, { id: toGid('Order', requireNumeric(orderExternalId, 'orderExternalId')) });
      const parsed = z.object({ order: z.object({ refunds: z.array(z.object({ id: z.string(), createdAt: z.string().nullable() })) }).nullable() }).safeParse(data);
      if (!parsed.success) throw unusableResponse('shopify OrderRefunds', issuesFromZod(parsed.error));
      if (!parsed.data.order) throw notFound('order');
      return parsed.data.order.refunds
        .flatMap((r) => {
          const id = numericIdOf(r.id);
          return id ? [{ externalId: id, createdAt: new Date(r.createdAt ?? 0).toISOString() }] : [];
        })
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    async getRefund(orderExternalId, refundExternalId) {
      if (refundExternalId === CANCELLATION_REFUND_ID) {
        // A cancelled order credits what its refunds did not: the order as it was invoiced, less each refund.
        const { order, sale } = await readOrder(orderExternalId);
        if (!order.cancelledAt) throw notFound('cancellation');
        const refunds: Refund[] = [];
        for (const ref of await source.listRefunds(orderExternalId)) refunds.push(await source.getRefund(orderExternalId, ref.externalId));
        return mapShopifyCancellation(sale, refunds, order.cancelledAt);
      }
      const orderGid = toGid('Order', requireNumeric(orderExternalId, 'orderExternalId'));
      const refundGid = toGid('Refund', requireNumeric(refundExternalId, 'refundExternalId'));
      const data = await graphql('Refund', REFUND_QUERY, { order: orderGid, refund: refundGid });
      if (data.order === null) throw notFound('order');
      const shop = shopFactsSchema.safeParse(data.shop);
      const order = refundOrderSchema.safeParse(data.order);
      if (!shop.success || !order.success) throw unusableResponse('shopify Refund', [...(shop.error ? issuesFromZod(shop.error) : []), ...(order.error ? issuesFromZod(order.error) : [])]);
      // A refund id of another order is not this order's refund.
      if (data.refund === null || !order.data.refunds.some((r) => numericIdOf(r.id) === refundExternalId)) throw notFound('refund');
      const refund = refundSchema.safeParse(data.refund);
      if (!refund.success) throw new ConnectorError('SALE_INVALID', 'shopify refund does not have the documented shape', { issues: issuesFromZod(refund.error) });
      if (refund.data.refundLineItems.pageInfo.hasNextPage) {
        throw new ConnectorError('SALE_INVALID', 'shopify refund has more refunded lines than one page', { issues: [{ code: 'too_many_lines', path: 'refundLineItems', message: 'more than 30 refunded lines' }] });
      }
      return mapShopifyRefund(order.data, refund.data, shop.data, refundExternalId, orderExternalId);
    },

    async checkConnection() {
      await graphql('ConnectionCheck', CONNECTION_QUERY, {});
    },
  };
  return source;
}
