import { and, desc, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import type { Db } from '../client';
import { backups } from '../schema';

export type BackupRow = typeof backups.$inferSelect;

export async function insertBackup(db: Db, row: { id: string; location: string; sizeBytes: number; createdAt: Date; keyId: string; durationMs: number }): Promise<void> {
  await db.insert(backups).values(row).onConflictDoNothing({ target: backups.id });
}

/** Backups still in the store, newest first. */
export async function listBackups(db: Db, limit = 200): Promise<BackupRow[]> {
  return db.select().from(backups).where(isNull(backups.prunedAt)).orderBy(desc(backups.createdAt)).limit(limit);
}

export async function getBackup(db: Db, id: string): Promise<BackupRow | null> {
  const [row] = await db.select().from(backups).where(eq(backups.id, id));
  return row ?? null;
}

/**
 * Makes the catalogue follow the store: every backup in `present` has a row (added after a restore or for
 * an upload whose row was lost), every other unpruned row is marked pruned. Returns how many rows changed.
 */
export async function syncCatalogue(db: Db, present: { id: string; location: string; sizeBytes: number; createdAt: Date; keyId: string | null }[], now: Date): Promise<{ added: number; pruned: number }> {
  const added = present.length === 0 ? [] : await db.insert(backups).values(present).onConflictDoNothing({ target: backups.id }).returning({ id: backups.id });
  const ids = present.map((p) => p.id);
  const pruned = await db.update(backups).set({ prunedAt: now })
    .where(and(isNull(backups.prunedAt), ids.length > 0 ? notInArray(backups.id, ids) : undefined))
    .returning({ id: backups.id });
  return { added: added.length, pruned: pruned.length };
}

export async function markBackupsPruned(db: Db, ids: string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.update(backups).set({ prunedAt: now }).where(and(inArray(backups.id, ids), isNull(backups.prunedAt))).returning({ id: backups.id });
  return rows.length;
}
