import type { Sale } from '../../../domain/sale';
import { ConnectorError } from '../../errors';
import { mapWooOrder, parseWooOrder, rateIdsWithoutPercent, recordedRatesBp } from './map-order';

/**
 * One order as `GET /wp-json/wc/v3/orders/{id}` returns it, normalised offline with the percentages the
 * order itself records (`tax_lines[].rate_percent`, WooCommerce 3.8+). An older order without them
 * cannot be read without the shop: SALE_INVALID naming the rate ids.
 */
export function saleFromWooPayload(raw: unknown): Sale {
  const order = parseWooOrder(raw);
  const missing = rateIdsWithoutPercent(order);
  if (missing.length > 0) {
    throw new ConnectorError('SALE_INVALID', 'the order does not record the percentage of every tax rate it uses', {
      issues: missing.map((id) => ({ code: 'unknown_tax_rate', path: 'tax_lines.rate_percent', message: `tax rate ${id} has no rate_percent on the order` })),
    });
  }
  return mapWooOrder(order, recordedRatesBp(order));
}
