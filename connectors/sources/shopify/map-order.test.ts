import { describe, expect, it } from 'vitest';
import { booked, rejection } from './booked.test-helper';
import { mapShopifyOrder } from './map-order';
import type { ShopFacts, ShopifyLineItem, ShopifyOrder } from './order-schema';

const bag = (amount: string, currency = 'EUR') => ({ shopMoney: { amount, currencyCode: 'EUR' }, presentmentMoney: { amount, currencyCode: currency } });
const shop: ShopFacts = { ianaTimezone: 'Europe/Amsterdam', billingAddress: { countryCodeV2: 'NL' } };
const tax = (rate: number, amount: string) => ({ title: 'VAT', rate, ratePercentage: rate * 100, priceSet: bag(amount) });

function line(over: Partial<ShopifyLineItem> = {}): ShopifyLineItem {
  return { id: 'gid://shopify/LineItem/1', name: 'Mok', sku: 'MOK', quantity: 1, isGiftCard: false, originalTotalSet: bag('121.00'), discountAllocations: [], taxLines: [tax(0.21, '21.00')], ...over };
}

function order(over: Partial<ShopifyOrder> = {}): ShopifyOrder {
  return {
    id: 'gid://shopify/Order/7', legacyResourceId: '7', name: '#1007', createdAt: '2026-05-01T10:00:00Z', updatedAt: '2026-05-01T10:05:00Z',
    processedAt: '2026-05-01T10:00:00Z', cancelledAt: null, test: false, displayFinancialStatus: 'PAID', sourceName: 'web', email: 'klant@example.nl',
    currencyCode: 'EUR', presentmentCurrencyCode: 'EUR', taxesIncluded: true, taxExempt: false, retailLocation: null,
    customer: { id: 'gid://shopify/Customer/9', firstName: 'An', lastName: 'Jansen', taxExempt: false, taxExemptions: [] },
    billingAddress: { firstName: 'An', lastName: 'Jansen', company: null, address1: 'Dam 1', zip: '1012 JS', city: 'Amsterdam', countryCodeV2: 'NL' },
    shippingAddress: { countryCodeV2: 'NL' },
    totalPriceSet: bag('121.00'), totalTaxSet: bag('21.00'),
    lineItems: { pageInfo: { hasNextPage: false }, nodes: [] },
    shippingLines: { nodes: [] },
    transactions: [],
    ...over,
  };
}

const map = (o: ShopifyOrder, items: ShopifyLineItem[]) => mapShopifyOrder(o, items, shop);

describe('Shopify order mapping: VAT facts per line, booked through the regime decision every source shares', () => {
  it('books a domestic sale at the shop country rate', () => {
    const sale = booked(map(order(), [line()]));
    expect(sale.lines).toEqual([expect.objectContaining({ kind: 'product', totalExclCents: 10_000, vatCents: 2_100, vatRateBp: 2_100, regime: 'domestic', vatCountry: 'NL' })]);
    expect(sale).toMatchObject({ orderNumber: '1007', regime: 'domestic', totalExclCents: 10_000, totalVatCents: 2_100, totalInclCents: 12_100 });
  });

  it('books VAT charged at a German rate for a German address as an OSS distance sale', () => {
    const sale = booked(map(order({ shippingAddress: { countryCodeV2: 'DE' }, totalPriceSet: bag('119.00'), totalTaxSet: bag('19.00') }), [line({ originalTotalSet: bag('119.00'), taxLines: [tax(0.19, '19.00')] })]));
    expect(sale.lines[0]).toMatchObject({ vatRateBp: 1_900, regime: 'oss', vatCountry: 'DE' });
    expect(sale.debtor.shippingCountry).toBe('DE');
  });

  it('refuses reverse charge for an exempt EU business without a VAT number on record, and books a sale outside the EU as export', () => {
    const exemptCustomer = { id: 'gid://shopify/Customer/9', firstName: 'B', lastName: 'V', taxExempt: false, taxExemptions: ['EU_REVERSE_CHARGE_EXEMPTION_RULE'] };
    const b2b = map(order({ customer: exemptCustomer, shippingAddress: { countryCodeV2: 'BE' }, taxesIncluded: false, totalPriceSet: bag('100.00'), totalTaxSet: bag('0.00') }),
      [line({ originalTotalSet: bag('100.00'), taxLines: [] })]);
    expect(b2b.vatExempt).toBe(true);
    // A reverse-charge invoice must show the customer's VAT number; Shopify's order carries none (B2B company locations are not read yet).
    expect(rejection(b2b)).toEqual([expect.objectContaining({ code: 'VAT_NUMBER_INVALID', path: 'debtor.vatNumber' })]);
    const us = booked(map(order({ shippingAddress: { countryCodeV2: 'US' }, taxesIncluded: false, totalPriceSet: bag('100.00'), totalTaxSet: bag('0.00') }),
      [line({ originalTotalSet: bag('100.00'), taxLines: [] })]));
    expect(us.lines[0]).toMatchObject({ regime: 'export', vatCountry: 'US' });
    expect(us.invoiceNote).toMatch(/Export/);
  });

  it('splits a discount allocation off as a discount line at the rate of the line, for tax-exclusive prices too', () => {
    // 100.00 net, 10.00 off, 21 % on 90.00 = 18.90.
    const sale = map(order({ taxesIncluded: false, totalPriceSet: bag('108.90'), totalTaxSet: bag('18.90') }), [line({
      originalTotalSet: bag('100.00'), taxLines: [tax(0.21, '18.90')],
      discountAllocations: [{ allocatedAmountSet: bag('10.00'), discountApplication: { __typename: 'DiscountCodeApplication', code: 'TIEN' } }],
    })]);
    expect(sale.lines).toEqual([
      expect.objectContaining({ kind: 'product', totalExclCents: 10_000, vatCents: 2_100 }),
      expect.objectContaining({ kind: 'discount', description: 'Korting (TIEN)', totalExclCents: -1_000, vatCents: -210, vatRateBp: 2_100 }),
    ]);
    expect(sale.lines.reduce((s, l) => s + l.totalExclCents + l.vatCents, 0)).toBe(10_890);
  });

  it('puts a till sale after local midnight on the next business day, ending at the next local midnight', () => {
    const sale = map(order({ sourceName: 'pos', email: null, customer: null, billingAddress: null, shippingAddress: null, processedAt: '2026-06-12T22:30:00Z', retailLocation: { id: 'gid://shopify/Location/42', name: 'Kiosk' } }), [line()]);
    expect(sale.channel).toEqual({ kind: 'pos', location: '42', locationName: 'Kiosk', businessDay: '2026-06-13', businessDayEndsAt: '2026-06-13T22:00:00.000Z' });
    expect(sale.debtor).toMatchObject({ email: 'walk-in-42@till.invalid', country: 'NL' });
  });

  it('adds a rounding line when Shopify\'s VAT per line differs from the ledger\'s VAT per rate, so the invoice totals what was paid', () => {
    // Two lines of 5.00 incl. 21 %: 0.87 VAT each (per line), 1.73 on the rate total of 8.26.
    const sale = booked(map(order({ totalPriceSet: bag('10.00'), totalTaxSet: bag('1.74') }), [
      line({ originalTotalSet: bag('5.00'), taxLines: [tax(0.21, '0.87')] }),
      line({ id: 'gid://shopify/LineItem/2', originalTotalSet: bag('5.00'), taxLines: [tax(0.21, '0.87')] }),
    ]));
    expect(sale.lines.filter((l) => l.kind === 'rounding')).toHaveLength(1);
    expect(sale.lines.at(-1)).toMatchObject({ kind: 'rounding', totalExclCents: 1, vatCents: 0, vatRateBp: 0 });
    expect(sale).toMatchObject({ totalInclCents: 1_000, totalExclCents: 827, totalVatCents: 173 });
  });

  it('books a cash till sale rounded to 5 cents as the drawer took it: the rounding as a line of its own, outside VAT', () => {
    // Koffie 3.60 + taart 4.23 (9 %) = 7.83; paid in cash at a till that rounds to 5 cents: 7.85.
    const till = { sourceName: 'pos', email: null, customer: null, billingAddress: null, shippingAddress: null, retailLocation: { id: 'gid://shopify/Location/42', name: 'Kiosk' } };
    const source = map(order({
      ...till, totalPriceSet: bag('7.83'), totalTaxSet: bag('0.65'), totalCashRoundingAdjustment: { paymentSet: bag('0.02') },
      transactions: [{ kind: 'SALE', status: 'SUCCESS', gateway: 'cash', amountSet: bag('7.85') }],
    }), [line({ originalTotalSet: bag('3.60'), taxLines: [tax(0.09, '0.30')] }), line({ id: 'gid://shopify/LineItem/2', originalTotalSet: bag('4.23'), taxLines: [tax(0.09, '0.35')] })]);
    expect(source).toMatchObject({ totalInclCents: 783, cashRoundingCents: 2 });
    const sale = booked(source);
    expect(sale.lines.filter((l) => l.kind === 'rounding').map((l) => [l.description, l.totalExclCents, l.vatCents, l.regime])).toEqual([['Afronding contant', 2, 0, 'outside-scope']]);
    expect(sale.totalInclCents).toBe(785);
    // An order from before API 2024-10 (no adjustment field) and a card payment book no cash rounding.
    expect(map(order(), [line()]).cashRoundingCents).toBeUndefined();
  });
});
