import type { Refund } from '../../../domain/refund';
import type { SaleLine } from '../../../domain/sale';
import { vatTotalsFromLines } from '../../../domain/vat';
import { ledgerRoundingLine } from '../../../domain/vat-rounding';
import { combinedRateBp, presentmentCents } from './money';
import { orderNumberOf } from './map-order';
import type { ShopFacts, ShopifyRefund, ShopifyRefundOrder } from './order-schema';
import { regimeOf, vatFactsOf } from './vat-facts';

/**
 * Maps a Shopify refund to the normalised Refund (positive amounts credited): one line per refunded
 * line item (its subtotal after discounts and its tax) and per refunded shipping line. With
 * taxesIncluded the subtotals include the tax, which is taken out. Order adjustments (refund
 * discrepancies) are not credited here.
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
  const refunded = lines.reduce((s, l) => s + l.totalExclCents + l.vatCents, 0);
  // As for the sale: the credit note totals exactly what was refunded under the ledger's per-rate VAT.
  const rounding = ledgerRoundingLine(lines, refunded, facts.shopCountry);
  if (rounding) lines.push(rounding);
  const totalExclCents = lines.reduce((s, l) => s + l.totalExclCents, 0);
  const totalVatCents = refunded - totalExclCents;
  const orderTotal = presentmentCents(order.totalPriceSet, 'order.totalPriceSet');
  return {
    source: 'shopify',
    externalId,
    orderExternalId,
    orderNumber: orderNumberOf(order.name),
    ...(order.processedAt ? { orderPlacedAt: new Date(order.processedAt).toISOString() } : {}),
    refundDate: new Date(refund.createdAt ?? Date.now()).toISOString().slice(0, 10),
    currency: order.presentmentCurrencyCode,
    full: totalExclCents + totalVatCents >= orderTotal,
    lines,
    vatTotals: vatTotalsFromLines(lines),
    totalExclCents,
    totalVatCents,
    totalInclCents: refunded,
  };
}
