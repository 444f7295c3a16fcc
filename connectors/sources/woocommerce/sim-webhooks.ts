import { signWooWebhook } from './webhook-signature';

export type WooWebhookTopic = 'order.created' | 'order.updated' | 'order.deleted';

export interface WooWebhookStats {
  /** Deliveries answered with 2xx. */
  delivered: number;
  /** Deliveries that failed (non-2xx, refused, timed out). */
  failed: number;
  /** `active`, or `disabled` after 5 consecutive failures, as WooCommerce does. */
  status: 'active' | 'disabled';
}

export interface WooWebhookDispatcher {
  configure(deliveryUrl: string | null, secret: string): void;
  dispatch(topic: WooWebhookTopic, payload: object): void;
  stats: () => Readonly<WooWebhookStats>;
  /** Waits for deliveries in flight (tests). */
  flush: () => Promise<void>;
}

/** Fire-and-forget deliveries with WooCommerce's headers and signature. */
export function createWebhookDispatcher(sourceUrl: () => string): WooWebhookDispatcher {
  let target: { url: string; secret: string } | null = null;
  let deliveryId = 0;
  let consecutiveFailures = 0;
  const stats: WooWebhookStats = { delivered: 0, failed: 0, status: 'active' };
  const inFlight = new Set<Promise<void>>();

  const send = async (url: string, secret: string, topic: WooWebhookTopic, payload: object): Promise<void> => {
    const body = JSON.stringify(payload).trim();
    deliveryId += 1;
    const [resource = 'order', event = 'updated'] = topic.split('.');
    let ok: boolean;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)',
          'x-wc-webhook-source': `${sourceUrl()}/`,
          'x-wc-webhook-topic': topic,
          'x-wc-webhook-resource': resource,
          'x-wc-webhook-event': event,
          'x-wc-webhook-signature': signWooWebhook(body, secret),
          'x-wc-webhook-id': '1',
          'x-wc-webhook-delivery-id': String(deliveryId),
        },
        body,
        signal: AbortSignal.timeout(5_000),
      });
      ok = res.ok;
      await res.body?.cancel();
    } catch {
      ok = false; // delivery errors are only counted, as in Woo's delivery log
    }
    if (ok) {
      stats.delivered += 1;
      consecutiveFailures = 0;
    } else {
      stats.failed += 1;
      consecutiveFailures += 1;
      if (consecutiveFailures >= 5) stats.status = 'disabled';
    }
  };

  return {
    configure(deliveryUrl, secret) {
      target = deliveryUrl === null ? null : { url: deliveryUrl, secret };
      consecutiveFailures = 0;
      stats.status = 'active';
    },
    dispatch(topic, payload) {
      if (!target || stats.status === 'disabled') return;
      const delivery = send(target.url, target.secret, topic, payload);
      inFlight.add(delivery);
      void delivery.finally(() => inFlight.delete(delivery));
    },
    stats: () => stats,
    async flush() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
