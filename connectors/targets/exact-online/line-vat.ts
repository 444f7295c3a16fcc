import type { SaleLine } from '../../../domain/sale';
import { vatOnCents } from '../../../domain/vat';

type Line = Pick<SaleLine, 'totalExclCents' | 'vatCents' | 'vatRateBp' | 'vatCountry' | 'regime'>;

/**
 * The VAT to post on each line. Exact stores VAT per line (VATAmountFC) where doorzet's ledger rule is
 * VAT once per rate (domain/vat.ts vatOnCents), the rule a source's rounding line is made for. When the
 * shop's own per-line VAT already adds up to what the customer paid, it is posted as it is; otherwise
 * each rate's VAT is vatOnCents of its taxable total, the difference put on the rate's largest line,
 * so the entry equals `totalInclCents` to the cent either way.
 */
export function lineVat(lines: readonly Line[], totalInclCents: number): number[] {
  const given = lines.map((l) => l.vatCents);
  const net = lines.reduce((sum, l) => sum + l.totalExclCents, 0);
  if (net + given.reduce((sum, v) => sum + v, 0) === totalInclCents) return given;
  const groups = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const key = `${line.vatRateBp}|${line.vatCountry}|${line.regime}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const vats = [...given];
  for (const members of groups.values()) {
    const first = lines[members[0] ?? 0];
    if (!first) continue;
    const taxable = members.reduce((sum, i) => sum + (lines[i]?.totalExclCents ?? 0), 0);
    const difference = vatOnCents(taxable, first.vatRateBp) - members.reduce((sum, i) => sum + (vats[i] ?? 0), 0);
    if (difference === 0) continue;
    const largest = members.reduce((best, i) => (Math.abs(lines[i]?.totalExclCents ?? 0) > Math.abs(lines[best]?.totalExclCents ?? 0) ? i : best));
    vats[largest] = (vats[largest] ?? 0) + difference;
  }
  return vats;
}
