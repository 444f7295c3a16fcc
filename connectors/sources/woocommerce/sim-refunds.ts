import { formatCents, parseCents } from '../../decimal';
import { wooDates } from './generate-order';
import type { WooErrorBody } from './sim-order-query';
import type { WooFeeLine, WooLineItem, WooOrder, WooShippingLine, WooTaxEntry } from './woo-order';
import type { WooRefund, WooRefundRequest } from './woo-refund';

/**
 * Refunds as WooCommerce makes them (wc_create_refund in wc-order-functions.php, the request format of
 * RestApiUtil::adjust_create_refund_request_parameters): each refunded item is a copy of the order's item
 * with negative quantity, totals and taxes and a `_refunded_item_id` meta; `amount` is positive; the order
 * gets a `refunds` entry with a negative total, a new modified date, and status `refunded` once nothing is
 * left to refund. An amount above what is left is refused ("Invalid refund amount.", HTTP 500 in REST).
 */

export type RefundResult =
  | { ok: true; refund: WooRefund; order: WooOrder }
  | { ok: false; status: 400 | 500; error: WooErrorBody };

const cents = (value: string | number | undefined): number => (value === undefined || value === '' ? 0 : parseCents(String(value)) ?? Number.NaN);
const negative = (c: number): string => formatCents(-c);

export function refundedSoFar(refunds: readonly WooRefund[]): number {
  return refunds.reduce((sum, r) => sum + cents(r.amount), 0);
}

export function createWooRefund(order: WooOrder, existing: readonly WooRefund[], request: WooRefundRequest, id: number, at: Date): RefundResult {
  const fail = (status: 400 | 500, code: string, message: string): RefundResult => ({ ok: false, status, error: { code, message, data: { status } } });
  const items = new Map((request.line_items ?? []).map((item) => [Number(item.id), item]));
  for (const item of items.values()) {
    const numbers = [item.refund_total, ...(item.refund_tax ?? []).map((t) => t.refund_total)].filter((v) => v !== undefined);
    if (numbers.some((v) => Number.isNaN(cents(v)))) return fail(400, 'rest_invalid_param', 'Invalid parameter(s): line_items');
  }
  // Without an amount, Woo adds up the items' refund_total and refund_tax (when every one is numeric).
  let amount: number;
  if (request.amount !== undefined && request.amount !== '') amount = cents(request.amount);
  else amount = [...items.values()].reduce((sum, item) => sum + cents(item.refund_total) + (item.refund_tax ?? []).reduce((s, t) => s + cents(t.refund_total), 0), 0);
  if (Number.isNaN(amount)) return fail(400, 'rest_invalid_param', 'Invalid parameter(s): amount');
  if (amount < 0) return fail(400, 'woocommerce_rest_invalid_order_refund', 'Refund amount must be greater than zero.');
  const remaining = cents(order.total) - refundedSoFar(existing);
  if (amount > remaining) return fail(500, 'woocommerce_rest_cannot_create_order_refund', 'Invalid refund amount.');

  let nextItemId = id * 100;
  const refundMeta = (itemId: number) => [{ id: nextItemId + 50, key: '_refunded_item_id', value: String(itemId) }];
  const taxesOf = (itemId: number): { taxes: WooTaxEntry[]; tax: number } => {
    const refundTax = (items.get(itemId)?.refund_tax ?? []).filter((t) => cents(t.refund_total) !== 0);
    const taxes = refundTax.map((t) => ({ id: Number(t.id), total: negative(cents(t.refund_total)), subtotal: negative(cents(t.refund_total)) }));
    return { taxes, tax: refundTax.reduce((s, t) => s + cents(t.refund_total), 0) };
  };
  const wanted = (itemId: number): boolean => {
    const item = items.get(itemId);
    return item !== undefined && !(!item.quantity && !cents(item.refund_total) && (item.refund_tax ?? []).length === 0);
  };

  const lineItems: WooLineItem[] = order.line_items.filter((i) => wanted(i.id)).map((item) => {
    const request = items.get(item.id);
    const total = cents(request?.refund_total);
    const { taxes, tax } = taxesOf(item.id);
    const quantity = -(request?.quantity ?? 0);
    nextItemId += 1;
    return {
      ...item, id: nextItemId, quantity, subtotal: negative(total), subtotal_tax: negative(tax), total: negative(total), total_tax: negative(tax),
      taxes, meta_data: refundMeta(item.id), price: -total / 100 / Math.max(1, quantity),
    };
  });
  const shippingLines: WooShippingLine[] = order.shipping_lines.filter((s) => wanted(s.id)).map((line) => {
    const total = cents(items.get(line.id)?.refund_total);
    const { taxes, tax } = taxesOf(line.id);
    nextItemId += 1;
    return { ...line, id: nextItemId, total: negative(total), total_tax: negative(tax), taxes: taxes.map((t) => ({ ...t, subtotal: '' })), meta_data: refundMeta(line.id) };
  });
  const feeLines: WooFeeLine[] = order.fee_lines.filter((f) => wanted(f.id)).map((line) => {
    const total = cents(items.get(line.id)?.refund_total);
    const { taxes, tax } = taxesOf(line.id);
    nextItemId += 1;
    return { ...line, id: nextItemId, amount: negative(total), total: negative(total), total_tax: negative(tax), taxes: taxes.map((t) => ({ ...t, subtotal: '' })), meta_data: refundMeta(line.id) };
  });
  // update_taxes(): one tax line per rate with the refunded cart and shipping tax, negative.
  const taxLines = order.tax_lines.flatMap((taxLine) => {
    const sumFor = (lines: { taxes: WooTaxEntry[] }[]) => lines.reduce((s, l) => s + l.taxes.filter((t) => t.id === taxLine.rate_id).reduce((x, t) => x + cents(t.total), 0), 0);
    const cart = sumFor([...lineItems, ...feeLines]);
    const shipping = sumFor(shippingLines);
    if (cart === 0 && shipping === 0) return [];
    nextItemId += 1;
    return [{ ...taxLine, id: nextItemId, tax_total: formatCents(cart), shipping_tax_total: formatCents(shipping) }];
  });

  const { local, gmt } = wooDates(at);
  const refund: WooRefund = {
    id,
    date_created: local,
    date_created_gmt: gmt,
    amount: formatCents(amount),
    reason: request.reason ?? '',
    refunded_by: 1,
    // The simulated store's gateway (iDEAL via Mollie) supports refunds, so api_refund (default true) succeeds.
    refunded_payment: request.api_refund !== false,
    meta_data: [],
    line_items: lineItems,
    shipping_lines: shippingLines,
    tax_lines: taxLines,
    fee_lines: feeLines,
  };
  const updated: WooOrder = {
    ...order,
    status: remaining - amount <= 0 ? 'refunded' : order.status,
    refunds: [{ id, reason: refund.reason, total: negative(amount) }, ...order.refunds],
    date_modified: local,
    date_modified_gmt: gmt,
  };
  return { ok: true, refund, order: updated };
}

/** What Woo's admin screen posts for "refund these items" (and optionally the shipping): amounts pro rata by quantity. */
export function refundRequestFor(order: WooOrder, choice: { items?: { id: number; quantity: number }[]; shipping?: boolean; fees?: boolean; reason?: string }): WooRefundRequest {
  const perUnit = (amount: string, quantity: number, of: number): number => Math.round((cents(amount) * quantity) / Math.max(1, of));
  const lineItems = (choice.items ?? []).map(({ id, quantity }) => {
    const item = order.line_items.find((i) => i.id === id);
    if (!item) throw new Error(`order ${order.id} has no line item ${id}`);
    return {
      id, quantity,
      refund_total: formatCents(perUnit(item.total, quantity, item.quantity)),
      refund_tax: item.taxes.map((t) => ({ id: t.id, refund_total: formatCents(perUnit(t.total, quantity, item.quantity)) })),
    };
  });
  const whole = (line: { id: number; total: string; taxes: WooTaxEntry[] }) => ({
    id: line.id, refund_total: line.total, refund_tax: line.taxes.map((t) => ({ id: t.id, refund_total: t.total })),
  });
  return {
    reason: choice.reason ?? '',
    line_items: [...lineItems, ...(choice.shipping ? order.shipping_lines.map(whole) : []), ...(choice.fees ? order.fee_lines.map(whole) : [])],
  };
}
