import type { Refund } from '../../../domain/refund';
import type { SaleLine } from '../../../domain/sale';
import { refundFromLines } from '../../../domain/refund-lines';
import { combinedRateBp, presentmentCents } from './money';
import { orderNumberOf } from './map-order';
import type { ShopFacts, ShopifyRefund, ShopifyRefundOrder } from './order-schema';
import { regimeOf, vatFactsOf } from './vat-facts';

/**
 * Maps a Shopify refund to the normalised Refund (positive amounts credited): one line per refunded
 * line item (its subtotal after discounts and its tax) and per refunded shipping line. With
 * taxesIncluded the subtotals include the tax, which is taken out. Order adjustments (refund
 * discrepancies) are not credited here. The regime per line (vat-facts regimeOf) is only the fallback
 * for an invoice booked before its ledger lines were kept; otherwise the booked invoice's regimes win.
 */
export function mapShopifyRefund(order: ShopifyRefundOrder, refund: ShopifyRefund, shop: ShopFacts, externalId: string, orderExternalId: string): Refund {
  const facts = vatFactsOf({
    shopCountry: shop.billingAddress.countryCodeV2,
    shippingCountry: order.shippingAddress?.countryCodeV2 ?? null,
    billingCountry: order.billingAddress?.countryCodeV2 ?? null,
    orderTaxExempt: order.taxExempt,
    customer: order.customer,
  });
  const incl = order.taxesIncluded;
  const lines: SaleLine[] = [];
  refund.refundLineItems.nodes.forEach((item, i) => {
    const path = `refundLineItems[${i}]`;
    const subtotal = presentmentCents(item.subtotalSet, `${path}.subtotalSet`);
    const tax = presentmentCents(item.totalTaxSet, `${path}.totalTaxSet`);
    const giftCard = item.lineItem.isGiftCard;
    const rateBp = giftCard ? 0 : combinedRateBp(item.lineItem.taxLines);
    lines.push({
      kind: giftCard ? 'gift-card' : 'product', description: item.lineItem.name, quantity: item.quantity,
      totalExclCents: subtotal - (incl ? tax : 0), vatCents: tax, vatRateBp: rateBp, ...regimeOf(facts, { giftCard, rateBp }),
      ...(item.lineItem.sku ? { sku: item.lineItem.sku } : {}),
    });
  });
  refund.refundShippingLines.nodes.forEach((shipping, i) => {
    const path = `refundShippingLines[${i}]`;
    const subtotal = presentmentCents(shipping.subtotalAmountSet, `${path}.subtotalAmountSet`);
    const tax = presentmentCents(shipping.taxAmountSet, `${path}.taxAmountSet`);
    const rateBp = combinedRateBp(shipping.shippingLine.taxLines);
    lines.push({
      kind: 'shipping', description: shipping.shippingLine.title || 'Verzending', quantity: 1,
      totalExclCents: subtotal - (incl ? tax : 0), vatCents: tax, vatRateBp: rateBp, ...regimeOf(facts, { giftCard: false, rateBp }),
    });
  });
  // The refund as Shopify states it (totals and VAT per rate are the sums of its lines, as for every source). The
  // credit step (domain/prepare-refund) books it by the invoice's rules: the regime and country of the invoice's
  // line of the same kind and rate, and the one rounding rule of invoices.
  const orderTotal = presentmentCents(order.totalPriceSet, 'order.totalPriceSet');
  const refunded = lines.reduce((s, l) => s + l.totalExclCents + l.vatCents, 0);
  return refundFromLines({
    source: 'shopify',
    externalId,
    orderExternalId,
    orderNumber: orderNumberOf(order.name),
    ...(order.processedAt ? { orderPlacedAt: new Date(order.processedAt).toISOString() } : {}),
    refundDate: new Date(refund.createdAt ?? Date.now()).toISOString().slice(0, 10),
    currency: order.presentmentCurrencyCode,
    full: refunded >= orderTotal,
    lines,
  });
}
