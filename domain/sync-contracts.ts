import type { RefundChange } from './refund-contracts';
import type { SourceVendor } from './sale';
import type { SaleState } from './workflow-ids';

/**
 * What goes into and out of the sync workflows. Inputs carry ids only: a running workflow keeps its
 * start input in history for as long as it runs.
 */

export interface SaleInput {
  tenantId: string;
  source: SourceVendor;
  externalId: string;
  /** Look the order number up in the ledger before booking (backfill): what is found is linked, not booked again. */
  lookupFirst?: boolean;
}

export type SaleOutcomeState = Extract<SaleState, 'posted' | 'collected' | 'skipped-duplicate' | 'skipped-zero-value' | 'changed-after-posting'>;

export interface SaleOutcome {
  state: SaleOutcomeState;
  targetDocumentId: string | null;
  /** Posted by linking an invoice found in the ledger under the order number (lookupFirst). */
  linked?: boolean;
}

export interface SaleProgress {
  state: SaleState;
  orderNumber: string | null;
  lastError: { code: string; message: string } | null;
  targetDocumentId: string | null;
}

export interface OrderChange {
  externalId: string;
  /** ISO timestamp of the change in the source, when known (webhooks and polls both carry it). */
  modifiedAt?: string;
  /** The order's refund ids, when the listing or webhook carries them (absent: the sync asks the source). */
  refunds?: string[];
  /** False: not a sale (yet); only its refunds or cancellation are handled. Absent means bookable. */
  bookable?: boolean;
  /** Cancelled in the source: a booked invoice gets a credit note for what was not refunded. */
  cancelled?: boolean;
}

export interface TenantSyncInput {
  tenantId: string;
  source: SourceVendor;
  /** Orders changed after this ISO time are read on the next poll; unset = from the stored cursor. */
  cursor?: string;
  /** Carried over continue-as-new: orders waiting to be started. */
  queue?: OrderChange[];
  /** Carried over continue-as-new: refunds waiting to be started. */
  refunds?: RefundChange[];
  paused?: PauseState | null;
  counts?: SyncCounts;
  /** Seconds between polls of the source. */
  pollIntervalSeconds?: number;
  /** Sale workflows running at once for this tenant. */
  concurrency?: number;
  /** History length at which the sync continues as new (default 8,000; tests lower it). */
  maxHistoryEvents?: number;
  /** How long continue-as-new waits for running sales before handing them to the next run (default 600). */
  drainSeconds?: number;
}

export interface PauseState {
  reason: string;
  /** Who paused: 'merchant', 'ops', or 'credentials-rejected' when the vendor refused the credentials. */
  by: string;
  since: string;
}

export interface SyncCounts {
  posted: number;
  skippedDuplicate: number;
  /** Zero-value orders not booked because the tenant's zeroValueOrders setting is 'skip'. */
  skippedZeroValue?: number;
  changedAfterPosting: number;
  failed: number;
  /** Till sales recorded for their day's summary (absent in syncs started before daily summaries existed). */
  collected?: number;
}

export interface TenantSyncStatus {
  tenantId: string;
  state: 'running' | 'paused';
  paused: PauseState | null;
  cursor: string | null;
  queued: number;
  inFlight: number;
  lastPollAt: string | null;
  lastPollError: string | null;
  nextPollAt: string | null;
  counts: SyncCounts;
}

export const emptyCounts = (): SyncCounts => ({ posted: 0, skippedDuplicate: 0, changedAfterPosting: 0, failed: 0 });

/** A location's till day (posDayWorkflow); ids only. */
export interface PosDayInput {
  tenantId: string;
  source: SourceVendor;
  location: string;
  businessDay: string;
  /** When the summary is booked: the day's end in the shop's time zone plus the tenant's delay (ISO). */
  closesAt: string;
  /** After the close: book once no sale of the day arrived for this long (default 10 s). */
  settleMs?: number;
}

export interface PosDayOutcome {
  /** The summary invoices booked by this run (one per batch). */
  documents: { reference: string; targetDocumentId: string; sales: number }[];
}
