import { createDb } from '../../db/client';
import { restoreDatabase, type RestoreSummary } from '../../db/backup/restore';
import { syncCatalogue } from '../../db/queries/backup-catalogue';
import { replayDeletion } from '../../db/queries/deletion-log';
import { listStoredBackups, readDeletionLog, type BackupRuntime } from './backup-runner';
import { openDump } from './dump-format';

export class BackupNotFoundError extends Error {
  override readonly name = 'BackupNotFoundError';
}

export interface RestoreResult extends RestoreSummary {
  backupId: string;
  location: string;
  /** Deletion-log entries replayed, and the rows they removed or redacted again. */
  deletionsReplayed: number;
  rowsDeletedAgain: number;
  durationMs: number;
}

/**
 * `npm run restore`: backup `backupId` from the store into the EMPTY database at `targetUrl` (refused
 * otherwise), then every deletion of the deletion log in the store is replayed (shredded tenant keys and
 * erased debtors stay gone), and the catalogue is rebuilt from the store. Needs no live database.
 */
export async function restoreBackup(runtime: BackupRuntime, input: { backupId: string; targetUrl: string }): Promise<RestoreResult> {
  const started = Date.now();
  const stored = await listStoredBackups(runtime.store);
  const backup = stored.find((b) => b.id === input.backupId);
  if (!backup) throw new BackupNotFoundError(`backup ${input.backupId} is not in the store (${stored.length} backup(s) there; GET /backups lists them)`);
  const body = await runtime.store.get(backup.key);
  if (!body) throw new BackupNotFoundError(`backup ${input.backupId} disappeared from the store`);

  const summary = await restoreDatabase(input.targetUrl, openDump(body, runtime.keyring, backup.id));

  // The deletion log is read after the data is in: an entry written during the restore still counts.
  const { db, close } = createDb(input.targetUrl, { max: 2 });
  try {
    let rowsDeletedAgain = 0;
    const entries = await readDeletionLog(runtime);
    for (const entry of entries) rowsDeletedAgain += (await replayDeletion(db, entry)).rows;
    await syncCatalogue(db, stored.map((b) => ({ id: b.id, location: runtime.store.location(b.key), sizeBytes: b.sizeBytes, createdAt: b.takenAt, keyId: null })), new Date());
    return {
      ...summary, backupId: backup.id, location: runtime.store.location(backup.key),
      deletionsReplayed: entries.length, rowsDeletedAgain, durationMs: Date.now() - started,
    };
  } finally {
    await close();
  }
}
