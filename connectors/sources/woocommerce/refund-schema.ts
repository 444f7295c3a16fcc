import { z } from 'zod';
import { parseCents } from '../../decimal';

/** zod schema of the refund fields the mapper reads; shape only, as for orders (order-schema.ts). */

const cents = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const parsed = parseCents(String(value));
  if (parsed === null) {
    ctx.addIssue({ code: 'custom', message: 'not a decimal amount' });
    return z.NEVER;
  }
  return parsed;
});
const optionalCents = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (value === '') return null;
  const parsed = parseCents(String(value));
  if (parsed === null) {
    ctx.addIssue({ code: 'custom', message: 'not a decimal amount' });
    return z.NEVER;
  }
  return parsed;
});
const taxEntry = z.object({ id: z.number().int(), total: optionalCents, subtotal: optionalCents.optional() });
const text = z.string().nullish().transform((value) => value ?? '');

export const wooRefundSchema = z.object({
  id: z.number().int().positive(),
  date_created_gmt: z.string().regex(/^\d{4}-\d{2}-\d{2}T/, 'expected an ISO date-time'),
  amount: cents,
  line_items: z.array(z.object({
    name: text,
    quantity: z.number(),
    total: cents,
    total_tax: cents,
    taxes: z.array(taxEntry).default([]),
    sku: text,
  })).default([]),
  shipping_lines: z.array(z.object({ method_title: text, total: cents, total_tax: cents, taxes: z.array(taxEntry).default([]) })).default([]),
  fee_lines: z.array(z.object({ name: text, total: cents, total_tax: cents, taxes: z.array(taxEntry).default([]) })).default([]),
});

export type ParsedWooRefund = z.output<typeof wooRefundSchema>;
