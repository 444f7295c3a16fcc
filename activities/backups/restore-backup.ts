import { createDb } from '../../db/client';
import { emptyRestoredDatabase, restoreDatabase, type RestoreSummary } from '../../db/backup/restore';
import { syncCatalogue } from '../../db/queries/backup-catalogue';
import { redactOverdueSaleErrors, replayDeletion } from '../../db/queries/deletion-log';
import { keyIdOf, listStoredBackups, readDeletionLog, type BackupRuntime } from './backup-runner';
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
  /** Error records past their redaction date (their timers fired after the backup), redacted now. */
  overdueRedacted: number;
  durationMs: number;
}

/**
 * `npm run restore`: backup `backupId` from the store into the EMPTY database at `targetUrl` (refused
 * otherwise), then every deletion of the deletion log in the store is replayed (shredded tenant keys and
 * erased debtors stay gone), and the catalogue is rebuilt from the store. Needs no live database.
 */
export async function restoreBackup(runtime: BackupRuntime, input: { backupId: string; targetUrl: string }, now = new Date()): Promise<RestoreResult> {
  const started = Date.now();
  const stored = await listStoredBackups(runtime.store);
  const backup = stored.find((b) => b.id === input.backupId);
  if (!backup) throw new BackupNotFoundError(`backup ${input.backupId} is not in the store (${stored.length} backup(s) there; GET /backups lists them)`);

  // Read (and decrypt) the deletion log before loading anything: a log that cannot be read stops the restore
  // before it starts, instead of leaving a database without its deletions.
  await readDeletionLog(runtime);
  const body = await runtime.store.get(backup.key);
  if (!body) throw new BackupNotFoundError(`backup ${input.backupId} disappeared from the store`);
  const summary = await restoreDatabase(input.targetUrl, openDump(body, runtime.keyring, backup.id));

  // Read again after the data is in, so an entry written meanwhile counts too. If the replay fails, the
  // database is emptied: a restored database never lacks a deletion.
  const { db, close } = createDb(input.targetUrl, { max: 2 });
  try {
    let rowsDeletedAgain = 0;
    const entries = await readDeletionLog(runtime);
    for (const entry of entries) rowsDeletedAgain += (await replayDeletion(db, entry)).rows;
    const overdueRedacted = await redactOverdueSaleErrors(db, now);
    const catalogue = [];
    for (const b of stored) {
      catalogue.push({ id: b.id, location: runtime.store.location(b.key), sizeBytes: b.sizeBytes, createdAt: b.takenAt, keyId: await keyIdOf(runtime.store, b.key) });
    }
    await syncCatalogue(db, catalogue, new Date());
    await close();
    return {
      ...summary, backupId: backup.id, location: runtime.store.location(backup.key),
      deletionsReplayed: entries.length, rowsDeletedAgain, overdueRedacted, durationMs: Date.now() - started,
    };
  } catch (error) {
    await close();
    await emptyRestoredDatabase(input.targetUrl);
    throw error;
  }
}
