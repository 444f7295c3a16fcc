import type { MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { parseDecimalToCents } from '../../domain/money';

type Invoice = MoneybirdSimulator['invoices'] extends Map<string, infer I> ? I : never;

/** What a ledger document books per VAT percentage (basis points): taxable amount and VAT, in cents. */
export function vatByRate(moneybird: MoneybirdSimulator, invoice: Invoice): Map<number, { taxable: number; vat: number }> {
  const byRate = new Map<number, { taxable: number; vat: number }>();
  for (const total of invoice.tax_totals) {
    const rate = moneybird.taxRates.find((r) => r.id === total.tax_rate_id);
    const bp = Math.round(Number(rate?.percentage ?? 'NaN') * 100);
    const sum = byRate.get(bp) ?? { taxable: 0, vat: 0 };
    byRate.set(bp, { taxable: sum.taxable + parseDecimalToCents(total.taxable_amount), vat: sum.vat + parseDecimalToCents(total.tax_amount) });
  }
  return byRate;
}

export const totalIncl = (invoice: Invoice): number => parseDecimalToCents(invoice.total_price_incl_tax);

/** The invoice a credit invoice credits (Moneybird's `original_sales_invoice_id`). */
export const creditedInvoiceId = (invoice: Invoice): string | null =>
  (invoice as Invoice & { original_sales_invoice_id?: string | null }).original_sales_invoice_id ?? null;
