import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFactory } from '../connectors/registry';
import { startWooSimulator, type WooSimulator } from '../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { createSpecCheck } from '../connectors/targets/moneybird/spec-check';
import { saveTenantSettings } from '../db/queries/tenant-settings';
import { saleErrors, saleVersions, syncedSales } from '../db/schema';
import { parseDecimalToCents } from '../domain/money';
import { correctionWorkflowId, tenantSyncWorkflowId } from '../domain/workflow-ids';
import { correctionWorkflow } from '../workflows/correction.workflow';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { createTestDatabase, type TestDatabase } from './support/database';
import { creditedInvoiceId, totalIncl } from './support/ledger';
import { createSimulatedTenant, eventually, morePolls, nextSecond, type SimulatedTenant } from './support/tenant';
import { startTestWorker, type TestWorker } from './support/worker';

const cents = parseDecimalToCents;

describe("orders edited after posting, under the 'correct' policy", () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  let tenant: SimulatedTenant;
  // Every exchange with the Moneybird simulator is checked against Moneybird's published spec.
  const spec = createSpecCheck();

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ database, connectorFactory });
    woo = await startWooSimulator({ seed: 95 });
    moneybird = await startMoneybirdSimulator({ onExchange: spec.onExchange, seed: 95 });
    tenant = await createSimulatedTenant(database.db, worker.vault, { woo, moneybird, targetTimeoutMs: 1_500 });
    await saveTenantSettings(database.db, tenant.tenantId, { syncFrom: '2000-01-01', correctionPolicy: 'correct' });
    await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenant.tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId: tenant.tenantId, source: 'woocommerce', pollIntervalSeconds: 1 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  });

  afterAll(async () => {
    await worker?.client.workflow.getHandle(tenantSyncWorkflowId(tenant.tenantId)).terminate('test done').catch(() => undefined);
    await worker?.stop();
    await woo?.stop();
    await moneybird?.stop();
    await database?.drop();
  });

  const versions = (externalId: string) => database.db.select().from(saleVersions)
    .where(and(eq(saleVersions.tenantId, tenant.tenantId), eq(saleVersions.externalId, externalId))).orderBy(asc(saleVersions.version));
  const sale = async (externalId: string) => (await database.db.select().from(syncedSales)
    .where(and(eq(syncedSales.tenantId, tenant.tenantId), eq(syncedSales.externalId, externalId))))[0]!;

  it('credits the booked invoice and books the order as it is now, exactly once per change, under 5xx and timeouts after commit', async () => {
    const order = woo.createOrder({}, { lineCount: 2, shipping: true });
    await eventually(() => moneybird.invoicesByReference(order.number).length === 1, { what: 'the first invoice' });
    const first = moneybird.invoicesByReference(order.number)[0]!;
    await eventually(async () => (await versions(String(order.id))).length === 1, { what: 'version 1 recorded' });

    moneybird.faults.set({ serverErrorRate: 0.15, timeoutAfterCommitRate: 0.3, timeoutAfterCommitMode: 'stall', stallMs: 3_000 });
    await nextSecond(); // the shop stamps changes to the second
    const edited = woo.editOrder(order.id, { [order.line_items[0]!.id]: order.line_items[0]!.quantity + 2 });
    await eventually(async () => (await sale(String(order.id))).amountInclCents === cents(edited.total), { timeoutMs: 120_000, what: 'the correction' });
    moneybird.faults.reset();
    await morePolls(worker.client, tenant.tenantId); // more polls see the edited order again

    const credits = moneybird.invoicesByReference(`${order.number}-Rv1`);
    expect(credits).toHaveLength(1);
    expect(creditedInvoiceId(credits[0]!)).toBe(first.id);
    expect(totalIncl(credits[0]!)).toBe(-cents(order.total));
    const second = moneybird.invoicesByReference(`${order.number}-2`);
    expect(second).toHaveLength(1);
    expect(totalIncl(second[0]!)).toBe(cents(edited.total));
    expect(moneybird.invoicesByReference(order.number)).toHaveLength(1);
    expect((await sale(String(order.id)))).toMatchObject({ state: 'posted', targetDocumentId: second[0]!.id });
    expect((await versions(String(order.id))).map((v) => [v.version, v.reference, v.state])).toEqual([[1, order.number, 'posted'], [2, `${order.number}-2`, 'posted']]);
    expect(await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenant.tenantId))).toEqual([]);
    expect(spec.violations).toEqual([]);

    // A replay of the correction finds the ledger in line with the order and books nothing.
    const again = await worker.client.workflow.execute(correctionWorkflow, {
      workflowId: correctionWorkflowId(tenant.tenantId, 'woocommerce', String(order.id)), taskQueue: worker.taskQueue,
      args: [{ tenantId: tenant.tenantId, source: 'woocommerce', externalId: String(order.id) }],
    });
    expect(again).toEqual({ corrected: 0, reason: 'unchanged' });

    // A second change is a second version; a refund after it credits the invoice booked now.
    await nextSecond();
    const again2 = woo.editOrder(order.id, { [order.line_items[1]!.id]: 0 });
    await eventually(() => moneybird.invoicesByReference(`${order.number}-3`).length === 1, { what: 'version 3' });
    expect(totalIncl(moneybird.invoicesByReference(`${order.number}-Rv2`)[0]!)).toBe(-cents(edited.total));
    expect(totalIncl(moneybird.invoicesByReference(`${order.number}-3`)[0]!)).toBe(cents(again2.total));
    const refund = woo.refundItems(order.id, { shipping: true });
    await eventually(() => moneybird.invoicesByReference(`${order.number}-R${refund.id}`).length === 1, { what: 'the refund credit note' });
    expect(creditedInvoiceId(moneybird.invoicesByReference(`${order.number}-R${refund.id}`)[0]!)).toBe(moneybird.invoicesByReference(`${order.number}-3`)[0]!.id);
  });
});
