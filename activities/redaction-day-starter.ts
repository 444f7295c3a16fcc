import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { errorRedactionDayWorkflow } from '../workflows/error-redaction-day.workflow';

/** Starts a tenant's redaction timer for one due day; starting it again while it runs is a no-op. */
export type RedactionDayStarter = (day: { tenantId: string; dueDay: string; workflowId: string }) => Promise<void>;

/**
 * From the activity that records the error, so that every kind of error record (a failed sale, an order
 * changed after posting, a correction or a till day that cannot be booked) gets its day's timer.
 */
export function createRedactionDayStarter(client: Client, taskQueue: string): RedactionDayStarter {
  return async ({ tenantId, dueDay, workflowId }) => {
    try {
      await client.workflow.start<typeof errorRedactionDayWorkflow>('errorRedactionDayWorkflow', {
        workflowId, taskQueue, args: [{ tenantId, dueDay }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    } catch (error) {
      // Servers that ignore the conflict policy (the time-skipping test server) answer this instead.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
}
