import { eq, sql } from 'drizzle-orm';
import type { TenantSyncStatus } from '../../domain/sync-contracts';
import type { Db } from '../client';
import { syncStatus } from '../schema';

export type SyncStatusRow = typeof syncStatus.$inferSelect;

const at = (iso: string | null) => (iso === null ? null : new Date(iso));

/** Writes the sync's status as of `writtenAt` (the workflow's clock); a write older than the row's is ignored. */
export async function saveSyncStatus(db: Db, s: TenantSyncStatus & { workflowId: string; runId: string; writtenAt: string }): Promise<void> {
  const values = {
    tenantId: s.tenantId, workflowId: s.workflowId, runId: s.runId, state: s.state,
    pausedReason: s.paused?.reason ?? null, pausedBy: s.paused?.by ?? null, pausedSince: at(s.paused?.since ?? null),
    cursor: s.cursor, queued: s.queued, inFlight: s.inFlight, lastPollAt: at(s.lastPollAt), lastPollError: s.lastPollError,
    nextPollAt: at(s.nextPollAt), counts: { ...s.counts }, writtenAt: new Date(s.writtenAt),
  };
  const { tenantId: _key, ...update } = values;
  await db.insert(syncStatus).values(values)
    .onConflictDoUpdate({ target: syncStatus.tenantId, set: update, setWhere: sql`${syncStatus.writtenAt} <= excluded.written_at` });
}

export async function getSyncStatus(db: Db, tenantId: string): Promise<SyncStatusRow | null> {
  const [row] = await db.select().from(syncStatus).where(eq(syncStatus.tenantId, tenantId));
  return row ?? null;
}

/** The row as the API's SyncStatus (without `run`). */
export function syncStatusOf(row: SyncStatusRow): TenantSyncStatus {
  const c = row.counts;
  return {
    tenantId: row.tenantId,
    state: row.state,
    paused: row.pausedReason !== null && row.pausedSince
      ? { reason: row.pausedReason, by: row.pausedBy ?? 'unknown', since: row.pausedSince.toISOString() }
      : null,
    cursor: row.cursor,
    queued: row.queued,
    inFlight: row.inFlight,
    lastPollAt: row.lastPollAt?.toISOString() ?? null,
    lastPollError: row.lastPollError,
    nextPollAt: row.nextPollAt?.toISOString() ?? null,
    counts: { ...c, posted: c.posted ?? 0, skippedDuplicate: c.skippedDuplicate ?? 0, changedAfterPosting: c.changedAfterPosting ?? 0, failed: c.failed ?? 0 },
  };
}
