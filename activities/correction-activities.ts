import type { Db } from '../db/client';
import { resolveSaleErrors } from '../db/queries/sale-errors';
import { claimVersion, currentInvoice, markVersionCredited, markVersionPosted, type CorrectionClaim } from '../db/queries/sale-versions';
import { linesFromBreakdown, type LedgerLine } from '../domain/ledger-breakdown';
import { refundFromLines } from '../domain/refund-lines';
import type { Refund } from '../domain/refund';
import { sameAmounts, type SaleAmounts } from '../domain/sale-fingerprint';
import type { TargetDocument } from '../connectors/ports';

export interface CorrectionActivityDeps {
  db: Db;
}

/** The reference of invoice version `version` of an order: the order number itself, then `<order number>-<version>`. */
export const versionReference = (orderNumber: string, version: number) => (version <= 1 ? orderNumber : `${orderNumber}-${version}`);

export type CorrectionPlan =
  | { kind: 'unchanged' }
  | { kind: 'not-posted' }
  | { kind: 'needs-history' }
  | {
    kind: 'correct';
    version: number;
    /** The credit note for the invoice booked now; null when an earlier run of this correction made it already. */
    credit: { refund: Refund; original: TargetDocument } | null;
    /** The reference the order as it is now is booked under: `<order number>-<version>`. */
    reference: string;
    takenOver: boolean;
  };

/** The Postgres side of a correction of an order edited after posting (policy 'correct'). */
export function createCorrectionActivities(deps: CorrectionActivityDeps) {
  const { db } = deps;
  return {
    /**
     * Compares the order as it is now with the invoice booked for it and, when they differ, claims the
     * next invoice version: exactly once per change, whatever the number of runs or replays.
     */
    async planCorrection(input: { tenantId: string; source: string; externalId: string; orderNumber: string; currency: string; amounts: SaleAmounts; runId: string }): Promise<CorrectionPlan> {
      const key = { tenantId: input.tenantId, source: input.source, externalId: input.externalId };
      const booked = await currentInvoice(db, key);
      if (!booked) return { kind: 'not-posted' };
      if (sameAmounts(booked.amounts, input.amounts)) return { kind: 'unchanged' };
      if (!booked.breakdown) return { kind: 'needs-history' };
      const version = booked.version + 1;
      const reference = versionReference(input.orderNumber, version);
      // The ledger lines of the new version are recorded once it is booked (recordVersionPosted).
      const claim: CorrectionClaim = await claimVersion(db, { ...key, version, reference, amounts: input.amounts, breakdown: [], runId: input.runId });
      if (claim.kind === 'posted-meanwhile') return { kind: 'unchanged' };
      const credit = claim.credited ? null : {
        original: { id: booked.targetDocumentId, reference: booked.reference, totalExclCents: booked.amounts.totalExclCents, totalInclCents: booked.amounts.totalInclCents },
        // The whole invoice booked now, per ledger line as it was booked (refunds credited against it stay as they are).
        refund: refundFromLines({
          source: input.source, externalId: `v${booked.version}`, orderExternalId: input.externalId, orderNumber: input.orderNumber,
          refundDate: new Date().toISOString().slice(0, 10), currency: input.currency, full: true,
          lines: linesFromBreakdown(booked.breakdown, 'Correctie'),
        }),
      };
      return { kind: 'correct', version, credit, reference: claim.reference, takenOver: claim.takenOver };
    },

    async recordVersionCredited(input: { tenantId: string; source: string; externalId: string; version: number; creditNoteDocumentId: string }): Promise<void> {
      await markVersionCredited(db, input);
    },

    /** The new invoice is booked: synced_sales now points at it, and the change report (if any) is resolved. */
    async recordVersionPosted(input: { tenantId: string; source: string; externalId: string; version: number; targetDocumentId: string; breakdown: LedgerLine[] }): Promise<void> {
      await markVersionPosted(db, input);
      await resolveSaleErrors(db, input);
    },
  };
}
