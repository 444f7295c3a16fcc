import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorRedaction } from '../../activities/register-redaction';
import { listDayTimerDeletions, redactionRunAt } from '../../db/queries/redaction-days';
import { getSaleError, insertSaleError } from '../../db/queries/sale-errors';
import { describeError } from '../../domain/error-catalogue';
import { dueAt } from '../../domain/retention-policy';
import { errorRedactionDayWorkflowId } from '../../domain/workflow-ids';
import type { errorRedactionDayWorkflow } from '../../workflows';
import { pendingRedactionsQuery } from '../../workflows/error-redaction-day.workflow';
import { eventually } from '../support/tenant';
import { insertTenant } from './fixtures';
import { startTimeSkippingHarness, type TimeSkippingHarness } from './time-skipping';

const EMAIL = 'piet.pieters@example.org';

describe('one redaction timer per tenant per due day, on the time-skipping server', () => {
  let h: TimeSkippingHarness;
  beforeAll(async () => {
    h = await startTimeSkippingHarness();
  });
  afterAll(async () => h?.teardown());
  const db = () => h.database.db;

  async function recordError(tenantId: string, occurredAt: Date, externalId: string) {
    const row = await insertSaleError(db(), {
      tenantId, source: 'woocommerce', externalId, orderNumber: externalId, code: 'INVALID_EMAIL', cause: describeError('INVALID_EMAIL').cause,
      template: 'Order {orderNumber} cannot be posted: {summary} (e-mail address on the order: {email})',
      params: { orderNumber: externalId, summary: 'The e-mail address is not valid.' }, pii: { email: EMAIL },
      workflowId: `sale:${tenantId}:woocommerce:${externalId}`, runId: 'run-1', occurredAt, redactAt: dueAt('errorRecordRedaction', occurredAt),
    });
    return { errorId: row.id, redactAt: row.redactAt, ...await registerErrorRedaction(db(), tenantId, occurredAt) };
  }

  it('registers each error as a row, starts the day once, lists the day in Temporal and the API, and redacts on time', async () => {
    const tenantId = await insertTenant(db());
    const otherTenant = await insertTenant(db());
    // Three errors the same minute, so they share a due day whatever the time of day.
    const t0 = await h.now();
    const errors = [
      await recordError(tenantId, t0, '2001'),
      await recordError(tenantId, new Date(t0.getTime() + 1_000), '2002'),
      await recordError(tenantId, new Date(t0.getTime() + 2_000), '2003'),
    ];
    const other = await recordError(otherTenant, t0, '3001');
    const workflowId = errorRedactionDayWorkflowId(tenantId, errors[0]!.dueDay);
    expect(errors.map((e) => [e.workflowId, e.start])).toEqual([[workflowId, true], [workflowId, false], [workflowId, false]]);
    expect(other.start).toBe(true);
    expect(other.workflowId).not.toBe(workflowId);

    // What the sale workflow does when `start` is true.
    const handle = await h.client.workflow.start<typeof errorRedactionDayWorkflow>('errorRedactionDayWorkflow', {
      workflowId, taskQueue: h.taskQueue, args: [{ tenantId, dueDay: errors[0]!.dueDay }],
    });
    await h.client.workflow.start<typeof errorRedactionDayWorkflow>('errorRedactionDayWorkflow', {
      workflowId: other.workflowId, taskQueue: h.taskQueue, args: [{ tenantId: otherTenant, dueDay: other.dueDay }],
    });
    await eventually(async () => (await handle.query(pendingRedactionsQuery)).errorIds.length === 3, { what: 'the day lists its three errors' });
    expect((await handle.query(pendingRedactionsQuery)).errorIds.sort()).toEqual(errors.map((e) => e.errorId).sort());

    const listed = await listDayTimerDeletions(db(), tenantId);
    expect(listed).toEqual(errors.map((e) => ({ subjectId: e.errorId, workflowId, dueAt: redactionRunAt(e.redactAt) })));

    // Not early: an hour before the first is due, everything is still there.
    await h.skipTo(new Date(errors[0]!.redactAt.getTime() - 3_600_000));
    expect((await getSaleError(db(), errors[0]!.errorId))?.pii).toEqual({ email: EMAIL });
    expect((await handle.describe()).status.name).toBe('RUNNING');

    await h.skipTo(new Date(redactionRunAt(errors[2]!.redactAt).getTime() + 1_000));
    expect(await handle.result()).toEqual({ redacted: 3 });
    for (const e of errors) {
      const row = await getSaleError(db(), e.errorId);
      expect(row?.pii).toBeNull();
      // Redacted at the top of the hour after it fell due: never early, at most an hour late.
      expect(row?.redactedAt).not.toBeNull();
    }
    expect(await listDayTimerDeletions(db(), tenantId)).toEqual([]);
    // The other tenant's day is its own workflow and ran on its own.
    await eventually(async () => (await getSaleError(db(), other.errorId))?.pii === null, { what: "the other tenant's error redacted by its own day" });
  });
});
