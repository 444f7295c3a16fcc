import type { Sale } from './sale';

/**
 * The amounts that decide, for a sale key already posted, between "same sale, skip" and
 * "changed after posting". They are exactly what synced_sales keeps per sale.
 */
export interface SaleAmounts {
  totalExclCents: number;
  totalInclCents: number;
}

export function saleAmounts(sale: Pick<Sale, 'totalExclCents' | 'totalInclCents'>): SaleAmounts {
  return { totalExclCents: sale.totalExclCents, totalInclCents: sale.totalInclCents };
}

export function sameAmounts(a: SaleAmounts, b: SaleAmounts): boolean {
  return a.totalExclCents === b.totalExclCents && a.totalInclCents === b.totalInclCents;
}

export type DedupOutcome = 'new' | 'skipped-duplicate' | 'changed-after-posting';

/** `posted` is what was booked under this key before, or null if nothing was. */
export function dedupOutcome(posted: SaleAmounts | null, current: SaleAmounts): DedupOutcome {
  if (posted === null) return 'new';
  return sameAmounts(posted, current) ? 'skipped-duplicate' : 'changed-after-posting';
}
