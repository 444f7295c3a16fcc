import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * Calls are reserved right before each request (connectors/http budget hook), so a call reaches the vendor
 * milliseconds after its reservation: a margin of 1 % (0.1 to 1 s) covers that drift and the clocks' skew.
 */
export const budgetWindowMs = (windowMs: number) => windowMs + Math.min(1_000, Math.max(100, windowMs * 0.01));

export type Reservation = { granted: true } | { granted: false; retryAfterMs: number };

/**
 * A sliding-window budget of calls to one target connection, shared by every worker through Postgres:
 * no window of `windowMs` ever holds more than `limit` of our calls, so the vendor's fixed window
 * cannot either. Postgres' clock is the one clock all workers agree on.
 */
export async function reserveTargetCalls(
  db: Db,
  r: { connectionId: string; calls: number; limit: number; windowMs: number },
): Promise<Reservation> {
  const calls = Math.min(r.calls, r.limit);
  const windowMs = budgetWindowMs(r.windowMs);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${r.connectionId}))`);
    const window = sql`make_interval(secs => ${windowMs / 1000})`;
    await tx.execute(sql`delete from target_calls where connection_id = ${r.connectionId} and at <= now() - ${window}`);
    const [count] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from target_calls where connection_id = ${r.connectionId}`);
    const used = count?.n ?? 0;
    if (used + calls <= r.limit) {
      await tx.execute(sql`insert into target_calls (connection_id, at) select ${r.connectionId}, now() from generate_series(1, ${calls})`);
      return { granted: true } as const;
    }
    // Room opens when the call that is (used + calls - limit)-th oldest leaves the window.
    const [oldest] = await tx.execute<{ wait_ms: number }>(sql`
      select greatest(0, extract(epoch from (at + ${window} - now())) * 1000)::int as wait_ms
      from target_calls where connection_id = ${r.connectionId} order by at asc offset ${used + calls - r.limit - 1} limit 1`);
    return { granted: false, retryAfterMs: Math.max(50, (oldest?.wait_ms ?? windowMs) + 10) } as const;
  });
}
