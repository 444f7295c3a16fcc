import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { BookingOptions, TargetDocument } from '../connectors/ports';
import type { Db } from '../db/client';
import { resolveSaleErrors } from '../db/queries/sale-errors';
import { claimRefundCredit, type RefundCreditClaim } from '../db/queries/refund-credit-claim';
import { currentInvoice } from '../db/queries/sale-versions';
import { getSyncedSale } from '../db/queries/synced-sales';
import { claimRefund, markNothingToCredit, markRefundCredited, type RefundClaim, type RefundKey } from '../db/queries/synced-refunds';
import { getTenantSettings } from '../db/queries/tenant-settings';
import { AmountOutOfRangeError } from '../domain/money';
import { creditNoteReference, type Refund } from '../domain/refund';
import type { FetchRefundResult } from '../domain/refund-contracts';
import { prepareRefund } from '../domain/prepare-refund';
import { validateRefund } from '../domain/refund-validation';
import type { SaleAmounts } from '../domain/sale-fingerprint';
import type { ConnectorProvider } from './connector-provider';
import { withCreditNoteLease } from './credit-note-lease';
import { toApplicationFailure, translating } from './failures';
import { isHistory } from './history';
import { recordSaleError } from './record-sale-error';
import { bookingOptionsOf } from './sale-activities';

export interface RefundActivityDeps {
  db: Db;
  connectors: ConnectorProvider;
}

const actor = () => {
  const { info } = Context.current();
  return `workflow:${info.workflowExecution?.workflowId ?? info.activityId}`;
};

/** Error records of a refund are kept under the order, apart from the order's own: `<order id>/refunds/<refund id>`. */
export const refundErrorKey = (orderExternalId: string, refundExternalId: string) => `${orderExternalId}/refunds/${refundExternalId}`;

export type OriginalInvoice =
  | { state: 'posted'; document: TargetDocument; version: number }
  | { state: 'pending' }
  | { state: 'none' };

/** The side effects of the refund workflow (and the credit step of a correction). */
export function createRefundActivities(deps: RefundActivityDeps) {
  const { db, connectors } = deps;
  return {
    /** Reads the refund and normalises it; a refund that cannot be credited comes back with its issues. */
    async fetchRefund(input: RefundKey): Promise<FetchRefundResult> {
      const { connector, connection } = await connectors.source(input.tenantId, actor(), 'read a refund');
      let refund: Refund;
      try {
        refund = await connector.getRefund(input.orderExternalId, input.refundExternalId);
      } catch (error) {
        // As for sales: sums beyond the safe range are refused, never retried.
        if (!(error instanceof AmountOutOfRangeError)) throw toApplicationFailure(error, 'source');
        return { ok: false, orderNumber: input.orderExternalId, issues: [{ code: 'INVALID_AMOUNT', path: 'lines', message: 'The amounts of the refund add up beyond what can be booked exactly (more than 90 trillion).' }] };
      }
      if (await isHistory(db, { tenantId: input.tenantId, source: input.source, externalId: input.orderExternalId }, refund.orderPlacedAt, connection.createdAt)) {
        // The order is history (booked by the merchant, not by doorzet): so is its refund. A backfill that books the order credits it.
        throw ApplicationFailure.create({ type: 'NOT_BOOKABLE', nonRetryable: true, message: 'The refunded order was placed before the sync start.' });
      }
      const issues = validateRefund(refund);
      if (issues.length > 0) return { ok: false, orderNumber: refund.orderNumber || input.orderExternalId, issues };
      return { ok: true, refund };
    },

    /** The invoice the order stands booked with now (the latest version after corrections), if it is booked. */
    async originalInvoice(input: { tenantId: string; source: string; orderExternalId: string }): Promise<OriginalInvoice> {
      const key = { tenantId: input.tenantId, source: input.source, externalId: input.orderExternalId };
      const booked = await currentInvoice(db, key);
      if (booked) {
        return {
          state: 'posted', version: booked.version,
          document: { id: booked.targetDocumentId, reference: booked.reference, totalExclCents: booked.amounts.totalExclCents, totalInclCents: booked.amounts.totalInclCents },
        };
      }
      return (await getSyncedSale(db, key)) ? { state: 'pending' } : { state: 'none' };
    },

    async claimRefund(input: RefundKey & { orderNumber: string; runId: string }): Promise<RefundClaim> {
      return claimRefund(db, input);
    },

    /**
     * Prepares the credit note by its invoice's rules (domain/prepare-refund) and claims it, capped by what
     * the invoice still holds after its earlier credit notes (domain/credit-cap): a refund the shop records
     * after a cancellation was credited comes back `already-credited`. The claimed refund is what is credited.
     */
    async claimRefundCredit(input: RefundKey & { orderNumber: string; runId: string; refund: Refund }): Promise<RefundCreditClaim> {
      const settings = await getTenantSettings(db, input.tenantId);
      const booked = await currentInvoice(db, { tenantId: input.tenantId, source: input.source, externalId: input.orderExternalId });
      if (!booked) throw new Error('the invoice of a refund to claim is not booked'); // the workflow waited for it: retried
      const prepared = prepareOrFail(input.refund, booked.breakdown, settings.homeCountry);
      const claim = await claimRefundCredit(db, {
        tenantId: input.tenantId, source: input.source, orderExternalId: input.orderExternalId, refundExternalId: input.refundExternalId,
        orderNumber: input.orderNumber, runId: input.runId, refund: prepared,
        invoice: { version: booked.version, breakdown: booked.breakdown, totalInclCents: booked.amounts.totalInclCents },
      });
      // A cut refund is credited by the same rounding rule as any other.
      if (claim.kind === 'claimed' && claim.cutCents > 0) return { ...claim, refund: prepareOrFail(claim.refund, booked.breakdown, settings.homeCountry) };
      return claim;
    },

    /**
     * Books the credit note, prepared by the rules its invoice was booked by. After an ambiguous failure (a retry, or a claim taken over from an earlier
     * run) its reference is looked up first, so a committed credit note is never booked twice.
     */
    async pushCreditNote(input: { tenantId: string; refund: Refund; original: TargetDocument; contactId: string; lookupFirst: boolean; prepared?: boolean }): Promise<TargetDocument> {
      const { connector } = await connectors.target(input.tenantId, actor(), 'book a credit note');
      const retrying = input.lookupFirst || Context.current().info.attempt > 1;
      const settings = await getTenantSettings(db, input.tenantId);
      const options: BookingOptions = bookingOptionsOf(settings);
      const { debtor: _debtor, ...stated } = input.refund;
      // The invoice's regimes and rounding rule (domain/prepare-refund), from what the invoice booked per ledger line.
      // Claimed by claimRefundCredit: prepared (and capped) already.
      const refund = input.prepared ? stated : prepareOrFail(
        stated, (await currentInvoice(db, { tenantId: input.tenantId, source: stated.source, externalId: stated.orderExternalId }))?.breakdown ?? null, settings.homeCountry,
      );
      return withCreditNoteLease(db, input.tenantId, input.original.id, () => translating('target', async () => {
        if (retrying) {
          const existing = await connector.findDocumentByReference(creditNoteReference(refund.orderNumber, refund.externalId), options);
          // An attempt cut between writing and finalising left it a draft: finalise it, as for invoices.
          if (existing?.state === 'draft' && options.invoiceState === 'final' && connector.finalise) return connector.finalise(existing);
          if (existing) return existing;
        }
        return connector.createCreditNote(refund, input.original, input.contactId, options);
      }));
    },

    async recordCredited(input: RefundKey & { runId: string; amounts: SaleAmounts; targetDocumentId: string }): Promise<void> {
      await markRefundCredited(db, input);
      await resolveSaleErrors(db, { tenantId: input.tenantId, source: input.source, externalId: refundErrorKey(input.orderExternalId, input.refundExternalId) });
    },

    async recordNothingToCredit(input: RefundKey & { orderNumber: string }): Promise<void> {
      await markNothingToCredit(db, input);
      await resolveSaleErrors(db, { tenantId: input.tenantId, source: input.source, externalId: refundErrorKey(input.orderExternalId, input.refundExternalId) });
    },

    /** An error record of a refund (template + params; refunds carry no debtor values in records). */
    async recordRefundError(input: RefundKey & { orderNumber: string; code: string; params: Record<string, string>; workflowId: string; runId: string }) {
      return recordSaleError(db, {
        tenantId: input.tenantId, source: input.source, externalId: refundErrorKey(input.orderExternalId, input.refundExternalId),
        workflowId: input.workflowId, runId: input.runId, orderNumber: input.orderNumber, code: input.code,
        params: { ...input.params, refund: input.refundExternalId }, pii: null,
      });
    },
  };
}

/** The refund as its invoice's rules book it; a refund those rules cannot book is an error record, never retried. */
function prepareOrFail(refund: Refund, breakdown: Parameters<typeof prepareRefund>[1], homeCountry: string): Refund {
  const prepared = prepareRefund(refund, breakdown, homeCountry);
  if (!prepared.ok) {
    throw ApplicationFailure.create({ type: prepared.issues[0]?.code ?? 'TOTALS_MISMATCH', nonRetryable: true, message: 'The refund cannot be credited as stated.', details: [{ issues: prepared.issues }] });
  }
  return prepared.refund;
}
