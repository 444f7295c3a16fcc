import type { Sale } from './sale';

/**
 * A valid, internally consistent sale for tests: 21 % and 9 % lines, shipping and a discount.
 * 21 %: 2480 + 495 − 500 = 2475 taxable, VAT 519.75 → 520 (lines: 521 + 104 − 105 = 520).
 * 9 %: 1000 taxable, VAT 90. Totals: 3475 excl., 610 VAT, 4085 incl.
 */
export function makeSale(overrides: Partial<Sale> = {}): Sale {
  return {
    source: 'webshop',
    externalId: '1042',
    orderNumber: 'WC-1042',
    orderDate: '2025-03-14',
    currency: 'EUR',
    modifiedAt: '2025-03-14T10:00:00Z',
    regime: 'domestic',
    pricesIncludeVat: false,
    debtor: {
      sourceCustomerId: '77',
      email: 'jan.jansen@example.nl',
      firstName: 'Jan',
      lastName: 'Jansen',
      company: '',
      address1: 'Dorpsstraat 1',
      postcode: '1234 AB',
      city: 'Utrecht',
      country: 'NL',
      shippingCountry: 'NL',
      vatNumber: null,
    },
    lines: [
      { kind: 'product', description: 'Mok', quantity: 2, totalExclCents: 2480, vatCents: 521, vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', sku: 'MOK-1' },
      { kind: 'product', description: 'Boek', quantity: 1, totalExclCents: 1000, vatCents: 90, vatRateBp: 900, vatCountry: 'NL', regime: 'domestic' },
      { kind: 'shipping', description: 'Verzending', quantity: 1, totalExclCents: 495, vatCents: 104, vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic' },
      { kind: 'discount', description: 'Korting', quantity: 1, totalExclCents: -500, vatCents: -105, vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic' },
    ],
    vatTotals: [
      { vatRateBp: 900, vatCountry: 'NL', regime: 'domestic', taxableCents: 1000, vatCents: 90 },
      { vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', taxableCents: 2475, vatCents: 520 },
    ],
    totalExclCents: 3475,
    totalVatCents: 610,
    totalInclCents: 4085,
    payments: [],
    note: '',
    ...overrides,
  };
}
