import { describe, expect, it } from 'vitest';
import { ROUNDING_DESCRIPTION } from './booking-rounding';
import { prepareSale } from './prepare-sale';
import type { Sale, SaleLine } from './sale';
import { makeSale } from './sale-fixture';
import { defaultTenantSettings } from './tenant-settings';

const settings = defaultTenantSettings();
const line = (excl: number, vat: number, rateBp = 2100): SaleLine => ({ kind: 'product', description: 'Mok', quantity: 1, totalExclCents: excl, vatCents: vat, vatRateBp: rateBp, vatCountry: '', regime: 'domestic' });
function saleOf(lines: SaleLine[], over: Partial<Sale> = {}): Sale {
  const excl = lines.reduce((a, l) => a + l.totalExclCents, 0);
  const vat = lines.reduce((a, l) => a + l.vatCents, 0);
  return makeSale({ lines, vatTotals: [{ vatRateBp: 2100, vatCountry: '', regime: 'domestic', taxableCents: excl, vatCents: vat }], totalExclCents: excl, totalVatCents: vat, totalInclCents: excl + vat, ...over });
}

describe('prepareSale', () => {
  it('adds ONE rounding line when the shop rounded per line and the target rounds per rate', () => {
    // Three prices incl. VAT of 1.00: the shop splits each into 0.83 + 0.17 (paid 3.00); 21 % of 2.49 is 0.52 (3.01).
    const prepared = prepareSale(saleOf([line(83, 17), line(83, 17), line(83, 17)], { pricesIncludeVat: true }), settings, { currencies: 'any' });
    expect(prepared.kind).toBe('bookable');
    if (prepared.kind !== 'bookable') return;
    expect(prepared.roundingCents).toBe(-1);
    expect(prepared.sale.lines.at(-1)).toMatchObject({ kind: 'rounding', description: ROUNDING_DESCRIPTION, totalExclCents: -1, vatRateBp: 0, regime: 'outside-scope' });
    expect(prepared.sale.totalInclCents).toBe(300);
    expect(prepared.sale.vatTotals).toEqual([
      { vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', taxableCents: 249, vatCents: 52 },
      { vatRateBp: 0, vatCountry: 'NL', regime: 'outside-scope', taxableCents: -1, vatCents: 0 },
    ]);
  });

  it('adds no rounding line when the arithmetic agrees', () => {
    const prepared = prepareSale(makeSale(), settings, { currencies: 'any' });
    expect(prepared.kind === 'bookable' && prepared.sale.lines.some((l) => l.kind === 'rounding')).toBe(false);
  });

  it('a zero-value order is booked or skipped by the setting, never an error', () => {
    const free = saleOf([line(1000, 210), { ...line(-1000, -210), kind: 'discount' }]);
    expect(prepareSale(free, settings, { currencies: 'any' }).kind).toBe('bookable');
    expect(prepareSale(free, { ...settings, zeroValueOrders: 'skip' }, { currencies: 'any' }).kind).toBe('skipped');
  });

  it('refuses a currency the target does not book, naming it', () => {
    const prepared = prepareSale(makeSale({ currency: 'USD' }), settings, { currencies: ['EUR'] });
    expect(prepared.kind === 'rejected' && prepared.issues[0]).toMatchObject({ code: 'UNSUPPORTED_CURRENCY' });
  });

  it('a gift card redeemed is a payment: the invoice keeps its full VAT', () => {
    const sale = saleOf([line(1000, 210)], { payments: [{ kind: 'gift-card', amountCents: 500, description: 'Cadeaukaart' }] });
    const prepared = prepareSale(sale, settings, { currencies: 'any' });
    expect(prepared.kind === 'bookable' && [prepared.sale.totalVatCents, prepared.sale.totalInclCents, prepared.sale.payments.length]).toEqual([210, 1210, 1]);
  });

  it('sets the legal text on a reverse-charge invoice', () => {
    const sale = saleOf([line(1000, 0, 0)], { debtor: { ...makeSale().debtor, country: 'DE', shippingCountry: 'DE', vatNumber: 'DE123456789' }, vatTotals: [{ vatRateBp: 0, vatCountry: '', regime: 'domestic', taxableCents: 1000, vatCents: 0 }] });
    const prepared = prepareSale(sale, settings, { currencies: 'any' });
    expect(prepared.kind === 'bookable' && prepared.sale.invoiceNote).toContain('Article 196');
  });
});
