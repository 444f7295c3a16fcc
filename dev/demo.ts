import { randomUUID } from 'node:crypto';
import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { startWooSimulator } from '../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/client';
import { getConnection, upsertConnection } from '../db/queries/connections';
import { debtors, tenants } from '../db/schema';
import { tenantSyncWorkflowId } from '../domain/workflow-ids';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { startShopifyDemo } from './demo-shopify';

/** Fixed, so a second `npm start` finds the same demo tenant. */
export const DEMO_TENANT_ID = '00000000-0000-4000-8000-00000000de70';
const ORDER_EVERY_MS = 8_000;

/**
 * A demo tenant whose simulated WooCommerce shop keeps taking orders (delivered by signed webhook
 * to the API, and polled) that become invoices in a simulated Moneybird administration.
 */
export async function startDemo(deps: { db: Db; vault: Vault; client: Client; config: Config; apiUrl: string; logger: Logger }) {
  const { db, vault } = deps;
  await db.insert(tenants).values({
    id: DEMO_TENANT_ID, name: 'Demo Webwinkel B.V.', address: 'Damrak 1', postcode: '1012 LG', city: 'Amsterdam',
    country: 'NL', iban: 'NL91ABNA0417164300', vatNumber: 'NL000099998B57', contractStartsOn: new Date().toISOString().slice(0, 10),
  }).onConflictDoNothing();

  // Order ids from the clock, so orders of an earlier run (already in synced_sales) are never reused.
  const woo = await startWooSimulator({ seed: Date.now() % 100_000, firstOrderId: Math.floor(Date.now() / 1000) % 1_000_000_000, initialOrders: 3 });
  const moneybird = await startMoneybirdSimulator({ seed: 42 });
  // The simulated ledger starts empty on every run; contact mappings of an earlier run point nowhere.
  await db.delete(debtors).where(eq(debtors.tenantId, DEMO_TENANT_ID));

  const webhookSecret = randomUUID();
  const sourceId = (await getConnection(db, DEMO_TENANT_ID, 'source'))?.id ?? randomUUID();
  const targetId = (await getConnection(db, DEMO_TENANT_ID, 'target'))?.id ?? randomUUID();
  await upsertConnection(db, {
    id: sourceId, tenantId: DEMO_TENANT_ID, role: 'source', vendor: 'woocommerce', baseUrl: woo.url, settings: { webhooks: true },
    sealedCredentials: await vault.seal(DEMO_TENANT_ID, sourceId, { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, webhookSecret }),
  });
  await upsertConnection(db, {
    id: targetId, tenantId: DEMO_TENANT_ID, role: 'target', vendor: 'moneybird', baseUrl: moneybird.url,
    sealedCredentials: await vault.seal(DEMO_TENANT_ID, targetId, { apiToken: moneybird.token, administrationId: moneybird.administrationId }),
  });
  woo.setWebhook(`${deps.apiUrl}/webhooks/woocommerce/${sourceId}`, webhookSecret);

  await deps.client.workflow.start(tenantSyncWorkflow, {
    workflowId: tenantSyncWorkflowId(DEMO_TENANT_ID),
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    args: [{ tenantId: DEMO_TENANT_ID, source: 'woocommerce', pollIntervalSeconds: deps.config.SYNC_POLL_INTERVAL_SECONDS, concurrency: deps.config.SALE_CONCURRENCY }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });

  const timer = setInterval(() => {
    const order = woo.createOrder();
    deps.logger.info({ tenantId: DEMO_TENANT_ID, orderId: order.id }, 'demo shop took an order');
  }, ORDER_EVERY_MS);
  // A second demo tenant beside it: a Shopify shop with a till, into its own Moneybird administration.
  const shopifyDemo = await startShopifyDemo(deps);

  return {
    tenantId: DEMO_TENANT_ID,
    shopUrl: woo.url,
    ledgerUrl: moneybird.url,
    invoiceCount: () => moneybird.invoices.size,
    tenants: [
      { tenantId: DEMO_TENANT_ID, label: 'a simulated WooCommerce shop posting to a simulated Moneybird' },
      { tenantId: shopifyDemo.tenantId, label: 'a simulated Shopify shop and café till (POS) posting to a simulated Moneybird' },
    ],
    shopify: shopifyDemo,
    async stop() {
      clearInterval(timer);
      await shopifyDemo.stop();
      await woo.webhooks.flush();
      await woo.stop();
      await moneybird.stop();
    },
  };
}
