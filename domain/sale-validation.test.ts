import { describe, expect, it } from 'vitest';
import type { Sale } from './sale';
import { makeSale } from './sale-fixture';
import { validateSale } from './sale-validation';
import type { SaleIssueCode } from './sale-validation';

const codes = (sale: Sale, opts?: Parameters<typeof validateSale>[1]): SaleIssueCode[] => validateSale(sale, opts).map((i) => i.code);

function withLines(sale: Sale, mutate: (lines: Sale['lines']) => void): Sale {
  const lines = sale.lines.map((l) => ({ ...l }));
  mutate(lines);
  return { ...sale, lines };
}

describe('validateSale', () => {
  it('accepts a consistent sale with discount, shipping and two rates', () => {
    expect(validateSale(makeSale())).toEqual([]);
  });

  it('NO_LINES for an order without lines', () => {
    const sale = makeSale({ lines: [], vatTotals: [], totalExclCents: 0, totalVatCents: 0, totalInclCents: 0 });
    expect(validateSale(sale)).toEqual([{ code: 'NO_LINES', path: 'lines', message: 'The order has no product lines.' }]);
  });

  it('NON_POSITIVE_QUANTITY names the line', () => {
    const sale = withLines(makeSale(), (l) => { l[1]!.quantity = 0; });
    expect(validateSale(sale)).toEqual([expect.objectContaining({ code: 'NON_POSITIVE_QUANTITY', path: 'lines[1].quantity' })]);
    expect(codes(withLines(makeSale(), (l) => { l[0]!.quantity = -1; }))).toEqual(['NON_POSITIVE_QUANTITY']);
    expect(codes(withLines(makeSale(), (l) => { l[0]!.quantity = Number.NaN; }))).toEqual(['NON_POSITIVE_QUANTITY']);
  });

  it('leaves rates to the regime decision: a consistent 19 % line passes the fact checks', () => {
    const sale = makeSale({
      lines: [{ kind: 'product', description: 'Tasse', quantity: 1, totalExclCents: 1000, vatCents: 190, vatRateBp: 1900, vatCountry: 'NL', regime: 'domestic' }],
      vatTotals: [{ vatRateBp: 1900, vatCountry: 'NL', regime: 'domestic', taxableCents: 1000, vatCents: 190 }],
      totalExclCents: 1000, totalVatCents: 190, totalInclCents: 1190,
    });
    expect(validateSale(sale)).toEqual([]);
    expect(codes(withLines(sale, (l) => { l[0]!.vatRateBp = 10_001; }))).toContain('UNKNOWN_VAT_RATE');
  });

  it('TOTALS_MISMATCH when the lines do not add up to totalExcl', () => {
    const sale = makeSale({ totalExclCents: 3476, totalInclCents: 4086 });
    expect(validateSale(sale)).toEqual([expect.objectContaining({ code: 'TOTALS_MISMATCH', path: 'totalExclCents' })]);
  });

  it('TOTALS_MISMATCH when excl + VAT is not incl', () => {
    const sale = makeSale({ totalInclCents: 4084 });
    const issues = validateSale(sale);
    expect(issues).toEqual([expect.objectContaining({ code: 'TOTALS_MISMATCH', path: 'totalInclCents' })]);
    expect(issues[0]!.message).toContain('40.84');
  });

  it('tolerates a cent of per-line rounding per line of a rate, not more', () => {
    // The rule gives 520 at 21 % over three lines; the source's lines may charge up to 523.
    const oneOff = withLines(makeSale({ totalVatCents: 611, totalInclCents: 4086 }), (l) => { l[0]!.vatCents = 522; });
    expect(validateSale({ ...oneOff, vatTotals: [{ vatRateBp: 900, vatCountry: 'NL', regime: 'domestic', taxableCents: 1000, vatCents: 90 }, { vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', taxableCents: 2475, vatCents: 521 }] })).toEqual([]);

    const fourOff = withLines(makeSale({ totalVatCents: 614, totalInclCents: 4089 }), (l) => { l[0]!.vatCents = 525; });
    const issues = validateSale({ ...fourOff, vatTotals: [{ vatRateBp: 900, vatCountry: 'NL', regime: 'domestic', taxableCents: 1000, vatCents: 90 }, { vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', taxableCents: 2475, vatCents: 524 }] });
    expect(issues.map((i) => [i.code, i.path])).toEqual([['TOTALS_MISMATCH', 'lines'], ['TOTALS_MISMATCH', 'vatTotals[1]']]);
  });

  it('accepts vatTotals taken from the per-rate rule while totalVat is the sum of rounded lines', () => {
    const sale = withLines(makeSale({ totalVatCents: 611, totalInclCents: 4086 }), (l) => { l[0]!.vatCents = 522; });
    expect(validateSale(sale)).toEqual([]);
  });

  it('TOTALS_MISMATCH when the VAT totals disagree with the lines', () => {
    const missingRate = makeSale({ vatTotals: [{ vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', taxableCents: 2475, vatCents: 520 }] });
    expect(validateSale(missingRate).map((i) => i.path)).toContain('vatTotals');
    const wrongTaxable = makeSale({ vatTotals: [{ vatRateBp: 900, vatCountry: 'NL', regime: 'domestic', taxableCents: 1000, vatCents: 90 }, { vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', taxableCents: 2975, vatCents: 520 }] });
    expect(validateSale(wrongTaxable)).toEqual([expect.objectContaining({ code: 'TOTALS_MISMATCH', path: 'vatTotals[1]' })]);
    const extraRate = makeSale({ vatTotals: [...makeSale().vatTotals, { vatRateBp: 0, vatCountry: 'NL', regime: 'domestic', taxableCents: 0, vatCents: 0 }] });
    expect(validateSale(extraRate)).toEqual([expect.objectContaining({ code: 'TOTALS_MISMATCH', path: 'vatTotals[2]' })]);
  });

  it('NOTE_TOO_LONG above 5,000 characters by default, counting code points', () => {
    expect(codes(makeSale({ note: 'x'.repeat(5000) }))).toEqual([]);
    expect(codes(makeSale({ note: 'x'.repeat(5001) }))).toEqual(['NOTE_TOO_LONG']);
    expect(codes(makeSale({ note: '😀'.repeat(5000) }))).toEqual([]); // 10,000 UTF-16 units
    expect(codes(makeSale({ note: 'abcdef' }), { maxNoteChars: 5 })).toEqual(['NOTE_TOO_LONG']);
  });

  it('INVALID_EMAIL for a malformed or missing address', () => {
    for (const email of ['jan.jansen@@example.nl', 'jan jansen@example.nl', 'jansen', '']) {
      const sale = makeSale({ debtor: { ...makeSale().debtor, email } });
      expect(validateSale(sale)).toEqual([expect.objectContaining({ code: 'INVALID_EMAIL', path: 'debtor.email' })]);
    }
  });

  it('MISSING_ORDER_NUMBER for an empty or blank order number', () => {
    expect(codes(makeSale({ orderNumber: '' }))).toEqual(['MISSING_ORDER_NUMBER']);
    expect(codes(makeSale({ orderNumber: '   ' }))).toEqual(['MISSING_ORDER_NUMBER']);
  });

  it('UNSUPPORTED_CURRENCY for a currency the target does not book, or no ISO code', () => {
    expect(codes(makeSale({ currency: 'USD' }))).toEqual([]);
    expect(codes(makeSale({ currency: 'USD' }), { currencies: ['EUR'] })).toEqual(['UNSUPPORTED_CURRENCY']);
    expect(validateSale(makeSale({ currency: 'USD' }), { currencies: ['EUR'] })[0]!.message).toContain('books only EUR');
    expect(codes(makeSale({ currency: 'eur' }))).toEqual(['UNSUPPORTED_CURRENCY']);
  });

  it('NEGATIVE_TOTAL for an order whose discount exceeds its lines', () => {
    const sale = makeSale({
      lines: [
        { kind: 'product', description: 'Mok', quantity: 1, totalExclCents: 1000, vatCents: 210, vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic' },
        { kind: 'discount', description: 'Korting', quantity: 1, totalExclCents: -2000, vatCents: -420, vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic' },
      ],
      vatTotals: [{ vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', taxableCents: -1000, vatCents: -210 }],
      totalExclCents: -1000, totalVatCents: -210, totalInclCents: -1210,
    });
    expect(validateSale(sale)).toEqual([expect.objectContaining({ code: 'NEGATIVE_TOTAL', path: 'totalInclCents' })]);
  });

  it('INVALID_AMOUNT for fractional cents, without comparing totals it cannot trust', () => {
    const sale = withLines(makeSale(), (l) => { l[0]!.totalExclCents = 2480.5; });
    expect(validateSale(sale)).toEqual([expect.objectContaining({ code: 'INVALID_AMOUNT', path: 'lines[0].totalExclCents' })]);
  });

  it('reports every issue at once', () => {
    const sale = makeSale({ orderNumber: '', currency: 'GBP', note: 'x'.repeat(6000), totalInclCents: 1 });
    expect(codes(sale, { currencies: ['EUR'] })).toEqual(['MISSING_ORDER_NUMBER', 'UNSUPPORTED_CURRENCY', 'NOTE_TOO_LONG', 'TOTALS_MISMATCH']);
  });

  it('never puts personal data in messages', () => {
    const sale = makeSale({
      debtor: { ...makeSale().debtor, email: 'jan.jansen@@example.nl' },
      note: 'Bel Jan Jansen op 0612345678 '.repeat(200),
    });
    const text = JSON.stringify(validateSale(sale));
    for (const personal of ['jan', 'Jansen', 'example.nl', '0612345678', 'Dorpsstraat', 'Utrecht']) {
      expect(text.toLowerCase()).not.toContain(personal.toLowerCase());
    }
  });
});
