import type { VatRegime } from '../../../domain/sale';

// EU member states for VAT (EU VAT area; Northern Ireland's goods rules are not modelled here).
const EU = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE']);

/** The order facts that decide a line's VAT regime: where the shop is, where the goods go, who buys. */
export interface VatFacts {
  /** The shop's country (Shop.billingAddress.countryCodeV2). */
  shopCountry: string;
  /** Where the goods go: the shipping address, else the billing address, else the shop (a till sale). */
  destination: string;
  /** The order or its customer is exempt from tax (Order.taxExempt, Customer.taxExempt), or carries the EU reverse-charge exemption. */
  exempt: boolean;
}

export function vatFactsOf(input: {
  shopCountry: string | null;
  shippingCountry: string | null;
  billingCountry: string | null;
  orderTaxExempt: boolean;
  customer: { taxExempt: boolean; taxExemptions: readonly string[] } | null;
  /** A B2B order's company location tax settings (Order.purchasingEntity). */
  companyLocation?: { taxExempt: boolean; taxExemptions: readonly string[] } | null;
}): VatFacts {
  const shopCountry = input.shopCountry ?? 'NL';
  return {
    shopCountry,
    destination: input.shippingCountry ?? input.billingCountry ?? shopCountry,
    exempt: input.orderTaxExempt || input.customer?.taxExempt === true || (input.customer?.taxExemptions ?? []).includes('EU_REVERSE_CHARGE_EXEMPTION_RULE')
      || input.companyLocation?.taxExempt === true || (input.companyLocation?.taxExemptions ?? []).includes('EU_REVERSE_CHARGE_EXEMPTION_RULE'),
  };
}

/**
 * A line's regime from the tax Shopify itself charged (Shopify decides domestic, OSS and exemption at
 * checkout; doorzet books what it charged): VAT charged at a rate in another EU country is an OSS
 * distance sale; none charged is reverse charge for an exempt EU business, export outside the EU, and
 * a domestic zero rate otherwise. Gift cards sold are outside the scope of VAT.
 */
export function regimeOf(facts: VatFacts, line: { giftCard: boolean; rateBp: number }): { regime: VatRegime; vatCountry: string } {
  const { shopCountry, destination } = facts;
  if (line.giftCard) return { regime: 'outside-scope', vatCountry: shopCountry };
  const abroadInEu = destination !== shopCountry && EU.has(destination);
  if (line.rateBp > 0) return abroadInEu ? { regime: 'oss', vatCountry: destination } : { regime: 'domestic', vatCountry: shopCountry };
  if (abroadInEu && facts.exempt) return { regime: 'reverse-charge', vatCountry: destination };
  if (!EU.has(destination)) return { regime: 'export', vatCountry: destination };
  return { regime: 'domestic', vatCountry: shopCountry };
}
