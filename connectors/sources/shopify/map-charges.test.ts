import { describe, expect, it } from 'vitest';
import { ledgerKeyOf } from '../../../domain/ledger';
import { ConnectorError } from '../../errors';
import { booked } from './booked.test-helper';
import { mapShopifyOrder } from './map-order';
import type { ShopFacts, ShopifyLineItem, ShopifyOrder } from './order-schema';

const bag = (amount: string) => ({ shopMoney: { amount, currencyCode: 'EUR' }, presentmentMoney: { amount, currencyCode: 'EUR' } });
const shop: ShopFacts = { ianaTimezone: 'Europe/Amsterdam', billingAddress: { countryCodeV2: 'NL' } };
const tax = (rate: number, amount: string) => ({ title: 'BTW', rate, ratePercentage: rate * 100, priceSet: bag(amount) });

function line(over: Partial<ShopifyLineItem> = {}): ShopifyLineItem {
  return { id: 'gid://shopify/LineItem/1', name: 'Koffiebonen', sku: 'KOFFIE', quantity: 1, isGiftCard: false, originalTotalSet: bag('121.00'), discountAllocations: [], taxLines: [tax(0.21, '21.00')], ...over };
}
const tipLine = line({ id: 'gid://shopify/LineItem/98', name: 'Fooi', sku: null, originalTotalSet: bag('5.00'), taxLines: [] });

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

// 121.00 goods incl. 21 %, a 5.00 tip, a 7.50 duty without tax, a 12.10 additional fee incl. 2.10 tax = 145.60.
const withCharges = () => order({
  totalPriceSet: bag('145.60'), totalTaxSet: bag('23.10'), totalTipReceivedSet: bag('5.00'),
  originalTotalDutiesSet: bag('7.50'), originalTotalAdditionalFeesSet: bag('12.10'),
  additionalFees: [{ name: 'Importkosten', price: bag('12.10'), taxLines: [tax(0.21, '2.10')] }],
});
const items = () => [line({ duties: [{ price: bag('7.50'), taxLines: [] }] }), tipLine];

describe('Shopify tips, duties and additional fees: booked to the cent, tips and untaxed duties outside the scope of VAT', () => {
  it('books a tip and a duty outside the scope of VAT on their own ledgers and an additional fee at its own rate', () => {
    const sale = booked(mapShopifyOrder(withCharges(), items(), shop, new Set([tipLine.id])));
    expect(sale.lines).toEqual([
      expect.objectContaining({ kind: 'product', totalExclCents: 10_000, vatCents: 2_100, vatRateBp: 2_100, regime: 'domestic' }),
      expect.objectContaining({ kind: 'duty', description: 'Invoerrechten Koffiebonen', totalExclCents: 750, vatCents: 0, vatRateBp: 0, regime: 'outside-scope' }),
      expect.objectContaining({ kind: 'fee', description: 'Importkosten', totalExclCents: 1_000, vatCents: 210, vatRateBp: 2_100, regime: 'domestic' }),
      expect.objectContaining({ kind: 'tip', description: 'Fooi', totalExclCents: 500, vatCents: 0, vatRateBp: 0, regime: 'outside-scope' }),
    ]);
    expect(sale).toMatchObject({ totalInclCents: 14_560, totalVatCents: 2_310, regime: 'domestic' });
    expect(sale.lines.reduce((s, l) => s + l.totalExclCents + l.vatCents, 0)).toBe(14_560);
    expect(sale.lines.map(ledgerKeyOf)).toEqual(['revenue-domestic', 'duty', 'fee', 'tip']);
  });

  it('books a duty the shop charged VAT on as a fee at that rate (part of the taxable amount)', () => {
    const taxedDuty = line({ duties: [{ price: bag('12.10'), taxLines: [tax(0.21, '2.10')] }] });
    const sale = booked(mapShopifyOrder(order({ totalPriceSet: bag('133.10'), totalTaxSet: bag('23.10'), originalTotalDutiesSet: bag('12.10') }), [taxedDuty], shop));
    expect(sale.lines[1]).toMatchObject({ kind: 'fee', totalExclCents: 1_000, vatCents: 210, vatRateBp: 2_100, regime: 'domestic' });
    expect(sale.totalInclCents).toBe(13_310);
  });

  it('refuses an order whose tip lines do not account for the tip received, instead of booking a tip as revenue', () => {
    const unidentified = () => mapShopifyOrder(withCharges(), items(), shop, new Set());
    expect(unidentified).toThrow(ConnectorError);
    expect(unidentified).toThrow(/tips/);
  });

  it('refuses an order whose duties or additional fees disagree with the order totals Shopify states', () => {
    expect(() => mapShopifyOrder(order({ ...withCharges(), originalTotalDutiesSet: bag('9.00') }), items(), shop, new Set([tipLine.id]))).toThrow(/duties add up to 750 cents, the order states 900/);
    expect(() => mapShopifyOrder(order({ ...withCharges(), originalTotalAdditionalFeesSet: bag('20.00') }), items(), shop, new Set([tipLine.id]))).toThrow(/additional fees add up to 1210 cents/);
  });
});

describe('Shopify B2B orders: the company location\'s tax registration id is the buyer\'s VAT number', () => {
  const company = (taxRegistrationId: string | null) => ({
    __typename: 'PurchasingCompany' as const,
    company: { name: 'Brouwerij De Kat BV' },
    location: { taxSettings: { taxExempt: false, taxExemptions: ['EU_REVERSE_CHARGE_EXEMPTION_RULE'], taxRegistrationId } },
  });
  const b2b = (id: string | null) => order({
    purchasingEntity: company(id), taxesIncluded: false, totalPriceSet: bag('100.00'), totalTaxSet: bag('0.00'),
    billingAddress: { firstName: 'Jan', lastName: 'Peeters', company: null, address1: 'Meir 1', zip: '2000', city: 'Antwerpen', countryCodeV2: 'BE' },
    shippingAddress: { countryCodeV2: 'BE' },
  });
  const goods = [line({ originalTotalSet: bag('100.00'), taxLines: [] })];

  it('books an order of a Belgian company location without VAT as reverse charge, with its VAT number and name on the debtor', () => {
    const sale = booked(mapShopifyOrder(b2b(' BE0123456749 '), goods, shop));
    expect(sale.debtor).toMatchObject({ vatNumber: 'BE0123456749', company: 'Brouwerij De Kat BV', country: 'BE' });
    expect(sale.lines[0]).toMatchObject({ regime: 'reverse-charge', vatRateBp: 0, vatCountry: 'BE' });
    expect(sale.invoiceNote).toMatch(/verlegd/);
  });

  it('leaves the VAT number empty for a company location without a tax registration id (reverse charge is then refused)', () => {
    const sale = mapShopifyOrder(b2b(null), goods, shop);
    expect(sale.debtor.vatNumber).toBeNull();
    expect(sale.vatExempt).toBe(true);
  });
});
