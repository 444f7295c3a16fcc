import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { BackupActivities } from '../../activities/backup-activities';
import type { RetentionActivities } from '../../activities/retention-activities';
import { databaseOptions } from '../activity-options';

// Purges scan whole tables; a longer timeout than a single-row step.
const retention = proxyActivities<RetentionActivities>({ ...databaseOptions, startToCloseTimeout: '10 minutes' });
const backups = proxyActivities<BackupActivities>({
  ...databaseOptions, startToCloseTimeout: '10 minutes', retry: { ...databaseOptions.retry, nonRetryableErrorTypes: ['BACKUPS_NOT_CONFIGURED'] },
});

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

export interface BackupPruneResult extends PurgeResult {
  kept?: number;
  cataloguePruned?: number;
  catalogueAdded?: number;
  deletionLogEntriesDeleted?: number;
}

/**
 * Daily: backups two months old are deleted from the object store, the catalogue follows the store, and
 * deletion-log entries no remaining backup needs go too. Runs started before this change only marked the
 * catalogue (kept for their replay).
 */
export async function backupPruneWorkflow(): Promise<BackupPruneResult> {
  if (patched('backup-prune-deletes-from-store')) return backups.pruneBackupStore({ now: now() });
  return retention.pruneBackups({ now: now() });
}
