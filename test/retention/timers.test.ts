import type { WorkflowExecutionDescription } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsShreddedError } from '../../crypto/vault-errors';
import { getRetentionTimer, listPendingDeletions } from '../../db/queries/retention-timers';
import { termStartOf } from '../../db/queries/retention-purge';
import { getSaleError, insertSaleError } from '../../db/queries/sale-errors';
import { platformLog, tenantKeys } from '../../db/schema';
import { describeError } from '../../domain/error-catalogue';
import { createErrorRecord, renderErrorMessage } from '../../domain/error-record';
import { addDays, dueAt } from '../../domain/retention-policy';
import { credentialRetentionWorkflowId, errorRedactionWorkflowId } from '../../domain/workflow-ids';
import { createRetentionHooks } from '../../worker/retention-client';
import type { credentialRetentionWorkflow, errorRedactionWorkflow } from '../../workflows';
import { eventually } from '../support/tenant';
import { dateOn, insertSealedConnections, insertTenant, setContractEnd, tenantConnections } from './fixtures';
import { DAY_MS, startTimeSkippingHarness, type TimeSkippingHarness } from './time-skipping';

const PLANTED_EMAIL = 'jan.jansen@example.org';
const PLANTED_SECRET = 'mb-planted-token-7f3a';
const dayBefore = (moment: Date) => new Date(moment.getTime() - DAY_MS);
// The close time (server time) tells when the timer fired.
const closedAfter = (d: WorkflowExecutionDescription, due: Date) => (d.closeTime?.getTime() ?? Number.NaN) - due.getTime();

describe('retention timers on the time-skipping server', () => {
  let h: TimeSkippingHarness;
  beforeAll(async () => {
    h = await startTimeSkippingHarness();
  });
  afterAll(async () => h?.teardown());

  const db = () => h.database.db;
  const pendingTimer = (workflowId: string, due: Date) => eventually(async () => {
    const timer = await getRetentionTimer(db(), workflowId);
    return timer?.state === 'pending' && timer.dueAt.getTime() === due.getTime();
  }, { what: `pending timer ${workflowId} due ${due.toISOString()}` });
  const credentialsOf = async (tenantId: string) => (await tenantConnections(db(), tenantId)).map((c) => c.sealedCredentials);

  async function insertError(tenantId: string, occurredAt: Date) {
    const record = createErrorRecord({
      code: 'INVALID_EMAIL',
      template: 'Order {orderNumber} cannot be posted: {summary} (e-mail address on the order: {email})',
      params: { orderNumber: '1001', summary: 'The e-mail address of the customer is not valid.' },
      pii: { email: PLANTED_EMAIL },
      occurredAt,
    });
    return insertSaleError(db(), {
      tenantId, source: 'woocommerce', externalId: '1001', orderNumber: '1001', code: record.code, cause: describeError(record.code).cause,
      template: record.template, params: record.params, pii: record.pii, workflowId: 'sale:t:woocommerce:1001', runId: 'run-1',
      occurredAt, redactAt: dueAt('errorRecordRedaction', occurredAt),
    });
  }

  describe('error record redaction', () => {
    let errorId: string;
    let tenantId: string;
    let occurredAt: Date;

    it('removes the debtor-specific part on its day, not a day earlier, and keeps the rest readable', async () => {
      tenantId = await insertTenant(db());
      occurredAt = await h.now();
      errorId = (await insertError(tenantId, occurredAt)).id;
      const workflowId = errorRedactionWorkflowId(errorId);
      const due = dueAt('errorRecordRedaction', occurredAt);

      const handle = await h.client.workflow.start<typeof errorRedactionWorkflow>('errorRedactionWorkflow', {
        workflowId, taskQueue: h.taskQueue, args: [{ tenantId, errorId, occurredAt: occurredAt.toISOString() }],
      });
      await pendingTimer(workflowId, due);
      expect(await listPendingDeletions(db(), tenantId)).toEqual([{ rule: 'errorRecordRedaction', subjectId: errorId, workflowId, dueAt: due }]);

      await h.skipTo(dayBefore(due));
      expect((await getSaleError(db(), errorId))?.pii).toEqual({ email: PLANTED_EMAIL });
      expect((await handle.describe()).status.name).toBe('RUNNING');

      await h.skipTo(due);
      expect(await handle.result()).toEqual({ redacted: true });
      expect(closedAfter(await handle.describe(), due)).toBeLessThan(60_000); // fired at its moment, not later

      const row = await getSaleError(db(), errorId);
      expect(row?.pii).toBeNull();
      expect(row?.redactedAt).not.toBeNull();
      const message = renderErrorMessage({
        code: 'INVALID_EMAIL', template: row!.template, params: row!.params, pii: row!.pii, occurredAt: occurredAt.toISOString(), redactedAt: row!.redactedAt!.toISOString(),
      });
      expect(message).toBe('Order 1001 cannot be posted: The e-mail address of the customer is not valid. (e-mail address on the order: [removed])');
      expect(JSON.stringify(row)).not.toContain(PLANTED_EMAIL);
      expect((await getRetentionTimer(db(), workflowId))?.state).toBe('done');
      expect(await listPendingDeletions(db(), tenantId)).toEqual([]);
    });

    it('changes nothing when it fires a second time', async () => {
      const before = await getSaleError(db(), errorId);
      const result = await h.client.workflow.execute<typeof errorRedactionWorkflow>('errorRedactionWorkflow', {
        workflowId: errorRedactionWorkflowId(errorId), taskQueue: h.taskQueue, args: [{ tenantId, errorId, occurredAt: occurredAt.toISOString() }],
      });
      expect(result).toEqual({ redacted: false });
      expect(await getSaleError(db(), errorId)).toEqual(before);
      expect((await getRetentionTimer(db(), errorRedactionWorkflowId(errorId)))?.state).toBe('done');
    });
  });

  describe('credential deletion', () => {
    it('deletes the credentials two months after the contract ends, not a day earlier, and shreds the tenant key', async () => {
      const hooks = createRetentionHooks(h.client, { taskQueue: h.taskQueue });
      const tenantId = await insertTenant(db());
      await insertSealedConnections(db(), h.vault, tenantId, PLANTED_SECRET);
      const contractEndsOn = dateOn(await h.now());
      await setContractEnd(db(), tenantId, contractEndsOn);
      const workflowId = credentialRetentionWorkflowId(tenantId);
      const due = dueAt('credentialDeletion', termStartOf(contractEndsOn));

      await hooks.onContractChanged(tenantId);
      await pendingTimer(workflowId, due);

      await h.skipTo(dayBefore(due));
      const [source] = await tenantConnections(db(), tenantId);
      expect(source?.sealedCredentials).not.toBeNull();
      const opened = await h.vault.open(tenantId, source!.id, source!.sealedCredentials!, { actor: 'test', purpose: 'still readable before the deadline' });
      expect(JSON.stringify(opened)).toContain(PLANTED_SECRET);

      await h.skipTo(due);
      const handle = h.client.workflow.getHandle<typeof credentialRetentionWorkflow>(workflowId);
      expect(await handle.result()).toEqual({ outcome: 'deleted', connections: 2, keyShredded: true });
      expect(closedAfter(await handle.describe(), due)).toBeLessThan(60_000);

      const after = await tenantConnections(db(), tenantId);
      expect(after.map((c) => c.sealedCredentials)).toEqual([null, null]);
      expect(after.every((c) => c.credentialsDeletedAt !== null)).toBe(true);
      expect(await db().select().from(tenantKeys).where(eq(tenantKeys.tenantId, tenantId))).toEqual([]);
      // Every copy of the sealed bytes (a backup, say) is now unreadable.
      await expect(h.vault.open(tenantId, source!.id, source!.sealedCredentials!, { actor: 'test', purpose: 'after shredding' }))
        .rejects.toBeInstanceOf(CredentialsShreddedError);
      const log = await db().select().from(platformLog).where(eq(platformLog.tenantId, tenantId));
      expect(log.map((l) => l.action)).toEqual(['credentials.deleted']);
      expect(JSON.stringify(log)).not.toContain(PLANTED_SECRET);
      expect((await getRetentionTimer(db(), workflowId))?.state).toBe('done');
    });

    it('moves the deadline when the end moves, cancels on an open-ended renewal, and starts again at a later end', async () => {
      const hooks = createRetentionHooks(h.client, { taskQueue: h.taskQueue });
      const tenantId = await insertTenant(db());
      await insertSealedConnections(db(), h.vault, tenantId, PLANTED_SECRET);
      const workflowId = credentialRetentionWorkflowId(tenantId);
      const handle = h.client.workflow.getHandle<typeof credentialRetentionWorkflow>(workflowId);

      const firstEnd = dateOn(addDays(await h.now(), 10));
      await setContractEnd(db(), tenantId, firstEnd);
      await hooks.onContractChanged(tenantId);
      const firstDue = dueAt('credentialDeletion', termStartOf(firstEnd));
      await pendingTimer(workflowId, firstDue);
      const firstRunId = (await handle.describe()).runId;

      // Renewed for a year before the deadline: the same timer moves.
      await h.skipTo(addDays(await h.now(), 5));
      const renewedEnd = dateOn(addDays(await h.now(), 365));
      await setContractEnd(db(), tenantId, renewedEnd);
      await hooks.onContractChanged(tenantId);
      const renewedDue = dueAt('credentialDeletion', termStartOf(renewedEnd));
      await pendingTimer(workflowId, renewedDue);
      await h.skipTo(addDays(firstDue, 1));
      expect(await credentialsOf(tenantId)).not.toContain(null);
      expect((await handle.describe()).status.name).toBe('RUNNING');

      // Renewed open-ended: the deletion is cancelled.
      await setContractEnd(db(), tenantId, null);
      await hooks.onContractChanged(tenantId);
      expect(await handle.result()).toEqual({ outcome: 'cancelled' });
      expect((await getRetentionTimer(db(), workflowId))?.state).toBe('cancelled');
      expect(await listPendingDeletions(db(), tenantId)).toEqual([]);
      await h.skipTo(addDays(renewedDue, 1));
      expect(await credentialsOf(tenantId)).not.toContain(null);

      // The contract ends after all: a new timer under the same id.
      const laterEnd = dateOn(await h.now());
      await setContractEnd(db(), tenantId, laterEnd);
      await hooks.onContractChanged(tenantId);
      const laterDue = dueAt('credentialDeletion', termStartOf(laterEnd));
      await pendingTimer(workflowId, laterDue);
      expect((await handle.describe()).runId).not.toBe(firstRunId);
      expect(await listPendingDeletions(db(), tenantId)).toEqual([{ rule: 'credentialDeletion', subjectId: tenantId, workflowId, dueAt: laterDue }]);

      await h.skipTo(dayBefore(laterDue));
      expect(await credentialsOf(tenantId)).not.toContain(null);
      await h.skipTo(laterDue);
      expect(await handle.result()).toMatchObject({ outcome: 'deleted', connections: 2 });
      expect(await credentialsOf(tenantId)).toEqual([null, null]);
    });

    it('changes nothing when it fires again after the deletion', async () => {
      const hooks = createRetentionHooks(h.client, { taskQueue: h.taskQueue });
      const tenantId = await insertTenant(db(), { contractEndsOn: dateOn(addDays(await h.now(), -120)) });
      await insertSealedConnections(db(), h.vault, tenantId, PLANTED_SECRET);
      const handle = h.client.workflow.getHandle<typeof credentialRetentionWorkflow>(credentialRetentionWorkflowId(tenantId));

      await hooks.onContractChanged(tenantId); // long past due: deletes at once
      expect(await handle.result()).toEqual({ outcome: 'deleted', connections: 2, keyShredded: true });
      const before = await tenantConnections(db(), tenantId);

      await hooks.onContractChanged(tenantId);
      expect(await handle.result()).toEqual({ outcome: 'deleted', connections: 0, keyShredded: false });
      expect(await tenantConnections(db(), tenantId)).toEqual(before);
      const log = await db().select().from(platformLog).where(eq(platformLog.tenantId, tenantId));
      expect(log).toHaveLength(1);
    });
  });
});
