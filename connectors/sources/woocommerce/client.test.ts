import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../errors';
import { createWooCommerceSource } from './client';
import { startWooSimulator } from './simulator';
import type { WooSimulator } from './simulator';
import { verifyWooWebhook } from './webhook-signature';

let sim: WooSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const sourceFor = (s: WooSimulator, secret = s.consumerSecret): ReturnType<typeof createWooCommerceSource> =>
  createWooCommerceSource({ baseUrl: s.url, consumerKey: s.consumerKey, consumerSecret: secret, timeoutMs: 2_000 });

async function caught(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

describe('WooCommerce source against the simulator', () => {
  it('pages through more than 100 changed orders, oldest change first', async () => {
    let clock = Date.parse('2025-03-01T08:00:00Z');
    sim = await startWooSimulator({ seed: 7, now: () => new Date((clock += 1000)) });
    for (let i = 0; i < 250; i += 1) sim.createOrder();
    const source = sourceFor(sim);

    const seen: string[] = [];
    const modified: string[] = [];
    let page: string | null = null;
    let pages = 0;
    while (pages === 0 || page !== null) {
      const result = await source.listChangedOrders('2025-03-01T00:00:00.000Z', page);
      seen.push(...result.orders.map((o) => o.externalId));
      modified.push(...result.orders.map((o) => o.modifiedAt));
      page = result.nextPageToken;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(250);
    expect(modified).toEqual([...modified].sort());
    expect(modified[0]).toMatch(/Z$/);
    expect(sim.counters.byEndpoint['GET /orders']).toBe(3);
  });

  it('treats modified_after as exclusive and marks non-bookable orders', async () => {
    let clock = Date.parse('2025-03-01T08:00:00Z');
    sim = await startWooSimulator({ now: () => new Date(clock) });
    const first = sim.createOrder();
    clock += 5_000;
    const second = sim.createOrder({ status: 'pending' });
    const source = sourceFor(sim);

    const page = await source.listChangedOrders(`${first.date_modified_gmt}Z`, null);
    expect(page.orders).toEqual([{
      externalId: String(second.id), modifiedAt: `${second.date_modified_gmt}Z`, createdAt: `${second.date_created_gmt}Z`, status: 'pending', bookable: false, cancelled: false, refunds: [],
    }]);
    expect(page.nextPageToken).toBeNull();
    expect((await caught(source.getSale(String(second.id)))).code).toBe('NOT_BOOKABLE');
  });

  it('reads and normalises one order, with the rates the order recorded (GET /taxes only for orders without rate_percent)', async () => {
    sim = await startWooSimulator({ seed: 3 });
    const orders = [1, 2, 3, 4].map(() => sim!.createOrder({}, { lineCount: 4, coupon: true, shipping: true, paymentFee: true }));
    const source = sourceFor(sim);
    for (const order of orders) {
      const sale = await source.getSale(String(order.id));
      expect(sale.orderNumber).toBe(order.number);
      expect(sale.totalInclCents).toBe(Math.round(Number(order.total) * 100));
      expect(sale.lines.reduce((a, l) => a + l.totalExclCents, 0)).toBe(sale.totalExclCents);
      expect(sale.lines.some((l) => l.kind === 'discount')).toBe(true);
    }
    expect(sim.counters.byEndpoint['GET /taxes/:id']).toBeUndefined();
    // Orders from before WooCommerce 3.8 carry no rate_percent: each rate is read once.
    const old = orders.map((o) => sim!.updateOrder(o.id, { tax_lines: o.tax_lines.map(({ rate_percent: _dropped, ...rest }) => rest as typeof rest & { rate_percent: number }) }));
    for (const order of old) await source.getSale(String(order.id));
    expect(sim.counters.byEndpoint['GET /taxes/:id']).toBe(2);
  });

  it('maps 404, 401 and injected server errors to ConnectorErrors without leaking the secret', async () => {
    sim = await startWooSimulator();
    expect((await caught(sourceFor(sim).getSale('999999'))).code).toBe('NOT_FOUND');

    const revoked = await caught(sourceFor(sim, 'cs_wrong').listChangedOrders('2025-01-01T00:00:00Z', null));
    expect(revoked.code).toBe('AUTH_REVOKED');
    expect(revoked.message).not.toContain(sim.consumerKey);
    expect(revoked.message).not.toContain('cs_wrong');

    sim.faults.set({ serverErrorRate: 1 });
    const failed = await caught(sourceFor(sim).listChangedOrders('2025-01-01T00:00:00Z', null));
    expect(failed).toMatchObject({ code: 'SERVER_ERROR', retryable: true });

    sim.faults.set({ serverErrorRate: 0, rateLimitRate: 1 });
    const limited = await caught(sourceFor(sim).listChangedOrders('2025-01-01T00:00:00Z', null));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 1000 } });
  });

  it('answers like WooCommerce: per_page over 100 is a 400 rest_invalid_param, a page past the end is []', async () => {
    sim = await startWooSimulator({ initialOrders: 3 });
    const auth = `Basic ${Buffer.from(`${sim.consumerKey}:${sim.consumerSecret}`).toString('base64')}`;
    const tooMany = await fetch(`${sim.url}/wp-json/wc/v3/orders?per_page=101`, { headers: { authorization: auth } });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ code: 'rest_invalid_param', data: { status: 400, params: { per_page: expect.any(String) as string } } });

    const past = await fetch(`${sim.url}/wp-json/wc/v3/orders?per_page=2&page=9`, { headers: { authorization: auth } });
    expect(past.status).toBe(200);
    expect(await past.json()).toEqual([]);
    expect(past.headers.get('x-wp-total')).toBe('3');
    expect(past.headers.get('x-wp-totalpages')).toBe('2');

    const first = await fetch(`${sim.url}/wp-json/wc/v3/orders?per_page=2`, { headers: { authorization: auth } });
    expect(first.headers.get('link')).toMatch(/page=2>; rel="next"/);

    const anonymous = await fetch(`${sim.url}/wp-json/wc/v3/orders`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'woocommerce_rest_cannot_view' });
  });

  it('delivers signed order webhooks on create and update', async () => {
    const received: { topic: string | undefined; valid: boolean; id: number }[] = [];
    const receiver = new Hono().post('/hooks/woo', async (c) => {
      const raw = await c.req.text();
      received.push({ topic: c.req.header('x-wc-webhook-topic'), valid: verifyWooWebhook(raw, c.req.header('x-wc-webhook-signature'), 'hook-secret'), id: (JSON.parse(raw) as { id: number }).id });
      return c.body(null, 200);
    });
    const server = await new Promise<{ port: number; close: () => void }>((resolve) => {
      const s = serve({ fetch: receiver.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve({ port: info.port, close: () => s.close() }));
    });
    try {
      sim = await startWooSimulator();
      sim.setWebhook(`http://127.0.0.1:${server.port}/hooks/woo`, 'hook-secret');
      const order = sim.createOrder();
      sim.updateOrder(order.id, { status: 'completed' });
      await sim.webhooks.flush();
      expect(received).toEqual([
        { topic: 'order.created', valid: true, id: order.id },
        { topic: 'order.updated', valid: true, id: order.id },
      ]);
      expect(sim.webhooks.stats()).toMatchObject({ delivered: 2, failed: 0 });
    } finally {
      server.close();
    }
  });
});
