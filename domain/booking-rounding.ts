import { formatCents, sumCents } from './money';
import type { Sale, SaleLine } from './sale';
import type { SaleIssue } from './sale-validation';
import { vatTotalsFromLines } from './vat';

/** The description of a rounding line on the invoice. */
export const ROUNDING_DESCRIPTION = 'Afronding';

/**
 * How far, in cents, what a target records may differ from what the customer paid before doorzet calls
 * it an error instead of rounding: one cent per taxed line (a shop rounds VAT per line, a target per
 * group of lines with one rate; each line's rounding moves the total by at most a cent).
 */
export function roundingToleranceCents(lines: readonly Pick<SaleLine, 'vatRateBp'>[]): number {
  return Math.max(1, lines.filter((l) => l.vatRateBp > 0).length);
}

/** What a target records for these lines: Σ excl + VAT computed once per (regime, country, rate) group. */
export function targetTotals(lines: readonly SaleLine[]): { totalExclCents: number; totalVatCents: number; totalInclCents: number } {
  const totalExclCents = sumCents(lines.map((l) => l.totalExclCents));
  const totalVatCents = sumCents(vatTotalsFromLines(lines).map((t) => t.vatCents));
  return { totalExclCents, totalVatCents, totalInclCents: totalExclCents + totalVatCents };
}

export type RoundingResult = { ok: true; sale: Sale; roundingCents: number } | { ok: false; issues: SaleIssue[] };

/**
 * THE rounding rule. A target (an online ledger) recomputes VAT per group of lines with one rate and
 * rounds it once; the shop rounded per line. So doorzet computes the invoice exactly as the target will,
 * compares its total incl. VAT with what the customer paid (`sale.totalInclCents`, gift cards included),
 * and books the difference, when it is within `roundingToleranceCents`, as ONE line of kind 'rounding'
 * at 0 % outside the scope of VAT on the rounding ledger. The invoice then totals to the cent of what
 * was paid and the order is never rejected for rounding; a larger difference is TOTALS_MISMATCH.
 * The returned sale's totals and VAT summary are what the target records.
 */
export function bookToPaidTotal(sale: Sale, homeCountry: string): RoundingResult {
  const booked = targetTotals(sale.lines);
  const difference = sale.totalInclCents - booked.totalInclCents;
  const tolerance = roundingToleranceCents(sale.lines);
  if (Math.abs(difference) > tolerance) {
    return {
      ok: false,
      issues: [{
        code: 'TOTALS_MISMATCH',
        path: 'totalInclCents',
        message: `The lines book to ${formatCents(booked.totalInclCents)} incl. VAT, but the customer paid ${formatCents(sale.totalInclCents)} for this order: a difference of ${formatCents(difference)}, more than rounding (at most ${formatCents(tolerance)}).`,
      }],
    };
  }
  const lines = difference === 0 ? sale.lines : [...sale.lines, {
    kind: 'rounding' as const,
    description: ROUNDING_DESCRIPTION,
    quantity: 1,
    totalExclCents: difference,
    vatCents: 0,
    vatRateBp: 0,
    vatCountry: homeCountry,
    regime: 'outside-scope' as const,
  }];
  const vatTotals = vatTotalsFromLines(lines);
  const totalExclCents = sumCents(lines.map((l) => l.totalExclCents));
  const totalVatCents = sumCents(vatTotals.map((t) => t.vatCents));
  return { ok: true, roundingCents: difference, sale: { ...sale, lines, vatTotals, totalExclCents, totalVatCents, totalInclCents: totalExclCents + totalVatCents } };
}
