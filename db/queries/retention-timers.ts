import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { retentionTimers } from '../schema';

export type RetentionTimerRow = typeof retentionTimers.$inferSelect;
export type RetentionTimerState = RetentionTimerRow['state'];

export interface PendingDeletion {
  rule: string;
  subjectId: string;
  workflowId: string;
  dueAt: Date;
}

/** Mirrors a timer workflow's deadline; a later run of the same workflow id (a new contract end) re-arms the row. */
export async function upsertRetentionTimer(db: Db, timer: {
  tenantId: string | null; rule: string; subjectId: string; workflowId: string; dueAt: Date;
}): Promise<void> {
  await db.insert(retentionTimers).values({ ...timer, state: 'pending' })
    .onConflictDoUpdate({
      target: retentionTimers.workflowId,
      set: { tenantId: timer.tenantId, rule: timer.rule, subjectId: timer.subjectId, dueAt: timer.dueAt, state: 'pending', updatedAt: sql`now()` },
    });
}

/** Closes a timer as done or cancelled; returns whether a row changed. */
export async function settleRetentionTimer(db: Db, workflowId: string, state: Exclude<RetentionTimerState, 'pending'>): Promise<boolean> {
  const rows = await db.update(retentionTimers).set({ state, updatedAt: sql`now()` })
    .where(and(eq(retentionTimers.workflowId, workflowId), eq(retentionTimers.state, 'pending')))
    .returning({ id: retentionTimers.id });
  return rows.length > 0;
}

export async function getRetentionTimer(db: Db, workflowId: string): Promise<RetentionTimerRow | null> {
  const [row] = await db.select().from(retentionTimers).where(eq(retentionTimers.workflowId, workflowId));
  return row ?? null;
}

/** A tenant's pending deletions, soonest first (for the API). Ids only: the workflow id opens the timer in the Temporal UI. */
export async function listPendingDeletions(db: Db, tenantId: string): Promise<PendingDeletion[]> {
  return db.select({
    rule: retentionTimers.rule, subjectId: retentionTimers.subjectId, workflowId: retentionTimers.workflowId, dueAt: retentionTimers.dueAt,
  }).from(retentionTimers)
    .where(and(eq(retentionTimers.tenantId, tenantId), eq(retentionTimers.state, 'pending')))
    .orderBy(asc(retentionTimers.dueAt), asc(retentionTimers.workflowId));
}
