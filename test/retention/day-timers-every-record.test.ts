import { MockActivityEnvironment } from '@temporalio/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { ConnectorFactory } from '../../activities/connector-provider';
import { createRedactionDayStarter } from '../../activities/redaction-day-starter';
import type { CompletenessResult } from '../../activities/completeness-activities';
import { connectorFactory } from '../../connectors/registry';
import { startWooSimulator, type WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { listDayTimerDeletions, redactionRunAt } from '../../db/queries/redaction-days';
import { getSaleError } from '../../db/queries/sale-errors';
import { saleErrors, syncedSales } from '../../db/schema';
import { createSimulatedTenant } from '../support/tenant';
import { errorRedactionDayWorkflowId } from '../../domain/workflow-ids';
import { pendingRedactionsQuery } from '../../workflows/error-redaction-day.workflow';
import { eventually } from '../support/tenant';
import { insertTenant } from './fixtures';
import { startTimeSkippingHarness, type TimeSkippingHarness } from './time-skipping';

const noConnectors: ConnectorFactory = {
  salesSource: () => { throw new Error('recording an error reaches no vendor'); },
  accountingTarget: () => { throw new Error('recording an error reaches no vendor'); },
};

/**
 * Error records that no sale workflow follows up (an order changed after posting, a correction that needs
 * history, a till day that cannot be booked) used to register their day without anyone starting its timer.
 * The recording activity now starts it, as the worker wires it (createRedactionDayStarter on its connection).
 */
describe('every kind of error record gets its day redaction timer, on the time-skipping server', () => {
  let h: TimeSkippingHarness;
  beforeAll(async () => {
    h = await startTimeSkippingHarness();
  });
  afterAll(async () => h?.teardown());

  it('a changed-order, a correction and a till-day record are listed, run by their day workflow and redacted on their day', async () => {
    const db = h.database.db;
    const tenantId = await insertTenant(db);
    const activities = createActivities({
      db, vault: h.vault, connectorFactory: noConnectors, rateLimitOf: () => ({ limit: 1_000, windowMs: 1_000 }),
      startRedactionDay: createRedactionDayStarter(h.client, h.taskQueue),
    });
    const base = { tenantId, source: 'woocommerce' as const, workflowId: 'wf', runId: 'run' };
    // What sale.workflow (changed after posting), correction.workflow and pos-day.workflow record, none of which starts a timer.
    const records = [
      await activities.recordSaleError({ ...base, externalId: '4001', orderNumber: '4001', code: 'ORDER_CHANGED_AFTER_POSTING', pii: null, params: { postedInclCents: '1210', currentInclCents: '1815' } }),
      await activities.recordSaleError({ ...base, externalId: '4002', orderNumber: '4002', code: 'CORRECTION_NEEDS_HISTORY', pii: null, params: {} }),
      await activities.recordSaleError({ ...base, externalId: 'pos-day', orderNumber: 'POS-2026-12-01', code: 'TARGET_VALIDATION', pii: null, params: { summary: 'Ledger account missing.', issueCodes: 'TARGET_VALIDATION', paths: '' } }),
      // A failed sale with the debtor's e-mail right after: it used to see "day registered, not started" and start nothing.
      await activities.recordSaleError({ ...base, externalId: '4003', orderNumber: '4003', code: 'INVALID_EMAIL', pii: { email: 'jan@example.org' }, params: { summary: 'The e-mail address is not valid.' } }),
    ];
    expect(records.every((r) => r.isNew)).toBe(true);
    const days = new Set(records.map((r) => r.redaction?.dueDay));
    // The workflow is told not to start anything: the activity did.
    expect(records.map((r) => r.redaction?.start)).toEqual([false, false, false, false]);

    for (const dueDay of days) {
      const handle = h.client.workflow.getHandle(errorRedactionDayWorkflowId(tenantId, dueDay!));
      // What the Temporal UI shows: the day's workflow, running, listing its records.
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const mine = records.filter((r) => r.redaction?.dueDay === dueDay).map((r) => r.errorId).sort();
      await eventually(async () => (await handle.query(pendingRedactionsQuery)).errorIds.length === mine.length, { what: 'the day lists its records' });
      expect((await handle.query(pendingRedactionsQuery)).errorIds.sort()).toEqual(mine);
    }
    // What GET /tenants/:id/privacy/deletions lists for the day timers.
    const listed = await listDayTimerDeletions(db, tenantId);
    expect(listed.map((l) => l.subjectId).sort()).toEqual(records.map((r) => r.errorId).sort());

    const rows = await Promise.all(records.map((r) => getSaleError(db, r.errorId)));
    const last = Math.max(...rows.map((r) => redactionRunAt(r!.redactAt).getTime()));
    await h.skipTo(new Date(last + 1_000));
    for (const dueDay of days) await h.client.workflow.getHandle(errorRedactionDayWorkflowId(tenantId, dueDay!)).result();
    for (const r of records) {
      const row = await getSaleError(db, r.errorId);
      expect(row?.redactedAt, `record ${r.errorId} redacted`).not.toBeNull();
      expect(row?.pii).toBeNull();
    }
    expect(await listDayTimerDeletions(db, tenantId)).toEqual([]);
  });
});

/**
 * The writers outside the sale activities: the sync's recheck of a posted order, the daily completeness check and
 * the refund activities. On a server of its own: the test above moved its clock two months on, and a record written
 * now (on the real clock) would be overdue at once there.
 */
describe('error records of the sync, the completeness check and refunds get their day redaction timer, on the time-skipping server', () => {
  let h: TimeSkippingHarness;
  beforeAll(async () => {
    h = await startTimeSkippingHarness({ connectorFactory });
  });
  afterAll(async () => h?.teardown());

  /** What the Temporal UI shows for each day (its workflow running, listing the records), then each record redacted on its day. */
  async function expectRedactedOnTheirDay(tenantId: string, records: { errorId: string; redaction?: { dueDay: string } }[]): Promise<void> {
    const db = h.database.db;
    const days = new Set(records.map((r) => r.redaction?.dueDay));
    expect(days.has(undefined)).toBe(false);
    for (const dueDay of days) {
      const handle = h.client.workflow.getHandle(errorRedactionDayWorkflowId(tenantId, dueDay!));
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const mine = records.filter((r) => r.redaction?.dueDay === dueDay).map((r) => r.errorId).sort();
      await eventually(async () => (await handle.query(pendingRedactionsQuery)).errorIds.length === mine.length, { what: 'the day lists its records' });
      expect((await handle.query(pendingRedactionsQuery)).errorIds.sort()).toEqual(mine);
    }
    // What GET /tenants/:id/privacy/deletions lists for the day timers.
    expect((await listDayTimerDeletions(db, tenantId)).map((l) => l.subjectId).sort()).toEqual(records.map((r) => r.errorId).sort());
    const rows = await Promise.all(records.map((r) => getSaleError(db, r.errorId)));
    const first = Math.min(...rows.map((r) => r!.redactAt.getTime()));
    // Never early: an hour before the first is due, nothing is redacted.
    await h.skipTo(new Date(first - 3_600_000));
    for (const r of records) expect((await getSaleError(db, r.errorId))?.redactedAt, `record ${r.errorId} not redacted early`).toBeNull();
    const last = Math.max(...rows.map((r) => redactionRunAt(r!.redactAt).getTime()));
    await h.skipTo(new Date(last + 1_000));
    for (const dueDay of days) await h.client.workflow.getHandle(errorRedactionDayWorkflowId(tenantId, dueDay!)).result();
    for (const r of records) {
      const row = await getSaleError(db, r.errorId);
      expect(row?.redactedAt, `record ${r.errorId} redacted`).not.toBeNull();
      expect(row?.pii).toBeNull();
      // The record itself is kept (DESIGN.md): only its debtor-specific parts go.
      expect(row?.template.length).toBeGreaterThan(0);
    }
    expect(await listDayTimerDeletions(db, tenantId)).toEqual([]);
  }

  it('the records the sync (changed after posting), the completeness check (order not booked, refund not credited) and a refund write get their day timer and are redacted on their day', async () => {
    const db = h.database.db;
    let woo: WooSimulator | undefined;
    let moneybird: MoneybirdSimulator | undefined;
    try {
      woo = await startWooSimulator({ seed: 4242 });
      moneybird = await startMoneybirdSimulator({ seed: 4242 });
      const tenant = await createSimulatedTenant(db, h.vault, { woo, moneybird });
      const tenantId = tenant.tenantId;
      const activities = createActivities({
        db, vault: h.vault, connectorFactory, rateLimitOf: () => ({ limit: 1_000, windowMs: 1_000 }),
        startRedactionDay: createRedactionDayStarter(h.client, h.taskQueue),
      });
      const posted = (externalId: string, orderNumber: string, inclCents: number) => db.insert(syncedSales).values({
        tenantId, source: 'woocommerce', externalId, orderNumber, state: 'posted', amountExclCents: inclCents, amountInclCents: inclCents,
        targetDocumentId: `doc-${externalId}`, postedAt: new Date(),
      });
      // An order posted at one amount that the shop now shows at another: the sync's recheck reports it.
      const changed = woo.createOrder();
      await posted(String(changed.id), changed.number, 1);
      // An order posted and then refunded in the shop, with no credit note in doorzet's records.
      const refunded = woo.createOrder();
      await posted(String(refunded.id), refunded.number, Math.round(Number(refunded.total) * 100));
      const refund = woo.refundOrder(refunded.id, { amount: '1.00' });
      // An order in the shop that doorzet has no record of.
      const lost = woo.createOrder();

      // Both run as activities of their workflows would (the activity context gives the workflow id).
      const sync = new MockActivityEnvironment({ workflowExecution: { workflowId: `tenant-sync:${tenantId}`, runId: 'run-sync' } });
      expect(await sync.run(() => activities.recheckPostedSale({ tenantId, source: 'woocommerce', externalId: String(changed.id) }))).toBe('changed-after-posting');
      const check = new MockActivityEnvironment({ workflowExecution: { workflowId: `completeness:${tenantId}`, runId: 'run-check' } });
      const day = new Date().toISOString().slice(0, 10);
      const result: CompletenessResult = await check.run(() => activities.checkCompleteness({ tenantId, day, settleMs: 0 }));
      expect(result.missingOrders).toEqual([lost.number]);
      expect(result.missingRefunds).toHaveLength(1);
      // A refund whose order is not booked (what refund.workflow records after waiting a day).
      const waiting = await activities.recordRefundError({
        tenantId, source: 'woocommerce', orderExternalId: '999', refundExternalId: '77', orderNumber: '999',
        code: 'REFUND_WAITING_FOR_INVOICE', params: {}, workflowId: 'refund:x', runId: 'run-refund',
      });
      // The activity started the day: the refund workflow is told not to.
      expect(waiting.redaction?.start).toBe(false);

      const rows = await db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenantId));
      expect(rows.map((r) => r.code).sort()).toEqual(['ORDER_CHANGED_AFTER_POSTING', 'ORDER_NOT_BOOKED', 'REFUND_NOT_CREDITED', 'REFUND_WAITING_FOR_INVOICE']);
      expect(rows.every((r) => r.pii === null)).toBe(true);
      const refundRow = rows.find((r) => r.code === 'REFUND_NOT_CREDITED');
      expect(refundRow?.externalId).toBe(`${refunded.id}/refunds/${refund.id}`);
      const byId = rows.map((r) => ({ errorId: r.id, redaction: { dueDay: r.redactAt.toISOString().slice(0, 10) } }));
      await expectRedactedOnTheirDay(tenantId, byId);
      const [after] = await db.select().from(saleErrors).where(and(eq(saleErrors.tenantId, tenantId), eq(saleErrors.code, 'ORDER_CHANGED_AFTER_POSTING')));
      expect(after?.params).toMatchObject({ postedInclCents: '1' });
    } finally {
      await woo?.stop();
      await moneybird?.stop();
    }
  });
});
