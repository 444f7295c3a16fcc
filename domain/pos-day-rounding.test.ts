import { describe, expect, it } from 'vitest';
import { CASH_ROUNDING_DESCRIPTION, ROUNDING_DESCRIPTION } from './booking-rounding';
import { posShareOf, PosDaySummaryError, summarisePosDay, type PosSaleShare } from './pos-day';
import { prepareSale } from './prepare-sale';
import type { Sale, SaleLine } from './sale';
import { validateSale } from './sale-validation';
import { vatOnCents, vatTotalsFromLines } from './vat';
import { walkInDebtor } from './walk-in-debtor';

/*
 * Real-looking till days of a Dutch café: prices incl. VAT as on the menu, VAT worked out per receipt line as a
 * till does, cash totals rounded to 5 cents. Each receipt goes through the path every sale takes (prepareSale),
 * then into the day's summary.
 */

const day = '2026-06-12';
const location = { id: '61000100', name: 'Café Centrum' };
const debtor = walkInDebtor(location, 'NL');
const key = { source: 'till', location: location.id, locationName: location.name, businessDay: day, batch: 1 };
const settings = { homeCountry: 'NL', ossRegistered: false, zeroValueOrders: 'book' as const };

type Item = [description: string, inclCents: number, rateBp: number, quantity?: number];

/** A till receipt: lines as the till charged them (excl. and VAT per line from the price incl. VAT). */
function receipt(id: string, items: Item[], pay: { cash?: boolean; giftCardCents?: number } = {}): Sale {
  const lines: SaleLine[] = items.map(([description, incl, rateBp, quantity = 1]) => {
    const giftCard = description.startsWith('Cadeaukaart');
    const excl = Math.sign(incl) * Math.round((Math.abs(incl) * 10_000) / (10_000 + rateBp));
    return {
      kind: giftCard ? 'gift-card' : 'product', description, quantity, totalExclCents: excl, vatCents: incl - excl,
      vatRateBp: rateBp, vatCountry: 'NL', regime: giftCard ? 'outside-scope' : 'domestic',
    };
  });
  const incl = lines.reduce((s, l) => s + l.totalExclCents + l.vatCents, 0);
  const vat = lines.reduce((s, l) => s + l.vatCents, 0);
  const giftCard = pay.giftCardCents ?? 0;
  const due = incl - giftCard;
  const cashRoundingCents = pay.cash ? Math.round(due / 5) * 5 - due : 0;
  return {
    source: 'till', externalId: id, orderNumber: `#${id}`, orderDate: day, currency: 'EUR', modifiedAt: `${day}T15:00:00Z`, regime: 'domestic',
    pricesIncludeVat: true, channel: { kind: 'pos', location: location.id, locationName: location.name, businessDay: day }, debtor,
    lines, vatTotals: vatTotalsFromLines(lines), totalExclCents: incl - vat, totalVatCents: vat, totalInclCents: incl,
    payments: giftCard > 0 ? [{ kind: 'gift-card', amountCents: giftCard, description: 'Cadeaukaart' }] : [],
    ...(cashRoundingCents === 0 ? {} : { cashRoundingCents }),
    note: '',
  };
}

/** The receipt as doorzet books it (the shared path), then its share of the day. */
function booked(sale: Sale): Sale {
  const prepared = prepareSale(sale, settings, { currencies: 'any' });
  if (prepared.kind !== 'bookable') throw new Error(`receipt ${sale.externalId} not bookable: ${JSON.stringify(prepared)}`);
  return prepared.sale;
}

const exclAt = (sales: Sale[], rateBp: number, kind: SaleLine['kind'] = 'product') =>
  sales.flatMap((s) => s.lines).filter((l) => l.vatRateBp === rateBp && (l.kind === kind || (kind === 'product' && l.kind === 'discount'))).reduce((s, l) => s + l.totalExclCents, 0);
const summaryLine = (summary: Sale, kind: SaleLine['kind'], rateBp: number) => summary.lines.find((l) => l.kind === kind && l.vatRateBp === rateBp);
const roundingLines = (summary: Sale) => summary.lines.filter((l) => l.kind === 'rounding').map((l) => [l.description, l.totalExclCents, l.vatCents, l.regime]);

describe('a day of till sales booked by the shared rounding rule', () => {
  // 9 % food and drink, 21 % goods, a gift card sold (outside VAT), one paid with a gift card, cash rounded both ways.
  const receipts = [
    receipt('1001', [['Koffie', 720, 900, 2], ['Appeltaart', 425, 900]]), // card: 11.45
    receipt('1002', [['Cappuccino', 395, 900], ['Croissant', 285, 900]], { cash: true }), // 6.80 cash: no rounding
    receipt('1003', [['Thee', 310, 900], ['Mok Café Centrum', 1299, 2100]], { cash: true }), // 16.09 cash → 16.10 (+1)
    receipt('1004', [['Koffiebonen 500 g', 1148, 900]], { cash: true }), // 11.48 → 11.50 (+2)
    receipt('1005', [['Tosti ham-kaas', 652, 900]], { cash: true }), // 6.52 → 6.50 (−2)
    receipt('1006', [['Worteltaart', 396, 900]], { cash: true }), // 3.96 → 3.95 (−1)
    // A return within the day: the mug of #1003 comes back and is exchanged for a teapot, the difference paid in cash.
    receipt('1007', [['Retour: Mok Café Centrum', -1299, 2100], ['Theepot', 2495, 2100]], { cash: true }), // 11.96 → 11.95 (−1)
    receipt('1008', [['Cadeaukaart', 2500, 0]]), // card
    receipt('1009', [['Koffie', 360, 900], ['Appeltaart', 425, 900]], { cash: true, giftCardCents: 500 }), // 7.85, 5.00 by gift card, 2.85 cash
  ];

  it('books per VAT rate what the tills took, VAT once per rate, then the VAT rounding and the cash rounding as lines of their own', () => {
    const sales = receipts.map(booked);
    // Each cash receipt is booked as the till took it: its cash rounding is a line of its own.
    expect(sales.map((s) => s.lines.find((l) => l.description === CASH_ROUNDING_DESCRIPTION)?.totalExclCents ?? 0)).toEqual([0, 0, 1, 2, -2, -1, -1, 0, 0]);
    const took = sales.reduce((s, x) => s + x.totalInclCents, 0);
    expect(took).toBe(1145 + 680 + 1610 + 1150 + 650 + 395 + 1195 + 2500 + 785);

    const summary = summarisePosDay(key, sales.map(posShareOf), debtor, true, 'NL');
    expect(summary.totalInclCents).toBe(took);
    expect(summary.lines.reduce((s, l) => s + l.totalExclCents + l.vatCents, 0)).toBe(took);
    // One line per kind and rate, with the day's net amounts (the returned mug netted against the 21 % sales).
    const nine = summaryLine(summary, 'product', 900)!;
    const goods = summaryLine(summary, 'product', 2100)!;
    expect(nine.totalExclCents).toBe(exclAt(receipts, 900));
    expect(goods.totalExclCents).toBe(exclAt(receipts, 2100));
    expect(goods.totalExclCents).toBe(2062);
    expect([nine.vatCents, goods.vatCents]).toEqual([vatOnCents(nine.totalExclCents, 900), vatOnCents(2062, 2100)]);
    expect(summaryLine(summary, 'gift-card', 0)).toMatchObject({ totalExclCents: 2500, vatCents: 0, regime: 'outside-scope' });
    expect(summary.vatTotals.find((t) => t.vatRateBp === 2100)).toMatchObject({ taxableCents: 2062, vatCents: 433 });
    // The cash rounding of the day nets up (+1 +2) and down (−2 −1 −1): −0.01, outside VAT, apart from the VAT rounding.
    const receiptsVat = receipts.flatMap((r) => r.lines).reduce((s, l) => s + l.vatCents, 0);
    const vatRounding = receiptsVat - summary.vatTotals.reduce((s, t) => s + t.vatCents, 0);
    expect(vatRounding).toBe(2);
    expect(roundingLines(summary)).toEqual([
      [ROUNDING_DESCRIPTION, 2, 0, 'outside-scope'],
      [CASH_ROUNDING_DESCRIPTION, -1, 0, 'outside-scope'],
    ]);
    expect(summary.cashRoundingCents).toBe(-1);
    expect(summary.payments).toEqual([{ kind: 'gift-card', amountCents: 500, description: 'Cadeaukaarten ingewisseld' }]);
    // The summary holds every invariant any booked invoice holds.
    expect(validateSale(summary, { currencies: 'any' })).toEqual([]);
  });

  it('books a busy day of 250 coffees to the cent: the VAT the tills charged per receipt versus once on the day is one rounding line', () => {
    const sales = Array.from({ length: 250 }, (_, i) => booked(receipt(String(2000 + i), [['Koffie', 360, 900]], { cash: true })));
    const summary = summarisePosDay(key, sales.map(posShareOf), debtor, true, 'NL');
    // 250 × 3.30 = 825.00 at 9 % is 74.25 VAT on the day; the receipts charged 250 × 0.30 = 75.00.
    expect(summary.lines.map((l) => [l.description.split(' (')[0], l.totalExclCents, l.vatCents])).toEqual([
      [`Kassaverkopen ${location.name} ${day}`, 82_500, 7425],
      [ROUNDING_DESCRIPTION, 75, 0],
    ]);
    expect(summary.totalInclCents).toBe(90_000);
    expect(summary.cashRoundingCents).toBe(0);
  });

  it('books a day whose cash rounding only went up as one cash rounding line of the sum', () => {
    const sales = [
      receipt('3001', [['Koffie', 360, 900], ['Brownie', 323, 900]], { cash: true }), // 6.83 → 6.85 (+2)
      receipt('3002', [['Limonade', 374, 900]], { cash: true }), // 3.74 → 3.75 (+1)
      receipt('3003', [['Sjaal', 2498, 2100]], { cash: true }), // 24.98 → 25.00 (+2)
    ].map(booked);
    const summary = summarisePosDay(key, sales.map(posShareOf), debtor, true, 'NL');
    expect(summary.lines.find((l) => l.description === CASH_ROUNDING_DESCRIPTION)?.totalExclCents).toBe(5);
    expect(summary.totalInclCents).toBe(685 + 375 + 2500);
  });

  it('refuses a cash rounding beyond 5-cent rounding on a receipt, and a day whose stored receipts no longer add up', () => {
    const odd = { ...receipt('4001', [['Koffie', 360, 900]]), cashRoundingCents: 3 };
    const prepared = prepareSale(odd, settings, { currencies: 'any' });
    expect(prepared.kind).toBe('rejected');
    expect(prepared.kind === 'rejected' && prepared.issues.map((i) => [i.code, i.path])).toEqual([['TOTALS_MISMATCH', 'cashRoundingCents']]);

    const shares = receipts.slice(0, 3).map(booked).map(posShareOf);
    const altered: PosSaleShare[] = [...shares.slice(0, 2), { ...shares[2]!, totalInclCents: shares[2]!.totalInclCents + 500 }];
    expect(() => summarisePosDay(key, altered, debtor, true, 'NL')).toThrow(PosDaySummaryError);
  });

  it('still books shares collected before cash rounding was recorded', () => {
    const legacy = receipts.slice(0, 4).map(booked).map(posShareOf).map(({ cashRoundingCents: _c, toleranceCents: _t, ...old }) => old);
    // Those shares' totals are what the till took, cash rounding inside: it lands in the VAT rounding line.
    const summary = summarisePosDay(key, legacy, debtor, true, 'NL');
    expect(summary.totalInclCents).toBe(1145 + 680 + 1610 + 1150);
    expect(summary.lines.some((l) => l.description === CASH_ROUNDING_DESCRIPTION)).toBe(false);
  });
});
