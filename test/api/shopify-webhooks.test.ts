/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { signShopifyWebhook } from '../../connectors/sources/shopify/webhook-signature';
import { createPayloadCodec } from '../../crypto/payload-codec';
import { webhookDeliveries } from '../../db/schema';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { testCodecKey } from '../support/worker';
import { createHarness, FAST_HASH, moneybirdCredentials, type Harness } from './harness';

const CLIENT_SECRET = 'shpss-PLANTED-client-secret-41c7';

describe('API: Shopify webhooks through the generic route', () => {
  let h: Harness;
  let tenantId: string;
  let connectionId: string;

  beforeAll(async () => {
    h = await createHarness();
    tenantId = await h.createTenant();
    const token = await h.login(await h.createUser('tenant', tenantId));
    const res = await h.request('PUT', `/tenants/${tenantId}/connections/source`, {
      token, json: { vendor: 'shopify', baseUrl: 'https://doorzet-test.myshopify.com', credentials: { accessToken: 'shpat_0123456789abcdef', clientSecret: CLIENT_SECRET } },
    });
    expect(res.status).toBe(200);
    connectionId = res.body.id;
    await h.request('PUT', `/tenants/${tenantId}/connections/target`, { token, json: { vendor: 'moneybird', baseUrl: 'https://moneybird.com', credentials: moneybirdCredentials() } });
  });
  afterAll(async () => {
    expect(h.bodies.filter((b) => b.includes(CLIENT_SECRET))).toEqual([]);
    expect(h.logs.filter((l) => l.includes(CLIENT_SECRET))).toEqual([]);
    await h.close();
  });

  const body = JSON.stringify({ id: 5_100_000_777, name: '#1777', updated_at: '2026-05-01T12:00:00+02:00', email: 'klant@example.nl' });
  const deliver = (app: Pick<Harness, 'request'>, topic: string, payload: string, webhookId: string, secret = CLIENT_SECRET) =>
    app.request('POST', `/webhooks/shopify/${connectionId}`, {
      body: payload,
      headers: {
        'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-hmac-sha256': signShopifyWebhook(payload, secret),
        'x-shopify-webhook-id': webhookId, 'x-shopify-shop-domain': 'doorzet-test.myshopify.com', 'x-shopify-api-version': '2026-10',
      },
    });
  const signals = async () => {
    const history = await h.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).fetchHistory();
    return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
  };

  it('rejects a delivery signed with another secret with 401', async () => {
    const res = await deliver(h, 'orders/create', body, randomUUID(), 'not-the-client-secret');
    expect(res.status).toBe(401);
  });

  it('signals the tenant sync once per X-Shopify-Webhook-Id, also after the API restarted', async () => {
    const webhookId = randomUUID();
    expect((await deliver(h, 'orders/create', body, webhookId)).status).toBe(202);
    expect(await signals()).toBe(1);
    // Shopify retries the same delivery with the same id: answered, not signalled again.
    expect((await deliver(h, 'orders/create', body, webhookId)).body).toEqual({ accepted: true });
    expect(await signals()).toBe(1);

    // A fresh API process (no memory of its own) still knows the delivery from Postgres.
    const restarted = createApp({
      db: h.db, temporal: h.temporal, vault: h.vault, logger: pino({ level: 'silent' }), config: h.config,
      codec: createPayloadCodec({ masterKey: testCodecKey }), now: () => new Date(), passwordHashParams: FAST_HASH,
      retention: { onContractChanged: async () => undefined }, timeouts: { connectionTestMs: 30_000, temporalQueryMs: 3_000 },
    });
    const res = await restarted.request(`/webhooks/shopify/${connectionId}`, {
      method: 'POST', body,
      headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-hmac-sha256': signShopifyWebhook(body, CLIENT_SECRET), 'x-shopify-webhook-id': webhookId },
    });
    expect(res.status).toBe(202);
    expect(await signals()).toBe(1);
    const rows = await h.db.select().from(webhookDeliveries);
    expect(rows.map((r) => [r.connectionId, r.deliveryId])).toContainEqual([connectionId, webhookId]);

    // Another delivery (another id) of the same order is a new change.
    expect((await deliver(h, 'orders/updated', body, randomUUID())).status).toBe(202);
    expect(await signals()).toBe(2);
  });

  it('signals a refund as a change of its order, and ignores topics it does not act on', async () => {
    const refund = JSON.stringify({ id: 9_100_000_001, order_id: 5_100_000_777, created_at: '2026-05-02T09:00:00+02:00' });
    const before = await signals();
    expect((await deliver(h, 'refunds/create', refund, randomUUID())).status).toBe(202);
    expect(await signals()).toBe(before + 1);
    const ignored = await deliver(h, 'products/update', JSON.stringify({ id: 1 }), randomUUID());
    expect(ignored).toMatchObject({ status: 202, body: { accepted: false } });
    const junk = await deliver(h, 'orders/paid', '{"name":"#1"}', randomUUID());
    expect(junk.status).toBe(400);
  });
});
