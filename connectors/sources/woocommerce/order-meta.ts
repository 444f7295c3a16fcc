/**
 * Facts that WooCommerce plugins keep in `meta_data` rather than in core fields. Each key below is one a
 * public plugin writes; an order without them simply has no VAT number, no exemption, no gift card.
 */

interface Meta {
  key: string;
  value: unknown;
}

/**
 * The customer's VAT number: `_billing_vat_number` / `_vat_number` (WooCommerce EU VAT Number),
 * `vat_number` (Aelia EU VAT Assistant), `_billing_vat_id` (Germanized), `_billing_eu_vat_number`.
 */
const VAT_NUMBER_KEYS = ['_billing_vat_number', '_vat_number', 'vat_number', '_billing_vat_id', 'billing_vat_number', '_billing_eu_vat_number'];

export function vatNumberOf(meta: readonly Meta[]): string | null {
  for (const key of VAT_NUMBER_KEYS) {
    const value = meta.find((m) => m.key === key)?.value;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

/** WooCommerce core stores `is_vat_exempt: "yes"` when the customer was exempted from tax at checkout. */
export function vatExemptOf(meta: readonly Meta[]): boolean {
  return meta.some((m) => m.key === 'is_vat_exempt' && m.value === 'yes');
}

/**
 * A line that sells a gift card: line meta written by WooCommerce Gift Cards (`wc_gc_giftcard_*`),
 * PW WooCommerce Gift Cards (`pw_gift_card_*`) and YITH Gift Cards (`_ywgc_*`).
 */
export function isGiftCardSold(meta: readonly Meta[]): boolean {
  return meta.some((m) => /^(wc_gc_giftcard_|pw_gift_card_|_ywgc_)/.test(m.key));
}

/**
 * A gift card redeemed as a negative, untaxed fee (how some gift card plugins apply them): the amount it
 * paid in cents, positive; null for any other fee.
 */
export function giftCardRedemptionFee(fee: { name: string; total: number; total_tax: number }): number | null {
  if (fee.total >= 0 || fee.total_tax !== 0) return null;
  return /gift ?card|cadeau ?(kaart|bon)|gutschein/i.test(fee.name) ? -fee.total : null;
}
