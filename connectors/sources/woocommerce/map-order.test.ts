import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../errors';
import { generateOrder } from './generate-order';
import { mapWooOrder, parseWooOrder } from './map-order';
import { nlRateBpById } from './nl-tax-rates';

const tax = (id: number, total: string, subtotal = ''): { id: number; total: string; subtotal: string } => ({ id, total, subtotal });

/** Hand-computed Woo order: 10 % coupon, PostNL shipping, iDEAL fee, lines at 9 % and 21 %. */
function realisticOrder(): Record<string, unknown> {
  return {
    id: 727,
    number: 'WC-727',
    status: 'processing',
    currency: 'EUR',
    date_created_gmt: '2025-03-04T09:15:02',
    date_modified_gmt: '2025-03-04T09:16:10',
    discount_total: '7.24',
    discount_tax: '1.00',
    total: '80.38',
    total_tax: '10.03',
    customer_id: 42,
    customer_note: 'Graag achterom.',
    billing: { first_name: 'Jan', last_name: 'Jansen', company: '', address_1: 'Dam 1', address_2: '', city: 'Amsterdam', state: '', postcode: '1012 JS', country: 'NL', email: 'jan@example.nl', phone: '0612345678' },
    line_items: [
      { id: 1, name: 'Koffiebonen Espresso 1 kg', quantity: 2, subtotal: '43.86', subtotal_tax: '3.95', total: '39.47', total_tax: '3.55', taxes: [tax(2, '3.5523', '3.9474')], sku: 'KOF-ESP-1000', price: 21.93 },
      { id: 2, name: 'Theepot glas 1 l', quantity: 1, subtotal: '28.49', subtotal_tax: '5.98', total: '25.64', total_tax: '5.38', taxes: [tax(1, '5.3844', '5.9829')], sku: '', price: 28.49 },
    ],
    shipping_lines: [{ id: 3, method_title: 'PostNL', total: '4.95', total_tax: '1.04', taxes: [tax(1, '1.04')] }],
    fee_lines: [{ id: 4, name: 'Transactiekosten iDEAL', total: '0.29', total_tax: '0.06', taxes: [tax(1, '0.06')] }],
    coupon_lines: [{ id: 5, code: 'welkom10', discount: '7.24', discount_tax: '1.00' }],
    tax_lines: [
      { id: 6, rate_id: 1, rate_percent: 21 },
      { id: 7, rate_id: 2, rate_percent: 9 },
    ],
  };
}

const map = (raw: unknown): ReturnType<typeof mapWooOrder> => mapWooOrder(parseWooOrder(raw), nlRateBpById);

describe('mapWooOrder', () => {
  it('maps a realistic order with coupon, shipping, fee and the 9 %/21 % split to the cent', () => {
    const sale = map(realisticOrder());
    expect(sale).toMatchObject({
      source: 'woocommerce',
      externalId: '727',
      orderNumber: 'WC-727',
      orderDate: '2025-03-04',
      modifiedAt: '2025-03-04T09:16:10Z',
      currency: 'EUR',
      note: 'Graag achterom.',
      totalInclCents: 8038,
      totalVatCents: 1003,
      totalExclCents: 7035,
    });
    expect(sale.debtor).toEqual({
      sourceCustomerId: '42', email: 'jan@example.nl', firstName: 'Jan', lastName: 'Jansen', company: '',
      address1: 'Dam 1', postcode: '1012 JS', city: 'Amsterdam', country: 'NL', shippingCountry: null, vatNumber: null,
    });
    expect(sale.lines).toEqual([
      { kind: 'product', description: 'Koffiebonen Espresso 1 kg', quantity: 2, totalExclCents: 4386, vatCents: 395, vatRateBp: 900, vatCountry: '', regime: 'domestic', sku: 'KOF-ESP-1000' },
      { kind: 'product', description: 'Theepot glas 1 l', quantity: 1, totalExclCents: 2849, vatCents: 598, vatRateBp: 2100, vatCountry: '', regime: 'domestic' },
      { kind: 'discount', description: 'Korting (welkom10) 21%', quantity: 1, totalExclCents: -285, vatCents: -60, vatRateBp: 2100, vatCountry: '', regime: 'domestic' },
      { kind: 'discount', description: 'Korting (welkom10) 9%', quantity: 1, totalExclCents: -439, vatCents: -40, vatRateBp: 900, vatCountry: '', regime: 'domestic' },
      { kind: 'shipping', description: 'PostNL', quantity: 1, totalExclCents: 495, vatCents: 104, vatRateBp: 2100, vatCountry: '', regime: 'domestic' },
      { kind: 'fee', description: 'Transactiekosten iDEAL', quantity: 1, totalExclCents: 29, vatCents: 6, vatRateBp: 2100, vatCountry: '', regime: 'domestic' },
    ]);
    expect(sale.vatTotals).toEqual([
      { vatRateBp: 900, vatCountry: '', regime: 'domestic', taxableCents: 3947, vatCents: 355 },
      { vatRateBp: 2100, vatCountry: '', regime: 'domestic', taxableCents: 3088, vatCents: 648 },
    ]);
    const sum = (f: (l: (typeof sale.lines)[number]) => number): number => sale.lines.reduce((a, l) => a + f(l), 0);
    expect(sum((l) => l.totalExclCents)).toBe(sale.totalExclCents);
    expect(sum((l) => l.vatCents)).toBe(sale.totalVatCents);
  });

  it('maps a guest order to a null customer id', () => {
    expect(map({ ...realisticOrder(), customer_id: 0 }).debtor.sourceCustomerId).toBeNull();
  });

  it('splits shipping taxed at two rates into one line per rate that still adds up', () => {
    const raw = realisticOrder();
    raw.shipping_lines = [{ method_title: 'PostNL', total: '4.95', total_tax: '0.73', taxes: [tax(1, '0.52'), tax(2, '0.21')] }];
    const shipping = map(raw).lines.filter((l) => l.kind === 'shipping');
    expect(shipping.map((l) => l.vatRateBp)).toEqual([2100, 900]);
    expect(shipping.reduce((a, l) => a + l.totalExclCents, 0)).toBe(495);
    expect(shipping.reduce((a, l) => a + l.vatCents, 0)).toBe(73);
    expect(shipping[0]?.totalExclCents).toBe(255);
  });

  it('keeps malformed data visible instead of fixing it', () => {
    const raw = realisticOrder();
    (raw.line_items as { quantity: number }[])[0]!.quantity = -2;
    raw.total = '99.99';
    const sale = map(raw);
    expect(sale.lines[0]?.quantity).toBe(-2);
    expect(sale.totalInclCents).toBe(9999);
    expect(sale.totalExclCents).toBe(9999 - 1003);

    const empty = map({ ...realisticOrder(), line_items: [], shipping_lines: [], fee_lines: [], coupon_lines: [] });
    expect(empty.lines).toEqual([]);
    expect(empty.vatTotals).toEqual([]);
    expect(empty.totalInclCents).toBe(8038);
  });

  it('throws SALE_INVALID with field paths when the shape is unusable', () => {
    const raw = realisticOrder();
    raw.total = 'eighty';
    delete raw.line_items;
    try {
      map(raw);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConnectorError);
      const e = error as ConnectorError;
      expect(e.code).toBe('SALE_INVALID');
      expect(e.retryable).toBe(false);
      expect(e.details.issues?.map((i) => i.path).sort()).toEqual(['line_items', 'total']);
      expect(JSON.stringify(e.details)).not.toContain('eighty');
    }
  });

  it('throws SALE_INVALID when a tax rate percentage is unknown', () => {
    expect(() => mapWooOrder(parseWooOrder(realisticOrder()), new Map([[1, 2100]]))).toThrow(
      expect.objectContaining({ code: 'SALE_INVALID' }) as Error,
    );
  });

  it('maps generated orders so that lines, VAT per rate and totals agree', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const sale = map(generateOrder({ id: 5000 + seed, seed }));
      const excl = sale.vatTotals.reduce((a, v) => a + v.taxableCents, 0);
      const vat = sale.vatTotals.reduce((a, v) => a + v.vatCents, 0);
      expect(excl).toBe(sale.totalExclCents);
      expect(vat).toBe(sale.totalVatCents);
      for (const total of sale.vatTotals) {
        // The generator rounds VAT on the per-rate total, as Moneybird does.
        expect(total.vatCents).toBe(Math.round((total.taxableCents * total.vatRateBp) / 10_000));
      }
      expect(sale.debtor.email).toMatch(/^klant\d+@example\.nl$/);
    }
  });
});
