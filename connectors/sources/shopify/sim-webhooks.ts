import { randomUUID } from 'node:crypto';
import { SHOPIFY_API_VERSION } from './api-version';
import { signShopifyWebhook } from './webhook-signature';

export type ShopifyWebhookTopic = 'orders/create' | 'orders/updated' | 'orders/paid' | 'orders/cancelled' | 'refunds/create';

export interface ShopifyWebhookStats {
  delivered: number;
  failed: number;
  /** Deliveries that arrived again after a failure (same X-Shopify-Webhook-Id). */
  retried: number;
}

interface Delivery {
  url: string;
  secret: string;
  topic: ShopifyWebhookTopic;
  body: string;
  webhookId: string;
  eventId: string;
  triggeredAt: string;
}

export interface ShopifyWebhookDispatcher {
  configure(deliveryUrl: string | null, secret: string): void;
  dispatch(topic: ShopifyWebhookTopic, payload: object): void;
  /** Sends the last delivery again, unchanged (Shopify retries with the same webhook id). */
  redeliverLast(): Promise<number>;
  stats: () => Readonly<ShopifyWebhookStats>;
  flush: () => Promise<void>;
}

/**
 * HTTPS deliveries with Shopify's headers. A delivery that is not answered 2xx within 5 s is retried
 * with the same `X-Shopify-Webhook-Id` (Shopify retries 8 times over 4 hours; here 3 times, quickly).
 * https://shopify.dev/docs/apps/build/webhooks/subscribe/https
 */
export function createShopifyWebhookDispatcher(shopDomain: string, options: { retries?: number; retryDelayMs?: number } = {}): ShopifyWebhookDispatcher {
  let target: { url: string; secret: string } | null = null;
  let last: Delivery | null = null;
  const stats: ShopifyWebhookStats = { delivered: 0, failed: 0, retried: 0 };
  const inFlight = new Set<Promise<void>>();

  const post = async (d: Delivery): Promise<number> => {
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': d.topic,
          'x-shopify-hmac-sha256': signShopifyWebhook(d.body, d.secret),
          'x-shopify-shop-domain': shopDomain,
          'x-shopify-api-version': SHOPIFY_API_VERSION,
          'x-shopify-webhook-id': d.webhookId,
          'x-shopify-event-id': d.eventId,
          'x-shopify-triggered-at': d.triggeredAt,
        },
        body: d.body,
        signal: AbortSignal.timeout(5_000),
      });
      await res.body?.cancel();
      return res.status;
    } catch {
      return 0;
    }
  };

  const send = async (d: Delivery): Promise<void> => {
    const retries = options.retries ?? 3;
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (attempt > 0) {
        stats.retried += 1;
        await new Promise((r) => setTimeout(r, options.retryDelayMs ?? 500).unref());
      }
      const status = await post(d);
      if (status >= 200 && status < 300) {
        stats.delivered += 1;
        return;
      }
    }
    stats.failed += 1;
  };

  return {
    configure(deliveryUrl, secret) {
      target = deliveryUrl === null ? null : { url: deliveryUrl, secret };
    },
    dispatch(topic, payload) {
      if (!target) return;
      const delivery: Delivery = {
        ...target, topic, body: JSON.stringify(payload), webhookId: randomUUID(), eventId: randomUUID(), triggeredAt: new Date().toISOString(),
      };
      last = delivery;
      const sending = send(delivery);
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    },
    async redeliverLast() {
      if (!last) throw new Error('no delivery to repeat');
      return post(last);
    },
    stats: () => stats,
    async flush() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
