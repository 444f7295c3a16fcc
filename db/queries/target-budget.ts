import { sql } from 'drizzle-orm';
import type { Db } from '../client';

export type Reservation = { granted: true } | { granted: false; retryAfterMs: number };

export interface BudgetWindow {
  limit: number;
  windowMs: number;
}

export type BudgetRequest = { connectionId: string; calls: number } & ({ limit: number; windowMs: number } | { windows: readonly BudgetWindow[] });

// A call reaches the vendor some time after its reservation (the activity still has to be dispatched);
// the margin keeps that drift inside the window. It costs ~5 % of a window.
const withMargin = (windowMs: number) => windowMs * 1.05 + 1_000;

/**
 * A sliding-window budget of calls to one target connection, shared by every worker through Postgres:
 * no window of `windowMs` ever holds more than `limit` of our calls, for every window the vendor
 * publishes at once (e.g. 60 a minute and 5,000 a day), so the vendor's fixed windows cannot either.
 * Postgres' clock is the one clock all workers agree on.
 */
export async function reserveTargetCalls(db: Db, r: BudgetRequest): Promise<Reservation> {
  const windows = ('windows' in r ? [...r.windows] : [{ limit: r.limit, windowMs: r.windowMs }]).filter((w) => w.limit > 0 && w.windowMs > 0);
  if (windows.length === 0) return { granted: true };
  const calls = Math.min(r.calls, ...windows.map((w) => w.limit));
  const longest = Math.max(...windows.map((w) => withMargin(w.windowMs)));
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${r.connectionId}))`);
    await tx.execute(sql`delete from target_calls where connection_id = ${r.connectionId} and at <= now() - make_interval(secs => ${longest / 1000})`);
    let waitMs = 0;
    for (const w of windows) {
      const window = sql`make_interval(secs => ${withMargin(w.windowMs) / 1000})`;
      const [count] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from target_calls where connection_id = ${r.connectionId} and at > now() - ${window}`);
      const used = count?.n ?? 0;
      if (used + calls <= w.limit) continue;
      // Room opens in this window when the call that is (used + calls - limit)-th oldest in it leaves.
      const [oldest] = await tx.execute<{ wait_ms: number }>(sql`
        select greatest(0, extract(epoch from (at + ${window} - now())) * 1000)::int as wait_ms
        from target_calls where connection_id = ${r.connectionId} and at > now() - ${window}
        order by at asc offset ${used + calls - w.limit - 1} limit 1`);
      waitMs = Math.max(waitMs, Math.max(50, (oldest?.wait_ms ?? withMargin(w.windowMs)) + 10));
    }
    if (waitMs > 0) return { granted: false, retryAfterMs: waitMs } as const;
    await tx.execute(sql`insert into target_calls (connection_id, at) select ${r.connectionId}, now() from generate_series(1, ${calls})`);
    return { granted: true } as const;
  });
}
