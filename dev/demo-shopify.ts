import { randomUUID } from 'node:crypto';
import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { startShopifySimulator } from '../connectors/sources/shopify/simulator';
import { startMoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/client';
import { getConnection, upsertConnection } from '../db/queries/connections';
import { debtors, tenants } from '../db/schema';
import { tenantSyncWorkflowId } from '../domain/workflow-ids';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';

/** Fixed, so a second `npm start` finds the same demo tenant. */
export const SHOPIFY_DEMO_TENANT_ID = '00000000-0000-4000-8000-00000000de71';
const ORDER_EVERY_MS = 11_000;

/**
 * A demo tenant with a simulated Shopify shop and its till (Shopify POS): web orders and café sales
 * arrive as signed webhooks at the API (and by polling the GraphQL Admin API) and become invoices in
 * its own simulated Moneybird administration. Till sales are booked per order (the default setting).
 */
export async function startShopifyDemo(deps: { db: Db; vault: Vault; client: Client; config: Config; apiUrl: string; logger: Logger }) {
  const { db, vault } = deps;
  await db.insert(tenants).values({
    id: SHOPIFY_DEMO_TENANT_ID, name: 'Demo Koffie & Winkel B.V.', address: 'Oudegracht 1', postcode: '3511 AA', city: 'Utrecht',
    country: 'NL', iban: 'NL02ABNA0123456789', vatNumber: 'NL000099998B57', contractStartsOn: new Date().toISOString().slice(0, 10),
  }).onConflictDoNothing();

  // Order ids from the clock, so orders of an earlier run (already in synced_sales) are never reused.
  const shopify = await startShopifySimulator({ seed: Date.now() % 100_000, firstOrderId: 5_000_000_000 + (Math.floor(Date.now() / 1000) % 1_000_000_000), initialOrders: 2 });
  const moneybird = await startMoneybirdSimulator({ seed: 43 });
  await db.delete(debtors).where(eq(debtors.tenantId, SHOPIFY_DEMO_TENANT_ID));

  const sourceId = (await getConnection(db, SHOPIFY_DEMO_TENANT_ID, 'source'))?.id ?? randomUUID();
  const targetId = (await getConnection(db, SHOPIFY_DEMO_TENANT_ID, 'target'))?.id ?? randomUUID();
  await upsertConnection(db, {
    id: sourceId, tenantId: SHOPIFY_DEMO_TENANT_ID, role: 'source', vendor: 'shopify', baseUrl: shopify.url, settings: { webhooks: true },
    sealedCredentials: await vault.seal(SHOPIFY_DEMO_TENANT_ID, sourceId, { accessToken: shopify.accessToken, clientSecret: shopify.clientSecret }),
  });
  await upsertConnection(db, {
    id: targetId, tenantId: SHOPIFY_DEMO_TENANT_ID, role: 'target', vendor: 'moneybird', baseUrl: moneybird.url,
    sealedCredentials: await vault.seal(SHOPIFY_DEMO_TENANT_ID, targetId, { apiToken: moneybird.token, administrationId: moneybird.administrationId }),
  });
  shopify.setWebhook(`${deps.apiUrl}/webhooks/shopify/${sourceId}`);

  await deps.client.workflow.start(tenantSyncWorkflow, {
    workflowId: tenantSyncWorkflowId(SHOPIFY_DEMO_TENANT_ID),
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    args: [{ tenantId: SHOPIFY_DEMO_TENANT_ID, source: 'shopify', pollIntervalSeconds: deps.config.SYNC_POLL_INTERVAL_SECONDS, concurrency: deps.config.SALE_CONCURRENCY }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });

  let tick = 0;
  const timer = setInterval(() => {
    tick += 1;
    // Every other order is a café sale at the till (Shopify POS); every fourth web order uses a discount code.
    const order = tick % 2 === 0
      ? shopify.createOrder({ channel: 'pos', location: { id: 61_000_001, name: 'Café Centrum' } })
      : shopify.createOrder({ discountCode: tick % 4 === 1 ? 'WELKOM10' : null });
    deps.logger.info({ tenantId: SHOPIFY_DEMO_TENANT_ID, orderId: order.legacyResourceId, channel: order.sourceName }, 'demo Shopify shop took an order');
  }, ORDER_EVERY_MS);

  return {
    tenantId: SHOPIFY_DEMO_TENANT_ID,
    shopUrl: shopify.url,
    ledgerUrl: moneybird.url,
    invoiceCount: () => moneybird.invoices.size,
    async stop() {
      clearInterval(timer);
      await shopify.webhooks.flush();
      await shopify.stop();
      await moneybird.stop();
    },
  };
}
