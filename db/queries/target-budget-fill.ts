import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { budgetWindowMs } from './target-budget';

/**
 * After a 429 the vendor grants nothing until its reset, whatever our count says (calls from elsewhere, a
 * clock apart): holds the connection's budget until then, `resetInMs` from now (at most the longest window).
 * Only the hold: the windows' counts stay as they are, so a refused minute takes nothing from the day (filler
 * rows for every window once cost Exact ~5,000 rows and a minute's worth of its day limit per 429).
 */
export async function holdTargetBudget(db: Db, r: { connectionId: string; windows: readonly { limit: number; windowMs: number }[]; resetInMs: number }): Promise<void> {
  const longest = Math.max(0, ...r.windows.map((w) => budgetWindowMs(w.windowMs)));
  const holdMs = Math.max(0, Math.min(r.resetInMs, longest));
  if (holdMs === 0) return;
  await db.execute(sql`
    insert into target_budget_holds (connection_id, until) values (${r.connectionId}, clock_timestamp() + make_interval(secs => ${holdMs / 1000}))
    on conflict (connection_id) do update set until = greatest(target_budget_holds.until, excluded.until)`);
}
