import type { BackupKeyring } from '../../crypto/backup-stream';
import { decryptBytes, encryptBytes } from '../../crypto/backup-stream';
import type { Db } from '../../db/client';
import { dumpDatabase, sqlOf } from '../../db/backup/dump';
import type { DumpEvent, TableSummary } from '../../db/backup/dump-events';
import { insertBackup, syncCatalogue } from '../../db/queries/backup-catalogue';
import { deleteShippedDeletionsBefore, listUnshippedDeletions, markDeletionsShipped } from '../../db/queries/deletion-log';
import { NOT_BACKED_UP } from '../../db/schema';
import {
  BACKUPS_FOLDER, DELETION_LOG_FOLDER, backupObjectKey, deletionLogObjectKey, parseBackupObjectKey, parseDeletionLogObjectKey,
  type DeletionLogEntry,
} from '../../domain/backups';
import { addDays, dueAt } from '../../domain/retention-policy';
import { sealDump } from './dump-format';
import type { ObjectStore } from './object-store';

/** What backups need besides the database: the store and the backup keys (never the vault's master key). */
export interface BackupRuntime {
  store: ObjectStore;
  keyring: BackupKeyring;
}

export interface StoredBackup {
  id: string;
  key: string;
  takenAt: Date;
  sizeBytes: number;
}

export interface BackupResult {
  backupId: string;
  location: string;
  sizeBytes: number;
  durationMs: number;
  tables: TableSummary[];
}

/** Backups in the store, oldest first (the object key carries the moment). */
export async function listStoredBackups(store: ObjectStore): Promise<StoredBackup[]> {
  const objects = await store.list(BACKUPS_FOLDER);
  return objects.flatMap((o) => {
    const parsed = parseBackupObjectKey(o.key);
    return parsed ? [{ id: parsed.id, key: o.key, takenAt: parsed.at, sizeBytes: o.size }] : [];
  }).sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
}

/** Every deletion-log entry in the store, oldest first. */
export async function readDeletionLog(runtime: BackupRuntime): Promise<DeletionLogEntry[]> {
  const entries: DeletionLogEntry[] = [];
  for (const object of await runtime.store.list(DELETION_LOG_FOLDER)) {
    const parsed = parseDeletionLogObjectKey(object.key);
    if (!parsed) continue;
    const body = await runtime.store.get(object.key);
    if (!body) continue; // pruned meanwhile
    entries.push(JSON.parse((await decryptBytes(body, runtime.keyring, parsed.id)).toString('utf8')) as DeletionLogEntry);
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

/** The key id in an object's preamble (bytes 6.. after "DZBK", version, length), read with a small ranged GET. */
export async function keyIdOf(store: ObjectStore, key: string): Promise<string | null> {
  const body = await store.get(key, { firstBytes: 80 });
  if (!body) return null;
  const chunks: Uint8Array[] = [];
  for await (const c of body) chunks.push(c);
  const head = Buffer.concat(chunks);
  return head.length >= 6 && head.subarray(0, 4).toString('ascii') === 'DZBK' ? head.subarray(6, 6 + head[5]!).toString('utf8') : null;
}

/** The live side: backups of `db`, the deletion log's shipping, and the prune. */
export function createBackupRunner(deps: { db: Db; runtime: BackupRuntime }) {
  const { db } = deps;
  const { store, keyring } = deps.runtime;

  return {
    /**
     * Dumps the database (one REPEATABLE READ snapshot), compresses and encrypts it while streaming it into
     * the store (multipart upload), then catalogues it. A retry with the same id overwrites the same object.
     */
    async takeBackup(input: { backupId: string; takenAt: Date; onProgress?: () => void }): Promise<BackupResult> {
      const started = Date.now();
      await store.ensureBucket();
      let tables: TableSummary[] = [];
      async function* watched(): AsyncGenerator<DumpEvent> {
        for await (const event of dumpDatabase(sqlOf(db), { exclude: NOT_BACKED_UP })) {
          if (event.type === 'end') tables = event.tables;
          if (event.type === 'table-end') input.onProgress?.();
          yield event;
        }
      }
      const key = backupObjectKey(input.backupId, input.takenAt);
      const { bytes } = await store.put(key, sealDump(watched(), keyring.current, input.backupId));
      const durationMs = Date.now() - started;
      const location = store.location(key);
      await insertBackup(db, { id: input.backupId, location, sizeBytes: bytes, createdAt: input.takenAt, keyId: keyring.current.id, durationMs });
      return { backupId: input.backupId, location, sizeBytes: bytes, durationMs, tables };
    },

    /** Copies the deletion-log outbox into the store (one small encrypted object per entry). */
    async shipDeletionLog(): Promise<{ shipped: number }> {
      let shipped = 0;
      for (;;) {
        const entries = await listUnshippedDeletions(db, 200);
        if (entries.length === 0) return { shipped };
        if (shipped === 0) await store.ensureBucket();
        for (const entry of entries) {
          await store.put(deletionLogObjectKey(entry.id, new Date(entry.at)), await encryptBytes(Buffer.from(JSON.stringify(entry)), keyring.current, entry.id));
        }
        await markDeletionsShipped(db, entries.map((e) => e.id));
        shipped += entries.length;
      }
    },

    /**
     * Deletes from the store every backup two months old (retention rule backupPrune, by the moment in its
     * key), then makes the catalogue follow the store. Deletion-log entries go once no remaining backup is
     * older than them (with a day's margin), since only an older backup can need them.
     */
    async pruneStore(input: { now: Date }): Promise<{ deleted: number; kept: number; cataloguePruned: number; catalogueAdded: number; deletionLogEntriesDeleted: number }> {
      await store.ensureBucket();
      const stored = await listStoredBackups(store);
      const due = stored.filter((b) => dueAt('backupPrune', b.takenAt).getTime() <= input.now.getTime());
      for (const b of due) await store.delete(b.key);
      const kept = stored.filter((b) => !due.includes(b));

      const present = [];
      for (const b of kept) {
        present.push({ id: b.id, location: store.location(b.key), sizeBytes: b.sizeBytes, createdAt: b.takenAt, keyId: await keyIdOf(store, b.key) });
      }
      const catalogue = await syncCatalogue(db, present, input.now);

      const logHorizon = addDays(kept[0]?.takenAt ?? input.now, -1);
      let deletionLogEntriesDeleted = 0;
      for (const object of await store.list(DELETION_LOG_FOLDER)) {
        const parsed = parseDeletionLogObjectKey(object.key);
        if (parsed && parsed.at.getTime() < logHorizon.getTime() && dueAt('backupPrune', parsed.at).getTime() <= input.now.getTime()) {
          await store.delete(object.key);
          deletionLogEntriesDeleted++;
        }
      }
      await deleteShippedDeletionsBefore(db, logHorizon);
      return { deleted: due.length, kept: kept.length, cataloguePruned: catalogue.pruned, catalogueAdded: catalogue.added, deletionLogEntriesDeleted };
    },
  };
}

export type BackupRunner = ReturnType<typeof createBackupRunner>;
