import { proxyActivities, uuid4 } from '@temporalio/workflow';
import type { BackupActivities, TakeBackupResult } from '../../activities/backup-activities';
import { databaseOptions } from '../activity-options';

// A dump of the whole database streams for minutes; the heartbeat says it is alive meanwhile.
const dump = proxyActivities<BackupActivities>({
  startToCloseTimeout: '4 hours',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumAttempts: 4, nonRetryableErrorTypes: ['BACKUPS_NOT_CONFIGURED'] },
});
const store = proxyActivities<BackupActivities>({ ...databaseOptions, startToCloseTimeout: '5 minutes', retry: { ...databaseOptions.retry, nonRetryableErrorTypes: ['BACKUPS_NOT_CONFIGURED'] } });

export interface DatabaseBackupResult extends TakeBackupResult {
  deletionsShipped: number;
}

/**
 * Daily (schedule `backup-daily`): ships the deletion log first, so the store's log is complete up to this
 * backup, then one encrypted logical backup of the database into the store. Carries ids and sizes only.
 */
export async function databaseBackupWorkflow(): Promise<DatabaseBackupResult> {
  const { shipped } = await store.shipDeletionLog();
  const backup = await dump.takeBackup({ backupId: uuid4(), takenAt: new Date(Date.now()).toISOString() });
  return { ...backup, deletionsShipped: shipped };
}

/** Started after an erasure: copies the new deletion-log entries next to the backups right away. */
export async function deletionLogShipWorkflow(): Promise<{ shipped: number }> {
  return store.shipDeletionLog();
}
