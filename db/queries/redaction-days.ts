import { and, asc, eq, gte, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { redactionDays, retentionTimers, saleErrors } from '../schema';

/** The UTC day a redaction falls on. */
export const dueDayOf = (redactAt: Date) => redactAt.toISOString().slice(0, 10);

const dayBounds = (dueDay: string) => {
  const start = new Date(`${dueDay}T00:00:00.000Z`);
  return { start, end: new Date(start.getTime() + 86_400_000) };
};

/** A day's redaction runs at the top of the hour after each error's due moment: never early, at most an hour late. */
export const redactionRunAt = (redactAt: Date) => new Date(Math.ceil(redactAt.getTime() / 3_600_000) * 3_600_000);

/**
 * Registers a redaction due on `dueDay`: the error row already says when; this makes sure the day has its
 * workflow. `start` is true for the first registration of the day, or when the day's workflow has not
 * reported in a minute after its row was made (its start was lost); starting it twice is harmless.
 * `started`: the day's workflow has run (it lists the day's errors again before it ends).
 */
export async function registerRedactionDay(
  db: Db, r: { tenantId: string; dueDay: string; workflowId: string }, options: { staleAfterMs?: number } = {},
): Promise<{ start: boolean; started: boolean }> {
  const inserted = await db.insert(redactionDays).values(r).onConflictDoNothing().returning({ dueDay: redactionDays.dueDay });
  if (inserted.length > 0) return { start: true, started: false };
  const [row] = await db.select({ startedAt: redactionDays.startedAt, createdAt: redactionDays.createdAt }).from(redactionDays)
    .where(and(eq(redactionDays.tenantId, r.tenantId), eq(redactionDays.dueDay, r.dueDay)));
  return { start: !row || (row.startedAt === null && row.createdAt.getTime() < Date.now() - (options.staleAfterMs ?? 60_000)), started: !!row?.startedAt };
}

/** The day's workflow was started (the server accepted it): later registrations need not start it. */
export async function markRedactionDayStarted(db: Db, r: { tenantId: string; dueDay: string }): Promise<void> {
  await db.update(redactionDays).set({ startedAt: sql`coalesce(${redactionDays.startedAt}, now())` })
    .where(and(eq(redactionDays.tenantId, r.tenantId), eq(redactionDays.dueDay, r.dueDay)));
}

/** The day's unredacted error records, soonest first; marks the day's workflow as running. */
export async function listDayRedactions(db: Db, r: { tenantId: string; dueDay: string }): Promise<{ errorId: string; redactAt: Date }[]> {
  await db.update(redactionDays).set({ startedAt: sql`coalesce(${redactionDays.startedAt}, now())` })
    .where(and(eq(redactionDays.tenantId, r.tenantId), eq(redactionDays.dueDay, r.dueDay)));
  const { start, end } = dayBounds(r.dueDay);
  return db.select({ errorId: saleErrors.id, redactAt: saleErrors.redactAt }).from(saleErrors)
    .where(and(eq(saleErrors.tenantId, r.tenantId), isNull(saleErrors.redactedAt), gte(saleErrors.redactAt, start), lt(saleErrors.redactAt, end)))
    .orderBy(asc(saleErrors.redactAt), asc(saleErrors.id));
}

/** Redacts the day's error records due by `upTo`; returns how many it redacted. Idempotent. */
export async function redactDueErrors(db: Db, r: { tenantId: string; dueDay: string; upTo: Date }): Promise<number> {
  const { start } = dayBounds(r.dueDay);
  const rows = await db.update(saleErrors).set({ pii: null, redactedAt: sql`coalesce(${saleErrors.redactedAt}, now())` })
    .where(and(eq(saleErrors.tenantId, r.tenantId), isNull(saleErrors.redactedAt), gte(saleErrors.redactAt, start), lte(saleErrors.redactAt, r.upTo)))
    .returning({ id: saleErrors.id });
  return rows.length;
}

/**
 * A tenant's error records waiting for a day timer, each with the day's workflow id and the hour it runs.
 * Errors that still have a timer of their own (registered before day timers existed) are listed by that timer.
 */
export async function listDayTimerDeletions(db: Db, tenantId: string): Promise<{ subjectId: string; workflowId: string; dueAt: Date }[]> {
  const rows = await db.select({ subjectId: saleErrors.id, workflowId: redactionDays.workflowId, redactAt: saleErrors.redactAt })
    .from(saleErrors)
    .innerJoin(redactionDays, and(
      eq(redactionDays.tenantId, saleErrors.tenantId),
      eq(redactionDays.dueDay, sql`(${saleErrors.redactAt} at time zone 'UTC')::date`),
    ))
    .where(and(
      eq(saleErrors.tenantId, tenantId), isNull(saleErrors.redactedAt),
      // By workflow id (unique index): the per-error timer's id is error-redaction:<errorId>.
      sql`not exists (select 1 from ${retentionTimers} where ${retentionTimers.workflowId} = 'error-redaction:' || ${saleErrors.id}::text and ${retentionTimers.state} = 'pending')`,
    ))
    .orderBy(asc(saleErrors.redactAt), asc(saleErrors.id));
  return rows.map((r) => ({ subjectId: r.subjectId, workflowId: r.workflowId, dueAt: redactionRunAt(r.redactAt) }));
}
