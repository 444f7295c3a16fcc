import type { Db } from '../db/client';
import { dueDayOf, registerRedactionDay } from '../db/queries/redaction-days';
import { dueAt } from '../domain/retention-policy';
import { errorRedactionDayWorkflowId } from '../domain/workflow-ids';

/**
 * Registers a new error record's redaction with its tenant's timer for the due day. The record's own
 * `redact_at` is the registration; the day's workflow is started by the caller when `start` says so.
 */
export async function registerErrorRedaction(db: Db, tenantId: string, occurredAt: Date): Promise<{ workflowId: string; dueDay: string; start: boolean }> {
  const dueDay = dueDayOf(dueAt('errorRecordRedaction', occurredAt));
  const workflowId = errorRedactionDayWorkflowId(tenantId, dueDay);
  const { start } = await registerRedactionDay(db, { tenantId, dueDay, workflowId });
  return { workflowId, dueDay, start };
}
