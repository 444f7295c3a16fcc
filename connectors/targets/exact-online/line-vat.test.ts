import { describe, expect, it } from 'vitest';
import type { SaleLine } from '../../../domain/sale';
import { lineVat } from './line-vat';

const line = (over: Partial<SaleLine>): SaleLine => ({ kind: 'product', description: 'x', quantity: 1, totalExclCents: 0, vatCents: 0, vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', ...over });

describe('VAT per line for a ledger that stores it per line', () => {
  it('keeps the shop\'s own per-line VAT when it adds up to what the customer paid', () => {
    const lines = [line({ totalExclCents: 826, vatCents: 174 }), line({ totalExclCents: 826, vatCents: 174 })];
    expect(lineVat(lines, 2000)).toEqual([174, 174]);
  });

  it('books VAT once per rate when the sale carries a rounding line for that rule, so the entry equals what was paid', () => {
    // Three lines of 8.26 at 21 %: per line 1.73 each (5.19), per rate 24.78 × 21 % = 5.20; the source added a 1-cent rounding line.
    const lines = [
      line({ totalExclCents: 826, vatCents: 173 }), line({ totalExclCents: 826, vatCents: 173 }), line({ totalExclCents: 826, vatCents: 173 }),
      line({ kind: 'rounding', totalExclCents: -1, vatCents: 0, vatRateBp: 0 }),
    ];
    const paid = 826 * 3 + 519;
    const vats = lineVat(lines, paid);
    expect(vats.reduce((a, b) => a + b, 0) + lines.reduce((a, l) => a + l.totalExclCents, 0)).toBe(paid);
    expect(vats).toEqual([174, 173, 173, 0]);
  });

  it('keeps rates apart by country and regime (OSS rates of two countries may share a percentage)', () => {
    // 10.02 × 21 % = 2.1042 → 2.10 per country (4.20), where one 21 % total would give 20.04 × 21 % = 4.21.
    const lines = [line({ totalExclCents: 1002, vatCents: 211, vatCountry: 'BE', regime: 'oss' }), line({ totalExclCents: 1002, vatCents: 210, vatCountry: 'ES', regime: 'oss' })];
    expect(lineVat(lines, 2004 + 420)).toEqual([210, 210]);
  });
});
