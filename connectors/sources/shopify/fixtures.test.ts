import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { serveOnLoopback, type RunningServer, type SimEnv } from '../../sim/serve';
import { graphqlPath } from './api-version';
import { createShopifySource } from './client';
import { shopifyWebhook } from './webhook';
import { signShopifyWebhook } from './webhook-signature';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));
const headers = (topic: string, body: Uint8Array, secret: string) => new Headers({
  'x-shopify-topic': topic,
  'x-shopify-hmac-sha256': signShopifyWebhook(body, secret),
  'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
});

describe("Shopify's own examples (fixtures/README.md)", () => {
  it('the orders/create body from Shopify verifies and parses to an order change', () => {
    const body = fixture('webhook-orders-create.json');
    const h = headers('orders/create', body, 'hush');
    expect(shopifyWebhook.verify('hush', body, h)).toBe(true);
    expect(shopifyWebhook.parse(body, h)).toEqual({ kind: 'order', externalId: '450789469', modifiedAt: '2008-01-10T16:00:00.000Z' });
    expect(shopifyWebhook.deliveryId?.(h)).toBe('b54557e4-bdd9-4b37-8a5f-bf7d70bcd043');
  });

  it('the refunds/create body from Shopify parses to the refund of its order', () => {
    const body = fixture('webhook-refunds-create.json');
    expect(shopifyWebhook.parse(body, headers('refunds/create', body, 'hush'))).toEqual({ kind: 'refund', orderExternalId: '450789469', refundExternalId: '509562969' });
  });

  describe('the documented THROTTLED answer', () => {
    let server: RunningServer;
    let calls = 0;
    beforeAll(async () => {
      const app = new Hono<SimEnv>();
      // First the documented body (currentlyAvailable 666 of a 752-point request, restoring 50 a second), then a normal answer.
      app.post(graphqlPath, (c) => {
        calls += 1;
        if (calls === 1) return c.body(fixture('graphql-throttled.json').toString('utf8'), 200, { 'content-type': 'application/json' });
        return c.json({ data: { shop: { name: 'x' }, orders: { nodes: [] } }, extensions: { cost: { requestedQueryCost: 3, actualQueryCost: 3, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 997, restoreRate: 50 } } } });
      });
      server = await serveOnLoopback(app);
    });
    afterAll(async () => server.stop());

    it('makes the client wait what the bucket needs to restore the shortfall, then ask again', async () => {
      const waits: number[] = [];
      const client = createShopifySource({ baseUrl: server.url, accessToken: 'shpat_fixture', sleep: async (ms) => void waits.push(ms) });
      await client.checkConnection();
      expect(calls).toBe(2);
      // (752 - 666) / 50 points per second = 1.72 s.
      expect(waits[0]).toBeGreaterThanOrEqual(1_700);
      expect(waits[0]).toBeLessThanOrEqual(1_730);
    });
  });
});

describe('webhook verification', () => {
  const body = new TextEncoder().encode('{"id":820982911946154508,"updated_at":"2026-05-01T10:00:00+02:00"}');

  it('refuses a wrong secret, a changed body, a missing header and a malformed signature', () => {
    const h = headers('orders/updated', body, 'right-secret');
    expect(shopifyWebhook.verify('right-secret', body, h)).toBe(true);
    expect(shopifyWebhook.verify('wrong-secret', body, h)).toBe(false);
    expect(shopifyWebhook.verify('right-secret', new TextEncoder().encode('{"id":1}'), h)).toBe(false);
    expect(shopifyWebhook.verify('right-secret', body, new Headers())).toBe(false);
    expect(shopifyWebhook.verify('right-secret', body, new Headers({ 'x-shopify-hmac-sha256': 'not-base64!' }))).toBe(false);
  });

  it('reads the topic from X-Shopify-Topic: order topics, refunds, and others ignored', () => {
    for (const topic of ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled']) {
      expect(shopifyWebhook.parse(body, headers(topic, body, 's'))).toEqual({ kind: 'order', externalId: '820982911946154508', modifiedAt: '2026-05-01T08:00:00.000Z' });
    }
    expect(shopifyWebhook.parse(body, headers('products/update', body, 's'))).toEqual({ kind: 'ignored', reason: 'topic products/update' });
    expect(shopifyWebhook.parse(new TextEncoder().encode('{"name":"x"}'), headers('orders/create', body, 's'))).toMatchObject({ kind: 'invalid' });
  });
});
