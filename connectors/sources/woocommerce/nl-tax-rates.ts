/** The Dutch VAT rates as a WooCommerce store configures them (`GET /taxes/{id}` shape). */

export const wooTaxRateIds = { standard: 1, reduced: 2, zero: 3 } as const;

export interface WooTaxRate {
  id: number;
  country: string;
  state: string;
  postcode: string;
  city: string;
  postcodes: string[];
  cities: string[];
  rate: string;
  name: string;
  priority: number;
  compound: boolean;
  shipping: boolean;
  order: number;
  class: string;
}

const base = { country: 'NL', state: '', postcode: '', city: '', postcodes: [], cities: [], priority: 1, compound: false, shipping: true };

export const nlWooTaxRates: readonly WooTaxRate[] = [
  { ...base, id: wooTaxRateIds.standard, rate: '21.0000', name: 'BTW 21%', order: 0, class: 'standard' },
  { ...base, id: wooTaxRateIds.reduced, rate: '9.0000', name: 'BTW 9%', order: 1, class: 'reduced-rate' },
  { ...base, id: wooTaxRateIds.zero, rate: '0.0000', name: 'BTW 0%', order: 2, class: 'zero-rate' },
];

/** Basis points by rate id, for the generator. */
export const nlRateBpById: ReadonlyMap<number, number> = new Map([
  [wooTaxRateIds.standard, 2100],
  [wooTaxRateIds.reduced, 900],
  [wooTaxRateIds.zero, 0],
]);
