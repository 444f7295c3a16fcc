import { ROUNDING_DESCRIPTION, roundingToleranceCents, targetTotals } from './booking-rounding';
import type { LedgerLine } from './ledger-breakdown';
import { formatCents, sumCents } from './money';
import type { Refund } from './refund';
import type { SaleLine } from './sale';
import type { SaleIssue } from './sale-validation';
import { vatTotalsFromLines } from './vat';

export type PreparedRefund = { ok: true; refund: Refund; roundingCents: number } | { ok: false; issues: SaleIssue[] };

const kindOfKey = (key: LedgerLine['ledgerKey']): SaleLine['kind'] =>
  key === 'shipping' || key === 'fee' || key === 'gift-card' || key === 'rounding' || key === 'tip' || key === 'duty' ? key : 'product';

/**
 * The credit note as the target books it, by the same rules as the invoice it credits:
 * 1. Regimes follow the booked invoice: each credit line takes the VAT regime and country of the invoice's
 *    ledger line of the same kind and rate (else of any line at that rate), as decided when the sale was
 *    booked (domain/prepare-sale). A voucher sold is credited outside the scope of VAT, as it was sold.
 * 2. The rounding rule of invoices (domain/booking-rounding): the target recomputes VAT per rate, so the
 *    source's own rounding lines are dropped and the difference to what was refunded is ONE rounding line
 *    at 0 % (within the tolerance), so the credit note totals to the cent of what the customer got back.
 *    A larger difference is TOTALS_MISMATCH: an error record, never a guess.
 * Without a booked breakdown (an invoice booked before breakdowns were kept) the refund's own regimes stay,
 * and a line without a VAT country is booked in the home country.
 */
export function prepareRefund(refund: Refund, booked: readonly LedgerLine[] | null, homeCountry: string): PreparedRefund {
  const refunded = refund.totalInclCents;
  const regimeOf = (line: SaleLine): Pick<SaleLine, 'regime' | 'vatCountry'> => {
    if (line.kind === 'gift-card') return { regime: 'outside-scope', vatCountry: homeCountry };
    const candidates = (booked ?? []).filter((b) => b.ledgerKey !== 'gift-card' && b.ledgerKey !== 'rounding' && b.vatRateBp === line.vatRateBp);
    const same = candidates.find((b) => kindOfKey(b.ledgerKey) === line.kind) ?? candidates[0];
    if (same) return { regime: same.regime, vatCountry: same.vatCountry };
    return { regime: line.regime, vatCountry: line.vatCountry || homeCountry };
  };
  const lines = refund.lines.filter((l) => l.kind !== 'rounding').map((l) => ({ ...l, ...regimeOf(l) }));

  const difference = refunded - targetTotals(lines).totalInclCents;
  const tolerance = roundingToleranceCents(lines);
  if (Math.abs(difference) > tolerance) {
    return {
      ok: false,
      issues: [{
        code: 'TOTALS_MISMATCH',
        path: 'totalInclCents',
        message: `The credit lines book to ${formatCents(refunded - difference)} incl. VAT, but ${formatCents(refunded)} was refunded: a difference of ${formatCents(difference)}, more than rounding (at most ${formatCents(tolerance)}).`,
      }],
    };
  }
  if (difference !== 0) {
    lines.push({ kind: 'rounding', description: ROUNDING_DESCRIPTION, quantity: 1, totalExclCents: difference, vatCents: 0, vatRateBp: 0, vatCountry: homeCountry, regime: 'outside-scope' });
  }
  const vatTotals = vatTotalsFromLines(lines);
  const totalExclCents = sumCents(lines.map((l) => l.totalExclCents));
  const totalVatCents = sumCents(vatTotals.map((t) => t.vatCents));
  return { ok: true, roundingCents: difference, refund: { ...refund, lines, vatTotals, totalExclCents, totalVatCents, totalInclCents: totalExclCents + totalVatCents } };
}
