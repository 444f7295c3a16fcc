import { ledgerKeyOf, type LedgerKey } from './ledger';
import type { SaleLine, SaleLineKind, VatRegime } from './sale';
import { formatRateBp } from './vat';

/**
 * What one booked invoice put on each ledger line: amounts per ledger key, VAT rate, country and
 * regime. Stored per invoice version (no personal data), so a correction can credit exactly what was
 * booked even after the order itself changed in the shop.
 */
export interface LedgerLine {
  ledgerKey: LedgerKey;
  vatRateBp: number;
  vatCountry: string;
  regime: VatRegime;
  exclCents: number;
  vatCents: number;
}

export function ledgerBreakdown(lines: readonly SaleLine[]): LedgerLine[] {
  const byKey = new Map<string, LedgerLine>();
  for (const line of lines) {
    const ledgerKey = ledgerKeyOf(line);
    const key = `${ledgerKey}|${line.vatRateBp}|${line.vatCountry}|${line.regime}`;
    const sum = byKey.get(key) ?? { ledgerKey, vatRateBp: line.vatRateBp, vatCountry: line.vatCountry, regime: line.regime, exclCents: 0, vatCents: 0 };
    sum.exclCents += line.totalExclCents;
    sum.vatCents += line.vatCents;
    byKey.set(key, sum);
  }
  return [...byKey.values()].filter((l) => l.exclCents !== 0 || l.vatCents !== 0);
}

const kindOf = (key: LedgerKey): SaleLineKind =>
  key === 'shipping' || key === 'fee' || key === 'gift-card' || key === 'rounding' || key === 'tip' || key === 'duty' ? key : 'product';

const labels: Record<SaleLineKind, string> = {
  product: 'Omzet', discount: 'Korting', shipping: 'Verzending', fee: 'Kosten', 'gift-card': 'Cadeaubon', rounding: 'Afronding', tip: 'Fooi', duty: 'Invoerrechten',
};

/** Credit lines for a whole booked invoice, one per ledger line, so it lands on the accounts it was booked on. */
export function linesFromBreakdown(breakdown: readonly LedgerLine[], prefix: string): SaleLine[] {
  return breakdown.map((l) => {
    const kind = kindOf(l.ledgerKey);
    return {
      kind, description: `${prefix} ${labels[kind].toLowerCase()} ${formatRateBp(l.vatRateBp)}`, quantity: 1,
      totalExclCents: l.exclCents, vatCents: l.vatCents, vatRateBp: l.vatRateBp, vatCountry: l.vatCountry, regime: l.regime,
    };
  });
}
