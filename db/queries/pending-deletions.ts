import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { retentionTimers } from '../schema';

export type RetentionTimerRow = typeof retentionTimers.$inferSelect;

/** A tenant's deletions still to come, soonest first (read side of the retention timers). */
export async function listPendingDeletions(db: Db, tenantId: string, limit = 500): Promise<RetentionTimerRow[]> {
  return db.select().from(retentionTimers)
    .where(and(eq(retentionTimers.tenantId, tenantId), eq(retentionTimers.state, 'pending')))
    .orderBy(asc(retentionTimers.dueAt))
    .limit(limit);
}
