/* eslint-disable @typescript-eslint/no-unsafe-member-access -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities';
import { startShopifySimulator, type ShopifySimulator } from '../../connectors/sources/shopify/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { connectorFactory, rateLimitOf } from '../../connectors/registry';
import { createDataConverter } from '../../crypto/data-converter';
import { parseDecimalToCents } from '../../domain/money';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { eventually } from '../support/tenant';
import { testCodecKey, workflowBundle } from '../support/worker';
import { createHarness, type Harness } from './harness';

describe('API with a running worker: a Shopify shop connected, tested and synced through webhooks', () => {
  let h: Harness;
  let shopify: ShopifySimulator;
  let moneybird: MoneybirdSimulator;
  let worker: Worker;
  let running: Promise<void>;
  let nativeConnection: NativeConnection;
  let server: ReturnType<typeof serve>;
  let tenantId: string;
  let token: string;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    h = await createHarness();
    shopify = await startShopifySimulator({ seed: 31 });
    moneybird = await startMoneybirdSimulator({ seed: 31 });
    nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
    worker = await Worker.create({
      connection: nativeConnection, namespace: 'default', taskQueue: h.taskQueue, workflowBundle: await workflowBundle(),
      activities: createActivities({ db: h.db, vault: h.vault, connectorFactory, rateLimitOf }),
      dataConverter: createDataConverter(testCodecKey),
    });
    running = worker.run();
    server = await new Promise((resolve) => {
      const s = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    tenantId = await h.createTenant();
    token = await h.login(await h.createUser('tenant', tenantId));
    const source = await h.request('PUT', `/tenants/${tenantId}/connections/source`, {
      token, json: { vendor: 'shopify', baseUrl: shopify.url, credentials: { accessToken: shopify.accessToken, clientSecret: shopify.clientSecret } },
    });
    expect(source.status).toBe(200);
    const target = await h.request('PUT', `/tenants/${tenantId}/connections/target`, {
      token, json: { vendor: 'moneybird', baseUrl: moneybird.url, credentials: { apiToken: moneybird.token, administrationId: moneybird.administrationId }, settings: { rateLimit: { limit: 1000, windowMs: 1000 } } },
    });
    expect(target.status).toBe(200);
    shopify.setWebhook(`${apiUrl}/webhooks/shopify/${source.body.id}`);
  });

  afterAll(async () => {
    for (const secret of [shopify.accessToken, shopify.clientSecret, moneybird.token]) {
      expect(h.bodies.filter((b) => b.includes(secret))).toEqual([]);
      expect(h.logs.filter((l) => l.includes(secret))).toEqual([]);
    }
    await h.close();
    worker?.shutdown();
    await running;
    await nativeConnection?.close();
    await new Promise((resolve) => server?.close(resolve));
    await shopify?.stop();
    await moneybird?.stop();
  });

  it('tests the connection with one GraphQL query', async () => {
    const res = await h.request('POST', `/tenants/${tenantId}/connections/source/test`, { token });
    expect(res.body).toEqual({ ok: true });
    expect(shopify.counters.byOperation.ConnectionCheck).toBe(1);
  });

  it('books a web order and a till sale delivered by webhook; a redelivery signals nothing new', async () => {
    expect((await h.request('POST', `/tenants/${tenantId}/sync/start`, { token })).status).toBe(200);
    const web = shopify.createOrder({ lineCount: 1, discountCode: null });
    const till = shopify.createOrder({ channel: 'pos', lineCount: 1 });
    await shopify.webhooks.flush();
    expect(shopify.webhooks.stats()).toMatchObject({ failed: 0 });
    expect(shopify.webhooks.stats().delivered).toBeGreaterThanOrEqual(4); // orders/create and orders/paid, twice

    for (const order of [web, till]) {
      const number = order.name.replace('#', '');
      await eventually(async () => (await h.request('GET', `/tenants/${tenantId}/sales/${number}`, { token })).body.state === 'posted', { what: `order ${number} posted`, timeoutMs: 60_000 });
      const [invoice] = moneybird.invoicesByReference(number);
      expect(parseDecimalToCents(invoice!.total_price_incl_tax)).toBe(parseDecimalToCents(order.totalPriceSet.presentmentMoney.amount));
    }

    const history = await h.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).fetchHistory();
    const signalsBefore = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'orderChanged').length;
    expect(await shopify.webhooks.redeliverLast()).toBe(202);
    const after = await h.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).fetchHistory();
    expect((after.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'orderChanged').length).toBe(signalsBefore);
  });
});
