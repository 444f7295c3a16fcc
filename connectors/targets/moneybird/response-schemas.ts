import { z } from 'zod';
import { parseCents, parseScaledDecimal } from '../../decimal';

/** Moneybird ids are large numbers sent as strings; accept either, keep the string. */
export const mbId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

const mbCents = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const cents = parseCents(String(value));
  if (cents === null) {
    ctx.addIssue({ code: 'custom', message: 'not a decimal amount' });
    return z.NEVER;
  }
  return cents;
});

export const mbContactRefSchema = z.object({
  id: mbId,
  customer_id: z.string().nullish(),
  email: z.string().nullish(),
  send_invoices_to_email: z.string().nullish(),
});

export const mbDetailSchema = z.object({
  id: mbId,
  tax_rate_id: mbId.nullish(),
  ledger_account_id: mbId.nullish(),
  description: z.string().nullish(),
  price: z.union([z.string(), z.number()]).nullish(),
});

/** The fields of `sales_invoice_response` the client reads. */
export const mbInvoiceSchema = z.object({
  id: mbId,
  contact_id: mbId.nullish(),
  reference: z.string().nullish(),
  state: z.string(),
  invoice_id: z.string().nullish(),
  currency: z.string().nullish(),
  original_sales_invoice_id: mbId.nullish(),
  total_price_excl_tax: mbCents,
  total_price_incl_tax: mbCents,
  total_price_incl_tax_base: mbCents.nullish(),
  details: z.array(mbDetailSchema).default([]),
  payments: z.array(z.object({ ledger_account_id: mbId.nullish(), price: mbCents })).default([]),
});
export type MbInvoice = z.output<typeof mbInvoiceSchema>;

const percentageBp = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const bp = parseScaledDecimal(String(value), 2);
  if (bp === null) {
    ctx.addIssue({ code: 'custom', message: 'not a percentage' });
    return z.NEVER;
  }
  return bp;
});

export const mbTaxRateSchema = z.object({
  id: mbId,
  name: z.string().nullish().transform((n) => n ?? ''),
  percentage: percentageBp.nullable(),
  tax_rate_type: z.string(),
  show_tax: z.boolean().nullish(),
  active: z.boolean().nullish(),
  country: z.string().nullish(),
});

export const mbLedgerAccountSchema = z.object({
  id: mbId,
  name: z.string(),
  account_type: z.string(),
  active: z.boolean().nullish(),
  allowed_document_types: z.array(z.string()).nullish(),
});
