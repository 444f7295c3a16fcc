import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { preparedPerDb } from '../prepared';
import { completenessReports, saleErrors, saleJourneys, syncedSales, syncStatus } from '../schema';
import type { SaleErrorRow } from './sale-errors';
import type { SaleJourneyRow } from './sale-journeys';
import type { SyncStatusRow } from './sync-status';

/** The API's hot reads (a dashboard polls them): one prepared statement each (db/prepared.ts). */

const tenantId = sql.placeholder('tenantId');
const orderNumber = sql.placeholder('orderNumber');

const syncStatusStatement = preparedPerDb((db) => {
  const latest = db.select({
    day: completenessReports.day,
    missingOrders: sql<number>`jsonb_array_length(${completenessReports.missingOrders})`.as('missing_orders_count'),
    missingRefunds: sql<number>`jsonb_array_length(${completenessReports.missingRefunds})`.as('missing_refunds_count'),
    checkedAt: completenessReports.checkedAt,
  }).from(completenessReports)
    .where(eq(completenessReports.tenantId, syncStatus.tenantId))
    .orderBy(desc(completenessReports.day)).limit(1).as('latest_completeness');
  return db.select({ status: syncStatus, completeness: { day: latest.day, missingOrders: latest.missingOrders, missingRefunds: latest.missingRefunds, checkedAt: latest.checkedAt } })
    .from(syncStatus)
    .leftJoinLateral(latest, sql`true`)
    .where(eq(syncStatus.tenantId, tenantId))
    .prepare('api_sync_status');
});

export interface CompletenessCountsRow { day: string; missingOrders: number; missingRefunds: number; checkedAt: Date }

/** The sync_status row with the latest completeness check's counts, or null when the sync has not written one. */
export async function readSyncStatus(db: Db, tenant: string): Promise<{ status: SyncStatusRow; completeness: CompletenessCountsRow | null } | null> {
  const [row] = await syncStatusStatement(db).execute({ tenantId: tenant });
  if (!row) return null;
  const c = row.completeness;
  return { status: row.status, completeness: c && c.day !== null && c.checkedAt !== null ? { day: c.day, missingOrders: Number(c.missingOrders), missingRefunds: Number(c.missingRefunds), checkedAt: c.checkedAt } : null };
}

const journeyStatement = preparedPerDb((db) => db.select({ journey: saleJourneys, synced: syncedSales })
  .from(saleJourneys)
  .leftJoin(syncedSales, and(eq(syncedSales.tenantId, saleJourneys.tenantId), eq(syncedSales.source, saleJourneys.source), eq(syncedSales.externalId, saleJourneys.externalId)))
  .where(and(eq(saleJourneys.tenantId, tenantId), eq(saleJourneys.orderNumber, orderNumber)))
  .orderBy(desc(saleJourneys.updatedAt))
  .limit(1)
  .prepare('api_sale_journey'));

export type SyncedSaleRow = typeof syncedSales.$inferSelect;

/** The journey the merchant knows by this order number (the most recent), with its sale's synced_sales record. */
export async function readSaleJourney(db: Db, tenant: string, number: string): Promise<{ journey: SaleJourneyRow; synced: SyncedSaleRow | null } | null> {
  const [row] = await journeyStatement(db).execute({ tenantId: tenant, orderNumber: number });
  return row ?? null;
}

const errorsStatement = preparedPerDb((db) => db.select().from(saleErrors)
  .where(and(eq(saleErrors.tenantId, tenantId), eq(saleErrors.orderNumber, orderNumber)))
  .orderBy(desc(saleErrors.occurredAt))
  .prepare('api_sale_errors'));

/** Error records of an order number, newest first (as listSaleErrorsByOrderNumber). */
export function readSaleErrors(db: Db, tenant: string, number: string): Promise<SaleErrorRow[]> {
  return errorsStatement(db).execute({ tenantId: tenant, orderNumber: number });
}
