import type { SourceVendor } from './sale';

/** The backfill of one tenant over a range of order dates: ids, counts and the estimate only. */

export interface BackfillOrder {
  externalId: string;
  /** Refund ids the listing carried: credited once the backfill books (not links) the order. */
  refunds?: string[];
}

export interface BackfillEstimate {
  /** Bookable orders placed in the range that doorzet has no record of. */
  orders: number;
  /** Orders in the range doorzet booked before (left alone). */
  alreadySynced: number;
  /** Orders in the range that are not sales (pending, cancelled, ...). */
  notBookable: number;
  /** Calls to the accounting system: one lookup per order at least; lookup, contact search and create, and the booking at most. */
  targetCalls: { atLeast: number; atMost: number };
  /** Time those calls take at the tenant's rate limit, in seconds. */
  seconds: { atLeast: number; atMost: number };
  rateLimit: { limit: number; windowMs: number };
}

export interface BackfillCounts {
  /** Invoices created by the backfill. */
  created: number;
  /** Orders found in the ledger under their order number (entered by hand or by another tool): linked, not booked again. */
  linked: number;
  /** Seen again with the same amounts, or booked by the sync meanwhile. */
  alreadySynced: number;
  /** Error records (see the errors page). */
  failed: number;
  /** Not a sale when the backfill read it. */
  notBookable: number;
  /** Refunds started for orders the backfill created. */
  refundsStarted: number;
}

export type BackfillState = 'estimating' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed';

export interface BackfillProgress {
  state: BackfillState;
  from: string;
  to: string;
  estimate: BackfillEstimate | null;
  /** Orders handled so far, of estimate.orders. */
  done: number;
  counts: BackfillCounts;
  startedAt: string;
  finishedAt: string | null;
  /** Why the backfill stopped, when it failed. */
  error: string | null;
}

export interface BackfillInput {
  tenantId: string;
  source: SourceVendor;
  /** ISO date-times (UTC): orders placed at or after `from` and before `to`. */
  from: string;
  to: string;
  /** Start paused, so the merchant reads the estimate before anything is booked. */
  startPaused?: boolean;
  /** Sale workflows at once. */
  concurrency?: number;
  /** Carried over continue-as-new. */
  carried?: { remaining: BackfillOrder[]; progress: BackfillProgress; paused: boolean };
}

export const emptyBackfillCounts = (): BackfillCounts => ({ created: 0, linked: 0, alreadySynced: 0, failed: 0, notBookable: 0, refundsStarted: 0 });
