import { and, eq, inArray, sql } from 'drizzle-orm';
import type { SaleAmounts } from '../../domain/sale-fingerprint';
import type { Db } from '../client';
import { syncedRefunds } from '../schema';

export interface RefundKey {
  tenantId: string;
  source: string;
  orderExternalId: string;
  refundExternalId: string;
}

export type RefundClaim =
  | { kind: 'claimed'; takenOver: boolean }
  | { kind: 'already-credited'; targetDocumentId: string | null }
  | { kind: 'nothing-to-credit' };

const keyIs = (k: RefundKey) => and(
  eq(syncedRefunds.tenantId, k.tenantId), eq(syncedRefunds.source, k.source),
  eq(syncedRefunds.orderExternalId, k.orderExternalId), eq(syncedRefunds.refundExternalId, k.refundExternalId),
);

/** Claims a refund for one workflow run; a credited refund is never claimed again. */
export async function claimRefund(db: Db, key: RefundKey & { orderNumber: string; runId: string }): Promise<RefundClaim> {
  const inserted = await db.insert(syncedRefunds)
    .values({ ...key, state: 'claimed', claimedByRunId: key.runId })
    .onConflictDoNothing()
    .returning({ state: syncedRefunds.state });
  if (inserted.length > 0) return { kind: 'claimed', takenOver: false };
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(syncedRefunds).where(keyIs(key)).for('update');
    if (!row) throw new Error('synced_refunds row vanished during claim');
    // Credited by its own credit note, or covered by earlier ones (claimRefundCredit): never again.
    if (row.state === 'credited' || row.state === 'already-credited') return { kind: 'already-credited', targetDocumentId: row.targetDocumentId } as const;
    if (row.state === 'nothing-to-credit') return { kind: 'nothing-to-credit' } as const;
    if (row.claimedByRunId === key.runId) return { kind: 'claimed', takenOver: false } as const;
    // One run per refund id at a time (its workflow id): an older claim is from a run that ended, maybe after writing.
    await tx.update(syncedRefunds).set({ claimedByRunId: key.runId, updatedAt: sql`now()` }).where(keyIs(key));
    return { kind: 'claimed', takenOver: true } as const;
  });
}

export async function markRefundCredited(db: Db, key: RefundKey & { runId: string; amounts: SaleAmounts; targetDocumentId: string }): Promise<void> {
  await db.update(syncedRefunds).set({
    state: 'credited', amountExclCents: key.amounts.totalExclCents, amountInclCents: key.amounts.totalInclCents,
    targetDocumentId: key.targetDocumentId, claimedByRunId: null, creditedAt: sql`now()`, updatedAt: sql`now()`,
  }).where(and(keyIs(key), eq(syncedRefunds.state, 'claimed')));
}

/** A refund that needs no credit note (nothing left to credit, or an order that was never invoiced). */
export async function markNothingToCredit(db: Db, key: RefundKey & { orderNumber: string }): Promise<void> {
  await db.insert(syncedRefunds).values({ ...key, state: 'nothing-to-credit', amountExclCents: 0, amountInclCents: 0 })
    .onConflictDoUpdate({
      target: [syncedRefunds.tenantId, syncedRefunds.source, syncedRefunds.orderExternalId, syncedRefunds.refundExternalId],
      set: { state: 'nothing-to-credit', claimedByRunId: null, updatedAt: sql`now()` },
      setWhere: sql`${syncedRefunds.state} not in ('credited', 'already-credited')`,
    });
}

export async function getSyncedRefund(db: Db, key: RefundKey) {
  const [row] = await db.select().from(syncedRefunds).where(keyIs(key));
  return row ?? null;
}

/** The refund rows of some orders (completeness check). */
export async function listSyncedRefunds(db: Db, tenantId: string, source: string, orderExternalIds: readonly string[]) {
  if (orderExternalIds.length === 0) return [];
  return db.select().from(syncedRefunds).where(and(
    eq(syncedRefunds.tenantId, tenantId), eq(syncedRefunds.source, source), inArray(syncedRefunds.orderExternalId, [...orderExternalIds]),
  ));
}
