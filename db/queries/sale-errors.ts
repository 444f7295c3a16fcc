import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { saleErrors } from '../schema';

export type NewSaleError = typeof saleErrors.$inferInsert;
export type SaleErrorRow = typeof saleErrors.$inferSelect;

export async function insertSaleError(db: Db, error: NewSaleError): Promise<SaleErrorRow> {
  const [row] = await db.insert(saleErrors).values(error).returning();
  if (!row) throw new Error('insert into sale_errors returned nothing');
  return row;
}

/** Removes the debtor-specific values; the template and non-personal params stay. Idempotent. */
export async function redactSaleError(db: Db, errorId: string): Promise<boolean> {
  const rows = await db.update(saleErrors).set({ pii: null, redactedAt: sql`coalesce(${saleErrors.redactedAt}, now())` })
    .where(and(eq(saleErrors.id, errorId), isNull(saleErrors.redactedAt)))
    .returning({ id: saleErrors.id });
  return rows.length > 0;
}

export async function getSaleError(db: Db, errorId: string): Promise<SaleErrorRow | null> {
  const [row] = await db.select().from(saleErrors).where(eq(saleErrors.id, errorId));
  return row ?? null;
}

/** A later successful run of the same sale resolves its open errors. */
export async function resolveSaleErrors(db: Db, key: { tenantId: string; source: string; externalId: string }): Promise<void> {
  await db.update(saleErrors).set({ resolvedAt: sql`now()` }).where(and(
    eq(saleErrors.tenantId, key.tenantId), eq(saleErrors.source, key.source), eq(saleErrors.externalId, key.externalId),
    isNull(saleErrors.resolvedAt),
  ));
}
