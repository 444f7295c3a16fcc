import { proxyActivities } from '@temporalio/workflow';
import type { createAlertActivities } from '../activities/alert-activities';
import { alertOptions } from './activity-options';

const alerts = proxyActivities<ReturnType<typeof createAlertActivities>>(alertOptions);

export interface BreachNoticeInput {
  breachId: string;
  tenantIds: string[];
  description: string;
  foundAt: string;
}

/** `breach-notice:<breachId>`: tells every affected tenant at once (e-mail and Slack), one alert per tenant. */
export async function breachNoticeWorkflow(input: BreachNoticeInput): Promise<{ notified: number }> {
  const outcomes = await Promise.all(input.tenantIds.map((tenantId) => alerts.sendTenantAlert({
    kind: 'data-breach', tenantId, breachId: input.breachId, description: input.description, foundAt: input.foundAt,
  })));
  return { notified: outcomes.filter((o) => o !== 'no-recipients').length };
}
