import type { SaleLine } from '../../../domain/sale';
import { ConnectorError } from '../../errors';
import { combinedRateBp, presentmentCents } from './money';
import type { ShopifyLineItem, ShopifyOrder, ShopifyTaxLine } from './order-schema';

// The regime and VAT country are decided for every source alike by domain/prepare-sale.
const PROVISIONAL = { vatCountry: '', regime: 'domestic' } as const;

const taxOf = (taxLines: readonly ShopifyTaxLine[], path: string) => taxLines.reduce((sum, t, i) => sum + presentmentCents(t.priceSet, `${path}.taxLines[${i}]`), 0);

function disagree(path: string, message: string): ConnectorError {
  return new ConnectorError('SALE_INVALID', `shopify order: ${message}`, { issues: [{ code: 'totals_mismatch', path, message }] });
}

/**
 * Import duties (LineItem.duties), one line per taxed line item. A duty without tax is collected for
 * customs and outside the scope of VAT (kind 'duty'); a duty the shop charged VAT on is part of the
 * taxable amount of the supply (Art. 78 Directive 2006/112/EC), so a 'fee' line at that rate. Their sum
 * must be Order.originalTotalDutiesSet.
 */
export function dutyLines(order: ShopifyOrder, items: readonly ShopifyLineItem[]): SaleLine[] {
  const lines: SaleLine[] = [];
  let total = 0;
  items.forEach((item, i) => {
    (item.duties ?? []).forEach((duty, j) => {
      const path = `lineItems[${i}].duties[${j}]`;
      const price = presentmentCents(duty.price, `${path}.price`);
      const tax = taxOf(duty.taxLines, path);
      total += price;
      if (price === 0 && tax === 0) return;
      const description = `Invoerrechten ${item.name}`;
      if (tax === 0) {
        lines.push({ kind: 'duty', description, quantity: 1, totalExclCents: price, vatCents: 0, vatRateBp: 0, ...PROVISIONAL });
        return;
      }
      lines.push({ kind: 'fee', description, quantity: 1, totalExclCents: price - (order.taxesIncluded ? tax : 0), vatCents: tax, vatRateBp: combinedRateBp(duty.taxLines), ...PROVISIONAL });
    });
  });
  const stated = presentmentCents(order.originalTotalDutiesSet, 'originalTotalDutiesSet');
  if (order.originalTotalDutiesSet && stated !== total) throw disagree('originalTotalDutiesSet', `the line items' duties add up to ${total} cents, the order states ${stated}`);
  return lines;
}

/** Additional fees (Order.additionalFees): fee lines at the rate of their own tax lines; their sum must be originalTotalAdditionalFeesSet. */
export function additionalFeeLines(order: ShopifyOrder): SaleLine[] {
  const lines: SaleLine[] = [];
  let total = 0;
  (order.additionalFees ?? []).forEach((fee, i) => {
    const path = `additionalFees[${i}]`;
    const price = presentmentCents(fee.price, `${path}.price`);
    const tax = taxOf(fee.taxLines, path);
    total += price;
    if (price === 0 && tax === 0) return;
    lines.push({
      kind: 'fee', description: fee.name || 'Toeslag', quantity: 1,
      totalExclCents: price - (order.taxesIncluded ? tax : 0), vatCents: tax, vatRateBp: combinedRateBp(fee.taxLines), ...PROVISIONAL,
    });
  });
  const stated = presentmentCents(order.originalTotalAdditionalFeesSet, 'originalTotalAdditionalFeesSet');
  if (order.originalTotalAdditionalFeesSet && stated !== total) throw disagree('originalTotalAdditionalFeesSet', `the additional fees add up to ${total} cents, the order states ${stated}`);
  return lines;
}

/**
 * Tips: Shopify records a tip as a line item (its sale is a TipSale). A voluntary tip passed on to staff
 * carries no VAT (Besluit 29-12-1994 nr. VB94/4707, after HR 23-11-1994 nr. 29.186), so it is booked
 * outside the scope of VAT (kind 'tip', rate 0). The tip lines
 * must account for all of Order.totalTipReceivedSet, or the order is refused rather than booking a tip
 * as revenue.
 */
export function checkTips(order: ShopifyOrder, tipLines: readonly SaleLine[]): void {
  const stated = presentmentCents(order.totalTipReceivedSet, 'totalTipReceivedSet');
  const found = tipLines.reduce((sum, l) => sum + l.totalExclCents + l.vatCents, 0);
  if (found < stated) throw disagree('totalTipReceivedSet', `the order received ${stated} cents in tips, its tip line items add up to ${found}`);
}
