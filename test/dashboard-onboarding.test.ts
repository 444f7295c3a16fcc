import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startWooSimulator, type WooSimulator } from '../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { connectorFactory } from '../connectors/registry';
import { createHarness, type Harness } from './api/harness';
import { launchChromium, logInThroughPage, screenshot, serveOnPort } from './support/browser';
import { eventually } from './support/tenant';
import { startTestWorker, type TestWorker } from './support/worker';

// A new merchant connects its shop and ledger from the dashboard, as the README tells, and sees its first invoice.
describe('onboarding a tenant from the dashboard to the simulators', () => {
  let h: Harness;
  let worker: TestWorker;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  let browser: Browser;
  let server: { port: number; stop(): Promise<void> };

  beforeAll(async () => {
    h = await createHarness();
    worker = await startTestWorker({ database: h.database, connectorFactory, taskQueue: h.taskQueue });
    woo = await startWooSimulator({ seed: 11 });
    moneybird = await startMoneybirdSimulator({ seed: 11 });
    server = await serveOnPort(h.app.fetch);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await h?.close();
    await worker?.stop();
    await woo?.stop();
    await moneybird?.stop();
  });

  it('saves and tests both connections, starts the sync, and books an order created through the shop’s REST API', async () => {
    const base = `http://localhost:${server.port}`;
    const tenantId = await h.createTenant('Koffiebranderij Noord');
    const merchant = await h.createUser('tenant', tenantId);
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await logInThroughPage(page, base, merchant);
    await page.getByRole('link', { name: 'Connections' }).click();

    const shop = page.getByRole('form', { name: 'Webshop: WooCommerce' });
    await shop.getByLabel('Address (base URL)').fill(woo.url);
    await shop.getByLabel('Consumer key').fill(woo.consumerKey);
    await shop.getByLabel('Consumer secret').fill(woo.consumerSecret);
    await shop.getByLabel('Webhook secret').fill('mijn-webhook-geheim-42');
    await shop.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=source/);
    await page.getByTestId('connection-source').getByRole('button', { name: 'Test the connection' }).click();
    await page.waitForURL(/test=/);
    expect(await page.getByRole('status').textContent()).toBe('The connection works.');

    const ledger = page.getByRole('form', { name: 'Accounting system: Moneybird' });
    await ledger.getByLabel('Address (base URL)').fill(moneybird.url);
    await ledger.getByLabel('Api token').fill(moneybird.token);
    await ledger.getByLabel('Administration id').fill(moneybird.administrationId);
    await ledger.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/saved=target/);
    await page.getByTestId('connection-target').getByRole('button', { name: 'Test the connection' }).click();
    await page.waitForURL(/test=/);
    expect(await page.getByRole('status').textContent()).toBe('The connection works.');

    // The credentials never come back to the browser.
    const html = await page.content();
    for (const secret of [woo.consumerSecret, moneybird.token, 'mijn-webhook-geheim-42']) expect(html).not.toContain(secret);

    // Set up the webhook in the shop as the page says (the simulator takes WooCommerce's POST /webhooks).
    const webhookUrl = await page.getByTestId('webhook-url').textContent();
    expect(webhookUrl).toMatch(/\/webhooks\/woocommerce\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('webhook-setup').textContent()).toContain('order.created');
    await screenshot(page, 'connections');
    const auth = `Basic ${Buffer.from(`${woo.consumerKey}:${woo.consumerSecret}`).toString('base64')}`;
    const hook = await fetch(`${woo.url}/wp-json/wc/v3/webhooks`, {
      method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'order.created', delivery_url: webhookUrl?.replace('http://127.0.0.1:3000', `http://127.0.0.1:${server.port}`), secret: 'mijn-webhook-geheim-42' }),
    });
    expect(hook.status).toBe(201);

    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Start the sync' }).click();
    await page.waitForURL(/done=started/);
    expect(await page.getByTestId('sync-state').textContent()).toBe('Running');

    // A customer orders in the shop (the vendor's own REST API).
    const created = await fetch(`${woo.url}/wp-json/wc/v3/orders`, {
      method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        set_paid: true, billing: { first_name: 'Eva', last_name: 'de Wit', email: 'eva.dewit@example.nl' },
        line_items: [{ product_id: 101, quantity: 2 }, { product_id: 203, quantity: 1 }], shipping_lines: [{ method_id: 'flat_rate' }],
      }),
    });
    expect(created.status).toBe(201);
    const order = await created.json() as { id: number; number: string; total: string };

    // The ledger's own read API lists the invoice once doorzet booked it.
    const listInvoices = async () => {
      const res = await fetch(`${moneybird.url}/api/v2/${moneybird.administrationId}/sales_invoices.json`, { headers: { authorization: `Bearer ${moneybird.token}` } });
      return await res.json() as { id: string; reference: string; total_price_incl_tax: string }[];
    };
    await eventually(async () => (await listInvoices()).some((i) => i.reference === order.number), { timeoutMs: 90_000, what: 'the first invoice' });
    const invoice = (await listInvoices()).find((i) => i.reference === order.number);
    expect(invoice?.total_price_incl_tax).toBe(order.total);

    await page.getByRole('link', { name: 'Sales' }).click();
    await page.getByLabel('Order number').fill(order.number);
    await page.getByRole('button', { name: 'Find' }).click();
    await eventually(async () => {
      await page.reload();
      return (await page.getByTestId('sale-state').textContent()) === 'booked';
    }, { timeoutMs: 30_000, what: 'the sale page to say booked' });
    expect(await page.getByTestId('target-document').textContent()).toBe(invoice?.id);
    expect(await page.getByTestId('timeline').textContent()).toContain('Booked');
    await screenshot(page, 'sale-journey');

    await page.getByRole('link', { name: 'Overview' }).click();
    expect(await page.getByTestId('posted-today').textContent()).toBe('1');
    expect(await page.getByRole('img', { name: /Bookings per day/ }).textContent()).toContain('1 sales booked in the last 14 days.');
    await screenshot(page, 'overview');
    await context.close();
  });
});
