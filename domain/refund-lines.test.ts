import { describe, expect, it } from 'vitest';
import { linesForAmount, refundFromLines, remainingLines, vatGroupsOf } from './refund-lines';
import { validateRefund } from './refund-validation';
import { makeSale } from './sale-fixture';

describe('refund lines', () => {
  const sale = makeSale(); // 21 %: 2475 + 520 = 2995 incl.; 9 %: 1000 + 90 = 1090 incl.

  it('groups the order per VAT rate, country and regime', () => {
    expect(vatGroupsOf(sale.lines).map((g) => [g.vatRateBp, g.exclCents, g.vatCents])).toEqual([[2100, 2475, 520], [900, 1000, 90]]);
  });

  it('spreads an amount-only refund over the rates in proportion to what was paid per rate, to the cent', () => {
    const lines = linesForAmount(1000, sale.lines, 'Terugbetaling');
    // 1000 × 2995/4085 = 733.17 → 733; 1000 × 1090/4085 = 266.83 → 267.
    expect(lines.map((l) => [l.vatRateBp, l.totalExclCents + l.vatCents])).toEqual([[2100, 733], [900, 267]]);
    // VAT out of each part at its own rate: 733 × 21/121 = 127.21 → 127; 267 × 9/109 = 22.05 → 22.
    expect(lines.map((l) => l.vatCents)).toEqual([127, 22]);
    expect(lines.every((l) => l.regime === 'domestic' && l.vatCountry === 'NL' && l.kind === 'product')).toBe(true);
    const refund = refundFromLines({ source: 's', externalId: '9', orderExternalId: '1', orderNumber: 'WC-1', refundDate: '2025-03-15', currency: 'EUR', full: false, lines });
    expect(refund.totalInclCents).toBe(1000);
    expect(validateRefund(refund)).toEqual([]);
  });

  it('gives a whole-order refund exactly the order per rate', () => {
    const lines = linesForAmount(sale.totalInclCents, sale.lines, 'Terugbetaling');
    expect(lines.map((l) => [l.vatRateBp, l.totalExclCents, l.vatCents])).toEqual([[2100, 2475, 520], [900, 1000, 90]]);
  });

  it('leaves the remainder of an order after its refunds for a cancellation', () => {
    expect(remainingLines(sale.lines, [], 'Annulering')).toEqual(sale.lines);
    const refunded = linesForAmount(1000, sale.lines, 'Terugbetaling');
    const rest = remainingLines(sale.lines, refunded, 'Annulering');
    expect(rest.map((l) => [l.vatRateBp, l.totalExclCents, l.vatCents])).toEqual([[2100, 2475 - 606, 520 - 127], [900, 1000 - 245, 90 - 22]]);
    const whole = [...refunded, ...rest].reduce((s, l) => s + l.totalExclCents + l.vatCents, 0);
    expect(whole).toBe(sale.totalInclCents);
  });

  it('names a refund whose totals do not match its lines', () => {
    const refund = refundFromLines({ source: 's', externalId: '9', orderExternalId: '1', orderNumber: 'WC-1', refundDate: '2025-03-15', currency: 'EUR', full: false, lines: linesForAmount(500, sale.lines, 'x') });
    expect(validateRefund({ ...refund, totalInclCents: refund.totalInclCents + 1 }).map((i) => i.code)).toEqual(['TOTALS_MISMATCH']);
    expect(validateRefund({ ...refund, totalExclCents: -refund.totalVatCents - 1, totalInclCents: -1, lines: [] }).map((i) => i.code)).toContain('NEGATIVE_TOTAL');
  });

  it('takes refunds off the order by rate even when the source states their VAT country apart from the order\'s', () => {
    const provisional = sale.lines.map((l) => ({ ...l, vatCountry: '' }));
    const refunded = [{ ...sale.lines[1]!, totalExclCents: 400, vatCents: 36, vatCountry: 'NL' }];
    const rest = remainingLines(provisional, refunded, 'Annulering');
    expect(rest.map((l) => [l.vatRateBp, l.totalExclCents, l.vatCents, l.vatCountry])).toEqual([[2100, 2475, 520, ''], [900, 600, 54, '']]);
  });
});
