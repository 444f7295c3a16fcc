import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client';
import { createBackupRunner, type BackupRunner, type BackupRuntime } from './backups/backup-runner';

export interface BackupActivityDeps {
  db: Db;
  /** Unset when DOORZET_BACKUP_KEY is not configured: the backup activities then fail visibly. */
  backups?: BackupRuntime;
}

/** Results stay small in the history: ids, sizes and counts. */
export interface TakeBackupResult {
  backupId: string;
  location: string;
  sizeBytes: number;
  durationMs: number;
  tables: number;
  rows: number;
}

/** The side effects of the backup schedule, the prune and the deletion log. */
export function createBackupActivities(deps: BackupActivityDeps) {
  let runner: BackupRunner | undefined;
  const backups = (): BackupRunner => {
    if (!deps.backups) {
      throw ApplicationFailure.create({
        type: 'BACKUPS_NOT_CONFIGURED', nonRetryable: true,
        message: 'Backups are not configured on this worker: set DOORZET_BACKUP_KEY and the BACKUP_S3_* settings (README, Backups).',
      });
    }
    runner ??= createBackupRunner({ db: deps.db, runtime: deps.backups });
    return runner;
  };

  return {
    /** One encrypted logical backup into the store, catalogued. Heartbeats while it streams. */
    async takeBackup(input: { backupId: string; takenAt: string }): Promise<TakeBackupResult> {
      const result = await backups().takeBackup({ backupId: input.backupId, takenAt: new Date(input.takenAt), onProgress: () => Context.current().heartbeat() });
      return {
        backupId: result.backupId, location: result.location, sizeBytes: result.sizeBytes, durationMs: result.durationMs,
        tables: result.tables.length, rows: result.tables.reduce((n, t) => n + t.rows, 0),
      };
    },

    async shipDeletionLog(): Promise<{ shipped: number }> {
      return backups().shipDeletionLog();
    },

    async pruneBackupStore(input: { now: string }): Promise<{ deleted: number; kept: number; cataloguePruned: number; catalogueAdded: number; deletionLogEntriesDeleted: number }> {
      return backups().pruneStore({ now: new Date(input.now) });
    },
  };
}

export type BackupActivities = ReturnType<typeof createBackupActivities>;
