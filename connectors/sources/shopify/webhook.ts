import { z } from 'zod';
import type { WebhookEvent, WebhookSpec } from '../../vendor';
import { verifyShopifyWebhook } from './webhook-signature';

const numericId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);
const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO timestamp');

// Webhook bodies are the REST shape of the resource (no `{"order": …}` wrapper).
const OrderBody = z.object({ id: numericId, updated_at: timestamp.nullish() });
const RefundBody = z.object({ id: numericId, order_id: numericId });

export const SHOPIFY_ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled'] as const;
export const SHOPIFY_TOPICS = [...SHOPIFY_ORDER_TOPICS, 'refunds/create'] as const;

const decoder = new TextDecoder();

function parseJson(rawBody: Uint8Array): unknown {
  try {
    // Ids past 2^53 (Shopify's documented examples use 18-digit ones) would lose digits as numbers: read them as text.
    return JSON.parse(decoder.decode(rawBody).replace(/"(id|order_id)"\s*:\s*(\d{16,})/g, '"$1":"$2"')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Shopify webhooks (HTTPS delivery): the topic in `X-Shopify-Topic`, the signature in
 * `X-Shopify-Hmac-Sha256`, a delivery id in `X-Shopify-Webhook-Id` that stays the same on every
 * retry of one delivery. https://shopify.dev/docs/apps/build/webhooks
 */
export const shopifyWebhook: WebhookSpec = {
  topics: SHOPIFY_TOPICS,
  signatureHeader: 'X-Shopify-Hmac-Sha256',
  secretOf: (credentials) => (typeof credentials.clientSecret === 'string' ? credentials.clientSecret : null),
  verify: (secret, rawBody, headers) => verifyShopifyWebhook(rawBody, headers.get('x-shopify-hmac-sha256'), secret),
  parse(rawBody, headers): WebhookEvent | { kind: 'invalid'; message: string } {
    const topic = headers.get('x-shopify-topic') ?? '';
    const body = parseJson(rawBody);
    if ((SHOPIFY_ORDER_TOPICS as readonly string[]).includes(topic)) {
      const parsed = OrderBody.safeParse(body);
      if (!parsed.success) return { kind: 'invalid', message: 'An order webhook body has a numeric id.' };
      const { id, updated_at: updatedAt } = parsed.data;
      return { kind: 'order', externalId: id, ...(updatedAt ? { modifiedAt: new Date(updatedAt).toISOString() } : {}) };
    }
    if (topic === 'refunds/create') {
      const parsed = RefundBody.safeParse(body);
      if (!parsed.success) return { kind: 'invalid', message: 'A refund webhook body has a numeric id and order_id.' };
      return { kind: 'refund', orderExternalId: parsed.data.order_id, refundExternalId: parsed.data.id };
    }
    return { kind: 'ignored', reason: `topic ${topic.slice(0, 40) || '(none)'}` };
  },
  deliveryId: (headers) => headers.get('x-shopify-webhook-id'),
};
