import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * Each call counts from its reservation and, once answered, from its answer (`markTargetCallsAnswered`),
 * which is after the vendor received it: the trip itself needs no margin. What is left is the vendor's own
 * clock running a little apart from Postgres' over a window: 0.2 % (20 ms to 1 s). A wider margin is budget
 * lost every window (1 % was 7 % of the shortfall at 150 per 20 s).
 */
export const budgetWindowMs = (windowMs: number) => windowMs + Math.min(1_000, Math.max(20, windowMs * 0.002));

export type Reservation = { granted: true; ids: number[] } | { granted: false; retryAfterMs: number };

export interface BudgetWindow {
  limit: number;
  windowMs: number;
}

/** One window (`limit` per `windowMs`) or every window the vendor publishes at once (e.g. 60 a minute and 5,000 a day). */
export type BudgetRequest = { connectionId: string; calls: number } & ({ limit: number; windowMs: number } | { windows: readonly BudgetWindow[] });

/**
 * A sliding-window budget of calls to one target connection, shared by every worker through Postgres:
 * no window of `windowMs` ever holds more than `limit` of our calls, for every window at once, so the
 * vendor's fixed windows cannot either. A call is granted only when every window has room; the wait is the
 * longest of the windows' waits. Rows older than the longest window are deleted here. The granted rows' ids
 * let the caller date the calls at their answer (`markTargetCallsAnswered`). Postgres' clock is the one
 * clock all workers agree on.
 */
export async function reserveTargetCalls(db: Db, r: BudgetRequest): Promise<Reservation> {
  const windows = ('windows' in r ? [...r.windows] : [{ limit: r.limit, windowMs: r.windowMs }]).filter((w) => w.limit > 0 && w.windowMs > 0);
  if (windows.length === 0) return { granted: true, ids: [] };
  const calls = Math.min(r.calls, ...windows.map((w) => w.limit));
  const longest = budgetWindowMs(Math.max(...windows.map((w) => w.windowMs)));
  // One statement (db/migrations/0010): the connection's advisory lock is held for a single round trip.
  const limits = sql.raw(`ARRAY[${windows.map((w) => Math.floor(w.limit)).join(',')}]::int[]`);
  const lengths = sql.raw(`ARRAY[${windows.map((w) => budgetWindowMs(w.windowMs)).join(',')}]::float8[]`);
  const [row] = await db.execute<{ wait_ms: number; ids: (number | string)[] | null }>(sql`
    select wait_ms, ids from reserve_target_calls(${r.connectionId}::uuid, ${calls}::int, ${limits}, ${lengths}, ${longest}::float8)`);
  if (!row || row.wait_ms > 0) return { granted: false, retryAfterMs: row?.wait_ms ?? budgetWindowMs(Math.min(...windows.map((w) => w.windowMs))) };
  return { granted: true, ids: (row.ids ?? []).map(Number) };
}

/** The multi-window call shape under its older name (the per-request budget hook uses it). */
export async function reserveTargetCallsInWindows(
  db: Db,
  r: { connectionId: string; calls: number; windows: readonly BudgetWindow[] },
): Promise<Reservation> {
  return reserveTargetCalls(db, r);
}

/**
 * A call's answer arrived: the vendor received it before now, so the call is dated now. Between its
 * reservation and this it counted from its reservation; from here it leaves the window no earlier than the
 * vendor's own count lets it go, however long it took to get there (a busy machine, a slow network).
 */
export async function markTargetCallsAnswered(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`update target_calls set at = greatest(at, now()) where id in ${sql.raw(`(${ids.map((id) => Number(id)).join(',')})`)}`);
}

/** Calls reserved that never reached the vendor (the connection was refused): their room is free again. */
export async function releaseTargetCalls(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`delete from target_calls where id in ${sql.raw(`(${ids.map((id) => Number(id)).join(',')})`)}`);
}
