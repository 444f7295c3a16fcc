import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { completenessReports, saleVersions, syncedRefunds } from '../schema';

/**
 * The per-refund and per-invoice-version records and the completeness reports of a tenant: the same
 * retention as synced_sales (kept while the contract runs, deleted with the offboarding). They go with
 * the tenant row (cascade); an offboarding that keeps the row for the statutory data calls this.
 */
export async function deleteRefundAndVersionRecords(db: Db, tenantId: string): Promise<void> {
  await db.delete(syncedRefunds).where(eq(syncedRefunds.tenantId, tenantId));
  await db.delete(saleVersions).where(eq(saleVersions.tenantId, tenantId));
  await db.delete(completenessReports).where(eq(completenessReports.tenantId, tenantId));
}
