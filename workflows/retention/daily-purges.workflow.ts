import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { RetentionActivities } from '../../activities/retention-activities';
import { databaseOptions } from '../activity-options';

// Purges scan whole tables; a longer timeout than a single-row step.
const retention = proxyActivities<RetentionActivities>({ ...databaseOptions, startToCloseTimeout: '10 minutes' });

export interface PurgeResult {
  deleted: number;
}

// Each takes `now` from the workflow clock, which the time-skipping test server moves.
const now = () => new Date(Date.now()).toISOString();

/** Daily: platform log lines older than one month. */
export async function logPurgeWorkflow(): Promise<PurgeResult> {
  return retention.purgePlatformLog({ now: now() });
}

/** Daily: our invoices and tenants' NAW, IBAN and VAT number past the statutory term. */
export async function statutoryPurgeWorkflow(): Promise<PurgeResult & { invoices: number; tenants: number; overdue: number }> {
  return retention.purgeStatutoryData({ now: now(), workflowId: workflowInfo().workflowId });
}

/** Daily: access analytics older than 180 days. */
export async function analyticsPurgeWorkflow(): Promise<PurgeResult> {
  return retention.purgeAccessAnalytics({ now: now() });
}

/** Daily: backups older than two months marked pruned. */
export async function backupPruneWorkflow(): Promise<PurgeResult> {
  return retention.pruneBackups({ now: now() });
}
