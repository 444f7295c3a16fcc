import type { SaleLine } from './sale';
import { vatOnCents } from './vat';

/**
 * Sources that round VAT per line and ledgers that compute it once per rate (vatOnCents)
 * can differ by a cent or so per rate. The rounding line books that difference (rate 0, on the
 * rounding ledger), so the document totals exactly what the customer paid. A difference larger than
 * half a cent per line is not rounding: no line is made and validation reports the amounts.
 */
export function ledgerRoundingLine(lines: readonly SaleLine[], paidInclCents: number, vatCountry: string, description = 'Afronding btw per tarief'): SaleLine | null {
  const taxable = new Map<number, number>();
  for (const line of lines) taxable.set(line.vatRateBp, (taxable.get(line.vatRateBp) ?? 0) + line.totalExclCents);
  const excl = lines.reduce((s, l) => s + l.totalExclCents, 0);
  const ledgerVat = [...taxable].reduce((s, [rateBp, cents]) => s + vatOnCents(cents, rateBp), 0);
  const difference = paidInclCents - excl - ledgerVat;
  if (difference === 0 || Math.abs(difference) * 2 > lines.length) return null;
  return { kind: 'rounding', description, quantity: 1, totalExclCents: difference, vatCents: 0, vatRateBp: 0, vatCountry, regime: 'domestic' };
}
