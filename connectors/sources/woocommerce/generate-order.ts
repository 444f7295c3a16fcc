import { formatCents, roundHalfAwayFromZero } from '../../decimal';
import { createRng } from '../../sim/rng';
import type { Rng } from '../../sim/rng';
import { allocateVat } from './allocate-vat';
import { catalog, companies, coupons, firstNames, lastNames, notes, places, streets } from './dutch-fixtures';
import type { CatalogItem } from './dutch-fixtures';
import { wooTaxRateIds } from './nl-tax-rates';
import type { WooAddress, WooLineItem, WooOrder, WooOrderStatus, WooTaxEntry, WooTaxLine } from './woo-order';

export interface GenerateOrderOptions {
  id: number;
  /** Either a shared generator (the simulator's) or a seed for a one-off order. */
  rng?: Rng;
  seed?: number;
  now?: Date;
  status?: WooOrderStatus;
  /** Force 1–4 product lines; random otherwise. */
  lineCount?: number;
  /** Exactly these catalogue products and quantities (an order created through the REST API); overrides lineCount. */
  lines?: readonly { product: CatalogItem; quantity: number }[];
  coupon?: boolean;
  shipping?: boolean;
  paymentFee?: boolean;
  /** Where the customer is and how VAT applies (default: a Dutch consumer). */
  market?: WooMarket;
  /** A gift card in the order: one sold (an untaxed line with gift card meta), or one redeemed (paying part of the total). */
  giftCard?: 'sold' | 'redeemed';
}

/**
 * The markets the generator can sell to: Dutch domestic, EU consumers under OSS (the destination's rates),
 * an intra-EU business with a VAT number (no VAT, reverse charge), and exports outside the EU (no VAT).
 */
export type WooMarket = 'nl' | 'oss-de' | 'oss-be' | 'b2b-be' | 'export-us' | 'export-gb';

interface MarketSpec {
  country: string;
  currency: string;
  /** Woo tax rate ids and basis points for the standard and reduced class; null: no tax charged. */
  rates: { standard: { id: number; bp: number; label: string }; reduced: { id: number; bp: number; label: string } } | null;
  vatNumber?: string;
}

const markets: Record<WooMarket, MarketSpec> = {
  nl: { country: 'NL', currency: 'EUR', rates: { standard: { id: wooTaxRateIds.standard, bp: 2100, label: 'BTW 21%' }, reduced: { id: wooTaxRateIds.reduced, bp: 900, label: 'BTW 9%' } } },
  'oss-de': { country: 'DE', currency: 'EUR', rates: { standard: { id: 11, bp: 1900, label: 'MwSt 19%' }, reduced: { id: 12, bp: 700, label: 'MwSt 7%' } } },
  'oss-be': { country: 'BE', currency: 'EUR', rates: { standard: { id: 13, bp: 2100, label: 'BTW 21%' }, reduced: { id: 14, bp: 600, label: 'BTW 6%' } } },
  'b2b-be': { country: 'BE', currency: 'EUR', rates: null, vatNumber: 'BE0123456749' },
  'export-us': { country: 'US', currency: 'USD', rates: null },
  'export-gb': { country: 'GB', currency: 'GBP', rates: null },
};

interface Taxable {
  rateId: number;
  subtotal: number;
  total: number;
  subtotalTax: number;
  totalTax: number;
}

/** "2024-05-01T10:00:00" in UTC and in the store's zone (Europe/Amsterdam), as Woo stores both. */
export function wooDates(at: Date): { local: string; gmt: string } {
  const local = at.toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' }).replace(' ', 'T');
  return { local, gmt: at.toISOString().slice(0, 19) };
}

const money = formatCents;
const taxEntry = (rateId: number, total: number, subtotal: number | null): WooTaxEntry[] =>
  rateId === 0 ? [] : [{ id: rateId, total: money(total), subtotal: subtotal === null ? '' : money(subtotal) }];

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Fills the VAT of every taxable, per rate, rounded on the rate total (see allocateVat). */
function applyVat(all: Taxable[], bpOf: (rateId: number) => number): void {
  for (const rateId of new Set(all.map((t) => t.rateId))) {
    const group = all.filter((t) => t.rateId === rateId);
    const bp = bpOf(rateId);
    allocateVat(group.map((t) => t.total), bp).forEach((vat, i) => {
      const t = group[i];
      if (t) t.totalTax = vat;
    });
    allocateVat(group.map((t) => t.subtotal), bp).forEach((vat, i) => {
      const t = group[i];
      if (t) t.subtotalTax = vat;
    });
  }
}

/**
 * A realistic Dutch WooCommerce order: 1–4 lines at 9 % or 21 %, sometimes a percentage coupon,
 * PostNL shipping and an iDEAL fee, prices excl. VAT. All totals add up to the cent.
 */
export function generateOrder(options: GenerateOrderOptions): WooOrder {
  const rng = options.rng ?? createRng(options.seed ?? options.id);
  const market = markets[options.market ?? 'nl'];
  const { rates } = market;
  // Rate id 0: no tax charged (reverse charge, export).
  const bpOf = (rateId: number): number => (rates === null || rateId === 0 ? 0 : rateId === rates.standard.id ? rates.standard.bp : rates.reduced.bp);
  const labelOf = (rateId: number): string => (rates === null ? '' : rateId === rates.standard.id ? rates.standard.label : rates.reduced.label);
  const standardId = rates?.standard.id ?? 0;
  const { local, gmt } = wooDates(options.now ?? new Date());
  const customerNo = rng.int(1, 999);
  const registered = rng.chance(0.6);
  const place = rng.pick(places);
  const address: WooAddress = {
    first_name: rng.pick(firstNames),
    last_name: rng.pick(lastNames),
    company: market.vatNumber || rng.chance(0.15) ? rng.pick(companies) : '',
    address_1: `${rng.pick(streets)} ${rng.int(1, 180)}`,
    address_2: '',
    city: place.city,
    state: '',
    postcode: place.postcode,
    country: market.country,
  };

  const lineCount = options.lines ? 0 : options.lineCount ?? rng.int(1, 4);
  const picked = options.lines ?? shuffled(catalog, rng).slice(0, lineCount).map((product) => ({ product, quantity: 0 }));
  const coupon = (options.coupon ?? rng.chance(0.3)) ? rng.pick(coupons) : null;
  const items = picked.map(({ product, quantity: fixed }) => {
    const quantity = fixed > 0 ? fixed : rng.int(1, 3);
    const subtotal = product.priceCents * quantity;
    const discount = coupon ? roundHalfAwayFromZero(subtotal * coupon.percent, 2) : 0;
    const rateId = rates === null ? 0 : product.rate === 'standard' ? rates.standard.id : rates.reduced.id;
    return { product, quantity, tax: { rateId, subtotal, total: subtotal - discount, subtotalTax: 0, totalTax: 0 } };
  });
  const shipping = (options.shipping ?? rng.chance(0.85))
    ? { rateId: standardId, subtotal: 495, total: 495, subtotalTax: 0, totalTax: 0 }
    : null;
  const fee = (options.paymentFee ?? rng.chance(0.25))
    ? { rateId: standardId, subtotal: 29, total: 29, subtotalTax: 0, totalTax: 0 }
    : null;
  const taxables = [...items.map((i) => i.tax), ...(shipping ? [shipping] : []), ...(fee ? [fee] : [])];
  applyVat(taxables, bpOf);
  // A gift card sold: outside the scope of VAT, so an untaxed line (its meta marks it, as gift card plugins do).
  const giftCardSold = options.giftCard === 'sold' ? 2500 : 0;

  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  const itemTax = sum(items.map((i) => i.tax.totalTax));
  const feeTax = fee?.totalTax ?? 0;
  const shippingTax = shipping?.totalTax ?? 0;
  const totalTax = itemTax + feeTax + shippingTax;
  const totalExcl = sum(taxables.map((t) => t.total)) + giftCardSold;
  const giftCardRedeemed = options.giftCard === 'redeemed' ? Math.min(1000, totalExcl + totalTax) : 0;
  const lineBase = options.id * 100;

  const taxLines: WooTaxLine[] = [...new Set(taxables.map((t) => t.rateId))].filter((rateId) => rateId !== 0).map((rateId, index) => {
    const bp = bpOf(rateId);
    const cart = sum([...items.map((i) => i.tax), ...(fee ? [fee] : [])].filter((t) => t.rateId === rateId).map((t) => t.totalTax));
    return {
      id: lineBase + 90 + index,
      rate_code: `${market.country}-${labelOf(rateId)}-1`,
      rate_id: rateId,
      label: labelOf(rateId),
      compound: false,
      tax_total: money(cart),
      shipping_tax_total: money(shipping?.rateId === rateId ? shipping.totalTax : 0),
      rate_percent: bp / 100,
      meta_data: [],
    };
  });

  return {
    id: options.id,
    parent_id: 0,
    number: String(options.id),
    order_key: `wc_order_${Math.floor(rng.next() * 36 ** 8).toString(36).padStart(8, '0')}`,
    created_via: 'checkout',
    version: '9.4.2',
    status: options.status ?? 'processing',
    currency: market.currency,
    date_created: local,
    date_created_gmt: gmt,
    date_modified: local,
    date_modified_gmt: gmt,
    discount_total: money(sum(items.map((i) => i.tax.subtotal - i.tax.total))),
    discount_tax: money(sum(items.map((i) => i.tax.subtotalTax - i.tax.totalTax))),
    shipping_total: money(shipping?.total ?? 0),
    shipping_tax: money(shippingTax),
    cart_tax: money(itemTax + feeTax),
    total: money(totalExcl + totalTax - giftCardRedeemed),
    total_tax: money(totalTax),
    prices_include_tax: false,
    customer_id: registered ? customerNo : 0,
    customer_ip_address: '',
    customer_user_agent: '',
    customer_note: rng.chance(0.2) ? rng.pick(notes) : '',
    billing: { ...address, email: `klant${customerNo}@example.nl`, phone: `06${String(rng.int(10_000_000, 99_999_999))}` },
    shipping: { ...address, phone: '' },
    payment_method: 'mollie_wc_gateway_ideal',
    payment_method_title: 'iDEAL',
    transaction_id: `tr_${options.id}`,
    date_paid: local,
    date_paid_gmt: gmt,
    date_completed: null,
    date_completed_gmt: null,
    cart_hash: '',
    meta_data: market.vatNumber
      ? [{ id: lineBase + 80, key: 'is_vat_exempt', value: 'yes' }, { id: lineBase + 81, key: '_billing_vat_number', value: market.vatNumber }]
      : [{ id: lineBase + 80, key: 'is_vat_exempt', value: 'no' }],
    line_items: items.map(({ product, quantity, tax }, index): WooLineItem => ({
      id: lineBase + index + 1,
      name: product.name,
      product_id: product.productId,
      variation_id: 0,
      quantity,
      tax_class: product.rate === 'standard' ? '' : 'reduced-rate',
      subtotal: money(tax.subtotal),
      subtotal_tax: money(tax.subtotalTax),
      total: money(tax.total),
      total_tax: money(tax.totalTax),
      taxes: taxEntry(tax.rateId, tax.totalTax, tax.subtotalTax),
      meta_data: [],
      sku: product.sku,
      price: product.priceCents / 100,
    })).concat(giftCardSold > 0 ? [{
      id: lineBase + 40, name: 'Cadeaukaart €25', product_id: 901, variation_id: 0, quantity: 1, tax_class: 'zero-rate',
      subtotal: money(giftCardSold), subtotal_tax: '0.00', total: money(giftCardSold), total_tax: '0.00', taxes: [],
      meta_data: [{ id: lineBase + 41, key: 'wc_gc_giftcard_to', value: 'ontvanger@example.nl' }], sku: 'CADEAU-25', price: giftCardSold / 100,
    }] : []),
    tax_lines: taxLines,
    shipping_lines: shipping
      ? [{ id: lineBase + 50, method_title: 'PostNL', method_id: 'flat_rate', instance_id: '1', total: money(shipping.total), total_tax: money(shipping.totalTax), taxes: taxEntry(shipping.rateId, shipping.totalTax, null), meta_data: [] }]
      : [],
    fee_lines: fee
      ? [{ id: lineBase + 60, name: 'Transactiekosten iDEAL', tax_class: '', tax_status: 'taxable', amount: money(fee.total), total: money(fee.total), total_tax: money(fee.totalTax), taxes: taxEntry(fee.rateId, fee.totalTax, null), meta_data: [] }]
      : [],
    coupon_lines: coupon
      ? [{ id: lineBase + 70, code: coupon.code, discount: money(sum(items.map((i) => i.tax.subtotal - i.tax.total))), discount_tax: money(sum(items.map((i) => i.tax.subtotalTax - i.tax.totalTax))), meta_data: [] }]
      : [],
    refunds: [],
    ...(giftCardRedeemed > 0 ? { gift_cards: [{ id: lineBase + 90, code: `GC-${options.id}`, amount: giftCardRedeemed / 100 }] } : {}),
  };
}
