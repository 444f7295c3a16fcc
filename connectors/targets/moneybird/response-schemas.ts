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
  email: z.string().nullish(),
  send_invoices_to_email: z.string().nullish(),
});

export const mbInvoiceSchema = z.object({
  id: mbId,
  reference: z.string().nullish(),
  total_price_excl_tax: mbCents,
  total_price_incl_tax: mbCents,
});

export const mbTaxRateSchema = z.object({
  id: mbId,
  percentage: z.union([z.string(), z.number()]).transform((value, ctx) => {
    const bp = parseScaledDecimal(String(value), 2);
    if (bp === null) {
      ctx.addIssue({ code: 'custom', message: 'not a percentage' });
      return z.NEVER;
    }
    return bp;
  }),
  tax_rate_type: z.string(),
  active: z.boolean().default(true),
});
