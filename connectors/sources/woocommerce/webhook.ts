import { z } from 'zod';
import type { WebhookEvent, WebhookSpec } from '../../vendor';
import { wooGmtToIso } from './map-order';
import { isBookableWooStatus } from './order-status';
import { verifyWooWebhook } from './webhook-signature';

const OrderBody = z.object({
  id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]),
  date_modified_gmt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/).nullish(),
  status: z.string().max(40).optional(),
  // The order resource lists its refunds (`{id, reason, total}`); a refund changes its order, so `order.updated` announces it.
  refunds: z.array(z.object({ id: z.number().int().positive() })).optional(),
});

const decoder = new TextDecoder();

/**
 * WooCommerce webhooks (Settings → Advanced → Webhooks): topic headers `X-WC-Webhook-Topic`
 * (`order.created`, `order.updated`, ...), signed with `X-WC-Webhook-Signature`. A refund in Woo
 * changes its order, so `order.updated` also announces refunds: the body lists them (`refunds`).
 * https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks
 */
export const wooCommerceWebhook: WebhookSpec = {
  topics: ['order.created', 'order.updated', 'order.deleted', 'order.restored'],
  signatureHeader: 'X-WC-Webhook-Signature',
  secretOf: (credentials) => (typeof credentials.webhookSecret === 'string' ? credentials.webhookSecret : null),
  verify: (secret, rawBody, headers) => verifyWooWebhook(rawBody, headers.get('x-wc-webhook-signature'), secret),
  // WooCommerce pings the delivery URL unsigned when a webhook is saved, and needs a 2xx to keep it.
  isUnsignedPing: (rawBody, headers) => !headers.get('x-wc-webhook-signature') && /^webhook_id=\d+$/.test(decoder.decode(rawBody).trim()),
  parse(rawBody, headers): WebhookEvent | { kind: 'invalid'; message: string } {
    const resource = headers.get('x-wc-webhook-resource');
    if (resource && resource !== 'order') return { kind: 'ignored', reason: `resource ${resource.slice(0, 20)}` };
    let parsed: z.infer<typeof OrderBody>;
    try {
      parsed = OrderBody.parse(JSON.parse(decoder.decode(rawBody)));
    } catch {
      return { kind: 'invalid', message: 'An order webhook body has a numeric id.' };
    }
    return {
      kind: 'order',
      externalId: String(parsed.id),
      ...(parsed.date_modified_gmt ? { modifiedAt: wooGmtToIso(parsed.date_modified_gmt) } : {}),
      ...(parsed.refunds ? { refunds: parsed.refunds.map((r) => String(r.id)) } : {}),
      ...(parsed.status !== undefined && !isBookableWooStatus(parsed.status) ? { bookable: false } : {}),
      ...(parsed.status === 'cancelled' ? { cancelled: true } : {}),
    };
  },
  deliveryId: (headers) => headers.get('x-wc-webhook-delivery-id'),
};
