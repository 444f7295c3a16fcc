import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { ConnectorFactory } from '../../activities/connector-provider';
import { createRedactionDayStarter } from '../../activities/redaction-day-starter';
import { listDayTimerDeletions, redactionRunAt } from '../../db/queries/redaction-days';
import { getSaleError } from '../../db/queries/sale-errors';
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
