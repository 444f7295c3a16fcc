import { formatCents, parseCents } from '../../decimal';
import { allocateVat } from './allocate-vat';
import { nlRateBpById } from './nl-tax-rates';
import type { WooOrder, WooTaxEntry } from './woo-order';

const cents = (value: string): number => parseCents(value) ?? 0;

/**
 * An order edited in the admin after it was placed: line quantities changed and "Recalculate" pressed.
 * Line totals scale with the quantity (the line's discount with it); VAT is computed again per rate on the
 * rate total (as the generator does); the order's totals and tax lines follow. A quantity of 0 drops the line.
 */
export function editOrderQuantities(order: WooOrder, quantities: ReadonlyMap<number, number>): WooOrder {
  const items = order.line_items.flatMap((item) => {
    const quantity = quantities.get(item.id) ?? item.quantity;
    if (quantity <= 0) return [];
    const scale = (value: string) => Math.round((cents(value) * quantity) / item.quantity);
    return [{ item, quantity, subtotal: scale(item.subtotal), total: scale(item.total), rateId: item.taxes[0]?.id ?? 0 }];
  });
  const others = [...order.shipping_lines, ...order.fee_lines].map((line) => ({ line, total: cents(line.total), rateId: line.taxes[0]?.id ?? 0 }));
  const vatTotal = new Map<object, number>();
  const vatSubtotal = new Map<object, number>();
  for (const rateId of new Set([...items.map((i) => i.rateId), ...others.map((o) => o.rateId)])) {
    const bp = nlRateBpById.get(rateId) ?? 0;
    const group = [...items.filter((i) => i.rateId === rateId), ...others.filter((o) => o.rateId === rateId)];
    allocateVat(group.map((g) => g.total), bp).forEach((vat, i) => vatTotal.set(group[i]!, vat));
    const lines = items.filter((i) => i.rateId === rateId);
    allocateVat(lines.map((l) => l.subtotal), bp).forEach((vat, i) => vatSubtotal.set(lines[i]!, vat));
  }
  const taxes = (rateId: number, total: number, subtotal: number | null): WooTaxEntry[] =>
    rateId === 0 ? [] : [{ id: rateId, total: formatCents(total), subtotal: subtotal === null ? '' : formatCents(subtotal) }];
  const lineItems = items.map((i) => {
    const tax = vatTotal.get(i) ?? 0;
    const subtotalTax = vatSubtotal.get(i) ?? 0;
    return {
      ...i.item, quantity: i.quantity, subtotal: formatCents(i.subtotal), subtotal_tax: formatCents(subtotalTax),
      total: formatCents(i.total), total_tax: formatCents(tax), taxes: taxes(i.rateId, tax, subtotalTax),
    };
  });
  const taxOf = (line: object) => vatTotal.get(others.find((o) => o.line === line)!) ?? 0;
  const shippingLines = order.shipping_lines.map((l) => ({ ...l, total_tax: formatCents(taxOf(l)), taxes: taxes(l.taxes[0]?.id ?? 0, taxOf(l), null) }));
  const feeLines = order.fee_lines.map((l) => ({ ...l, total_tax: formatCents(taxOf(l)), taxes: taxes(l.taxes[0]?.id ?? 0, taxOf(l), null) }));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const itemTax = sum(items.map((i) => vatTotal.get(i) ?? 0));
  const shippingTax = sum(order.shipping_lines.map(taxOf));
  const feeTax = sum(order.fee_lines.map(taxOf));
  const excl = sum(items.map((i) => i.total)) + sum(others.map((o) => o.total));
  return {
    ...order,
    line_items: lineItems,
    shipping_lines: shippingLines,
    fee_lines: feeLines,
    tax_lines: order.tax_lines.map((t) => ({
      ...t,
      tax_total: formatCents(sum([...lineItems, ...feeLines].flatMap((l) => l.taxes.filter((x) => x.id === t.rate_id).map((x) => cents(x.total))))),
      shipping_tax_total: formatCents(sum(shippingLines.flatMap((l) => l.taxes.filter((x) => x.id === t.rate_id).map((x) => cents(x.total))))),
    })),
    discount_total: formatCents(sum(items.map((i) => i.subtotal - i.total))),
    discount_tax: formatCents(sum(items.map((i) => (vatSubtotal.get(i) ?? 0) - (vatTotal.get(i) ?? 0)))),
    shipping_tax: formatCents(shippingTax),
    cart_tax: formatCents(itemTax + feeTax),
    total_tax: formatCents(itemTax + feeTax + shippingTax),
    total: formatCents(excl + itemTax + feeTax + shippingTax),
  };
}
