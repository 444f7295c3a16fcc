import { randomBytes } from 'node:crypto';
import { Client, Connection, WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWooSimulator, type WooSimulator } from '../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { createLoadedDataConverter } from '../crypto/data-converter';
import { createVault } from '../crypto/vault';
import { syncedSales } from '../db/schema';
import { createPgVaultStore } from '../db/queries/vault-store';
import { parseDecimalToCents } from '../domain/money';
import { tenantSyncWorkflowId } from '../domain/workflow-ids';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { createTestDatabase, type TestDatabase } from './support/database';
import { createSimulatedTenant, eventually, type SimulatedTenant } from './support/tenant';
import { testCodecKey, testMasterKey } from './support/worker';
import { startWorkerProcess, type WorkerProcess, type WorkerProcessOptions } from './support/worker-process';

const ORDERS = 200;
// Both the simulator and the worker's budget default to Moneybird's 150 per 5 minutes; this test is about crashes.
const noRateLimit = { limit: 1_000_000, windowMs: 1_000 };

describe('the worker killed during a batch and started again', () => {
  let database: TestDatabase;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  let tenant: SimulatedTenant;
  let connection: Connection;
  let client: Client;
  const workers: WorkerProcess[] = [];
  let workerOptions: WorkerProcessOptions;

  beforeAll(async () => {
    database = await createTestDatabase();
    const address = inject('temporalAddress');
    connection = await Connection.connect({ address });
    client = new Client({ connection, namespace: 'default', dataConverter: createLoadedDataConverter(testCodecKey) });
    woo = await startWooSimulator({ seed: 41, initialOrders: ORDERS });
    moneybird = await startMoneybirdSimulator({ seed: 41, rateLimit: noRateLimit });
    // Slow enough replies that many sales are between their steps when the worker dies.
    moneybird.faults.set({ latencyMs: 40 });
    woo.faults.set({ latencyMs: 10 });
    const vault = createVault({ store: createPgVaultStore(database.db), masterKeys: { current: testMasterKey } });
    tenant = await createSimulatedTenant(database.db, vault, { woo, moneybird, rateLimit: noRateLimit });
    workerOptions = {
      databaseUrl: database.url, temporalAddress: address, taskQueue: `crash-${randomBytes(4).toString('hex')}`,
      // info: the 'worker started' line, which says the worker polls, is logged at that level.
      masterKey: testMasterKey, codecKey: testCodecKey, logLevel: 'info',
    };
  });

  afterAll(async () => {
    await client?.workflow.getHandle(tenantSyncWorkflowId(tenant.tenantId)).terminate('test done').catch(() => undefined);
    for (const worker of workers) await worker.kill('SIGKILL');
    await connection?.close();
    await woo?.stop();
    await moneybird?.stop();
    await database?.drop();
  });

  const postedRows = () => database.db.select().from(syncedSales)
    .where(and(eq(syncedSales.tenantId, tenant.tenantId), eq(syncedSales.state, 'posted')));

  async function startWorker(): Promise<WorkerProcess> {
    const worker = startWorkerProcess(workerOptions);
    workers.push(worker);
    await worker.ready;
    return worker;
  }

  it(`loses nothing and duplicates nothing of ${ORDERS} orders when the worker is SIGKILLed mid-batch`, async () => {
    const first = await startWorker();
    await client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenant.tenantId), taskQueue: workerOptions.taskQueue,
      args: [{ tenantId: tenant.tenantId, source: 'woocommerce', pollIntervalSeconds: 2, concurrency: 20 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });

    // Kill while the batch is well under way, not before it starts and not after it ends.
    await eventually(async () => (await postedRows()).length >= 30, { timeoutMs: 60_000, what: 'the first 30 posted sales' });
    const killed = await first.kill('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    // A request the simulator already received still commits after its latency; let those land first.
    await new Promise((r) => setTimeout(r, 500));
    const postedAtKill = (await postedRows()).length;
    const invoicesAtKill = moneybird.invoices.size;
    expect(postedAtKill).toBeGreaterThan(0);
    expect(postedAtKill).toBeLessThan(ORDERS);
    expect(invoicesAtKill).toBeLessThan(ORDERS);

    // Nothing moves while no worker runs.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(moneybird.invoices.size).toBe(invoicesAtKill);

    await startWorker();
    // Activities the dead worker held time out (startToClose) before they are retried: up to 45 s.
    await eventually(async () => (await postedRows()).length === ORDERS, { timeoutMs: 100_000, what: `${ORDERS} posted sales after the restart` });

    expect(moneybird.invoices.size).toBe(ORDERS);
    for (const order of woo.orders.values()) {
      const invoices = moneybird.invoicesByReference(order.number);
      expect(invoices, `invoices for order ${order.number}`).toHaveLength(1);
      expect(parseDecimalToCents(invoices[0]!.total_price_incl_tax)).toBe(parseDecimalToCents(order.total));
    }
    const rows = await postedRows();
    expect(new Set(rows.map((r) => r.externalId)).size).toBe(ORDERS);
    for (const row of rows) {
      const order = woo.orders.get(Number(row.externalId))!;
      expect(row.amountInclCents).toBe(parseDecimalToCents(order.total));
      expect(row.targetDocumentId).toBe(moneybird.invoicesByReference(order.number)[0]!.id);
    }
    expect(first.peakRssMb()).toBeGreaterThan(0); // read from /proc while it ran
  });
});
