import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { completenessReports, connections, saleErrors, syncCursors, syncedSales, tenants, type CompletenessCounts } from '../schema';

/** Tenants whose sync has run (a cursor) with a source that still has credentials: the ones checked daily. */
export async function listCheckedTenants(db: Db): Promise<{ tenantId: string; source: string }[]> {
  return db.select({ tenantId: connections.tenantId, source: connections.vendor }).from(connections)
    .innerJoin(tenants, eq(tenants.id, connections.tenantId))
    .innerJoin(syncCursors, eq(syncCursors.tenantId, connections.tenantId))
    .where(and(eq(connections.role, 'source'), isNotNull(connections.sealedCredentials), isNull(tenants.offboardedAt)));
}

/** What doorzet knows of these orders: its sale rows and which have an open error record. */
export async function saleRecordsOf(db: Db, tenantId: string, source: string, externalIds: readonly string[]) {
  if (externalIds.length === 0) return { sales: [], failed: new Set<string>() };
  const ids = [...externalIds];
  const sales = await db.select({ externalId: syncedSales.externalId, state: syncedSales.state, orderNumber: syncedSales.orderNumber }).from(syncedSales)
    .where(and(eq(syncedSales.tenantId, tenantId), eq(syncedSales.source, source), inArray(syncedSales.externalId, ids)));
  const errors = await db.select({ externalId: saleErrors.externalId }).from(saleErrors)
    .where(and(eq(saleErrors.tenantId, tenantId), eq(saleErrors.source, source), inArray(saleErrors.externalId, ids), isNull(saleErrors.resolvedAt)));
  return { sales, failed: new Set(errors.map((e) => e.externalId)) };
}

export async function saveCompletenessReport(db: Db, report: { tenantId: string; day: string; counts: CompletenessCounts; missingOrders: string[]; missingRefunds: string[] }): Promise<void> {
  await db.insert(completenessReports).values(report).onConflictDoUpdate({
    target: [completenessReports.tenantId, completenessReports.day],
    set: { counts: report.counts, missingOrders: report.missingOrders, missingRefunds: report.missingRefunds, checkedAt: sql`now()` },
  });
}

export async function listCompletenessReports(db: Db, tenantId: string, limit = 30) {
  return db.select().from(completenessReports).where(eq(completenessReports.tenantId, tenantId)).orderBy(desc(completenessReports.day)).limit(limit);
}
