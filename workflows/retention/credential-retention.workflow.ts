import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { RetentionActivities } from '../../activities/retention-activities';
import { dueAt } from '../../domain/retention-policy';
import { databaseOptions } from '../activity-options';
import { contractChangedSignal } from './definitions';

const retention = proxyActivities<RetentionActivities>(databaseOptions);

export interface CredentialRetentionInput {
  tenantId: string;
}

export type CredentialRetentionResult =
  | { outcome: 'deleted'; connections: number; keyShredded: boolean }
  /** Renewed open-ended before the deadline; a later end starts the workflow again. */
  | { outcome: 'cancelled' }
  | { outcome: 'tenant-gone' };

/**
 * Deletes a tenant's credentials two months after its contract ends (domain/retention-policy). The end date
 * is read from Postgres at start and at every `contractChanged` signal, so a renewal moves or cancels the
 * deadline. Input and history carry the tenant id only.
 */
export async function credentialRetentionWorkflow(input: CredentialRetentionInput): Promise<CredentialRetentionResult> {
  const { tenantId } = input;
  const { workflowId } = workflowInfo();
  let changed = false;
  setHandler(contractChangedSignal, () => {
    changed = true;
  });

  for (;;) {
    changed = false; // reset before the read: a signal during the read makes the loop read again
    const contract = await retention.readContractEnd({ tenantId });
    if (!contract.found) {
      await retention.settleRetentionTimer({ workflowId, state: 'cancelled' });
      return { outcome: 'tenant-gone' };
    }
    if (contract.termEndsAt === null) {
      await retention.settleRetentionTimer({ workflowId, state: 'cancelled' });
      return { outcome: 'cancelled' };
    }
    const due = dueAt('credentialDeletion', new Date(contract.termEndsAt));
    const remaining = due.getTime() - Date.now();
    if (remaining <= 0) {
      const deleted = await retention.deleteTenantCredentials({ tenantId, workflowId });
      await retention.settleRetentionTimer({ workflowId, state: 'done' });
      return { outcome: 'deleted', ...deleted };
    }
    await retention.registerRetentionTimer({ tenantId, rule: 'credentialDeletion', subjectId: tenantId, workflowId, dueAt: due.toISOString() });
    // Either the deadline passes (the next read confirms it) or the contract changed (read it again).
    await condition(() => changed, remaining);
    if (!changed && workflowInfo().continueAsNewSuggested) await continueAsNew<typeof credentialRetentionWorkflow>(input);
  }
}
