import type { Db } from '../db/client';
import { resolveSaleErrors } from '../db/queries/sale-errors';
import { claimVersion, currentInvoice, markVersionCredited, markVersionPosted, type CorrectionClaim } from '../db/queries/sale-versions';
import { ledgerBreakdown, linesFromBreakdown } from '../domain/ledger-breakdown';
import { refundFromLines } from '../domain/refund-lines';
import type { Refund } from '../domain/refund';
import type { Sale } from '../domain/sale';
import { sameAmounts, saleAmounts } from '../domain/sale-fingerprint';
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
    /** The order as it is now, under the new version's reference. */
    invoice: Sale;
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
    async planCorrection(input: { tenantId: string; source: string; externalId: string; sale: Sale; runId: string }): Promise<CorrectionPlan> {
      const key = { tenantId: input.tenantId, source: input.source, externalId: input.externalId };
      const booked = await currentInvoice(db, key);
      if (!booked) return { kind: 'not-posted' };
      if (sameAmounts(booked.amounts, saleAmounts(input.sale))) return { kind: 'unchanged' };
      if (!booked.breakdown) return { kind: 'needs-history' };
      const version = booked.version + 1;
      const reference = versionReference(input.sale.orderNumber, version);
      const claim: CorrectionClaim = await claimVersion(db, {
        ...key, version, reference, amounts: saleAmounts(input.sale), breakdown: ledgerBreakdown(input.sale.lines), runId: input.runId,
      });
      if (claim.kind === 'posted-meanwhile') return { kind: 'unchanged' };
      const credit = claim.credited ? null : {
        original: { id: booked.targetDocumentId, reference: booked.reference, totalExclCents: booked.amounts.totalExclCents, totalInclCents: booked.amounts.totalInclCents },
        // The whole invoice booked now, per ledger line as it was booked (refunds credited against it stay as they are).
        refund: refundFromLines({
          source: input.source, externalId: `v${booked.version}`, orderExternalId: input.externalId, orderNumber: input.sale.orderNumber,
          refundDate: new Date().toISOString().slice(0, 10), currency: input.sale.currency, full: true,
          lines: linesFromBreakdown(booked.breakdown, 'Correctie'),
        }),
      };
      return { kind: 'correct', version, credit, invoice: { ...input.sale, orderNumber: reference }, takenOver: claim.takenOver };
    },

    async recordVersionCredited(input: { tenantId: string; source: string; externalId: string; version: number; creditNoteDocumentId: string }): Promise<void> {
      await markVersionCredited(db, input);
    },

    /** The new invoice is booked: synced_sales now points at it, and the change report (if any) is resolved. */
    async recordVersionPosted(input: { tenantId: string; source: string; externalId: string; version: number; targetDocumentId: string }): Promise<void> {
      await markVersionPosted(db, input);
      await resolveSaleErrors(db, input);
    },
  };
}
