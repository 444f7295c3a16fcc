import { z } from 'zod';
import type { SaleLine } from '../../../domain/sale';
import { parseCents } from '../../decimal';
import type { TargetDocument } from '../../ports';

/** Exact money fields are JSON numbers in units (41.24); cents go out exactly as two-decimal numbers. */
export const units = (cents: number): number => Number((cents / 100).toFixed(2));

const cents = z.number().transform((value, ctx) => {
  const parsed = parseCents(value.toFixed(4));
  if (parsed === null) {
    ctx.addIssue({ code: 'custom', message: 'not an amount' });
    return z.NEVER;
  }
  return parsed;
});

export const SALES_ENTRY = 20;
export const SALES_CREDIT_NOTE = 21;
export const SALES_INVOICE = 8020;
export const SALES_INVOICE_CREDIT_NOTE = 8021;
export const INVOICE_OPEN = 20;
export const INVOICE_PROCESSED = 50;

export const salesEntryFields = 'EntryID,YourRef,AmountFC,VATAmountFC,Type,Status';
export const salesEntrySchema = z.object({
  EntryID: z.string(),
  YourRef: z.string().nullish(),
  /** Header: the sum of all lines including VAT. */
  AmountFC: cents,
  VATAmountFC: cents,
  Type: z.number().nullish(),
});

export const salesInvoiceFields = 'InvoiceID,YourRef,AmountFC,AmountFCExclVat,VATAmountFC,Type,Status';
export const salesInvoiceSchema = z.object({
  InvoiceID: z.string(),
  YourRef: z.string().nullish(),
  AmountFC: cents,
  VATAmountFC: cents,
  Type: z.number().nullish(),
  /** 10 draft, 20 open, 50 processed. */
  Status: z.number().nullish(),
});

export function entryDocument(entry: z.output<typeof salesEntrySchema>, reference: string): TargetDocument {
  return { id: entry.EntryID, reference: entry.YourRef ?? reference, totalInclCents: entry.AmountFC, totalExclCents: entry.AmountFC - entry.VATAmountFC, state: 'final' };
}

export function invoiceDocument(invoice: z.output<typeof salesInvoiceSchema>, reference: string): TargetDocument {
  return {
    id: invoice.InvoiceID,
    reference: invoice.YourRef ?? reference,
    totalInclCents: invoice.AmountFC,
    totalExclCents: invoice.AmountFC - invoice.VATAmountFC,
    state: invoice.Status === INVOICE_PROCESSED ? 'final' : 'draft',
  };
}

export interface LinePlan {
  line: SaleLine;
  glAccount: string;
  vatCode: string;
}

/** Quantity and unit price when the line total divides exactly; else one unit at the total, "q × " in front. */
function priced(line: SaleLine): { description: string; quantity: number; unitCents: number } {
  const q = line.quantity;
  const divides = Number.isInteger(q) && q !== 0 && line.totalExclCents % q === 0;
  return divides
    ? { description: line.description, quantity: q, unitCents: line.totalExclCents / q }
    : { description: `${q} × ${line.description}`, quantity: 1, unitCents: line.totalExclCents };
}

/** Sales entry lines: amount excl. VAT and the VAT of line-vat.ts per line, so the entry matches to the cent. */
export function salesEntryLines(plans: readonly LinePlan[], sign: 1 | -1, vats: readonly number[]) {
  return plans.map(({ line, glAccount, vatCode }, i) => ({
    GLAccount: glAccount,
    Description: line.description.slice(0, 100),
    Quantity: line.quantity,
    AmountFC: units(sign * line.totalExclCents),
    VATCode: vatCode,
    VATAmountFC: units(sign * (vats[i] ?? line.vatCents)),
  }));
}

export function salesInvoiceLines(plans: readonly LinePlan[], item: string, sign: 1 | -1, vats: readonly number[]) {
  return plans.map(({ line, glAccount, vatCode }, i) => {
    const p = priced(line);
    return {
      Item: item,
      Description: p.description.slice(0, 100),
      Quantity: sign * p.quantity,
      UnitPrice: units(p.unitCents),
      GLAccount: glAccount,
      VATCode: vatCode,
      VATAmountFC: units(sign * (vats[i] ?? line.vatCents)),
    };
  });
}
