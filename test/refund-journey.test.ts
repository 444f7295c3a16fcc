import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFactory } from '../connectors/registry';
import { nlRateBpById } from '../connectors/sources/woocommerce/nl-tax-rates';
import { startWooSimulator, type WooSimulator } from '../connectors/sources/woocommerce/simulator';
import type { WooOrder } from '../connectors/sources/woocommerce/woo-order';
import type { WooRefund } from '../connectors/sources/woocommerce/woo-refund';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../connectors/targets/moneybird/simulator';
import { createSpecCheck } from '../connectors/targets/moneybird/spec-check';
import { saleErrors, syncedRefunds } from '../db/schema';
import { parseDecimalToCents } from '../domain/money';
import { createPayloadCodec } from '../crypto/payload-codec';
import { creditNoteReference } from '../domain/refund';
import { refundWorkflowId, tenantSyncWorkflowId } from '../domain/workflow-ids';
import { refundProgressQuery } from '../workflows/refund-definitions';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { createTestDatabase, type TestDatabase } from './support/database';
import { creditedInvoiceId, totalIncl, vatByRate } from './support/ledger';
import { createSimulatedTenant, eventually, morePolls, nextSecond, type SimulatedTenant } from './support/tenant';
import { startTestWorker, testCodecKey, type TestWorker } from './support/worker';

const cents = parseDecimalToCents;

/** Per VAT rate (bp): what a Woo refund credits, from its items' taxes as Woo states them (negative in Woo). */
function refundedByRate(refund: WooRefund): Map<number, { taxable: number; vat: number }> {
  const byRate = new Map<number, { taxable: number; vat: number }>();
  for (const line of [...refund.line_items, ...refund.shipping_lines, ...refund.fee_lines]) {
    for (const tax of line.taxes) {
      const bp = nlRateBpById.get(tax.id) ?? 0;
      const sum = byRate.get(bp) ?? { taxable: 0, vat: 0 };
      byRate.set(bp, { taxable: sum.taxable - cents(line.total), vat: sum.vat - cents(tax.total) });
    }
  }
  return byRate;
}

/** Per VAT rate (bp): what an order charged. */
function orderByRate(order: WooOrder): Map<number, { taxable: number; vat: number }> {
  const byRate = new Map<number, { taxable: number; vat: number }>();
  for (const line of [...order.line_items, ...order.shipping_lines, ...order.fee_lines]) {
    for (const tax of line.taxes) {
      const bp = nlRateBpById.get(tax.id) ?? 0;
      const sum = byRate.get(bp) ?? { taxable: 0, vat: 0 };
      byRate.set(bp, { taxable: sum.taxable + cents(line.total), vat: sum.vat + cents(tax.total) });
    }
  }
  return byRate;
}

describe('refunds: one credit note per refund, exactly once, linked to the invoice', () => {
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
    woo = await startWooSimulator({ seed: 91 });
    moneybird = await startMoneybirdSimulator({ onExchange: spec.onExchange, seed: 91 });
    tenant = await createSimulatedTenant(database.db, worker.vault, { woo, moneybird, targetTimeoutMs: 1_500 });
    await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenant.tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId: tenant.tenantId, source: 'woocommerce', pollIntervalSeconds: 1, concurrency: 10 }],
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

  const creditNotes = (order: { number: string }, refundId: number | string) => moneybird.invoicesByReference(creditNoteReference(order.number, String(refundId)));
  const credited = async () => database.db.select().from(syncedRefunds).where(and(eq(syncedRefunds.tenantId, tenant.tenantId), eq(syncedRefunds.state, 'credited')));

  it('credits partial, shipping-only and full refunds once each under 5xx and timeouts after commit, with the VAT per rate of the refund', async () => {
    const orders = [1, 2, 3].map(() => woo.createOrder({}, { lineCount: 3, coupon: false, shipping: true, paymentFee: false }));
    await eventually(() => orders.every((o) => moneybird.invoicesByReference(o.number).length === 1), { what: 'the invoices' });

    moneybird.faults.set({ serverErrorRate: 0.15, timeoutAfterCommitRate: 0.3, timeoutAfterCommitMode: 'stall', stallMs: 3_000 });
    woo.faults.set({ serverErrorRate: 0.1 });
    const [a, b, c] = orders as [WooOrder, WooOrder, WooOrder];
    const partial = woo.refundItems(a.id, { items: [{ id: a.line_items[0]!.id, quantity: 1 }, { id: a.line_items[1]!.id, quantity: a.line_items[1]!.quantity }] });
    const shipping = woo.refundItems(b.id, { shipping: true });
    const full = woo.refundOrder(c.id, { amount: c.total, reason: 'Order fully refunded.' });
    expect(woo.orders.get(c.id)!.status).toBe('refunded');

    await eventually(async () => (await credited()).length === 3, { timeoutMs: 240_000, what: 'three credited refunds' }).catch(async (e: unknown) => {
      for (const r of await database.db.select().from(syncedRefunds)) {
        const d = await worker.client.workflow.getHandle(refundWorkflowId(tenant.tenantId, 'woocommerce', r.orderExternalId, r.refundExternalId)).describe();
        // Failure messages are sealed by the codec ("Encoded failure"): open them to say why.
        const reasons = await Promise.all((d.raw.pendingActivities ?? []).map(async (a) => {
          const sealed = a.lastFailure?.encodedAttributes;
          const [open] = sealed ? await createPayloadCodec({ masterKey: testCodecKey }).decode([sealed]) : [];
          return [a.activityType?.name, a.attempt, open?.data ? Buffer.from(open.data).toString('utf8').slice(0, 600) : a.lastFailure?.message];
        }));
        console.log('refund not credited in time:', r.refundExternalId, r.state, JSON.stringify(reasons));
      }
      throw e;
    });
    moneybird.faults.reset();
    woo.faults.reset();
    // More polls see the refunds again; nothing is credited twice.
    await morePolls(worker.client, tenant.tenantId);

    const cases: [WooOrder, WooRefund, Map<number, { taxable: number; vat: number }>][] = [
      [a, partial, refundedByRate(partial)],
      [b, shipping, refundedByRate(shipping)],
      [c, full, orderByRate(c)],
    ];
    for (const [order, refund, expected] of cases) {
      const notes = creditNotes(order, refund.id);
      expect(notes, `credit notes of ${order.number}-R${refund.id}`).toHaveLength(1);
      const note = notes[0]!;
      const invoice = moneybird.invoicesByReference(order.number)[0]!;
      expect(creditedInvoiceId(note)).toBe(invoice.id);
      expect(totalIncl(note)).toBe(-cents(refund.amount));
      const booked = vatByRate(moneybird, note);
      for (const [bp, sum] of expected) {
        expect(booked.get(bp), `rate ${bp} of ${order.number}-R${refund.id}`).toEqual({ taxable: -sum.taxable, vat: -sum.vat });
      }
      expect(moneybird.invoicesByReference(order.number)).toHaveLength(1);
    }
    expect(moneybird.counters.serverErrors).toBeGreaterThan(0);
    expect(moneybird.counters.timeoutsAfterCommit).toBeGreaterThan(0);
    const rows = await credited();
    for (const [order, refund] of cases) {
      const row = rows.find((r) => r.refundExternalId === String(refund.id))!;
      expect(row).toMatchObject({ orderExternalId: String(order.id), orderNumber: order.number, amountInclCents: cents(refund.amount) });
      expect(row.targetDocumentId).toBe(creditNotes(order, refund.id)[0]!.id);
    }
    expect(await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenant.tenantId))).toEqual([]);
    expect(spec.violations).toEqual([]);
    expect(spec.operations).toContain('PATCH /{administration_id}/sales_invoices/{id}/duplicate_creditinvoice{format} 200');
  }, 300_000);

  it('a refund that arrives before its order is booked waits for the invoice, then is credited', async () => {
    const order = woo.createOrder({ status: 'pending' }, { lineCount: 2, shipping: true });
    const refund = woo.refundItems(order.id, { items: [{ id: order.line_items[0]!.id, quantity: 1 }] });
    const handle = worker.client.workflow.getHandle(refundWorkflowId(tenant.tenantId, 'woocommerce', String(order.id), String(refund.id)));
    await eventually(async () => (await handle.query(refundProgressQuery).catch(() => null))?.state === 'waiting-for-invoice', { what: 'the waiting refund' });
    expect(moneybird.invoicesByReference(order.number)).toEqual([]);
    expect(creditNotes(order, refund.id)).toEqual([]);

    await nextSecond(); // the shop stamps changes to the second
    woo.updateOrder(order.id, { status: 'processing' });
    await eventually(() => creditNotes(order, refund.id).length === 1, { what: 'the credit note after the invoice' });
    const invoice = moneybird.invoicesByReference(order.number);
    expect(invoice).toHaveLength(1);
    expect(creditedInvoiceId(creditNotes(order, refund.id)[0]!)).toBe(invoice[0]!.id);
    expect(totalIncl(creditNotes(order, refund.id)[0]!)).toBe(-cents(refund.amount));
  });

  it('a booked order that is cancelled gets a credit note for what was not refunded; an order never booked gets none', async () => {
    const order = woo.createOrder({}, { lineCount: 2, shipping: true });
    await eventually(() => moneybird.invoicesByReference(order.number).length === 1, { what: 'the invoice' });
    const shipping = woo.refundItems(order.id, { shipping: true });
    await eventually(() => creditNotes(order, shipping.id).length === 1, { what: 'the shipping credit note' });
    await nextSecond();
    woo.updateOrder(order.id, { status: 'cancelled' });
    await eventually(() => creditNotes(order, 'cancel').length === 1, { what: 'the cancellation credit note' });
    expect(totalIncl(creditNotes(order, 'cancel')[0]!)).toBe(-(cents(order.total) - cents(shipping.amount)));

    const never = woo.createOrder({ status: 'pending' });
    await nextSecond();
    woo.updateOrder(never.id, { status: 'cancelled' });
    await eventually(async () => (await database.db.select().from(syncedRefunds)
      .where(and(eq(syncedRefunds.tenantId, tenant.tenantId), eq(syncedRefunds.orderExternalId, String(never.id))))).some((r) => r.state === 'nothing-to-credit'), { what: 'nothing to credit' });
    expect(moneybird.invoicesByReference(never.number)).toEqual([]);
    expect(creditNotes(never, 'cancel')).toEqual([]);
  });

  it('a refund recorded after the order was cancelled and credited in full is recognised as already credited: never a second credit', async () => {
    const order = woo.createOrder({}, { lineCount: 2, shipping: true });
    await eventually(() => moneybird.invoicesByReference(order.number).length === 1, { what: 'the invoice' });
    const invoice = moneybird.invoicesByReference(order.number)[0]!;
    // Cancelled without a refund: the cancellation credits the whole invoice.
    await nextSecond();
    woo.updateOrder(order.id, { status: 'cancelled' });
    await eventually(() => creditNotes(order, 'cancel').length === 1, { what: 'the cancellation credit note' });
    const cancellation = creditNotes(order, 'cancel')[0]!;
    expect(totalIncl(cancellation)).toBe(-totalIncl(invoice));

    // Later the shop records the money returned as a refund (Woo's amount-only refund of the whole order).
    await nextSecond();
    const refund = woo.refundOrder(order.id, { amount: order.total, reason: 'Paid back after cancelling.' });
    const row = async () => (await database.db.select().from(syncedRefunds).where(and(
      eq(syncedRefunds.tenantId, tenant.tenantId), eq(syncedRefunds.orderExternalId, String(order.id)), eq(syncedRefunds.refundExternalId, String(refund.id)),
    )))[0];
    await eventually(async () => (await row())?.state === 'already-credited', { what: 'the refund recorded as already credited' });
    await morePolls(worker.client, tenant.tenantId);

    const handle = worker.client.workflow.getHandle(refundWorkflowId(tenant.tenantId, 'woocommerce', String(order.id), String(refund.id)));
    expect(await handle.result()).toEqual({ state: 'already-credited', targetDocumentId: cancellation.id });
    expect(await row()).toMatchObject({ state: 'already-credited', targetDocumentId: cancellation.id, amountInclCents: 0 });
    // No credit note of its own: the order's credit notes together credit exactly what was invoiced, per rate.
    expect(creditNotes(order, refund.id)).toEqual([]);
    const notes = [...moneybird.invoices.values()].filter((i) => creditedInvoiceId(i) === invoice.id);
    expect(notes.map((n) => n.reference)).toEqual([creditNoteReference(order.number, 'cancel')]);
    const invoiced = vatByRate(moneybird, invoice);
    const creditedByRate = vatByRate(moneybird, cancellation);
    for (const [bp, sum] of invoiced) expect(creditedByRate.get(bp), `rate ${bp}`).toEqual({ taxable: -sum.taxable, vat: -sum.vat });
  });

  it('a refund first, then the cancellation: the cancellation credits only the rest, and the refund is never credited twice', async () => {
    const order = woo.createOrder({}, { lineCount: 2, shipping: true });
    await eventually(() => moneybird.invoicesByReference(order.number).length === 1, { what: 'the invoice' });
    const invoice = moneybird.invoicesByReference(order.number)[0]!;
    // The refund and the cancellation reach doorzet at once: their claims serialise in Postgres and their credit
    // notes are written one at a time (activities/credit-note-lease.ts).
    const partial = woo.refundItems(order.id, { items: [{ id: order.line_items[0]!.id, quantity: 1 }] });
    woo.updateOrder(order.id, { status: 'cancelled' });
    await eventually(() => creditNotes(order, 'cancel').length === 1 && creditNotes(order, partial.id).length === 1, { timeoutMs: 120_000, what: 'both credit notes' }).catch(async (e: unknown) => {
      // Say where each of the two got to: its claim in Postgres and its workflow's state.
      for (const r of await database.db.select().from(syncedRefunds).where(eq(syncedRefunds.orderExternalId, String(order.id)))) {
        const d = await worker.client.workflow.getHandle(refundWorkflowId(tenant.tenantId, 'woocommerce', r.orderExternalId, r.refundExternalId)).describe().catch(() => null);
        console.log('claim', r.refundExternalId, r.state, r.amountInclCents, d?.status.name, JSON.stringify(d?.raw.pendingActivities?.map((a) => [a.activityType?.name, a.attempt])));
      }
      console.log('credit notes', creditNotes(order, 'cancel').length, creditNotes(order, partial.id).length);
      throw e;
    });
    await morePolls(worker.client, tenant.tenantId);
    const notes = [...moneybird.invoices.values()].filter((i) => creditedInvoiceId(i) === invoice.id);
    expect(notes).toHaveLength(2);
    expect(notes.reduce((sum, n) => sum + totalIncl(n), 0)).toBe(-totalIncl(invoice));
  });
});
