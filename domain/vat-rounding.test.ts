import { describe, expect, it } from 'vitest';
import type { SaleLine } from './sale';
import { ledgerRoundingLine } from './vat-rounding';

const line = (excl: number, vat: number, rateBp = 2100): SaleLine => ({ kind: 'product', description: 'x', quantity: 1, totalExclCents: excl, vatCents: vat, vatRateBp: rateBp, vatCountry: 'NL', regime: 'domestic' });

describe('the ledger rounding line', () => {
  it('books the cent that per-line VAT differs from per-rate VAT', () => {
    // 4.13 + 0.87 and 4.13 + 0.87 per line (0.8673 rounds up twice); per rate 8.26 × 21 % = 1.73.
    const lines = [line(413, 87), line(413, 87)];
    expect(ledgerRoundingLine(lines, 1000, 'NL')).toMatchObject({ kind: 'rounding', totalExclCents: 1, vatCents: 0, vatRateBp: 0 });
  });

  it('makes no line when the amounts already agree, nor for a gap that is no rounding', () => {
    expect(ledgerRoundingLine([line(1000, 210)], 1210, 'NL')).toBeNull();
    expect(ledgerRoundingLine([line(1000, 210)], 1710, 'NL')).toBeNull();
  });
});
