import { describe, expect, it } from 'vitest';
import { posDayReference, posShareOf, summarisePosDay } from './pos-day';
import type { Sale } from './sale';
import { walkInDebtor } from './walk-in-debtor';

function tillSale(id: string, lines: [number, number, number][], giftCard = 0): Sale {
  // [excl, vat, rateBp] per line, as the till charged them (VAT rounded per receipt line).
  const saleLines = lines.map(([excl, vat, rate]) => ({ kind: 'product' as const, description: 'x', quantity: 1, totalExclCents: excl, vatCents: vat, vatRateBp: rate, vatCountry: 'NL', regime: 'domestic' as const }));
  const incl = lines.reduce((s, [e, v]) => s + e + v, 0);
  const vat = lines.reduce((s, [, v]) => s + v, 0);
  return {
    source: 'till', externalId: id, orderNumber: id, orderDate: '2026-06-12', currency: 'EUR', modifiedAt: '2026-06-12T10:00:00Z', regime: 'domestic',
    pricesIncludeVat: true, channel: { kind: 'pos', location: '42' }, debtor: walkInDebtor({ id: '42', name: 'Kiosk' }, 'NL'), lines: saleLines,
    vatTotals: [], totalExclCents: incl - vat, totalVatCents: vat, totalInclCents: incl, payments: giftCard ? [{ kind: 'gift-card', amountCents: giftCard, description: 'x' }] : [], note: '',
  };
}

describe('the daily till summary', () => {
  const key = { source: 'till', location: '42', locationName: 'Kiosk', businessDay: '2026-06-12', batch: 1 };

  it('books one line per VAT rate with the VAT on the rate total, and a rounding line to the cent of what the customers paid', () => {
    // Three coffees at 3.60 incl. 9 %: 3.30 + 0.30 each (per receipt); per rate 9.90 × 9 % = 0.89.
    const shares = [tillSale('1', [[330, 30, 900]]), tillSale('2', [[330, 30, 900]]), tillSale('3', [[330, 30, 900], [1033, 217, 2100]], 500)].map(posShareOf);
    const summary = summarisePosDay(key, shares, walkInDebtor({ id: '42', name: 'Kiosk' }, 'NL'), true);
    expect(summary.orderNumber).toBe('KASSA-42-2026-06-12');
    expect(summary.lines.map((l) => [l.kind, l.vatRateBp, l.totalExclCents, l.vatCents])).toEqual([
      ['product', 2100, 1033, 217],
      ['product', 900, 990, 89],
      ['rounding', 0, 1, 0],
    ]);
    expect(summary.totalInclCents).toBe(360 * 3 + 1250);
    expect(summary.lines.reduce((s, l) => s + l.totalExclCents + l.vatCents, 0)).toBe(summary.totalInclCents);
    expect(summary.payments).toEqual([{ kind: 'gift-card', amountCents: 500, description: 'Cadeaukaarten ingewisseld' }]);
    expect(summary.lines[0]!.description).toBe('Kassaverkopen Kiosk 2026-06-12 (3 bonnen), 21% btw');
  });

  it('names later batches of a day apart', () => {
    expect(posDayReference({ ...key, batch: 2 })).toBe('KASSA-42-2026-06-12-2');
  });
});
