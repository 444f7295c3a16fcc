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
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${r.connectionId}))`);
    // The time the lock was got, not the transaction's start (now()): waiting for the lock must not make
    // the windows look older, nor the granted calls.
    const [clock] = await tx.execute<{ t: string }>(sql`select clock_timestamp()::text as t`);
    const t = sql`${clock!.t}::timestamptz`;
    await tx.execute(sql`delete from target_calls where connection_id = ${r.connectionId} and at <= ${t} - make_interval(secs => ${longest / 1000})`);
    // The vendor answered 429 (target-budget-fill): nothing goes out before its reset.
    const [hold] = await tx.execute<{ wait_ms: number }>(sql`
      select ceil(extract(epoch from (until - ${t})) * 1000)::int as wait_ms from target_budget_holds where connection_id = ${r.connectionId} and until > ${t}`);
    if (hold) return { granted: false, retryAfterMs: Math.max(2, hold.wait_ms + 1) } as const;
    let waitMs = 0;
    for (const w of windows) {
      const window = sql`make_interval(secs => ${budgetWindowMs(w.windowMs) / 1000})`;
      const [count] = await tx.execute<{ n: number }>(sql`
        select count(*)::int as n from target_calls where connection_id = ${r.connectionId} and at > ${t} - ${window}`);
      const used = count?.n ?? 0;
      if (used + calls <= w.limit) continue;
      // Room opens in this window when the call that is (used + calls - limit)-th oldest in it leaves.
      const [oldest] = await tx.execute<{ wait_ms: number }>(sql`
        select greatest(0, ceil(extract(epoch from (at + ${window} - ${t})) * 1000))::int as wait_ms
        from target_calls where connection_id = ${r.connectionId} and at > ${t} - ${window}
        order by at asc offset ${used + calls - w.limit - 1} limit 1`);
      // To the millisecond the slot opens: a slot left idle is budget lost.
      waitMs = Math.max(waitMs, Math.max(2, (oldest?.wait_ms ?? budgetWindowMs(w.windowMs)) + 1));
    }
    if (waitMs > 0) return { granted: false, retryAfterMs: waitMs } as const;
    const rows = await tx.execute<{ id: number }>(sql`
      insert into target_calls (connection_id, at) select ${r.connectionId}, ${t} from generate_series(1, ${calls}) returning id`);
    return { granted: true, ids: rows.map((row) => Number(row.id)) } as const;
  });
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
