import { z } from 'zod';
import type { Sale } from '../../../domain/sale';
import { parseScaledDecimal } from '../../decimal';
import { ConnectorError } from '../../errors';
import { createHttpClient } from '../../http';
import { unusableResponse } from '../../http-errors';
import { parseLinkHeader } from '../../link-header';
import type { OrderPage, RefundRef, SalesSource } from '../../ports';
import { CANCELLATION_REFUND_ID, type Refund } from '../../../domain/refund';
import { issuesFromZod } from '../../zod-issues';
import { wooErrorIssues } from './error-issues';
import { mapWooOrder, parseWooOrder, rateIdsWithoutPercent, recordedRatesBp, wooGmtToIso } from './map-order';
import type { ParsedWooOrder } from './order-schema';
import { wooOrderRefSchema, wooTaxRateSchema } from './order-schema';
import { isBookableWooStatus, isKnownWooStatus } from './order-status';
import { mapWooCancellation, mapWooRefund, parseWooRefund, refundTaxRateIds } from './map-refund';

export interface WooCommerceSourceOptions {
  /** The store root, e.g. `https://shop.example.nl` (the client appends `/wp-json/wc/v3`). */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  timeoutMs?: number;
}

export const wooPageSize = 100;
const apiPath = '/wp-json/wc/v3';

/** `2024-05-01T10:00:00.000Z` → `2024-05-01T10:00:00`: with dates_are_gmt=true a `Z` would be read as store-local time. */
function toWooGmt(sinceIso: string): string {
  const at = new Date(sinceIso);
  if (Number.isNaN(at.getTime())) {
    throw new ConnectorError('VALIDATION', 'sinceIso is not an ISO timestamp', { issues: [{ code: 'invalid_date', path: 'sinceIso', message: 'not an ISO timestamp' }] });
  }
  return at.toISOString().slice(0, 19);
}

function numericId(id: string): string {
  if (!/^\d{1,20}$/.test(id)) {
    throw new ConnectorError('NOT_FOUND', 'woocommerce ids are numeric', { issues: [{ code: 'invalid_id', path: 'externalId', message: 'not numeric' }] });
  }
  return id;
}

const wooRefundRefSchema = z.object({ id: z.number().int().nonnegative(), date_created_gmt: z.string() });

/**
 * WooCommerce REST v3 as a SalesSource (Basic auth with the consumer key and secret over HTTPS).
 *
 * listChangedOrders returns every status, oldest change first, with `bookable` set from
 * isBookableWooStatus. Woo's `modified_after` is EXCLUSIVE and has one-second resolution, so the
 * caller must re-read with an overlap (cursor minus a few seconds) and dedupe by id + modifiedAt.
 */
export function createWooCommerceSource(options: WooCommerceSourceOptions): SalesSource {
  const basic = Buffer.from(`${options.consumerKey}:${options.consumerSecret}`, 'utf8').toString('base64');
  const http = createHttpClient({
    vendor: 'woocommerce',
    baseUrl: options.baseUrl.replace(/\/+$/, '') + apiPath,
    timeoutMs: options.timeoutMs,
    headers: { authorization: `Basic ${basic}` },
    parseIssues: wooErrorIssues,
  });
  // Tax rate percentages rarely change; one read per rate id per client.
  const rateCache = new Map<number, number>();

  async function rateBp(id: number): Promise<number | null> {
    const cached = rateCache.get(id);
    if (cached !== undefined) return cached;
    const res = await http.request({ method: 'GET', path: `/taxes/${id}`, accept: [404] });
    if (res.status === 404) return null;
    const parsed = wooTaxRateSchema.safeParse(res.body);
    const bp = parsed.success ? parseScaledDecimal(parsed.data.rate, 2) : null;
    if (bp === null) throw unusableResponse(`woocommerce GET /taxes/${id}`, parsed.success ? [] : issuesFromZod(parsed.error));
    rateCache.set(id, bp);
    return bp;
  }

  /**
   * The order's own recorded percentages first (what was charged then); `GET /taxes/{id}` only for the rest,
   * and for rate ids a refund names that the order does not (`extraIds`).
   */
  async function ratesOf(order: ParsedWooOrder, extraIds: readonly number[] = []): Promise<Map<number, number>> {
    const rates = recordedRatesBp(order);
    for (const id of new Set([...rateIdsWithoutPercent(order), ...extraIds.filter((i) => !rates.has(i))])) {
      const fromApi = await rateBp(id);
      if (fromApi !== null) rates.set(id, fromApi);
    }
    return rates;
  }

  return {
    async listChangedOrders(sinceIso, pageToken): Promise<OrderPage> {
      const page = pageToken === null ? 1 : Number(pageToken);
      if (!Number.isSafeInteger(page) || page < 1) {
        throw new ConnectorError('VALIDATION', 'woocommerce page tokens are page numbers', { issues: [{ code: 'invalid_page', path: 'pageToken', message: 'not a page number' }] });
      }
      const res = await http.request({
        method: 'GET',
        path: '/orders',
        query: {
          modified_after: toWooGmt(sinceIso),
          dates_are_gmt: true,
          orderby: 'modified',
          order: 'asc',
          per_page: wooPageSize,
          page,
          status: 'any',
          _fields: 'id,status,date_created_gmt,date_modified_gmt,refunds',
        },
      });
      const parsed = z.array(wooOrderRefSchema).safeParse(res.body);
      if (!parsed.success) throw unusableResponse('woocommerce GET /orders', issuesFromZod(parsed.error));
      const totalPages = Number(res.headers.get('x-wp-totalpages') ?? '0');
      const hasNext = parseLinkHeader(res.headers.get('link')).has('next') || page < totalPages;
      return {
        orders: parsed.data.map((o) => ({
          externalId: String(o.id),
          modifiedAt: wooGmtToIso(o.date_modified_gmt),
          ...(o.date_created_gmt ? { createdAt: wooGmtToIso(o.date_created_gmt) } : {}),
          status: o.status,
          // An unknown (plugin) status is read like a sale, so that getSale reports it instead of it being skipped.
          bookable: isBookableWooStatus(o.status) || !isKnownWooStatus(o.status),
          cancelled: o.status === 'cancelled',
          ...(o.refunds ? { refunds: o.refunds.map((r): RefundRef => ({ externalId: String(r.id) })) } : {}),
        })),
        nextPageToken: hasNext && parsed.data.length > 0 ? String(page + 1) : null,
      };
    },

    async getSale(externalId): Promise<Sale> {
      if (!/^\d+$/.test(externalId)) {
        throw new ConnectorError('NOT_FOUND', 'woocommerce order ids are numeric', { issues: [{ code: 'invalid_id', path: 'externalId', message: 'not numeric' }] });
      }
      const res = await http.request({ method: 'GET', path: `/orders/${externalId}` });
      const order = parseWooOrder(res.body);
      if (!isKnownWooStatus(order.status)) {
        throw new ConnectorError('UNKNOWN_STATUS', `woocommerce order ${order.id} has a status doorzet does not know`, {
          issues: [{ code: 'unknown_status', path: 'status', message: 'The order status is not a WooCommerce status doorzet knows.' }],
        });
      }
      if (!isBookableWooStatus(order.status)) {
        throw new ConnectorError('NOT_BOOKABLE', `woocommerce order ${order.id} has status ${order.status}`, {
          issues: [{ code: 'not_bookable', path: 'status', message: order.status }],
        });
      }
      return mapWooOrder(order, await ratesOf(order));
    },

    async listRefunds(orderExternalId) {
      const id = numericId(orderExternalId);
      const res = await http.request({ method: 'GET', path: `/orders/${id}/refunds`, query: { per_page: wooPageSize, _fields: 'id,date_created_gmt' } });
      const parsed = z.array(wooRefundRefSchema).safeParse(res.body);
      if (!parsed.success) throw unusableResponse('woocommerce GET /orders/{id}/refunds', issuesFromZod(parsed.error));
      return parsed.data
        .map((r) => ({ externalId: String(r.id), createdAt: wooGmtToIso(r.date_created_gmt) }))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.externalId) - Number(b.externalId));
    },

    async getRefund(orderExternalId, refundExternalId): Promise<Refund> {
      const id = numericId(orderExternalId);
      // The original order gives the rates, regimes and debtor the credit follows (its status does not matter).
      const order = parseWooOrder((await http.request({ method: 'GET', path: `/orders/${id}` })).body);
      if (refundExternalId === CANCELLATION_REFUND_ID) {
        const res = await http.request({ method: 'GET', path: `/orders/${id}/refunds`, query: { per_page: wooPageSize } });
        const parsed = z.array(z.unknown()).safeParse(res.body);
        if (!parsed.success) throw unusableResponse('woocommerce GET /orders/{id}/refunds', issuesFromZod(parsed.error));
        const refunds = parsed.data.map(parseWooRefund);
        const rates = await ratesOf(order, refunds.flatMap(refundTaxRateIds));
        const sale = mapWooOrder(order, rates);
        return mapWooCancellation(order, sale, refunds.map((r) => mapWooRefund(r, order, sale, rates)));
      }
      const refundId = numericId(refundExternalId);
      const refund = parseWooRefund((await http.request({ method: 'GET', path: `/orders/${id}/refunds/${refundId}` })).body);
      const rates = await ratesOf(order, refundTaxRateIds(refund));
      return mapWooRefund(refund, order, mapWooOrder(order, rates), rates);
    },

    async checkConnection() {
      await http.request({ method: 'GET', path: '/orders', query: { per_page: 1, _fields: 'id' } });
    },
  };
}
