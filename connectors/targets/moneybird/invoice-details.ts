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
 * Checked against Moneybird's published spec (spec/openapi.json, v2-20260821): a detail's `amount` "defaults
 * to 1 if not provided" and nothing in `details_attributes` is required, so a description-only row is valid;
 * Moneybird stores it as `amount: null, amount_decimal: "1.0", price: "0.0"`, the shape of its own credit
 * heading row ("**Creditfactuur voor factuur …**", duplicate_creditinvoice examples). How a PDF prints such
 * a row the spec does not say. There is no better field: the create and update bodies offer only
 * `payment_conditions` (the payment terms, defaulted from the workflow) and details; notes
 * (`POST sales_invoices/{id}/notes`) are notes and to-dos for the administration, not document text;
 * `mandatory_tax_text` is read-only and Moneybird's own, filled per tax rate (the spec shows one, an
 * intra-community supply text). The row sits on the regime's own rate and account, so it adds no tax total.
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
