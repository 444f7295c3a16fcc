/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFactory } from '../../connectors/registry';
import { startWooSimulator, type WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { syncedSales } from '../../db/schema';
import { backfillWorkflowId } from '../../domain/workflow-ids';
import { creditedInvoiceId, totalIncl } from '../support/ledger';
import { createSimulatedTenant, eventually } from '../support/tenant';
import { startTestWorker, type TestWorker } from '../support/worker';
import { createHarness, type Harness } from './harness';

const DAY = 86_400_000;
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);

describe('API: backfill over a range, linking what the ledger already holds', () => {
  let h: Harness;
  let worker: TestWorker;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  let tenantId: string;
  let token: string;
  const clock: { at: number | null } = { at: null };
  const inRange: { id: number; number: string }[] = [];
  const outside: { id: number; number: string }[] = [];
  const refunds: { id: number }[] = [];

  beforeAll(async () => {
    h = await createHarness();
    worker = await startTestWorker({ database: h.database, connectorFactory, taskQueue: h.taskQueue, rateLimitOf: (_v, override) => override ?? { limit: 1_000_000, windowMs: 1_000 } });
    woo = await startWooSimulator({ seed: 71, now: () => new Date(clock.at ?? Date.now()) });
    clock.at = Date.now() - 100 * DAY;
    for (let i = 0; i < 6; i++) outside.push(woo.createOrder());
    clock.at = Date.now() - 60 * DAY;
    for (let i = 0; i < 20; i++) inRange.push(woo.createOrder());
    // Two orders of the range were partly refunded back then: one entered by hand (below), one not.
    refunds.push(woo.refundOrder(inRange[0]!.id, { amount: '1.00' }), woo.refundOrder(inRange[1]!.id, { amount: '2.00' }));
    clock.at = null;
    moneybird = await startMoneybirdSimulator({ seed: 71 });
    // The shop was connected today: its history is not booked by the sync.
    const tenant = await createSimulatedTenant(h.db, worker.vault, { woo, moneybird, syncFrom: null, rateLimit: { limit: 60, windowMs: 5_000 } });
    tenantId = tenant.tenantId;
    token = await h.login(await h.createUser('tenant', tenantId));

    // Half of the range was entered in the ledger by hand (or by another tool), under the order number.
    const source = connectorFactory.salesSource({ vendor: 'woocommerce', baseUrl: woo.url, credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret } });
    const target = connectorFactory.accountingTarget({ vendor: 'moneybird', baseUrl: moneybird.url, credentials: { apiToken: moneybird.token, administrationId: moneybird.administrationId } });
    for (const order of inRange.filter((_, i) => i % 2 === 0)) {
      const sale = await source.getSale(String(order.id));
      const contact = await target.createContact({ ...sale.debtor, vatNumber: '', customerReference: '' });
      await target.createInvoice(sale, contact.id, { invoiceState: 'final', ledgerAccounts: {} });
    }
  });

  afterAll(async () => {
    await h?.temporal.workflow.getHandle(backfillWorkflowId(tenantId)).terminate('test done').catch(() => undefined);
    await worker?.stop();
    await woo?.stop();
    await moneybird?.stop();
    await h?.close();
  });

  const read = async () => (await h.request('GET', `/tenants/${tenantId}/backfill`, { token })).body;

  it('estimates first, then books only the orders the ledger does not hold, exactly once', async () => {
    expect(moneybird.invoices.size).toBe(10);
    const started = await h.request('POST', `/tenants/${tenantId}/backfill`, { token, json: { from: day(70), to: day(50), startPaused: true } });
    expect(started.status).toBe(202);
    expect(started.body.workflowId).toBe(backfillWorkflowId(tenantId));
    expect((await h.request('POST', `/tenants/${tenantId}/backfill`, { token, json: { from: day(70), to: day(50) } })).status).toBe(409);

    await eventually(async () => (await read())?.state === 'paused', { what: 'the estimate' });
    const estimated = await read();
    expect(estimated.estimate).toMatchObject({
      orders: 20, alreadySynced: 0, notBookable: 0,
      targetCalls: { atLeast: 20, atMost: 80 },
      // 80 calls at 60 per 5 s: one window's worth at once, the rest after one more window.
      seconds: { atLeast: 0, atMost: 5 },
      rateLimit: { limit: 60, windowMs: 5_000 },
    });
    expect(estimated.done).toBe(0);
    expect(moneybird.invoices.size).toBe(10); // nothing booked while paused

    expect((await h.request('POST', `/tenants/${tenantId}/backfill/resume`, { token })).status).toBe(202);
    await eventually(async () => (await read())?.state === 'done', { timeoutMs: 120_000, what: 'the backfill to finish' });
    const done = await read();
    expect(done.counts).toMatchObject({ created: 10, linked: 10, failed: 0, alreadySynced: 0, refundsStarted: 1 });
    expect(done.done).toBe(20);
    // The refund of an order the backfill booked is credited; that of an order found in the ledger is the merchant's (booked by hand too).
    await eventually(() => moneybird.invoicesByReference(`${inRange[1]!.number}-R${refunds[1]!.id}`).length === 1, { what: 'the credit note of the booked order' });
    expect(moneybird.invoicesByReference(`${inRange[0]!.number}-R${refunds[0]!.id}`)).toEqual([]);
    const [creditNote] = moneybird.invoicesByReference(`${inRange[1]!.number}-R${refunds[1]!.id}`);
    expect(totalIncl(creditNote!)).toBe(-200);
    expect(creditedInvoiceId(creditNote!)).toBe(moneybird.invoicesByReference(inRange[1]!.number)[0]!.id);

    for (const order of inRange) expect(moneybird.invoicesByReference(order.number), `invoices of ${order.number}`).toHaveLength(1);
    for (const order of outside) expect(moneybird.invoicesByReference(order.number)).toEqual([]);
    expect(moneybird.invoices.size).toBe(21); // 20 invoices and one credit note
    // Linked orders are recorded as posted with the document found in the ledger.
    const rows = await h.db.select().from(syncedSales).where(and(eq(syncedSales.tenantId, tenantId), eq(syncedSales.state, 'posted')));
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      const order = inRange.find((o) => String(o.id) === row.externalId)!;
      expect(row.targetDocumentId).toBe(moneybird.invoicesByReference(order.number)[0]!.id);
    }
  });

  it('a second backfill of the same range books nothing; a cancelled one stops before booking', async () => {
    expect((await h.request('POST', `/tenants/${tenantId}/backfill`, { token, json: { from: day(70), to: day(50) } })).status).toBe(202);
    await eventually(async () => (await read())?.state === 'done', { what: 'the repeat' });
    expect((await read()).estimate).toMatchObject({ orders: 0, alreadySynced: 20 });
    expect(moneybird.invoices.size).toBe(21);

    expect((await h.request('POST', `/tenants/${tenantId}/backfill`, { token, json: { from: day(120), to: day(90), startPaused: true } })).status).toBe(202);
    await eventually(async () => (await read())?.state === 'paused', { what: 'the estimate' });
    expect((await read()).estimate.orders).toBe(6);
    expect((await h.request('POST', `/tenants/${tenantId}/backfill/cancel`, { token })).status).toBe(202);
    await eventually(async () => (await read())?.state === 'cancelled', { what: 'the cancellation' });
    expect((await read()).done).toBe(0);
    for (const order of outside) expect(moneybird.invoicesByReference(order.number)).toEqual([]);
    expect((await h.request('POST', `/tenants/${tenantId}/backfill/pause`, { token })).status).toBe(404);
  });

  it('refuses an empty range or one in the future', async () => {
    expect((await h.request('POST', `/tenants/${tenantId}/backfill`, { token, json: { from: day(10), to: day(20) } })).status).toBe(400);
    expect((await h.request('POST', `/tenants/${tenantId}/backfill`, { token, json: { from: day(10), to: day(-5) } })).status).toBe(400);
  });
});
