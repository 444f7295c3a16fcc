import { describe, expect, it } from 'vitest';
import { targetTotals } from './booking-rounding';
import type { LedgerLine } from './ledger-breakdown';
import { prepareRefund } from './prepare-refund';
import { exclForIncl, linesForAmount, refundFromLines } from './refund-lines';
import type { SaleLine } from './sale';
import { makeSale } from './sale-fixture';
import { vatOnCents } from './vat';

const base = { source: 's', externalId: '9', orderExternalId: '1', orderNumber: 'WC-1', refundDate: '2025-03-15', currency: 'EUR', full: false };
const line = (over: Partial<SaleLine>): SaleLine => ({
  kind: 'product', description: 'Mok', quantity: 1, totalExclCents: 0, vatCents: 0, vatRateBp: 2100, vatCountry: '', regime: 'domestic', ...over,
});

describe('exclForIncl: an amount incl. VAT split so the ledger VAT adds back to it', () => {
  it('finds the amount excl. VAT whose VAT per rate gives the amount back, whenever a cent allows', () => {
    for (const rateBp of [2100, 900, 1900, 2550]) {
      let exact = 0;
      for (let incl = 1; incl <= 5_000; incl++) {
        const excl = exclForIncl(incl, rateBp);
        if (excl + vatOnCents(excl, rateBp) === incl) exact++;
        expect(Math.abs(excl - Math.round((incl * 10_000) / (10_000 + rateBp)))).toBeLessThanOrEqual(1);
      }
      // Some amounts incl. VAT cannot be reached from whole cents (at 21 %: about one in six); all others are.
      expect(exact).toBeGreaterThan(5_000 * (10_000 / (10_000 + rateBp)) - 1);
    }
  });

  it('an amount-only refund of 2.00 over 21 % and 9 % books to exactly 2.00 in the ledger', () => {
    const lines = linesForAmount(200, makeSale().lines, 'Terugbetaling');
    // 1.47 of it at 21 % cannot be reached from whole cents (1.21 + 0.25 = 1.46, 1.22 + 0.26 = 1.48) ...
    expect(lines.map((l) => l.totalExclCents + l.vatCents)).toEqual([147, 53]);
    expect(targetTotals(lines).totalInclCents).toBe(199);
    // ... so the credit note carries the invoice's rounding line: one cent.
    const prepared = prepareRefund(refundFromLines({ ...base, lines }), null, 'NL');
    expect(prepared.ok && prepared.roundingCents).toBe(1);
    expect(prepared.ok && targetTotals(prepared.refund.lines).totalInclCents).toBe(200);
  });
});

describe('prepareRefund: the credit note by the invoice\'s regime and rounding rules', () => {
  const booked: LedgerLine[] = [
    { ledgerKey: 'revenue-oss', vatRateBp: 1900, vatCountry: 'DE', regime: 'oss', exclCents: 10_000, vatCents: 1_900 },
    { ledgerKey: 'shipping', vatRateBp: 1900, vatCountry: 'DE', regime: 'oss', exclCents: 500, vatCents: 95 },
    { ledgerKey: 'gift-card', vatRateBp: 0, vatCountry: 'NL', regime: 'outside-scope', exclCents: 2_500, vatCents: 0 },
  ];

  it('credits each line under the regime and country its invoice booked it with', () => {
    const refund = refundFromLines({ ...base, lines: [
      line({ totalExclCents: 1_000, vatCents: 190, vatRateBp: 1900 }),
      line({ kind: 'shipping', totalExclCents: 500, vatCents: 95, vatRateBp: 1900 }),
      line({ kind: 'gift-card', totalExclCents: 2_500, vatCents: 0, vatRateBp: 0 }),
    ] });
    const prepared = prepareRefund(refund, booked, 'NL');
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(prepared.refund.lines.map((l) => [l.kind, l.regime, l.vatCountry])).toEqual([
      ['product', 'oss', 'DE'], ['shipping', 'oss', 'DE'], ['gift-card', 'outside-scope', 'NL'],
    ]);
    expect(prepared.refund.totalInclCents).toBe(1_190 + 595 + 2_500);
    expect(prepared.roundingCents).toBe(0);
  });

  it('replaces the source\'s rounding with one rounding line, so the credit note totals what was refunded', () => {
    // Three lines of 0.05 excl. at 21 %: the shop rounded VAT per line (3 × 0.01); the ledger per rate (0.15 × 21 % = 0.03).
    const three = [1, 2, 3].map(() => line({ totalExclCents: 5, vatCents: 1, vatRateBp: 2100, vatCountry: 'NL' }));
    const sourceRounding = line({ kind: 'rounding', totalExclCents: 7, vatCents: 0, vatRateBp: 0 });
    const refund = { ...refundFromLines({ ...base, lines: [...three, sourceRounding] }), totalInclCents: 18 + 1 };
    const prepared = prepareRefund(refund, null, 'NL');
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect(prepared.refund.lines.filter((l) => l.kind === 'rounding')).toEqual([
      expect.objectContaining({ totalExclCents: 1, vatRateBp: 0, regime: 'outside-scope', vatCountry: 'NL' }),
    ]);
    expect(targetTotals(prepared.refund.lines).totalInclCents).toBe(19);
    expect(prepared.refund.totalInclCents).toBe(19);
  });

  it('a difference larger than rounding is TOTALS_MISMATCH, not a rounding line', () => {
    const refund = { ...refundFromLines({ ...base, lines: [line({ totalExclCents: 1_000, vatCents: 210, vatCountry: 'NL' })] }), totalInclCents: 1_300 };
    const prepared = prepareRefund(refund, null, 'NL');
    expect(prepared).toEqual({ ok: false, issues: [expect.objectContaining({ code: 'TOTALS_MISMATCH', path: 'totalInclCents' })] });
  });

  it('without a booked breakdown a line keeps its own regime, and gets the home country when it has none', () => {
    const prepared = prepareRefund(refundFromLines({ ...base, lines: [line({ totalExclCents: 1_000, vatCents: 210 })] }), null, 'BE');
    expect(prepared.ok && prepared.refund.lines[0]).toMatchObject({ regime: 'domestic', vatCountry: 'BE' });
  });
});
