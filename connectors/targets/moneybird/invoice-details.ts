import { formatCents } from '../../decimal';

export interface MoneybirdDetailInput {
  description: string;
  amount: string;
  price: string;
  tax_rate_id: string;
  ledger_account_id?: string;
}

/** A text row: a detail with a description only (no amount, no price), as the spec's own credit heading row. */
export interface MoneybirdTextRowInput {
  description: string;
  tax_rate_id: string;
  ledger_account_id?: string;
}

/**
 * The legal text of the document (e.g. "BTW verlegd / VAT reverse charge – Article 196 …") as its last row.
 * Moneybird's sales_invoice has no free-text field for it (the spec's create and update bodies offer only
 * `payment_conditions`, which is the payment terms, and details); `mandatory_tax_text` on a detail is
 * read-only and Moneybird's own. The row sits on the regime's own rate and account, so it adds no tax total.
 */
export function textRow(description: string, taxRateId: string, ledgerId: string | undefined): MoneybirdTextRowInput {
  return { description, tax_rate_id: taxRateId, ...(ledgerId === undefined ? {} : { ledger_account_id: ledgerId }) };
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
