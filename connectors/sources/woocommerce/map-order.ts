import type { Sale, SaleLine, VatTotal } from '../../../domain/sale';
import { ConnectorError } from '../../errors';
import { issuesFromZod } from '../../zod-issues';
import { wooOrderSchema } from './order-schema';
import type { ParsedTaxEntry, ParsedWooOrder } from './order-schema';
import { splitByRate } from './split-by-rate';
import type { RatePart, RateShare } from './split-by-rate';

/** Validates the shape of a Woo order; SALE_INVALID (field paths only) when it is unusable. */
export function parseWooOrder(raw: unknown): ParsedWooOrder {
  const parsed = wooOrderSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConnectorError('SALE_INVALID', 'woocommerce order does not have the documented shape', { issues: issuesFromZod(parsed.error) });
  }
  return parsed.data;
}

/** The tax rate ids an order refers to; their percentages come from `GET /taxes/{id}`. */
export function taxRateIdsOf(order: ParsedWooOrder): number[] {
  const ids = new Set<number>();
  const lines = [...order.line_items, ...order.shipping_lines, ...order.fee_lines];
  for (const line of lines) for (const tax of line.taxes) ids.add(tax.id);
  for (const taxLine of order.tax_lines) ids.add(taxLine.rate_id);
  return [...ids].sort((a, b) => a - b);
}

/** Woo's `*_gmt` fields are UTC without a zone designator. */
export function wooGmtToIso(gmt: string): string {
  return /(Z|[+-]\d{2}:?\d{2})$/.test(gmt) ? gmt : `${gmt}Z`;
}

/**
 * Maps a parsed Woo order to the normalised Sale. Pure: the rate percentages (in basis points by
 * Woo tax rate id) are passed in. Nothing is "fixed" here: negative quantities, empty orders and
 * totals that disagree with the lines are kept as the source states them, for validation to report.
 *
 * Coupons: Woo's line `total` is already after discount and `subtotal` before it. Product lines
 * are booked at `subtotal`, and per VAT rate one discount line carries Σ(total − subtotal), so the
 * invoice shows the discount while the lines still add up to Σ total (no double counting).
 */
export function mapWooOrder(order: ParsedWooOrder, ratesBp: ReadonlyMap<number, number>): Sale {
  const unknownRates = taxRateIdsOf(order).filter((id) => !ratesBp.has(id));
  if (unknownRates.length > 0) {
    throw new ConnectorError('SALE_INVALID', 'woocommerce order refers to tax rates that could not be read', {
      issues: unknownRates.map((id) => ({ code: 'unknown_tax_rate', path: 'tax_lines.rate_id', message: `tax rate ${id} not found` })),
    });
  }
  const shares = (taxes: ParsedTaxEntry[], pick: 'total' | 'subtotal'): RateShare[] =>
    taxes.flatMap((tax) => {
      const vat = pick === 'subtotal' ? (tax.subtotal ?? tax.total) : tax.total;
      return vat === null ? [] : [{ rateBp: ratesBp.get(tax.id) ?? 0, vatCents: vat }];
    });
  const label = (name: string, part: RatePart, parts: RatePart[]): string =>
    parts.length > 1 ? `${name} (${part.rateBp / 100}%)` : name;

  // Dutch rates only until the VAT regimes land (issue 9): every line is booked as a domestic NL supply.
  const domestic = { vatCountry: 'NL', regime: 'domestic' } as const;
  const lines: SaleLine[] = [];
  const discountByRate = new Map<number, { excl: number; vat: number }>();
  const addDiscount = (parts: RatePart[], sign: 1 | -1): void => {
    for (const part of parts) {
      const sum = discountByRate.get(part.rateBp) ?? { excl: 0, vat: 0 };
      discountByRate.set(part.rateBp, { excl: sum.excl + sign * part.exclCents, vat: sum.vat + sign * part.vatCents });
    }
  };

  for (const item of order.line_items) {
    const before = splitByRate(item.subtotal, item.subtotal_tax, shares(item.taxes, 'subtotal'));
    const after = splitByRate(item.total, item.total_tax, shares(item.taxes, 'total'));
    for (const part of before) {
      lines.push({
        kind: 'product',
        description: label(item.name, part, before),
        quantity: item.quantity,
        totalExclCents: part.exclCents,
        vatCents: part.vatCents,
        vatRateBp: part.rateBp,
        ...domestic,
        ...(item.sku === '' ? {} : { sku: item.sku }),
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
    lines.push({ kind: 'discount', description: name, quantity: 1, totalExclCents: sum.excl, vatCents: sum.vat, vatRateBp: rateBp, ...domestic });
  }

  for (const shipping of order.shipping_lines) {
    const parts = splitByRate(shipping.total, shipping.total_tax, shares(shipping.taxes, 'total'));
    const name = shipping.method_title || 'Verzending';
    for (const part of parts) {
      lines.push({ kind: 'shipping', description: label(name, part, parts), quantity: 1, totalExclCents: part.exclCents, vatCents: part.vatCents, vatRateBp: part.rateBp, ...domestic });
    }
  }
  for (const fee of order.fee_lines) {
    const parts = splitByRate(fee.total, fee.total_tax, shares(fee.taxes, 'total'));
    for (const part of parts) {
      lines.push({ kind: 'fee', description: label(fee.name, part, parts), quantity: 1, totalExclCents: part.exclCents, vatCents: part.vatCents, vatRateBp: part.rateBp, ...domestic });
    }
  }

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
      country: billing.country,
      shippingCountry: order.shipping?.country || null,
      vatNumber: null,
    },
    lines,
    vatTotals: vatTotalsOf(lines),
    totalExclCents: order.total - order.total_tax,
    totalVatCents: order.total_tax,
    totalInclCents: order.total,
    payments: [],
    note: order.customer_note,
  };
}

function vatTotalsOf(lines: SaleLine[]): VatTotal[] {
  const byRate = new Map<number, VatTotal>();
  for (const line of lines) {
    const sum = byRate.get(line.vatRateBp) ?? { vatRateBp: line.vatRateBp, taxableCents: 0, vatCents: 0 };
    byRate.set(line.vatRateBp, { ...sum, taxableCents: sum.taxableCents + line.totalExclCents, vatCents: sum.vatCents + line.vatCents });
  }
  return [...byRate.values()].sort((a, b) => b.vatRateBp - a.vatRateBp);
}
