import { formatCents, sumCents } from './money';
import type { Sale, SaleLine } from './sale';
import type { SaleIssue } from './sale-validation';
import { vatTotalsFromLines } from './vat';

/** The description of a rounding line on the invoice. */
export const ROUNDING_DESCRIPTION = 'Afronding';

/** The description of the line that books a till's cash rounding (5-cent rounding of a cash payment). */
export const CASH_ROUNDING_DESCRIPTION = 'Afronding contant';

/**
 * The most one cash payment can be rounded by: to the nearest 5 cents moves a total at most 2 cents
 * (NL and BE round cash totals to 5 cents; 1- and 2-cent coins are not used at the till).
 */
export const MAX_CASH_ROUNDING_CENTS = 2;

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

export interface RoundingOptions {
  /** How far the lines may differ from what was paid; default `roundingToleranceCents(sale.lines)`. A day's till summary passes its receipts' sum. */
  toleranceCents?: number;
  /** How far the cash rounding may go; default one payment's (`MAX_CASH_ROUNDING_CENTS`). */
  maxCashRoundingCents?: number;
}

/** A line outside the scope of VAT (rate 0) on the rounding ledger. */
function roundingLine(description: string, cents: number, homeCountry: string): SaleLine {
  return { kind: 'rounding', description, quantity: 1, totalExclCents: cents, vatCents: 0, vatRateBp: 0, vatCountry: homeCountry, regime: 'outside-scope' };
}

/**
 * THE rounding rule. A target (an online ledger) recomputes VAT per group of lines with one rate and
 * rounds it once; the shop rounded per line. So doorzet computes the invoice exactly as the target will,
 * compares its total incl. VAT with what the customer paid (`sale.totalInclCents`, gift cards included),
 * and books the difference, when it is within `roundingToleranceCents`, as ONE line of kind 'rounding'
 * at 0 % outside the scope of VAT on the rounding ledger. The invoice then totals to the cent of what
 * was paid and the order is never rejected for rounding; a larger difference is TOTALS_MISMATCH.
 * A till's cash rounding (`sale.cashRoundingCents`, not part of the supply, so no VAT) is booked after it
 * as a second line of kind 'rounding' ("Afronding contant"), so the invoice totals what the till took.
 * Takes the sale as the source states it (once): the returned sale's totals and VAT summary, cash rounding
 * included, are what the target records.
 */
export function bookToPaidTotal(sale: Sale, homeCountry: string, options: RoundingOptions = {}): RoundingResult {
  const cash = sale.cashRoundingCents ?? 0;
  const maxCash = options.maxCashRoundingCents ?? MAX_CASH_ROUNDING_CENTS;
  if (!Number.isSafeInteger(cash) || Math.abs(cash) > maxCash) {
    return {
      ok: false,
      issues: [{
        code: 'TOTALS_MISMATCH',
        path: 'cashRoundingCents',
        message: `The till rounded the cash payment by ${Number.isSafeInteger(cash) ? formatCents(cash) : String(cash)}, more than rounding to 5 cents (at most ${formatCents(maxCash)}).`,
      }],
    };
  }
  const booked = targetTotals(sale.lines);
  const difference = sale.totalInclCents - booked.totalInclCents;
  const tolerance = options.toleranceCents ?? roundingToleranceCents(sale.lines);
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
  // The VAT rounding first, then the till's cash rounding as a line of its own: neither is a supply, so neither carries VAT.
  const lines = [
    ...sale.lines,
    ...(difference === 0 ? [] : [roundingLine(ROUNDING_DESCRIPTION, difference, homeCountry)]),
    ...(cash === 0 ? [] : [roundingLine(CASH_ROUNDING_DESCRIPTION, cash, homeCountry)]),
  ];
  const vatTotals = vatTotalsFromLines(lines);
  const totalExclCents = sumCents(lines.map((l) => l.totalExclCents));
  const totalVatCents = sumCents(vatTotals.map((t) => t.vatCents));
  return { ok: true, roundingCents: difference, sale: { ...sale, lines, vatTotals, totalExclCents, totalVatCents, totalInclCents: totalExclCents + totalVatCents } };
}
