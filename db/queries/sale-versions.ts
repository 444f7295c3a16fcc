import { and, desc, eq, sql } from 'drizzle-orm';
import type { LedgerLine } from '../../domain/ledger-breakdown';
import type { SaleAmounts } from '../../domain/sale-fingerprint';
import type { Db } from '../client';
import { saleVersions, syncedSales } from '../schema';
import type { SaleKey } from './synced-sales';

const keyIs = (k: SaleKey) => and(eq(saleVersions.tenantId, k.tenantId), eq(saleVersions.source, k.source), eq(saleVersions.externalId, k.externalId));

/** Remembers what the first invoice of a sale booked per ledger line (written with the posting). */
export async function recordFirstVersion(db: Db, key: SaleKey & { reference: string; amounts: SaleAmounts; breakdown: LedgerLine[]; targetDocumentId: string }): Promise<void> {
  await db.insert(saleVersions).values({
    tenantId: key.tenantId, source: key.source, externalId: key.externalId, version: 1, reference: key.reference, state: 'posted',
    amountExclCents: key.amounts.totalExclCents, amountInclCents: key.amounts.totalInclCents, breakdown: key.breakdown,
    targetDocumentId: key.targetDocumentId, postedAt: sql`now()`,
  }).onConflictDoNothing();
}

export interface BookedInvoice {
  version: number;
  reference: string;
  targetDocumentId: string;
  amounts: SaleAmounts;
  /** Null for sales posted before versions were recorded. */
  breakdown: LedgerLine[] | null;
}

/**
 * The invoice a sale stands booked with now: the latest posted version, else (a sale posted before
 * versions were recorded) what synced_sales holds, with the order number as reference. Null when the
 * sale is not posted (no row, or only claimed).
 */
export async function currentInvoice(db: Db, key: SaleKey): Promise<BookedInvoice | null> {
  const [sale] = await db.select().from(syncedSales)
    .where(and(eq(syncedSales.tenantId, key.tenantId), eq(syncedSales.source, key.source), eq(syncedSales.externalId, key.externalId)));
  if (!sale || sale.state === 'claimed' || !sale.targetDocumentId) return null;
  const [latest] = await db.select().from(saleVersions).where(and(keyIs(key), eq(saleVersions.state, 'posted'))).orderBy(desc(saleVersions.version)).limit(1);
  if (latest?.targetDocumentId) {
    return {
      version: latest.version, reference: latest.reference, targetDocumentId: latest.targetDocumentId,
      amounts: { totalExclCents: latest.amountExclCents, totalInclCents: latest.amountInclCents }, breakdown: latest.breakdown,
    };
  }
  return {
    version: 1, reference: sale.orderNumber ?? key.externalId, targetDocumentId: sale.targetDocumentId,
    amounts: { totalExclCents: sale.amountExclCents ?? 0, totalInclCents: sale.amountInclCents ?? 0 }, breakdown: null,
  };
}

export type CorrectionClaim =
  | { kind: 'claimed'; version: number; reference: string; credited: { creditNoteDocumentId: string } | null; takenOver: boolean }
  | { kind: 'posted-meanwhile' };

/**
 * Claims version `version` of a sale for one correction run: the amounts and ledger lines of the order
 * as it is now. A version claimed by an earlier run of the same correction is taken over (its credit
 * note may exist already); a version already posted is never made again.
 */
export async function claimVersion(db: Db, key: SaleKey & { version: number; reference: string; amounts: SaleAmounts; breakdown: LedgerLine[]; runId: string }): Promise<CorrectionClaim> {
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(saleVersions).values({
      tenantId: key.tenantId, source: key.source, externalId: key.externalId, version: key.version, reference: key.reference, state: 'claimed',
      amountExclCents: key.amounts.totalExclCents, amountInclCents: key.amounts.totalInclCents, breakdown: key.breakdown, claimedByRunId: key.runId,
    }).onConflictDoNothing().returning({ version: saleVersions.version });
    if (inserted.length > 0) return { kind: 'claimed', version: key.version, reference: key.reference, credited: null, takenOver: false } as const;
    const [row] = await tx.select().from(saleVersions).where(and(keyIs(key), eq(saleVersions.version, key.version))).for('update');
    if (!row) throw new Error('sale_versions row vanished during claim');
    if (row.state === 'posted') return { kind: 'posted-meanwhile' } as const;
    const takenOver = row.claimedByRunId !== key.runId;
    // The credit note (if made) credited the version before; the new invoice books the order as it is now.
    await tx.update(saleVersions).set({
      claimedByRunId: key.runId, amountExclCents: key.amounts.totalExclCents, amountInclCents: key.amounts.totalInclCents,
      breakdown: key.breakdown, updatedAt: sql`now()`,
    }).where(and(keyIs(key), eq(saleVersions.version, key.version)));
    return {
      kind: 'claimed', version: row.version, reference: row.reference, takenOver,
      credited: row.state === 'credited' && row.creditNoteDocumentId ? { creditNoteDocumentId: row.creditNoteDocumentId } : null,
    } as const;
  });
}

export async function markVersionCredited(db: Db, key: SaleKey & { version: number; creditNoteDocumentId: string }): Promise<void> {
  await db.update(saleVersions).set({ state: 'credited', creditNoteDocumentId: key.creditNoteDocumentId, updatedAt: sql`now()` })
    .where(and(keyIs(key), eq(saleVersions.version, key.version), eq(saleVersions.state, 'claimed')));
}

/** The new invoice is booked: the version is posted and synced_sales points at it, with its amounts. */
export async function markVersionPosted(db: Db, key: SaleKey & { version: number; targetDocumentId: string; breakdown: LedgerLine[] }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.update(saleVersions).set({
      state: 'posted', targetDocumentId: key.targetDocumentId, breakdown: key.breakdown, claimedByRunId: null, postedAt: sql`now()`, updatedAt: sql`now()`,
    })
      .where(and(keyIs(key), eq(saleVersions.version, key.version))).returning();
    if (!row) return;
    await tx.update(syncedSales).set({
      state: 'posted', amountExclCents: row.amountExclCents, amountInclCents: row.amountInclCents, targetDocumentId: key.targetDocumentId,
      updatedAt: sql`now()`,
    }).where(and(eq(syncedSales.tenantId, key.tenantId), eq(syncedSales.source, key.source), eq(syncedSales.externalId, key.externalId)));
  });
}
