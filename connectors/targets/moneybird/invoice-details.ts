import type { Sale } from '../../../domain/sale';
import { formatCents } from '../../decimal';
import { ConnectorError } from '../../errors';
import type { TargetTaxRate } from './client';

export interface MoneybirdDetailInput {
  description: string;
  amount: string;
  price: string;
  tax_rate_id: string;
}

/**
 * One Moneybird detail row per sale line, prices excl. VAT. Moneybird recomputes every row as
 * amount × price, so a row may only say "qty × unit price" when the line total divides exactly
 * by the quantity; otherwise the row is amount 1 at the line total, with "<qty> × " in front of
 * the description. That keeps every row, and so the invoice, exact to the cent.
 * Lines whose VAT rate has no tax rate in the target fail the whole sale with UNKNOWN_VAT_RATE.
 */
export function invoiceDetailsFor(sale: Sale, taxRates: readonly TargetTaxRate[]): MoneybirdDetailInput[] {
  const missing = new Set<number>();
  const details = sale.lines.map((line) => {
    const rate = taxRates.find((r) => r.vatRateBp === line.vatRateBp);
    if (!rate) missing.add(line.vatRateBp);
    const q = line.quantity;
    const divides = Number.isInteger(q) && q !== 0 && line.totalExclCents % q === 0;
    return divides
      ? { description: line.description, amount: String(q), price: formatCents(line.totalExclCents / q), tax_rate_id: rate?.id ?? '' }
      : { description: `${q} × ${line.description}`, amount: '1', price: formatCents(line.totalExclCents), tax_rate_id: rate?.id ?? '' };
  });
  if (missing.size > 0) {
    const rates = [...missing].sort((a, b) => a - b);
    throw new ConnectorError('UNKNOWN_VAT_RATE', `moneybird administration has no sales tax rate for ${rates.map((bp) => `${bp / 100}%`).join(', ')}`, {
      issues: rates.map((bp) => ({ code: 'unknown_vat_rate', path: 'lines.vatRateBp', message: `no tax rate for ${bp} bp` })),
    });
  }
  return details;
}
