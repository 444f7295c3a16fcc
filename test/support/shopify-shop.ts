import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { startShopifySimulator, type ShopifySimulator, type ShopifySimulatorOptions } from '../../connectors/sources/shopify/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { createSpecCheck, type SpecCheck } from '../../connectors/targets/moneybird/spec-check';
import { connectorFactory } from '../../connectors/registry';
import { createTestDatabase, type TestDatabase } from './database';
import { createTenantWithSource, type SimulatedTenant } from './tenant';
import { startTestWorker, type TestWorker } from './worker';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { tenantSyncWorkflow } from '../../workflows/tenant-sync.workflow';

export interface ShopifyFixture {
  database: TestDatabase;
  worker: TestWorker;
  shopify: ShopifySimulator;
  moneybird: MoneybirdSimulator;
  /** Every exchange with the Moneybird simulator checked against Moneybird's published spec. */
  moneybirdSpec: SpecCheck;
  tenant: SimulatedTenant;
  /** Starts the tenant's sync (polling every second, 10 sales at a time), or finds it running. */
  startSync(): Promise<void>;
  stop(): Promise<void>;
}

/** A fresh database, a real worker and one tenant between a Shopify and a Moneybird simulator. */
export async function startShopifyFixture(seed: number, options: ShopifySimulatorOptions = {}): Promise<ShopifyFixture> {
  const database = await createTestDatabase();
  const worker = await startTestWorker({ database, connectorFactory });
  const shopify = await startShopifySimulator({ seed, ...options });
  const moneybirdSpec = createSpecCheck();
  const moneybird = await startMoneybirdSimulator({ seed, onExchange: moneybirdSpec.onExchange });
  const tenant = await createTenantWithSource(database.db, worker.vault, {
    moneybird,
    webhookSecret: shopify.clientSecret,
    source: { vendor: 'shopify', baseUrl: shopify.url, credentials: (clientSecret) => ({ accessToken: shopify.accessToken, clientSecret }) },
  });
  return {
    database, worker, shopify, moneybird, moneybirdSpec, tenant,
    async startSync() {
      await worker.client.workflow.start(tenantSyncWorkflow, {
        workflowId: tenantSyncWorkflowId(tenant.tenantId),
        taskQueue: worker.taskQueue,
        args: [{ tenantId: tenant.tenantId, source: 'shopify', pollIntervalSeconds: 1, concurrency: 10 }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    },
    async stop() {
      // Every workflow of the tenant (its sync, sales, till days) on the shared dev server.
      for await (const run of worker.client.workflow.list({ query: `DoorzetTenantId = '${tenant.tenantId}' AND ExecutionStatus = 'Running'` })) {
        await worker.client.workflow.getHandle(run.workflowId, run.runId).terminate('test done').catch(() => undefined);
      }
      await worker.stop();
      await shopify.stop();
      await moneybird.stop();
      await database.drop();
    },
  };
}
