import { CANCELLATION_REFUND_ID, type Refund } from '../../../domain/refund';
import { refundFromLines, remainingLines } from '../../../domain/refund-lines';
import type { Sale } from '../../../domain/sale';

/**
 * A cancelled order as a credit: the part of the order its refunds have not credited yet (Shopify
 * records the money it returns on cancelling as refunds, which get credit notes of their own), so the
 * invoice and all its credits together come to zero. Nothing is left when the refunds covered it all.
 */
export function mapShopifyCancellation(sale: Sale, refunds: readonly Refund[], cancelledAt: string | null): Refund {
  // Per VAT group, so it totals the invoice less the refunds; the credit step applies the invoice's rounding rule.
  const lines = remainingLines(sale.lines, refunds.flatMap((r) => r.lines), 'Annulering');
  return refundFromLines({
    source: 'shopify',
    externalId: CANCELLATION_REFUND_ID,
    orderExternalId: sale.externalId,
    orderNumber: sale.orderNumber,
    ...(sale.placedAt ? { orderPlacedAt: sale.placedAt } : {}),
    refundDate: new Date(cancelledAt ?? sale.modifiedAt).toISOString().slice(0, 10),
    currency: sale.currency,
    full: true,
    lines,
    debtor: sale.debtor,
  });
}
