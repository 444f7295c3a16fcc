import type { Refund } from './refund';
import type { SourceVendor } from './sale';
import type { RefundState } from './workflow-ids';

/** What goes into and out of the refund, correction, backfill and completeness workflows: ids and counts only. */

export interface RefundInput {
  tenantId: string;
  source: SourceVendor;
  orderExternalId: string;
  /** The source's refund id, or CANCELLATION_REFUND_ID for a cancelled order. */
  refundExternalId: string;
}

export interface RefundOutcome {
  /** `already-credited`: earlier credit notes of the invoice (e.g. a cancellation's) credit all of this refund already. */
  state: Extract<RefundState, 'credited' | 'skipped-duplicate' | 'nothing-to-credit' | 'already-credited'>;
  targetDocumentId: string | null;
}

export interface RefundProgress {
  state: RefundState;
  orderNumber: string | null;
  /** Since when the refund waits for its order's invoice (ISO), while it does. */
  waitingSince: string | null;
  lastError: { code: string; message: string } | null;
  targetDocumentId: string | null;
}

/** A refund the tenant sync is to start: from a poll, a webhook, or a cancelled order. */
export interface RefundChange {
  orderExternalId: string;
  refundExternalId: string;
}

export type FetchRefundResult =
  | { ok: true; refund: Refund }
  | { ok: false; orderNumber: string; issues: { code: string; path: string; message: string }[] };

export interface CorrectionInput {
  tenantId: string;
  source: SourceVendor;
  externalId: string;
}

export interface CorrectionOutcome {
  /** Invoice versions booked by this run (0: the ledger already matched the order). */
  corrected: number;
  /** Why nothing was corrected, when nothing was. */
  reason?: 'unchanged' | 'not-posted' | 'needs-history';
}
