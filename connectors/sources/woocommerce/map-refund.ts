import { CANCELLATION_REFUND_ID, type Refund } from '../../../domain/refund';
import { linesForAmount, refundFromLines, remainingLines } from '../../../domain/refund-lines';
import type { Sale, SaleLine, SaleLineKind } from '../../../domain/sale';
import { ConnectorError } from '../../errors';
import { issuesFromZod } from '../../zod-issues';
import { wooGmtToIso } from './map-order';
import type { ParsedWooOrder } from './order-schema';
import { wooRefundSchema, type ParsedWooRefund } from './refund-schema';
import { splitByRate, type RatePart, type RateShare } from './split-by-rate';

/** Validates the shape of a Woo refund; SALE_INVALID (field paths only) when it is unusable. */
export function parseWooRefund(raw: unknown): ParsedWooRefund {
  const parsed = wooRefundSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConnectorError('SALE_INVALID', 'woocommerce refund does not have the documented shape', { issues: issuesFromZod(parsed.error) });
  }
  return parsed.data;
}

/** The tax rate ids a refund refers to (normally the order's own). */
export function refundTaxRateIds(refund: ParsedWooRefund): number[] {
  const ids = new Set<number>();
  for (const line of [...refund.line_items, ...refund.shipping_lines, ...refund.fee_lines]) for (const tax of line.taxes) ids.add(tax.id);
  return [...ids];
}

const AMOUNT_ONLY = 'Terugbetaling';

/**
 * Maps a Woo refund to a Refund with POSITIVE amounts credited. Pure: the original order (parsed and
 * mapped by mapWooOrder, whose VAT regime and country per line the credit follows) and the rate
 * percentages by Woo tax rate id are passed in.
 *
 * - Refunded items (line_items, shipping_lines, fee_lines: negative quantities and totals, taxes per
 *   rate id) become credit lines of the same kind, split per rate as the order's lines are.
 * - `amount` is what was refunded (Woo: it "takes precedence over line item totals"). What it differs
 *   from the items by — all of it for an amount-only refund, e.g. the one Woo makes when an order is
 *   set to Refunded — is spread over the order's VAT rates pro rata (domain/refund-lines linesForAmount).
 * - Regime and VAT country of each credit line are those of the order's line of the same kind and rate.
 */
export function mapWooRefund(refund: ParsedWooRefund, order: ParsedWooOrder, sale: Sale, ratesBp: ReadonlyMap<number, number>): Refund {
  const unknown = refundTaxRateIds(refund).filter((id) => !ratesBp.has(id));
  if (unknown.length > 0) {
    throw new ConnectorError('SALE_INVALID', 'woocommerce refund refers to tax rates that could not be read', {
      issues: unknown.map((id) => ({ code: 'unknown_tax_rate', path: 'taxes.id', message: `tax rate ${id} not found` })),
    });
  }
  const lines: SaleLine[] = [];
  const add = (kind: SaleLineKind, name: string, quantity: number, total: number, totalTax: number, taxes: ParsedWooRefund['line_items'][number]['taxes']) => {
    // Refund items are negative in Woo; a credit note states them as positive amounts credited.
    const flip = (c: number) => (c === 0 ? 0 : -c); // never -0
    const shares: RateShare[] = taxes.flatMap((t) => (t.total === null ? [] : [{ rateBp: ratesBp.get(t.id) ?? 0, vatCents: flip(t.total) }]));
    const parts: RatePart[] = splitByRate(flip(total), flip(totalTax), shares);
    for (const part of parts) {
      if (part.exclCents === 0 && part.vatCents === 0) continue;
      const like = regimeOf(sale, kind, part.rateBp);
      lines.push({
        kind, description: parts.length > 1 ? `${name} (${part.rateBp / 100}%)` : name, quantity,
        totalExclCents: part.exclCents, vatCents: part.vatCents, vatRateBp: part.rateBp, ...like,
      });
    }
  };
  for (const item of refund.line_items) add('product', item.name, Math.abs(item.quantity) || 1, item.total, item.total_tax, item.taxes);
  for (const shipping of refund.shipping_lines) add('shipping', shipping.method_title || 'Verzending', 1, shipping.total, shipping.total_tax, shipping.taxes);
  for (const fee of refund.fee_lines) add('fee', fee.name, 1, fee.total, fee.total_tax, fee.taxes);

  const itemized = lines.reduce((sum, l) => sum + l.totalExclCents + l.vatCents, 0);
  lines.push(...linesForAmount(refund.amount - itemized, sale.lines, AMOUNT_ONLY));

  return refundFromLines({
    source: 'woocommerce',
    externalId: String(refund.id),
    orderExternalId: String(order.id),
    orderNumber: order.number,
    orderPlacedAt: wooGmtToIso(order.date_created_gmt),
    refundDate: wooGmtToIso(refund.date_created_gmt).slice(0, 10),
    currency: order.currency,
    full: refund.amount === order.total,
    lines,
    debtor: sale.debtor,
  });
}

/**
 * A cancelled order as a credit: the part of the order not refunded yet in the shop (the refunds get
 * credit notes of their own), so the invoice and its credits together come to zero.
 */
export function mapWooCancellation(order: ParsedWooOrder, sale: Sale, refunds: readonly Refund[]): Refund {
  return refundFromLines({
    source: 'woocommerce',
    externalId: CANCELLATION_REFUND_ID,
    orderExternalId: String(order.id),
    orderNumber: order.number,
    orderPlacedAt: wooGmtToIso(order.date_created_gmt),
    refundDate: wooGmtToIso(order.date_modified_gmt).slice(0, 10),
    currency: order.currency,
    full: true,
    lines: remainingLines(sale.lines, refunds.flatMap((r) => r.lines), 'Annulering'),
    debtor: sale.debtor,
  });
}

/** The regime and VAT country of the order's line of this kind and rate (else of any line at the rate, else the order's). */
function regimeOf(sale: Sale, kind: SaleLineKind, rateBp: number): Pick<SaleLine, 'regime' | 'vatCountry'> {
  const line = sale.lines.find((l) => l.kind === kind && l.vatRateBp === rateBp)
    ?? sale.lines.find((l) => l.vatRateBp === rateBp && l.kind !== 'gift-card')
    ?? sale.lines.find((l) => l.kind !== 'gift-card');
  return { regime: line?.regime ?? sale.regime, vatCountry: line?.vatCountry ?? sale.debtor.country };
}
