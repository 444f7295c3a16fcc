/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createConnectionTestActivities } from '../../activities/connection-test-activities';
import { createActivities } from '../../activities';
import { createConnectorProvider } from '../../activities/connector-provider';
import { startWooSimulator, type WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { createDataConverter } from '../../crypto/data-converter';
import { credentialAccessLog } from '../../db/schema';
import { connectorFactory, rateLimitOf } from '../../connectors/registry';
import { eventually } from '../support/tenant';
import { testCodecKey, workflowBundle } from '../support/worker';
import { createHarness, type Harness } from './harness';

describe('API with a running worker: connection tests, sync status and a sale journey', () => {
  let h: Harness;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  let worker: Worker;
  let running: Promise<void>;
  let nativeConnection: NativeConnection;
  let server: ReturnType<typeof serve>;
  let apiUrl: string;
  let tenantId: string;
  let token: string;
  const webhookSecret = 'whsec-worker-test-5f2a';

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    h = await createHarness();
    woo = await startWooSimulator({ seed: 21 });
    moneybird = await startMoneybirdSimulator({ seed: 21 });
    nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
    const connectors = createConnectorProvider({ db: h.db, vault: h.vault, factory: connectorFactory });
    worker = await Worker.create({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue: h.taskQueue,
      workflowBundle: await workflowBundle(),
      // What the lead's createActivities will hold once the connection test is registered there.
      activities: { ...createActivities({ db: h.db, vault: h.vault, connectorFactory, rateLimitOf }), ...createConnectionTestActivities({ connectors }) },
      dataConverter: createDataConverter(testCodecKey),
    });
    running = worker.run();
    server = await new Promise((resolve) => {
      const s = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    tenantId = await h.createTenant();
    token = await h.login(await h.createUser('tenant', tenantId));
    const source = await h.request('PUT', `/tenants/${tenantId}/connections/source`, {
      token, json: { vendor: 'woocommerce', baseUrl: woo.url, credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, webhookSecret } },
    });
    expect(source.status).toBe(200);
    const target = await h.request('PUT', `/tenants/${tenantId}/connections/target`, {
      token, json: { vendor: 'moneybird', baseUrl: moneybird.url, credentials: { apiToken: moneybird.token, administrationId: moneybird.administrationId }, settings: { rateLimit: { limit: 1000, windowMs: 1000 } } },
    });
    expect(target.status).toBe(200);
    woo.setWebhook(`${apiUrl}/webhooks/woocommerce/${source.body.id}`, webhookSecret);
  });

  afterAll(async () => {
    for (const secret of [woo.consumerSecret, woo.consumerKey, moneybird.token, webhookSecret]) {
      expect(h.bodies.filter((b) => b.includes(secret))).toEqual([]);
      expect(h.logs.filter((l) => l.includes(secret))).toEqual([]);
    }
    await h.close();
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await nativeConnection?.close();
    await new Promise((resolve) => server?.close(resolve));
    await woo?.stop();
    await moneybird?.stop();
  });

  it('POST /connections/:role/test reports what the vendor said', async () => {
    const sourceTest = await h.request('POST', `/tenants/${tenantId}/connections/source/test`, { token });
    expect(sourceTest.status).toBe(200);
    expect(sourceTest.body).toEqual({ ok: true });
    expect((await h.request('POST', `/tenants/${tenantId}/connections/target/test`, { token })).body).toEqual({ ok: true });

    moneybird.revokeToken();
    const revoked = await h.request('POST', `/tenants/${tenantId}/connections/target/test`, { token });
    moneybird.restoreToken();
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ ok: false, code: 'AUTH_REVOKED', message: expect.stringContaining('no longer accepts') });

    const actors = (await h.db.select().from(credentialAccessLog)).map((r) => r.actor);
    expect(actors.filter((a) => a.startsWith(`workflow:connection-test:${tenantId}:`))).toHaveLength(3);
  });

  it('GET /sync shows the running sync; pause and resume change it', async () => {
    expect((await h.request('POST', `/tenants/${tenantId}/sync/start`, { token })).status).toBe(200);
    let status: { status: number; body: { state: string; paused: unknown; run: { url: string } } } | undefined;
    await eventually(async () => {
      status = await h.request('GET', `/tenants/${tenantId}/sync`, { token });
      return status.status === 200;
    }, { what: 'sync status', timeoutMs: 30_000 });
    expect(status!.body).toMatchObject({ tenantId, state: 'running', paused: null, counts: { posted: 0 } });
    expect(status!.body.run.url).toContain(`/workflows/tenant-sync:${tenantId}/`);

    await h.request('POST', `/tenants/${tenantId}/sync/pause`, { token, json: { reason: 'inventory' } });
    await eventually(async () => (await h.request('GET', `/tenants/${tenantId}/sync`, { token })).body.state === 'paused', { what: 'paused' });
    const paused = await h.request('GET', `/tenants/${tenantId}/sync`, { token });
    expect(paused.body.paused).toMatchObject({ reason: 'inventory', by: 'merchant' });
    await h.request('POST', `/tenants/${tenantId}/sync/resume`, { token });
    await eventually(async () => (await h.request('GET', `/tenants/${tenantId}/sync`, { token })).body.state === 'running', { what: 'resumed' });
  });

  it('a webhook-delivered order is posted, and GET /sales/:orderNumber tells its journey', async () => {
    // Shops with a sequential-number plugin show the merchant a number that is not the order id.
    const order = woo.createOrder({ number: `WB-${Date.now() % 100_000}` });
    await woo.webhooks.flush();
    expect(woo.webhooks.stats().delivered).toBeGreaterThanOrEqual(1);
    let journey: { body: { state: string; targetDocumentId: string | null; workflow: { status: string } | null } } | undefined;
    await eventually(async () => {
      journey = await h.request('GET', `/tenants/${tenantId}/sales/${order.number}`, { token });
      return journey.body.state === 'posted' && journey.body.workflow?.status === 'COMPLETED';
    }, { what: 'the sale posted', timeoutMs: 60_000 });
    const invoice = moneybird.invoicesByReference(order.number)[0]!;
    expect(journey!.body).toMatchObject({ state: 'posted', targetDocumentId: invoice.id, lastError: null, posted: { state: 'posted' } });

    const runs = await h.request('GET', `/tenants/${tenantId}/runs`, { token });
    const types = new Set((runs.body.runs as { type: string }[]).map((r) => r.type));
    expect(types).toEqual(new Set(['tenantSyncWorkflow', 'saleWorkflow', 'connectionTestWorkflow']));
  });

  it('with no worker to answer a query, GET /sync and GET /sales/:orderNumber still answer from the read models', async () => {
    const order = woo.createOrder({ number: `RM-${Date.now() % 100_000}` });
    await woo.webhooks.flush();
    await eventually(async () => (await h.request('GET', `/tenants/${tenantId}/sales/${order.number}`, { token })).body.state === 'posted', { what: 'the sale posted', timeoutMs: 60_000 });
    // The sync writes its counts within a few seconds of a sale finishing.
    await eventually(async () => (await h.request('GET', `/tenants/${tenantId}/sync`, { token })).body.counts?.posted === 2, { what: 'two sales counted', timeoutMs: 30_000 });
    worker.shutdown();
    await running;

    const status = await h.request('GET', `/tenants/${tenantId}/sync`, { token });
    const journey = await h.request('GET', `/tenants/${tenantId}/sales/${order.number}`, { token });
    // A workflow query would wait for a worker until its deadline and answer 503.
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ tenantId, state: 'running', paused: null, counts: { posted: 2, failed: 0 }, run: { workflowId: `tenant-sync:${tenantId}` } });
    expect(typeof status.body.asOf).toBe('string');
    const invoice = moneybird.invoicesByReference(order.number)[0]!;
    expect(journey.status).toBe(200);
    expect(journey.body).toMatchObject({
      state: 'posted', targetDocumentId: invoice.id, lastError: null, posted: { state: 'posted' },
      workflow: { status: 'COMPLETED', pendingActivity: null, workflowId: expect.stringContaining(`sale:${tenantId}:woocommerce:`) },
    });
    expect(journey.body.workflow.url).toContain(journey.body.workflow.runId);
  });
});
