import { describe, expect, it } from 'vitest';
import { ledgerKeyOf } from './ledger';
import type { Sale, SaleLine } from './sale';
import { vatTotalsFromLines } from './vat';
import { applyVatRegimes } from './vat-regime';

const line = (over: Partial<SaleLine>): SaleLine => ({ kind: 'product', description: 'x', quantity: 1, totalExclCents: 10_000, vatCents: 2_100, vatRateBp: 2_100, vatCountry: '', regime: 'domestic', ...over });
function sale(lines: SaleLine[], country = 'NL', vatNumber: string | null = null): Sale {
  const excl = lines.reduce((s, l) => s + l.totalExclCents, 0);
  const vat = lines.reduce((s, l) => s + l.vatCents, 0);
  return {
    source: 'test', externalId: '1', orderNumber: '1', orderDate: '2026-05-01', currency: 'EUR', modifiedAt: '2026-05-01T10:00:00Z', regime: 'domestic', pricesIncludeVat: false,
    debtor: { sourceCustomerId: null, email: 'a@example.nl', firstName: 'A', lastName: 'B', company: '', address1: '', postcode: '', city: '', country, shippingCountry: country, vatNumber },
    lines, vatTotals: vatTotalsFromLines(lines), totalExclCents: excl, totalVatCents: vat, totalInclCents: excl + vat, payments: [], note: '',
  };
}
const settings = { homeCountry: 'NL', ossRegistered: true };

describe('tips and duties are outside the scope of VAT', () => {
  it('puts them outside the scope on their own ledger keys, and they do not stop reverse charge', () => {
    const result = applyVatRegimes(sale([line({ vatCents: 0, vatRateBp: 0 }), line({ kind: 'tip', totalExclCents: 500, vatCents: 0, vatRateBp: 0 }), line({ kind: 'duty', totalExclCents: 750, vatCents: 0, vatRateBp: 0 })], 'BE', 'BE0123456749'), settings);
    expect(result.ok && result.sale.lines.map((l) => [l.regime, ledgerKeyOf(l)])).toEqual([['reverse-charge', 'revenue-reverse-charge'], ['outside-scope', 'tip'], ['outside-scope', 'duty']]);
  });

  it('refuses a tip that carries VAT, naming the line', () => {
    const result = applyVatRegimes(sale([line({}), line({ kind: 'tip', totalExclCents: 500, vatCents: 105, vatRateBp: 2_100 })]), settings);
    expect(!result.ok && result.issues.map((i) => [i.code, i.path])).toEqual([['UNKNOWN_VAT_RATE', 'lines[1].vatRateBp']]);
    expect(!result.ok && result.issues[0]!.message).toMatch(/Line 2 is a tip with 21% VAT/);
  });
});
