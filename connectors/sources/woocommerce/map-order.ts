import type { Sale, SaleLine, SaleLineTax, SalePayment } from '../../../domain/sale';
import { vatTotalsFromLines } from '../../../domain/vat';
import { ConnectorError } from '../../errors';
import { issuesFromZod } from '../../zod-issues';
import { wooOrderSchema } from './order-schema';
import type { ParsedTaxEntry, ParsedWooOrder } from './order-schema';
import { giftCardRedemptionFee, isGiftCardSold, vatExemptOf, vatNumberOf } from './order-meta';
import { splitByRate } from './split-by-rate';
import type { RatePart } from './split-by-rate';

/** Validates the shape of a Woo order; SALE_INVALID (field paths only) when it is unusable. */
export function parseWooOrder(raw: unknown): ParsedWooOrder {
  const parsed = wooOrderSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConnectorError('SALE_INVALID', 'woocommerce order does not have the documented shape', { issues: issuesFromZod(parsed.error) });
  }
  return parsed.data;
}

/** The tax rate ids an order refers to. */
export function taxRateIdsOf(order: ParsedWooOrder): number[] {
  const ids = new Set<number>();
  const lines = [...order.line_items, ...order.shipping_lines, ...order.fee_lines];
  for (const line of lines) for (const tax of line.taxes) ids.add(tax.id);
  for (const taxLine of order.tax_lines) ids.add(taxLine.rate_id);
  return [...ids].sort((a, b) => a - b);
}

/**
 * The rate ids whose percentage the order itself does not record: `tax_lines[].rate_percent` exists from
 * WooCommerce 3.8 on. Only these need `GET /taxes/{id}`; the order's own percentage is what was charged
 * then, even if the shop has changed or deleted the rate since.
 */
export function rateIdsWithoutPercent(order: ParsedWooOrder): number[] {
  const recorded = new Set(order.tax_lines.filter((t) => t.rate_percent !== undefined).map((t) => t.rate_id));
  return taxRateIdsOf(order).filter((id) => !recorded.has(id));
}

/** Percentages recorded on the order, in basis points (a float like 2.6000000000000001 → 260). */
export function recordedRatesBp(order: ParsedWooOrder): Map<number, number> {
  const rates = new Map<number, number>();
  for (const t of order.tax_lines) if (t.rate_percent !== undefined) rates.set(t.rate_id, Math.round(t.rate_percent * 100));
  return rates;
}

/** Woo's `*_gmt` fields are UTC without a zone designator. */
export function wooGmtToIso(gmt: string): string {
  return /(Z|[+-]\d{2}:?\d{2})$/.test(gmt) ? gmt : `${gmt}Z`;
}

interface Component extends SaleLineTax {
  rateId: number;
}

const BP = 10_000;

/**
 * Decides how a line with several taxes was taxed. Stacked: each tax on the whole amount (a compound
 * one on the amount plus the taxes before it), within a cent each. Otherwise the taxes are a split of
 * the amount over rates (e.g. shipping in proportion to the cart), which `splitByRate` undoes.
 */
function isStacked(baseCents: number, components: readonly Component[]): boolean {
  let before = 0;
  for (const c of components) {
    const on = c.compound ? baseCents + before : baseCents;
    if (Math.abs(c.vatCents - Math.round((on * c.rateBp) / BP)) > 1) return false;
    before += c.vatCents;
  }
  return true;
}

/** The single rate stacked taxes add up to: Σ simple rates, then each compound rate on top (whole bp). */
function stackedRateBp(components: readonly Component[]): number {
  let factor = 1;
  for (const c of components.filter((x) => !x.compound)) factor += c.rateBp / BP;
  let total = factor;
  for (const c of components.filter((x) => x.compound)) total *= 1 + c.rateBp / BP;
  return Math.round((total - 1) * BP);
}

/**
 * Maps a parsed Woo order to the normalised Sale: the facts as the shop states them. Pure: the rate
 * percentages (basis points by Woo tax rate id) are passed in. Regimes are NOT decided here: every line
 * carries `regime: 'domestic'` and an empty `vatCountry` until domain/prepare-sale applies the tenant's
 * settings. Nothing is "fixed": negative quantities, empty orders and totals that disagree are kept as the
 * source states them, for validation to report.
 *
 * - Coupons: Woo's line `total` is after discount and `subtotal` before it. Product lines are booked at
 *   `subtotal`, and per VAT rate one discount line carries Σ(total − subtotal).
 * - Several taxes on one line: stacked (compound) taxes stay one line whose VAT is their sum and whose
 *   rate is what they add up to (the regime check names it); a split over rates (shipping or fees taxed
 *   in proportion to the goods, as the shop computed it) becomes one line per rate: doorzet books the
 *   shop's own per-rate split.
 * - Gift cards: a line that sells one (gift card plugins' line meta) is kind 'gift-card'; gift cards
 *   redeemed (`gift_cards` of WooCommerce Gift Cards, or a negative untaxed "gift card" fee) are
 *   payments, not discounts: `totalInclCents` is the order's value, Woo's `total` plus what they paid.
 */
export function mapWooOrder(order: ParsedWooOrder, ratesBp: ReadonlyMap<number, number>): Sale {
  const unknownRates = taxRateIdsOf(order).filter((id) => !ratesBp.has(id));
  if (unknownRates.length > 0) {
    throw new ConnectorError('SALE_INVALID', 'woocommerce order refers to tax rates that could not be read', {
      issues: unknownRates.map((id) => ({ code: 'unknown_tax_rate', path: 'tax_lines.rate_id', message: `tax rate ${id} not found` })),
    });
  }
  const taxLineOf = new Map(order.tax_lines.map((t) => [t.rate_id, t]));
  const components = (taxes: ParsedTaxEntry[], pick: 'total' | 'subtotal'): Component[] =>
    taxes.flatMap((tax) => {
      const vat = pick === 'subtotal' ? (tax.subtotal ?? tax.total) : tax.total;
      if (vat === null) return [];
      const line = taxLineOf.get(tax.id);
      return [{ rateId: tax.id, rateBp: ratesBp.get(tax.id) ?? 0, vatCents: vat, label: line?.label ?? '', compound: line?.compound ?? false }];
    });
  const taxesOf = (parts: Component[]): SaleLineTax[] => parts.map(({ rateBp, vatCents, label, compound }) => ({ rateBp, vatCents, label, compound }));

  /** One or more (rate, excl, VAT) parts for a Woo line, with the taxes each part carries. */
  const partsOf = (excl: number, vat: number, taxes: Component[]): (RatePart & { taxes: SaleLineTax[] })[] => {
    const charged = taxes.filter((t) => t.vatCents !== 0 || taxes.length === 1);
    const distinctRates = new Set(charged.map((t) => t.rateId));
    if (distinctRates.size > 1 && isStacked(excl, charged)) {
      return [{ rateBp: stackedRateBp(charged), exclCents: excl, vatCents: vat, taxes: taxesOf(charged) }];
    }
    return splitByRate(excl, vat, charged.map((t) => ({ rateBp: t.rateBp, vatCents: t.vatCents })))
      .map((part) => ({ ...part, taxes: taxesOf(charged.filter((t) => t.rateBp === part.rateBp)) }));
  };
  const label = (name: string, part: RatePart, parts: RatePart[]): string =>
    parts.length > 1 ? `${name} (${part.rateBp / 100}%)` : name;

  const provisional = { vatCountry: '', regime: 'domestic' } as const;
  const lines: SaleLine[] = [];
  const discountByRate = new Map<number, { excl: number; vat: number }>();
  const addDiscount = (parts: RatePart[], sign: 1 | -1): void => {
    for (const part of parts) {
      const sum = discountByRate.get(part.rateBp) ?? { excl: 0, vat: 0 };
      discountByRate.set(part.rateBp, { excl: sum.excl + sign * part.exclCents, vat: sum.vat + sign * part.vatCents });
    }
  };

  for (const item of order.line_items) {
    const before = partsOf(item.subtotal, item.subtotal_tax, components(item.taxes, 'subtotal'));
    const after = partsOf(item.total, item.total_tax, components(item.taxes, 'total'));
    const kind = isGiftCardSold(item.meta_data) ? 'gift-card' as const : 'product' as const;
    for (const part of before) {
      lines.push({
        kind,
        description: label(item.name, part, before),
        quantity: item.quantity,
        totalExclCents: part.exclCents,
        vatCents: part.vatCents,
        vatRateBp: part.rateBp,
        ...provisional,
        ...(item.sku === '' ? {} : { sku: item.sku }),
        ...(part.taxes.length > 1 ? { taxes: part.taxes } : {}),
      });
    }
    addDiscount(after, 1);
    addDiscount(before, -1);
  }

  const codes = order.coupon_lines.map((c) => c.code).filter((c) => c !== '');
  const discountName = codes.length > 0 ? `Korting (${codes.join(', ')})` : 'Korting';
  for (const [rateBp, sum] of [...discountByRate].sort(([a], [b]) => b - a)) {
    if (sum.excl === 0 && sum.vat === 0) continue;
    const name = discountByRate.size > 1 ? `${discountName} ${rateBp / 100}%` : discountName;
    lines.push({ kind: 'discount', description: name, quantity: 1, totalExclCents: sum.excl, vatCents: sum.vat, vatRateBp: rateBp, ...provisional });
  }

  for (const shipping of order.shipping_lines) {
    const parts = partsOf(shipping.total, shipping.total_tax, components(shipping.taxes, 'total'));
    const name = shipping.method_title || 'Verzending';
    for (const part of parts) {
      lines.push({ kind: 'shipping', description: label(name, part, parts), quantity: 1, totalExclCents: part.exclCents, vatCents: part.vatCents, vatRateBp: part.rateBp, ...provisional, ...(part.taxes.length > 1 ? { taxes: part.taxes } : {}) });
    }
  }

  const payments: SalePayment[] = order.gift_cards
    .filter((card) => card.amount > 0)
    .map((card) => ({ kind: 'gift-card', amountCents: card.amount, description: 'Cadeaukaart' }));
  for (const fee of order.fee_lines) {
    const redeemed = giftCardRedemptionFee(fee);
    if (redeemed !== null) {
      payments.push({ kind: 'gift-card', amountCents: redeemed, description: fee.name || 'Cadeaukaart' });
      continue;
    }
    const parts = partsOf(fee.total, fee.total_tax, components(fee.taxes, 'total'));
    for (const part of parts) {
      lines.push({ kind: 'fee', description: label(fee.name, part, parts), quantity: 1, totalExclCents: part.exclCents, vatCents: part.vatCents, vatRateBp: part.rateBp, ...provisional, ...(part.taxes.length > 1 ? { taxes: part.taxes } : {}) });
    }
  }

  // Woo's `total` is what the customer still had to pay; the order's value includes what vouchers paid.
  const paidByVouchers = order.gift_cards.reduce((sum, card) => sum + card.amount, 0)
    + order.fee_lines.reduce((sum, fee) => sum + (giftCardRedemptionFee(fee) ?? 0), 0);
  const totalInclCents = order.total + paidByVouchers;
  const { billing } = order;
  return {
    source: 'woocommerce',
    externalId: String(order.id),
    orderNumber: order.number,
    orderDate: order.date_created_gmt.slice(0, 10),
    currency: order.currency,
    modifiedAt: wooGmtToIso(order.date_modified_gmt),
    placedAt: wooGmtToIso(order.date_created_gmt),
    regime: 'domestic',
    pricesIncludeVat: order.prices_include_tax,
    debtor: {
      sourceCustomerId: order.customer_id > 0 ? String(order.customer_id) : null,
      email: billing.email,
      firstName: billing.first_name,
      lastName: billing.last_name,
      company: billing.company,
      address1: billing.address_1,
      postcode: billing.postcode,
      city: billing.city,
      country: billing.country.toUpperCase(),
      shippingCountry: order.shipping?.country ? order.shipping.country.toUpperCase() : null,
      vatNumber: vatNumberOf(order.meta_data),
    },
    lines,
    vatTotals: vatTotalsFromLines(lines).map((t) => ({ ...t, vatCents: sourceVat(lines, t.vatRateBp) })),
    totalExclCents: totalInclCents - order.total_tax,
    totalVatCents: order.total_tax,
    totalInclCents,
    payments,
    note: order.customer_note,
    vatExempt: vatExemptOf(order.meta_data),
  };
}

/** The VAT the shop charged at one rate (the source's per-line sum). */
function sourceVat(lines: readonly SaleLine[], rateBp: number): number {
  return lines.filter((l) => l.vatRateBp === rateBp).reduce((sum, l) => sum + l.vatCents, 0);
}
