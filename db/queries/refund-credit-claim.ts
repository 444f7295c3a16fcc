import { and, eq, sql } from 'drizzle-orm';
import { capRefund, creditBreakdown } from '../../domain/credit-cap';
import type { LedgerLine } from '../../domain/ledger-breakdown';
import type { Refund } from '../../domain/refund';
import type { Db } from '../client';
import { syncedRefunds } from '../schema';
import type { RefundKey } from './synced-refunds';

export type RefundCreditClaim =
  /** This run credits `refund` (capped when earlier credits of the invoice cover part of it). */
  | { kind: 'claimed'; takenOver: boolean; refund: Refund; cutCents: number }
  /** This refund has its credit note already. */
  | { kind: 'credited'; targetDocumentId: string | null }
  /** Earlier credit notes of the invoice credit all of it: recorded, no document of its own. */
  | { kind: 'already-credited'; targetDocumentId: string | null }
  | { kind: 'nothing-to-credit' };

export interface BookedInvoiceFacts {
  version: number;
  breakdown: readonly LedgerLine[] | null;
  totalInclCents: number;
}

/**
 * Claims a refund's credit note for one run, capped by what is left of the invoice it credits. Claims of one
 * order are serialised by a transaction-scoped advisory lock, so a refund and a cancellation (or two refunds)
 * arriving at once each see the other's claim: together they never credit more than the invoice booked. A
 * claim reserves its amounts per ledger line until it is credited (a run that failed after claiming keeps
 * its reservation; its retry credits it).
 */
export async function claimRefundCredit(db: Db, key: RefundKey & { orderNumber: string; runId: string; refund: Refund; invoice: BookedInvoiceFacts }): Promise<RefundCreditClaim> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`synced_refunds:${key.tenantId}:${key.source}:${key.orderExternalId}`}, 0))`);
    const order = and(eq(syncedRefunds.tenantId, key.tenantId), eq(syncedRefunds.source, key.source), eq(syncedRefunds.orderExternalId, key.orderExternalId));
    const rows = await tx.select().from(syncedRefunds).where(order);
    const own = rows.find((r) => r.refundExternalId === key.refundExternalId);
    if (own?.state === 'credited') return { kind: 'credited', targetDocumentId: own.targetDocumentId } as const;
    if (own?.state === 'already-credited') return { kind: 'already-credited', targetDocumentId: own.targetDocumentId } as const;
    if (own?.state === 'nothing-to-credit') return { kind: 'nothing-to-credit' } as const;

    // Earlier credits of the same invoice version (a correction's new invoice starts afresh).
    const earlier = rows.filter((r) => r.refundExternalId !== key.refundExternalId && (r.state === 'claimed' || r.state === 'credited')
      && (r.invoiceVersion ?? 1) === key.invoice.version);
    const capped = capRefund(key.refund, key.invoice.breakdown, key.invoice.totalInclCents,
      earlier.map((r) => ({ breakdown: r.breakdown, amountInclCents: r.amountInclCents ?? 0 })));
    const keyIs = and(order, eq(syncedRefunds.refundExternalId, key.refundExternalId));

    if (capped.kind === 'covered') {
      const covering = earlier.filter((r) => r.state === 'credited' && r.targetDocumentId)
        .sort((a, b) => (b.creditedAt?.getTime() ?? 0) - (a.creditedAt?.getTime() ?? 0))[0]?.targetDocumentId ?? null;
      const values = { state: 'already-credited' as const, amountExclCents: 0, amountInclCents: 0, breakdown: [], invoiceVersion: key.invoice.version, targetDocumentId: covering, claimedByRunId: null };
      if (own) await tx.update(syncedRefunds).set({ ...values, updatedAt: sql`now()` }).where(keyIs);
      else await tx.insert(syncedRefunds).values({ ...key, orderNumber: key.orderNumber, ...values });
      return { kind: 'already-credited', targetDocumentId: covering } as const;
    }

    const refund = capped.refund;
    const values = {
      state: 'claimed' as const, claimedByRunId: key.runId, amountExclCents: refund.totalExclCents, amountInclCents: refund.totalInclCents,
      breakdown: creditBreakdown(refund), invoiceVersion: key.invoice.version,
    };
    if (own) await tx.update(syncedRefunds).set({ ...values, updatedAt: sql`now()` }).where(keyIs);
    else await tx.insert(syncedRefunds).values({ ...key, orderNumber: key.orderNumber, ...values });
    // One run per refund id at a time (its workflow id): an older claim is from a run that ended, maybe after writing.
    const takenOver = own !== undefined && own.claimedByRunId !== key.runId;
    return { kind: 'claimed', takenOver, refund, cutCents: capped.kind === 'capped' ? capped.cutCents : 0 } as const;
  });
}
