import type { SaleDebtor, SaleLine, SourceVendor, VatTotal } from './sale';

/**
 * A refund (or cancellation after posting) in the source, normalised. Amounts are POSITIVE
 * magnitudes of what is credited; the target books them as a credit note against the original
 * invoice. Lines follow the same VAT rules as the sale they credit.
 */
export interface Refund {
  source: SourceVendor;
  /** The source's id of the refund; unique per order. A whole-order cancellation uses `cancel`. */
  externalId: string;
  /** The order this refund belongs to. */
  orderExternalId: string;
  orderNumber: string;
  /** When the order was placed (ISO, UTC), when the source says: refunds of history orders are not credited. */
  orderPlacedAt?: string;
  /** ISO date (YYYY-MM-DD) of the refund, in UTC. */
  refundDate: string;
  currency: string;
  /** True when the whole order is credited (full refund or cancellation after posting). */
  full: boolean;
  lines: SaleLine[];
  vatTotals: VatTotal[];
  totalExclCents: number;
  totalVatCents: number;
  totalInclCents: number;
  /**
   * The original order's debtor, when the source read it anyway (it saves a call): the workflow finds
   * the target contact by it. Personal data, never stored; absent means the workflow reads the order.
   */
  debtor?: SaleDebtor;
}

/** The refund id of a whole-order cancellation after posting (the part of the order not refunded yet). */
export const CANCELLATION_REFUND_ID = 'cancel';

/** The reference of a refund's credit note in the ledger: stable, so a lookup before retry finds it. */
export function creditNoteReference(orderNumber: string, refundExternalId: string): string {
  return `${orderNumber}-R${refundExternalId}`;
}
