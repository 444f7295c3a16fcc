/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities';
import { startWooSimulator, type WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import type { WooOrder } from '../../connectors/sources/woocommerce/woo-order';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { createDataConverter } from '../../crypto/data-converter';
import { connectorFactory, rateLimitOf } from '../../connectors/registry';
import { loadCorpus } from '../support/woo-corpus';
import { testCodecKey, workflowBundle } from '../support/worker';
import { createHarness, type Harness } from './harness';

describe('POST /tenants/{id}/preview with a running worker', () => {
  let h: Harness;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  let worker: Worker;
  let running: Promise<void>;
  let nativeConnection: NativeConnection;
  let tenantId: string;
  let token: string;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    h = await createHarness();
    woo = await startWooSimulator({ seed: 31 });
    moneybird = await startMoneybirdSimulator({ seed: 31 });
    nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
    worker = await Worker.create({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue: h.taskQueue,
      workflowBundle: await workflowBundle(),
      activities: createActivities({ db: h.db, vault: h.vault, connectorFactory, rateLimitOf }),
      dataConverter: createDataConverter(testCodecKey),
    });
    running = worker.run();
    tenantId = await h.createTenant();
    token = await h.login(await h.createUser('tenant', tenantId));
    expect((await h.request('PUT', `/tenants/${tenantId}/connections/source`, {
      token, json: { vendor: 'woocommerce', baseUrl: woo.url, credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, webhookSecret: 'whsec-preview-1' } },
    })).status).toBe(200);
    expect((await h.request('PUT', `/tenants/${tenantId}/connections/target`, {
      token, json: { vendor: 'moneybird', baseUrl: moneybird.url, credentials: { apiToken: moneybird.token, administrationId: moneybird.administrationId } },
    })).status).toBe(200);
  });

  afterAll(async () => {
    await h?.close();
    worker?.shutdown();
    await running;
    await nativeConnection?.close();
    await woo?.stop();
    await moneybird?.stop();
  });

  it('previews an OSS order of the real shop with the tenant settings, books nothing and shows no debtor fields', async () => {
    const { order } = loadCorpus('docs-727-oss-de');
    woo.orders.set(8101, { ...order, id: 8101, number: '8101' } as unknown as WooOrder);
    const res = await h.request('POST', `/tenants/${tenantId}/preview`, { token, json: { orderNumber: '8101' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ bookable: true, regime: 'oss', currency: 'EUR', totalInclCents: 3260, issues: [] });
    const lines = res.body.lines as { vatCountry: string; vatRatePercent: number }[];
    expect(lines.map((l) => [l.vatCountry, l.vatRatePercent])).toEqual([['DE', 7], ['DE', 19], ['DE', 19]]);
    expect(JSON.stringify(res.body)).not.toMatch(/Doe|example\.com|Street|postcode/);
    expect(moneybird.invoicesByReference('8101')).toHaveLength(0);

    // The same order for a tenant without OSS registration: a named error, not a guess.
    expect((await h.request('PUT', `/tenants/${tenantId}/settings`, { token, json: { ossRegistered: false } })).status).toBe(200);
    const refused = await h.request('POST', `/tenants/${tenantId}/preview`, { token, json: { orderNumber: '8101' } });
    expect(refused.body).toMatchObject({ bookable: false, issues: expect.arrayContaining([expect.objectContaining({ code: 'UNKNOWN_VAT_RATE' })]) });
    expect(refused.body.issues[1].message).toMatch(/19%.*DE/);
    await h.request('PUT', `/tenants/${tenantId}/settings`, { token, json: {} });
  });

  it('answers an order the shop does not have with its named error', async () => {
    const res = await h.request('POST', `/tenants/${tenantId}/preview`, { token, json: { orderNumber: '424242' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ bookable: false, regime: 'undetermined', issues: [expect.objectContaining({ code: 'ORDER_NOT_FOUND' })] });
  });

  it('refuses an order number that could carry anything but an id, and a shop of another tenant', async () => {
    expect((await h.request('POST', `/tenants/${tenantId}/preview`, { token, json: { orderNumber: 'a b@c' } })).status).toBe(400);
    const other = await h.createTenant('other');
    expect((await h.request('POST', `/tenants/${other}/preview`, { token, json: { orderNumber: '1' } })).status).toBe(404);
  });
});
