import { proxyActivities, sleep } from '@temporalio/workflow';
import type { createRetentionActivities } from '../activities/retention-activities';
import { dueAt } from '../domain/retention-policy';
import { databaseOptions } from './activity-options';

const retention = proxyActivities<ReturnType<typeof createRetentionActivities>>(databaseOptions);

export interface ErrorRedactionInput {
  tenantId: string;
  errorId: string;
  /** ISO time of the error; the redaction is due two months later (domain/retention-policy). */
  occurredAt: string;
}

/** Removes the debtor-specific parts of one error record when its retention ends. Carries ids only. */
export async function errorRedactionWorkflow(input: ErrorRedactionInput): Promise<void> {
  const due = dueAt('errorRecordRedaction', new Date(input.occurredAt));
  const wait = due.getTime() - Date.now();
  if (wait > 0) await sleep(wait);
  await retention.redactSaleError({ errorId: input.errorId });
}
