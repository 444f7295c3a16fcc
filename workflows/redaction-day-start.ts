import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { errorRedactionDayWorkflow } from './error-redaction-day.workflow';

/** What the activity that recorded an error says of its redaction day: the day's workflow, and whether to start it. */
export interface RedactionDayOfRecord {
  workflowId: string;
  dueDay: string;
  start: boolean;
}

/** Starts the tenant's redaction day workflow when the recording activity asks for it; one already running is fine. */
export async function startRedactionDay(tenantId: string, day: RedactionDayOfRecord | undefined): Promise<void> {
  if (!day?.start) return;
  try {
    await startChild(errorRedactionDayWorkflow, {
      workflowId: day.workflowId, args: [{ tenantId, dueDay: day.dueDay }], parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
