import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { syncedSales } from '../schema';

/** Which of these orders doorzet has a record of (claimed, posted or changed): orders it booked, not older history. */
export async function knownSaleIds(db: Db, tenantId: string, source: string, externalIds: readonly string[]): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await db.select({ externalId: syncedSales.externalId }).from(syncedSales)
    .where(and(eq(syncedSales.tenantId, tenantId), eq(syncedSales.source, source), inArray(syncedSales.externalId, [...externalIds])));
  return new Set(rows.map((r) => r.externalId));
}
