import { and, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import type { PosSaleShare } from '../../domain/pos-day';
import type { Db } from '../client';
import { posDayBatches, posDaySales, syncedSales } from '../schema';

export interface PosDayKey {
  tenantId: string;
  source: string;
  location: string;
  businessDay: string;
}

const dayIs = (k: PosDayKey) => and(
  eq(posDaySales.tenantId, k.tenantId), eq(posDaySales.source, k.source), eq(posDaySales.location, k.location), eq(posDaySales.businessDay, k.businessDay),
);
const batchDayIs = (k: PosDayKey) => and(
  eq(posDayBatches.tenantId, k.tenantId), eq(posDayBatches.source, k.source), eq(posDayBatches.location, k.location), eq(posDayBatches.businessDay, k.businessDay),
);

/**
 * Records a till sale for its day. Idempotent; a sale that changed before its day was booked replaces
 * its share, one that already joined a summary keeps the amounts it was booked with.
 */
export async function collectPosSale(db: Db, k: PosDayKey & { externalId: string; share: PosSaleShare }): Promise<'collected' | 'already-in-summary'> {
  const rows = await db.insert(posDaySales)
    .values({ tenantId: k.tenantId, source: k.source, externalId: k.externalId, location: k.location, businessDay: k.businessDay, share: k.share })
    .onConflictDoUpdate({
      target: [posDaySales.tenantId, posDaySales.source, posDaySales.externalId],
      set: { share: k.share, location: k.location, businessDay: k.businessDay },
      setWhere: isNull(posDaySales.batch),
    })
    .returning({ externalId: posDaySales.externalId });
  return rows.length > 0 ? 'collected' : 'already-in-summary';
}

export interface OpenBatch {
  batch: number;
  reference: string;
  shares: PosSaleShare[];
  /** An open batch of an earlier attempt: its invoice may already exist, so look it up first. */
  resumed: boolean;
}

/**
 * The batch to book next: an open one left by an earlier attempt (same sales, same reference), else
 * every collected sale of the day not yet in a summary, as a new batch. Null when nothing is left.
 */
export async function openPosBatch(db: Db, k: PosDayKey, reference: (batch: number) => string, amounts: (shares: PosSaleShare[]) => { excl: number; incl: number }): Promise<OpenBatch | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`pos-day:${k.tenantId}:${k.source}:${k.location}:${k.businessDay}`}))`);
    const [open] = await tx.select().from(posDayBatches).where(and(batchDayIs(k), eq(posDayBatches.state, 'open')));
    if (open) {
      const rows = await tx.select({ share: posDaySales.share }).from(posDaySales).where(and(dayIs(k), eq(posDaySales.batch, open.batch)));
      return { batch: open.batch, reference: open.reference, shares: rows.map((r) => r.share), resumed: true };
    }
    const pending = await tx.select({ externalId: posDaySales.externalId, share: posDaySales.share }).from(posDaySales).where(and(dayIs(k), isNull(posDaySales.batch)));
    if (pending.length === 0) return null;
    const [last] = await tx.select({ n: max(posDayBatches.batch) }).from(posDayBatches).where(batchDayIs(k));
    const batch = (last?.n ?? 0) + 1;
    const shares = pending.map((p) => p.share);
    const sum = amounts(shares);
    await tx.insert(posDayBatches).values({
      ...k, batch, state: 'open', reference: reference(batch), sales: shares.length, amountExclCents: sum.excl, amountInclCents: sum.incl,
    });
    await tx.update(posDaySales).set({ batch }).where(and(dayIs(k), inArray(posDaySales.externalId, pending.map((p) => p.externalId))));
    return { batch, reference: reference(batch), shares, resumed: false };
  });
}

/** The summary is in the ledger: the batch and each of its sales are posted under its document. */
export async function markPosBatchBooked(db: Db, k: PosDayKey & { batch: number; targetDocumentId: string }): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.update(posDayBatches).set({ state: 'booked', targetDocumentId: k.targetDocumentId, bookedAt: sql`now()` })
      .where(and(batchDayIs(k), eq(posDayBatches.batch, k.batch)));
    const members = await tx.select({ externalId: posDaySales.externalId, share: posDaySales.share }).from(posDaySales).where(and(dayIs(k), eq(posDaySales.batch, k.batch)));
    for (const m of members) {
      await tx.update(syncedSales).set({
        state: 'posted', amountExclCents: m.share.totalExclCents, amountInclCents: m.share.totalInclCents, targetDocumentId: k.targetDocumentId,
        claimedByRunId: null, postedAt: sql`now()`, updatedAt: sql`now()`,
      }).where(and(eq(syncedSales.tenantId, k.tenantId), eq(syncedSales.source, k.source), eq(syncedSales.externalId, m.externalId), eq(syncedSales.state, 'claimed')));
    }
    return members.length;
  });
}
