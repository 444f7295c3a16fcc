import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { RetentionActivities } from '../activities/retention-activities';
import { dueAt } from '../domain/retention-policy';
import { databaseOptions } from './activity-options';

const retention = proxyActivities<RetentionActivities>(databaseOptions);

export interface ErrorRedactionInput {
  tenantId: string;
  errorId: string;
  /** ISO time of the error; the redaction is due two months later (domain/retention-policy). */
  occurredAt: string;
}

export interface ErrorRedactionResult {
  /** False when the record was already redacted (a second run) or no longer exists. */
  redacted: boolean;
}

/** Removes the debtor-specific parts of one error record when its retention ends. Carries ids only. */
export async function errorRedactionWorkflow(input: ErrorRedactionInput): Promise<ErrorRedactionResult> {
  const { workflowId } = workflowInfo();
  const due = dueAt('errorRecordRedaction', new Date(input.occurredAt));
  await retention.registerRetentionTimer({
    tenantId: input.tenantId, rule: 'errorRecordRedaction', subjectId: input.errorId, workflowId, dueAt: due.toISOString(),
  });
  const wait = due.getTime() - Date.now();
  if (wait > 0) await sleep(wait);
  const { redacted } = await retention.redactSaleError({ errorId: input.errorId });
  await retention.settleRetentionTimer({ workflowId, state: 'done' });
  return { redacted };
}
