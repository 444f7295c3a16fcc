import type { SimMoneyBag, SimOrder, SimRefund, SimTaxLine } from './sim-types';

/**
 * Webhook bodies are the REST representation of the resource (snake_case, numeric ids, no wrapper),
 * even for apps that use GraphQL. The simulator sends the fields doorzet reads and the usual
 * neighbours; the shape follows Shopify's order and refund examples (fixtures/README.md).
 */
const num = (gid: string) => Number(/\/(\d+)$/.exec(gid)?.[1] ?? 0);
const set = (b: SimMoneyBag) => ({
  shop_money: { amount: b.shopMoney.amount, currency_code: b.shopMoney.currencyCode },
  presentment_money: { amount: b.presentmentMoney.amount, currency_code: b.presentmentMoney.currencyCode },
});
const taxLine = (t: SimTaxLine) => ({ title: t.title, rate: t.rate, price: t.priceSet.shopMoney.amount, price_set: set(t.priceSet), channel_liable: t.channelLiable });

const financialStatus: Record<SimOrder['displayFinancialStatus'], string> = {
  AUTHORIZED: 'authorized', PAID: 'paid', PARTIALLY_PAID: 'partially_paid', PARTIALLY_REFUNDED: 'partially_refunded',
  PENDING: 'pending', REFUNDED: 'refunded', VOIDED: 'voided',
};

export function restOrderBody(order: SimOrder): Record<string, unknown> {
  return {
    id: Number(order.legacyResourceId),
    admin_graphql_api_id: order.id,
    name: order.name,
    order_number: Number(order.name.replace(/\D/g, '')),
    email: order.email,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.processedAt,
    cancelled_at: order.cancelledAt,
    currency: order.currencyCode,
    presentment_currency: order.presentmentCurrencyCode,
    taxes_included: order.taxesIncluded,
    tax_exempt: order.taxExempt,
    financial_status: financialStatus[order.displayFinancialStatus],
    source_name: order.sourceName,
    location_id: order.retailLocation ? Number(order.retailLocation.legacyResourceId) : null,
    test: order.test,
    total_price: order.totalPriceSet.shopMoney.amount,
    total_price_set: set(order.totalPriceSet),
    total_tax: order.totalTaxSet.shopMoney.amount,
    total_tax_set: set(order.totalTaxSet),
    tax_lines: order.taxLines.map(taxLine),
    line_items: order.lineItems.map((l) => ({
      id: num(l.id), admin_graphql_api_id: l.id, name: l.name, title: l.title, sku: l.sku, quantity: l.quantity,
      price: l.originalUnitPriceSet.shopMoney.amount, price_set: set(l.originalUnitPriceSet), gift_card: l.isGiftCard, taxable: l.taxable,
      tax_lines: l.taxLines.map(taxLine),
      discount_allocations: l.discountAllocations.map((d) => ({ amount: d.allocatedAmountSet.shopMoney.amount, amount_set: set(d.allocatedAmountSet), discount_application_index: d.discountApplication.index })),
    })),
    shipping_lines: order.shippingLines.map((s) => ({
      id: num(s.id), title: s.title, code: s.code, price: s.originalPriceSet.shopMoney.amount, price_set: set(s.originalPriceSet),
      discounted_price: s.discountedPriceSet.shopMoney.amount, tax_lines: s.taxLines.map(taxLine),
    })),
    refunds: order.refunds.map((r) => ({ id: Number(r.legacyResourceId), created_at: r.createdAt })),
  };
}

export function restRefundBody(order: SimOrder, refund: SimRefund): Record<string, unknown> {
  return {
    id: Number(refund.legacyResourceId),
    admin_graphql_api_id: refund.id,
    order_id: Number(order.legacyResourceId),
    created_at: refund.createdAt,
    note: refund.note,
    refund_line_items: refund.refundLineItems.map((r) => ({
      id: num(r.id), quantity: r.quantity, line_item_id: num(r.lineItem.id), restock_type: r.restockType.toLowerCase(),
      subtotal: Number(r.subtotalSet.shopMoney.amount), subtotal_set: set(r.subtotalSet), total_tax: Number(r.totalTaxSet.shopMoney.amount), total_tax_set: set(r.totalTaxSet),
    })),
    refund_shipping_lines: refund.refundShippingLines.map((s) => ({ id: num(s.id), shipping_line_id: num(s.shippingLine.id), subtotal_amount_set: set(s.subtotalAmountSet) })),
    transactions: refund.transactions.map((t) => ({ id: num(t.id), order_id: Number(order.legacyResourceId), kind: t.kind.toLowerCase(), gateway: t.gateway, status: t.status.toLowerCase(), amount: t.amountSet.shopMoney.amount })),
    order_adjustments: [],
  };
}
