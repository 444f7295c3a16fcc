import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { budgetWindowMs } from './target-budget';

/**
 * The one window to fill after a 429 that resets in `resetInMs`: the shortest that lasts until the reset
 * (the longest when none does). One full window already grants nothing before the reset, so a refused
 * minute never fills the day window (that took ~5,000 rows on Exact for each minutely 429).
 */
export function windowToFill<W extends { windowMs: number }>(windows: readonly W[], resetInMs: number): W | undefined {
  const sorted = [...windows].sort((a, b) => a.windowMs - b.windowMs);
  return sorted.find((w) => budgetWindowMs(w.windowMs) >= resetInMs) ?? sorted[sorted.length - 1];
}

/**
 * After a 429 the vendor's window is full whatever our count says (calls from elsewhere, a clock apart):
 * fills the budget so that it grants nothing more until the vendor's reset, `resetInMs` from now. The rows
 * added leave the window exactly at the reset.
 */
export async function fillTargetBudget(db: Db, r: { connectionId: string; windows: readonly { limit: number; windowMs: number }[]; resetInMs: number }): Promise<void> {
  const w = windowToFill(r.windows, r.resetInMs);
  if (!w) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${r.connectionId}))`);
    const [clock] = await tx.execute<{ t: string }>(sql`select clock_timestamp()::text as t`);
    const t = sql`${clock!.t}::timestamptz`;
    const windowMs = budgetWindowMs(w.windowMs);
    // A call at `at` leaves the window at `at + windowMs`: dated so that it leaves at the reset.
    const reset = Math.min(r.resetInMs, windowMs);
    const [count] = await tx.execute<{ n: number }>(sql`
      select count(*)::int as n from target_calls
      where connection_id = ${r.connectionId} and at > ${t} - make_interval(secs => ${windowMs / 1000})
        and at + make_interval(secs => ${windowMs / 1000}) >= ${t} + make_interval(secs => ${reset / 1000})`);
    const missing = w.limit - (count?.n ?? 0);
    if (missing <= 0) return;
    await tx.execute(sql`
      insert into target_calls (connection_id, at)
      select ${r.connectionId}, ${t} + make_interval(secs => ${(reset - windowMs) / 1000}) from generate_series(1, ${missing})`);
  });
}
