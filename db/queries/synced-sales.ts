import { and, desc, eq, sql } from 'drizzle-orm';
import type { SaleAmounts } from '../../domain/sale-fingerprint';
import type { Db } from '../client';
import { syncedSales } from '../schema';

export interface SaleKey {
  tenantId: string;
  source: string;
  externalId: string;
}

export type ClaimResult =
  | { kind: 'claimed'; takenOver: boolean }
  | { kind: 'already-posted'; targetDocumentId: string | null }
  | { kind: 'changed-after-posting'; posted: SaleAmounts; targetDocumentId: string | null; firstReport: boolean };

const keyIs = (k: SaleKey) =>
  and(eq(syncedSales.tenantId, k.tenantId), eq(syncedSales.source, k.source), eq(syncedSales.externalId, k.externalId));

/**
 * Claims a sale for one workflow run. A posted sale is never claimed again: same amounts means a
 * duplicate, different amounts means the order changed after posting.
 */
export async function claimSale(db: Db, key: SaleKey & { orderNumber: string; runId: string; amounts: SaleAmounts; reportChange?: boolean }): Promise<ClaimResult> {
  const inserted = await db.insert(syncedSales)
    .values({ tenantId: key.tenantId, source: key.source, externalId: key.externalId, orderNumber: key.orderNumber, state: 'claimed', claimedByRunId: key.runId })
    .onConflictDoNothing()
    .returning({ state: syncedSales.state });
  if (inserted.length > 0) return { kind: 'claimed', takenOver: false };

  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(syncedSales).where(keyIs(key)).for('update');
    if (!row) throw new Error('synced_sales row vanished during claim');
    if (row.state === 'claimed') {
      if (row.claimedByRunId === key.runId) return { kind: 'claimed', takenOver: false } as const;
      // Only one run of a sale exists at a time (its workflow id), so an older claim is from a run that ended.
      await tx.update(syncedSales).set({ claimedByRunId: key.runId, orderNumber: key.orderNumber, updatedAt: sql`now()` }).where(keyIs(key));
      return { kind: 'claimed', takenOver: true } as const;
    }
    const posted = { totalExclCents: row.amountExclCents ?? 0, totalInclCents: row.amountInclCents ?? 0 };
    const same = posted.totalExclCents === key.amounts.totalExclCents && posted.totalInclCents === key.amounts.totalInclCents;
    if (same) return { kind: 'already-posted', targetDocumentId: row.targetDocumentId } as const;
    // Under the 'correct' policy a change is not reported: a correction brings the ledger in line instead.
    const firstReport = row.state === 'posted' && key.reportChange !== false;
    if (firstReport) {
      await tx.update(syncedSales).set({ state: 'changed-after-posting', updatedAt: sql`now()` }).where(keyIs(key));
    }
    return { kind: 'changed-after-posting', posted, targetDocumentId: row.targetDocumentId, firstReport } as const;
  });
}

export async function markSalePosted(
  db: Db,
  key: SaleKey & { runId: string; amounts: SaleAmounts; targetDocumentId: string },
): Promise<void> {
  await db.update(syncedSales).set({
    state: 'posted',
    amountExclCents: key.amounts.totalExclCents,
    amountInclCents: key.amounts.totalInclCents,
    targetDocumentId: key.targetDocumentId,
    claimedByRunId: null,
    postedAt: sql`now()`,
    updatedAt: sql`now()`,
  }).where(and(keyIs(key), eq(syncedSales.state, 'claimed')));
}

/** The sale the merchant knows by this order number (the most recently changed one, should a shop reuse numbers). */
export async function getSyncedSaleByOrderNumber(db: Db, tenantId: string, orderNumber: string) {
  const [row] = await db.select().from(syncedSales)
    .where(and(eq(syncedSales.tenantId, tenantId), eq(syncedSales.orderNumber, orderNumber)))
    .orderBy(desc(syncedSales.updatedAt)).limit(1);
  return row ?? null;
}

export async function getSyncedSale(db: Db, key: SaleKey) {
  const [row] = await db.select().from(syncedSales).where(keyIs(key));
  return row ?? null;
}

/** Reports an order edited after posting, once; returns whether this call was the first report. */
export async function markChangedAfterPosting(db: Db, key: SaleKey): Promise<boolean> {
  const rows = await db.update(syncedSales).set({ state: 'changed-after-posting', updatedAt: sql`now()` })
    .where(and(keyIs(key), eq(syncedSales.state, 'posted')))
    .returning({ externalId: syncedSales.externalId });
  return rows.length > 0;
}
