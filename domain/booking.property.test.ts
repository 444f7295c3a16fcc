import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vatRatesOn } from './eu-vat-rates';
import { mulDivRoundHalfAwayFromZero } from './money';
import { prepareSale } from './prepare-sale';
import type { Sale, SaleLine } from './sale';
import { makeSale } from './sale-fixture';
import { defaultTenantSettings } from './tenant-settings';

/**
 * For generated orders (countries, rates valid there on the date, quantities, discounts, prices incl. or
 * excl. VAT, rounded per line as a shop does) the booked total incl. VAT equals what the customer paid,
 * and the VAT per (regime, country, rate) is exactly what a target computes on its taxable amount.
 */

const DATE = '2025-09-15';
const countries = ['NL', 'BE', 'DE', 'FR', 'EE', 'FI', 'SK', 'IE', 'US', 'CH'] as const;

interface GeneratedLine { rateBp: number; quantity: number; unitCents: number; discountPct: number; kind: 'product' | 'shipping' | 'fee' }

const lineArb = (rates: readonly number[]): fc.Arbitrary<GeneratedLine> => fc.record({
  rateBp: fc.constantFrom(...rates),
  quantity: fc.integer({ min: 1, max: 12 }),
  unitCents: fc.integer({ min: 1, max: 250_00 }),
  discountPct: fc.constantFrom(0, 0, 5, 10, 15, 33, 100),
  kind: fc.constantFrom('product', 'product', 'product', 'shipping', 'fee'),
});

const orderArb = fc.constantFrom(...countries).chain((country) => {
  const eu = vatRatesOn(country, DATE);
  const rates = eu === null ? [0] : [0, ...eu];
  return fc.record({
    country: fc.constant(country),
    inclVat: fc.boolean(),
    lines: fc.array(lineArb(rates), { minLength: 1, maxLength: 15 }),
  });
});

const round = (value: number, bp: number, div: number): number => mulDivRoundHalfAwayFromZero(value, bp, div);

/** A shop's arithmetic: discount and VAT rounded per line, prices entered with or without VAT. */
function shopOrder(order: { country: string; inclVat: boolean; lines: GeneratedLine[] }): { sale: Sale; paidCents: number } {
  const lines: SaleLine[] = order.lines.map((g, i) => {
    const gross = g.quantity * g.unitCents;
    const amount = gross - Math.round((gross * g.discountPct) / 100);
    const vat = order.inclVat ? round(amount, g.rateBp, 10_000 + g.rateBp) : round(amount, g.rateBp, 10_000);
    const excl = order.inclVat ? amount - vat : amount;
    return { kind: i === 0 ? 'product' : g.kind, description: `Line ${i + 1}`, quantity: g.kind === 'product' || i === 0 ? g.quantity : 1, totalExclCents: excl, vatCents: vat, vatRateBp: g.rateBp, vatCountry: '', regime: 'domestic' };
  });
  const excl = lines.reduce((a, l) => a + l.totalExclCents, 0);
  const vat = lines.reduce((a, l) => a + l.vatCents, 0);
  const byRate = new Map<number, number>();
  for (const l of lines) byRate.set(l.vatRateBp, (byRate.get(l.vatRateBp) ?? 0) + l.totalExclCents);
  const sale = makeSale({
    orderDate: DATE,
    pricesIncludeVat: order.inclVat,
    debtor: { ...makeSale().debtor, country: order.country, shippingCountry: order.country },
    lines,
    vatTotals: [...new Set(lines.map((l) => l.vatRateBp))].map((rateBp) => ({ vatRateBp: rateBp, vatCountry: '', regime: 'domestic' as const, taxableCents: byRate.get(rateBp) ?? 0, vatCents: lines.filter((l) => l.vatRateBp === rateBp).reduce((a, l) => a + l.vatCents, 0) })),
    totalExclCents: excl,
    totalVatCents: vat,
    totalInclCents: excl + vat,
  });
  return { sale, paidCents: excl + vat };
}

/** What a target that rounds VAT once per tax rate records (the Moneybird simulator's arithmetic). */
function targetIncl(lines: readonly SaleLine[]): number {
  const groups = new Map<string, { bp: number; sum: number }>();
  for (const l of lines) {
    const key = `${l.regime}|${l.vatCountry}|${l.vatRateBp}`;
    const g = groups.get(key) ?? { bp: l.vatRateBp, sum: 0 };
    groups.set(key, { bp: g.bp, sum: g.sum + l.totalExclCents });
  }
  return [...groups.values()].reduce((total, g) => total + g.sum + round(g.sum, g.bp, 10_000), 0);
}

describe('booking generated orders', () => {
  it('books every accepted order to the cent of what the customer paid, VAT per rate reconciled', () => {
    fc.assert(fc.property(orderArb, fc.boolean(), (order, ossRegistered) => {
      const { sale, paidCents } = shopOrder(order);
      const settings = { ...defaultTenantSettings(), ossRegistered };
      const prepared = prepareSale(sale, settings, { currencies: 'any' });
      // Without OSS, destination rates on a distance sale are rightly refused; everything else books.
      const foreignRates = !ossRegistered && !['NL', 'US', 'CH'].includes(order.country) && sale.lines.some((l) => l.vatRateBp !== 0 && !(vatRatesOn('NL', DATE) ?? []).includes(l.vatRateBp));
      const exportWithVat = ['US', 'CH'].includes(order.country) && sale.lines.some((l) => l.vatRateBp !== 0);
      if (foreignRates || exportWithVat) {
        expect(prepared.kind).toBe('rejected');
        return;
      }
      expect(prepared.kind).toBe('bookable');
      if (prepared.kind !== 'bookable') return;
      const booked = prepared.sale;
      expect(booked.totalInclCents).toBe(paidCents);
      expect(targetIncl(booked.lines)).toBe(paidCents);
      expect(booked.totalExclCents + booked.totalVatCents).toBe(booked.totalInclCents);
      expect(booked.vatTotals.reduce((a, t) => a + t.taxableCents, 0)).toBe(booked.totalExclCents);
      for (const t of booked.vatTotals) expect(t.vatCents).toBe(round(t.taxableCents, t.vatRateBp, 10_000));
      const taxedLines = sale.lines.filter((l) => l.vatRateBp > 0).length;
      expect(Math.abs(prepared.roundingCents)).toBeLessThanOrEqual(Math.max(1, taxedLines));
      expect(booked.lines.filter((l) => l.kind === 'rounding').length).toBe(prepared.roundingCents === 0 ? 0 : 1);
    }), { numRuns: 600 });
  });

  it('never books an order whose total is off by more than rounding', () => {
    fc.assert(fc.property(orderArb, fc.integer({ min: 16, max: 100_000 }), fc.constantFrom(-1, 1), (order, extra, sign) => {
      const { sale } = shopOrder(order);
      const off = { ...sale, totalInclCents: sale.totalInclCents + sign * extra, totalVatCents: sale.totalVatCents + sign * extra };
      const prepared = prepareSale(off, defaultTenantSettings(), { currencies: 'any' });
      expect(prepared.kind).toBe('rejected');
    }), { numRuns: 300 });
  });
});
