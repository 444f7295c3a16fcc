import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { canonicalTenantId, credentialRetentionWorkflowId } from '../domain/workflow-ids';
import { contractChangedSignal } from '../workflows/retention/definitions';
import type { credentialRetentionWorkflow } from '../workflows/retention/credential-retention.workflow';

export interface RetentionHooks {
  /** Call after a tenant's contract end was set, moved or cleared; the timer reads the new end itself. */
  onContractChanged(tenantId: string): Promise<void>;
}

/**
 * The API's entry into the credential timer: signals the running timer, or starts a new one when none
 * runs (the first end date, or a later end after a renewal cancelled the previous timer).
 */
export function createRetentionHooks(client: Client, options: { taskQueue: string }): RetentionHooks {
  return {
    async onContractChanged(rawTenantId) {
      const tenantId = canonicalTenantId(rawTenantId);
      await client.workflow.signalWithStart<typeof credentialRetentionWorkflow>('credentialRetentionWorkflow', {
        workflowId: credentialRetentionWorkflowId(tenantId),
        taskQueue: options.taskQueue,
        args: [{ tenantId }],
        signal: contractChangedSignal,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
    },
  };
}
