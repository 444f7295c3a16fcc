import { ParentClosePolicy, patched, proxyActivities, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createAlertActivities } from '../activities/alert-activities';
import type { CompletenessResult, createCompletenessActivities } from '../activities/completeness-activities';
import { completenessWorkflowId } from '../domain/workflow-ids';
import { alertOptions, databaseOptions, vendorCallOptions } from './activity-options';

type Activities = ReturnType<typeof createCompletenessActivities>;
const source = proxyActivities<Activities>({ ...vendorCallOptions, startToCloseTimeout: '30 minutes', heartbeatTimeout: '2 minutes', retry: { ...vendorCallOptions.retry, maximumAttempts: 5 } });
const database = proxyActivities<Activities>(databaseOptions);
const alerts = proxyActivities<ReturnType<typeof createAlertActivities>>(alertOptions);

/**
 * One tenant, one day: the shop's bookable orders and refunds of that day against what doorzet posted,
 * skipped and failed. Gaps become error records and, through `notifyTenant`, an alert.
 */
export async function completenessCheckWorkflow(input: { tenantId: string; day: string; settleMs?: number }): Promise<CompletenessResult> {
  const result = await source.checkCompleteness(input);
  if (result.missingOrders.length > 0 || result.missingRefunds.length > 0) {
    await database.notifyTenant({ tenantId: input.tenantId, kind: 'completeness-gap', day: input.day, missingOrders: result.missingOrders.length, missingRefunds: result.missingRefunds.length });
    // The tenant's alert recipients (e-mail, Slack), once per day; checks recorded before alerts existed replay without it.
    if (patched('completeness-alerts')) {
      await alerts.sendTenantAlert({ kind: 'completeness-gap', tenantId: input.tenantId, day: input.day, missing: result.missingOrders.length + result.missingRefunds.length })
        .catch(() => undefined); // a lost alert never fails the check: its gaps are error records anyway
    }
  }
  return result;
}

/** The daily schedule's workflow: yesterday (UTC) checked for every tenant whose sync runs, one child each. */
export async function completenessSweepWorkflow(input: { day?: string; settleMs?: number } = {}): Promise<{ day: string; tenants: number }> {
  const day = input.day ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const tenants = await database.listCompletenessTenants();
  for (const { tenantId } of tenants) {
    try {
      await startChild(completenessCheckWorkflow, {
        workflowId: completenessWorkflowId(tenantId, day),
        args: [{ tenantId, day, ...(input.settleMs === undefined ? {} : { settleMs: input.settleMs }) }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  return { day, tenants: tenants.length };
}
