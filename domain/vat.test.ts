import { describe, expect, it } from 'vitest';
import { VatRateParseError, formatRateBp, rateBpFromPercentString, sourceVatByGroup, vatOnCents, vatTotalsFromLines } from './vat';
import { makeSale } from './sale-fixture';

describe('vatOnCents', () => {
  it('computes VAT at the Dutch rates', () => {
    expect(vatOnCents(10_000, 2100)).toBe(2100);
    expect(vatOnCents(10_000, 900)).toBe(900);
    expect(vatOnCents(10_000, 0)).toBe(0);
  });

  it('rounds exact halves away from zero', () => {
    expect(vatOnCents(2475, 2100)).toBe(520); // 519.75
    expect(vatOnCents(50, 2100)).toBe(11); // 10.5
    expect(vatOnCents(-50, 2100)).toBe(-11); // -10.5
    expect(vatOnCents(150, 900)).toBe(14); // 13.5
    expect(vatOnCents(-150, 900)).toBe(-14);
    expect(vatOnCents(149, 900)).toBe(13); // 13.41
    expect(vatOnCents(1, 2100)).toBe(0); // 0.21
    expect(vatOnCents(3, 2100)).toBe(1); // 0.63
  });

  it('rejects fractional cents and impossible rates', () => {
    expect(() => vatOnCents(10.5, 2100)).toThrow(RangeError);
    expect(() => vatOnCents(100, -1)).toThrow(RangeError);
    expect(() => vatOnCents(100, 10_001)).toThrow(RangeError);
    expect(() => vatOnCents(100, 21.5)).toThrow(RangeError);
  });
});

describe('vatTotalsFromLines', () => {
  it('groups by regime, country and rate in order of appearance and rounds once per group, not per line', () => {
    const sale = makeSale();
    expect(vatTotalsFromLines(sale.lines)).toEqual([
      { vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', taxableCents: 2475, vatCents: 520 },
      { vatRateBp: 900, vatCountry: 'NL', regime: 'domestic', taxableCents: 1000, vatCents: 90 },
    ]);
    // Belgian and Dutch 21 % under different regimes are two totals.
    const mixed = [
      { totalExclCents: 1000, vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic' as const },
      { totalExclCents: 1000, vatRateBp: 2100, vatCountry: 'BE', regime: 'oss' as const },
    ];
    expect(vatTotalsFromLines(mixed).map((t) => t.vatCountry)).toEqual(['NL', 'BE']);
    // Three lines of 0.50 at 21 %: per line 0.105 → 0.11 each (33 cents), per rate 1.50 → 0.315 → 32 cents.
    const lines = [1, 2, 3].map(() => ({ totalExclCents: 50, vatRateBp: 2100 }));
    expect(vatTotalsFromLines(lines)).toEqual([{ vatRateBp: 2100, taxableCents: 150, vatCents: 32 }]);
  });

  it('returns nothing for no lines and refuses invalid rates', () => {
    expect(vatTotalsFromLines([])).toEqual([]);
    expect(() => vatTotalsFromLines([{ totalExclCents: 1, vatRateBp: -5 }])).toThrow(RangeError);
  });

  it('sourceVatByGroup sums the source line VAT per group', () => {
    expect([...sourceVatByGroup(makeSale().lines)]).toEqual([['domestic|NL|2100', { vatCents: 520, lines: 3 }], ['domestic|NL|900', { vatCents: 90, lines: 1 }]]);
  });
});

describe('rateBpFromPercentString', () => {
  it.each([
    ['21.0000', 2100],
    ['21', 2100],
    ['9.00', 900],
    ['0', 0],
    ['0.0000', 0],
    ['5,5', 550],
    ['21%', 2100],
    [' 9.5 ', 950],
    ['100', 10_000],
  ])('reads %j as %i bp', (text, bp) => {
    expect(rateBpFromPercentString(text)).toBe(bp);
  });

  it.each(['', 'abc', '-21', '21.005', '101', '21.0.0', '1e2'])('rejects %j', (text) => {
    expect(() => rateBpFromPercentString(text)).toThrow(VatRateParseError);
  });
});

describe('rates', () => {
  it('formats rates for messages', () => {
    expect(formatRateBp(2100)).toBe('21%');
    expect(formatRateBp(550)).toBe('5.5%');
    expect(formatRateBp(5)).toBe('0.05%');
    expect(formatRateBp(0)).toBe('0%');
  });
});
