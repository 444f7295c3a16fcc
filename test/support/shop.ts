import { startWooSimulator, type WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
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
  tenant: SimulatedTenant;
  stop(): Promise<void>;
}

/** A fresh database, a real worker and one tenant between a WooCommerce and a Moneybird simulator. */
export async function startShopFixture(seed: number): Promise<ShopFixture> {
  const database = await createTestDatabase();
  const worker = await startTestWorker({ db: database.db, connectorFactory });
  const woo = await startWooSimulator({ seed });
  const moneybird = await startMoneybirdSimulator({ seed });
  const tenant = await createSimulatedTenant(database.db, worker.vault, { woo, moneybird });
  return {
    database, worker, woo, moneybird, tenant,
    async stop() {
      await worker.client.workflow.getHandle(tenantSyncWorkflowId(tenant.tenantId)).terminate('test done').catch(() => undefined);
      await worker.stop();
      await woo.stop();
      await moneybird.stop();
      await database.drop();
    },
  };
}
