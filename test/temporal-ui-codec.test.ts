import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../api/app';
import { startWooSimulator, type WooSimulator } from '../connectors/sources/woocommerce/simulator';
import { createLoadedDataConverter } from '../crypto/data-converter';
import { createPayloadCodec } from '../crypto/payload-codec';
import { createVault } from '../crypto/vault';
import { listAccess } from '../db/queries/access-register';
import { upsertConnection } from '../db/queries/connections';
import { insertTenant } from '../db/queries/tenants';
import { createPgVaultStore } from '../db/queries/vault-store';
import { startTemporalDevServer, type RunningTemporal } from '../dev/temporal-dev-server';
import { connectorFactory } from '../connectors/registry';
import { freePort } from './global-setup';
import { FAST_HASH } from './api/harness';
import { launchChromium, logInThroughPage, screenshot, serveOnPort } from './support/browser';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startTestWorker, testCodecKey, testMasterKey, type TestWorker } from './support/worker';
import { insertUser } from '../db/queries/users';
import { newAccountKey } from '../crypto/tokens';
import { hashPassword } from '../crypto/password';

// The README's operator steps, exactly: log in on the API's login page, point the Temporal UI's codec
// setting at the API with cross-origin credentials, and read decrypted input and results in the real UI.
describe('the Temporal UI decrypts payloads through the API for a logged-in operator', () => {
  let temporal: RunningTemporal;
  let database: TestDatabase;
  let worker: TestWorker;
  let woo: WooSimulator;
  let browser: Browser;
  let api: { port: number; stop(): Promise<void> };
  let connection: Connection;

  beforeAll(async () => {
    const apiPort = await freePort();
    const uiPort = await freePort();
    temporal = await startTemporalDevServer({
      cliPath: inject('temporalCliPath'), port: await freePort(), uiPort, namespace: 'default', dbFile: null,
      codecEndpoint: `http://localhost:${apiPort}/codec`,
    });
    database = await createTestDatabase();
    const taskQueue = `ui-${randomBytes(4).toString('hex')}`;
    worker = await startTestWorker({ database, connectorFactory, taskQueue, address: temporal.address });
    woo = await startWooSimulator({ seed: 3 });
    connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection, namespace: 'default', dataConverter: createLoadedDataConverter(testCodecKey) });
    const app = createApp({
      db: database.db, temporal: client, codec: createPayloadCodec({ masterKey: testCodecKey }),
      vault: createVault({ store: createPgVaultStore(database.db), masterKeys: { current: testMasterKey } }),
      passwordHashParams: FAST_HASH,
      config: {
        uiOrigins: [`http://localhost:${uiPort}`], temporalUiUrl: temporal.uiUrl ?? '', namespace: 'default', taskQueue,
        sessionTtlHours: 1, publicUrl: `http://localhost:${apiPort}`,
      },
    });
    api = await serveOnPort(app.fetch, apiPort);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await worker?.stop();
    await connection?.close();
    await woo?.stop();
    await temporal?.stop();
    await database?.drop();
  });

  it('shows the decrypted input and result of a run, with no codec error', async () => {
    const apiUrl = `http://localhost:${api.port}`;
    const tenant = await insertTenant(database.db, { name: 'Fietsenwinkel Oost' });
    const sourceId = (await upsertConnection(database.db, {
      tenantId: tenant.id, role: 'source', vendor: 'woocommerce', baseUrl: woo.url, sealedCredentials: new Uint8Array(0),
    })).id;
    await upsertConnection(database.db, {
      id: sourceId, tenantId: tenant.id, role: 'source', vendor: 'woocommerce', baseUrl: woo.url,
      sealedCredentials: await worker.vault.seal(tenant.id, sourceId, { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, webhookSecret: 'webhook-secret-1' }),
    });
    const accountKey = await newAccountKey();
    const ops = { email: 'ops@doorzet.test', accountKey, password: 'Operator-Pass-1' };
    await insertUser(database.db, { ...ops, role: 'ops', tenantId: null, passwordHash: await hashPassword(ops.password, FAST_HASH) });

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    // Step 1: log in as ops on the API's login page.
    await logInThroughPage(page, apiUrl, ops);
    // A run to look at: the connection test (input: tenant and role; result: what the shop said).
    const token = (await context.cookies(apiUrl)).find((c) => c.name === 'doorzet_session')?.value;
    const started = await fetch(`${apiUrl}/tenants/${tenant.id}/connections/source/test`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(await started.json()).toEqual({ ok: true });
    let run: { workflowId: string; runId: string } | undefined;
    for await (const r of worker.client.workflow.list({ query: `WorkflowType = 'connectionTestWorkflow'` })) run ??= r;
    expect(run).toBeDefined();

    // Step 2: the Temporal UI's codec settings: my browser setting, the API's /codec, include cross-origin credentials.
    await page.goto(`${temporal.uiUrl}/namespaces/default/workflows`);
    await page.getByTestId('data-encoder-status-configured').click();
    await page.getByText('Use my browser setting and ignore Cluster-level setting.').click();
    await page.getByPlaceholder('Paste your endpoint here').fill(`${apiUrl}/codec`);
    await page.getByText('Include cross-origin credentials').click();
    await page.getByRole('button', { name: 'Apply' }).click();

    // Step 3: open the run; input and result are plain JSON.
    await page.goto(`${temporal.uiUrl}/namespaces/default/workflows/${run?.workflowId}/${run?.runId}/history`);
    // The UI renders the encrypted payloads first, then swaps in what the codec returned.
    await expect.poll(() => page.locator('main').innerText(), { timeout: 30_000, interval: 500 }).toContain('"role": "source"');
    // Input and result are decoded by separate calls: wait for the result too.
    await expect.poll(() => page.locator('main').innerText(), { timeout: 30_000, interval: 500 }).toMatch(/"ok":\s*true/);
    const body = await page.locator('main').innerText();
    expect(body).toContain('"role": "source"');
    expect(body).toContain(`"tenantId": "${tenant.id}"`);
    expect(body).toMatch(/"ok":\s*true/);
    expect(body).not.toContain('binary/encrypted');
    expect(await page.getByText(/codec server (could not|failed|error)/i).count()).toBe(0);
    expect(await page.getByTestId('data-encoder-status-error').count()).toBe(0);
    await screenshot(page, 'temporal-ui-decrypted');
    await context.close();

    // Every decode went into the tenant's access register.
    expect((await listAccess(database.db, tenant.id)).some((e) => e.action === 'codec.decode')).toBe(true);
  });
});
