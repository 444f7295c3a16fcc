import { and, eq, gte, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { saleErrors, syncedSales } from '../schema';

/** Figures for the dashboard's overview, per calendar day in the merchant's time zone. */

const ZONE = 'Europe/Amsterdam';

/** Sales booked per day over the last `days` days (today included), oldest first; days without bookings count 0. */
export async function postedPerDay(db: Db, tenantId: string, days: number, now: Date): Promise<{ day: string; count: number }[]> {
  const rows = await db.execute<{ day: string; count: number }>(sql`
    with days as (
      select generate_series((${now.toISOString()}::timestamptz at time zone ${ZONE})::date - ${days - 1}::int,
                             (${now.toISOString()}::timestamptz at time zone ${ZONE})::date, interval '1 day')::date as day
    )
    select to_char(d.day, 'YYYY-MM-DD') as day, count(s.posted_at)::int as count
    from days d
    left join ${syncedSales} s on s.tenant_id = ${tenantId} and s.posted_at is not null
      and (s.posted_at at time zone ${ZONE})::date = d.day
    group by d.day order by d.day`);
  return rows.map((r) => ({ day: r.day, count: Number(r.count) }));
}

/** Start of today in the merchant's time zone. */
export async function startOfToday(db: Db, now: Date): Promise<Date> {
  const [row] = await db.execute<{ start: string }>(sql`select (date_trunc('day', ${now.toISOString()}::timestamptz at time zone ${ZONE}) at time zone ${ZONE})::text as start`);
  return new Date(row?.start ?? now.toISOString());
}

export async function countErrorsSince(db: Db, tenantId: string, since: Date): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(saleErrors)
    .where(and(eq(saleErrors.tenantId, tenantId), gte(saleErrors.occurredAt, since)));
  return row?.n ?? 0;
}

export async function countPostedSince(db: Db, tenantId: string, since: Date): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(syncedSales)
    .where(and(eq(syncedSales.tenantId, tenantId), isNotNull(syncedSales.postedAt), gte(syncedSales.postedAt, since)));
  return row?.n ?? 0;
}
