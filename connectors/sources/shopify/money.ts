import { divideRoundHalfAway, parseCents } from '../../decimal';
import { ConnectorError } from '../../errors';
import type { MoneyBag, ShopifyTaxLine } from './order-schema';

/**
 * doorzet books what the customer paid: the PRESENTMENT money (the currency of the checkout), not the
 * shop's own currency; a shop in EUR selling to a customer in USD books an invoice in USD.
 */
export function presentmentCents(bag: MoneyBag | null | undefined, path: string): number {
  if (!bag) return 0;
  const cents = parseCents(bag.presentmentMoney.amount);
  if (cents === null) {
    throw new ConnectorError('SALE_INVALID', 'shopify amount is not a decimal', { issues: [{ code: 'invalid_amount', path, message: 'not a decimal amount' }] });
  }
  return cents;
}

/** A tax line's rate in basis points: `rate` is a fraction (0.21), `ratePercentage` a percentage (21.0). */
export function rateBpOf(line: Pick<ShopifyTaxLine, 'rate'> & { ratePercentage?: number | null }): number {
  if (line.rate !== null) return Math.round(line.rate * 10_000);
  return Math.round((line.ratePercentage ?? 0) * 100);
}

/** The combined rate of a line's taxes (one per line in the EU; state + county in the US). */
export function combinedRateBp(taxLines: readonly (Pick<ShopifyTaxLine, 'rate'> & { ratePercentage?: number | null })[]): number {
  return taxLines.reduce((sum, t) => sum + rateBpOf(t), 0);
}

/** VAT inside a gross amount at `rateBp`, rounded half away from zero. */
export function vatInGross(grossCents: number, rateBp: number): number {
  return divideRoundHalfAway(grossCents * rateBp, 10_000 + rateBp);
}

/** VAT on a net amount at `rateBp`, rounded half away from zero. */
export function vatOnNet(netCents: number, rateBp: number): number {
  return divideRoundHalfAway(netCents * rateBp, 10_000);
}
