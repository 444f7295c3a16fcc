import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { budgetWindowMs } from './target-budget';

/**
 * After a 429 the vendor's window is full whatever our count says (calls from elsewhere, a clock apart):
 * fills the budget so that it grants nothing more until the vendor's reset, `resetInMs` from now. The rows
 * added leave the window exactly at the reset.
 */
export async function fillTargetBudget(db: Db, r: { connectionId: string; windows: readonly { limit: number; windowMs: number }[]; resetInMs: number }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${r.connectionId}))`);
    for (const w of r.windows) {
      const windowMs = budgetWindowMs(w.windowMs);
      // A call at `at` leaves the window at `at + windowMs`: dated so that it leaves at the reset.
      const reset = Math.min(r.resetInMs, windowMs);
      const [count] = await tx.execute<{ n: number }>(sql`
        select count(*)::int as n from target_calls
        where connection_id = ${r.connectionId} and at > now() - make_interval(secs => ${windowMs / 1000})
          and at + make_interval(secs => ${windowMs / 1000}) >= now() + make_interval(secs => ${reset / 1000})`);
      const missing = w.limit - (count?.n ?? 0);
      if (missing <= 0) continue;
      await tx.execute(sql`
        insert into target_calls (connection_id, at)
        select ${r.connectionId}, now() + make_interval(secs => ${(reset - windowMs) / 1000}) from generate_series(1, ${missing})`);
    }
  });
}
