import { startWooSimulator, type WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { createSpecCheck, type SpecCheck } from '../../connectors/targets/moneybird/spec-check';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { connectorFactory } from '../../connectors/registry';
import { createTestDatabase, type TestDatabase } from './database';
import { createSimulatedTenant, type SimulatedTenant } from './tenant';
import { startTestWorker, type TestWorker } from './worker';

export interface ShopFixture {
  database: TestDatabase;
  worker: TestWorker;
  woo: WooSimulator;
  moneybird: MoneybirdSimulator;
  /** Every exchange with the Moneybird simulator checked against Moneybird's published spec. */
  moneybirdSpec: SpecCheck;
  tenant: SimulatedTenant;
  stop(): Promise<void>;
}

/** A fresh database, a real worker and one tenant between a WooCommerce and a Moneybird simulator. */
export async function startShopFixture(seed: number, options: { env?: Record<string, string> } = {}): Promise<ShopFixture> {
  const database = await createTestDatabase();
  const worker = await startTestWorker({ database, connectorFactory, ...(options.env ? { env: options.env } : {}) });
  const woo = await startWooSimulator({ seed });
  const moneybirdSpec = createSpecCheck();
  const moneybird = await startMoneybirdSimulator({ seed, onExchange: moneybirdSpec.onExchange });
  const tenant = await createSimulatedTenant(database.db, worker.vault, { woo, moneybird });
  return {
    database, worker, woo, moneybird, moneybirdSpec, tenant,
    async stop() {
      await worker.client.workflow.getHandle(tenantSyncWorkflowId(tenant.tenantId)).terminate('test done').catch(() => undefined);
      await worker.stop();
      await woo.stop();
      await moneybird.stop();
      await database.drop();
    },
  };
}
