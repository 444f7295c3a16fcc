import { formatCents } from '../../decimal';

export interface MoneybirdDetailInput {
  description: string;
  amount: string;
  price: string;
  tax_rate_id: string;
  ledger_account_id?: string;
}

/** What a detail row needs of a sale or refund line. */
export interface DetailLine {
  description: string;
  quantity: number;
  /** Line total excluding VAT, in cents: positive for a sale, positive magnitude for a refund. */
  totalExclCents: number;
}

/**
 * One Moneybird detail row per line, prices excl. VAT. Moneybird recomputes every row as
 * amount × price, so a row may only say "qty × unit price" when the line total divides exactly by
 * the quantity; otherwise the row is amount 1 at the line total, with "<qty> × " in front of the
 * description. That keeps every row, and so the document, exact to the cent. A credit (`sign` -1)
 * negates the amount, as Moneybird's own credit invoices do ("-1 x" at a positive price).
 */
export function detailRows(lines: readonly DetailLine[], taxRateIds: readonly string[], ledgerIds: readonly (string | undefined)[], sign: 1 | -1 = 1): MoneybirdDetailInput[] {
  return lines.map((line, i) => {
    const q = line.quantity;
    const divides = Number.isInteger(q) && q > 0 && line.totalExclCents % q === 0;
    const row = divides
      ? { description: line.description, amount: String(sign * q), price: formatCents(line.totalExclCents / q) }
      : { description: `${q} × ${line.description}`, amount: String(sign), price: formatCents(line.totalExclCents) };
    const ledger = ledgerIds[i];
    return { ...row, tax_rate_id: taxRateIds[i] ?? '', ...(ledger === undefined ? {} : { ledger_account_id: ledger }) };
  });
}
