import { z } from 'zod';
import { parseCents } from '../../decimal';

/**
 * zod schema of the order fields the mapper reads. It checks shape only: odd values (negative
 * quantities, totals that do not add up) pass through so validation can name them later.
 */

/** A Woo money field ("12.34"; a number is tolerated) as integer cents. */
const cents = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const parsed = parseCents(String(value));
  if (parsed === null) {
    ctx.addIssue({ code: 'custom', message: 'not a decimal amount' });
    return z.NEVER;
  }
  return parsed;
});

/** Per-rate tax entries carry "" for a rate that did not apply; that is "no tax here". */
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
/** WordPress meta entries; values are anything (plugins store arrays and objects). */
const metaData = z.array(z.object({ key: z.string(), value: z.unknown() }).loose()).nullish().transform((value) => value ?? []);

export const wooOrderSchema = z.object({
  id: z.number().int().positive(),
  number: z.union([z.string(), z.number()]).transform(String),
  status: z.string(),
  currency: z.string(),
  date_created_gmt: z.string().regex(/^\d{4}-\d{2}-\d{2}T/, 'expected an ISO date-time'),
  date_modified_gmt: z.string().regex(/^\d{4}-\d{2}-\d{2}T/, 'expected an ISO date-time'),
  total: cents,
  total_tax: cents,
  customer_id: z.number().int(),
  customer_note: text,
  prices_include_tax: z.boolean().default(false),
  billing: z.object({
    first_name: text,
    last_name: text,
    company: text,
    address_1: text,
    postcode: text,
    city: text,
    country: text,
    email: text,
  }),
  shipping: z.object({ country: text }).nullish(),
  meta_data: metaData,
  line_items: z.array(
    z.object({
      name: text,
      quantity: z.number(),
      subtotal: cents,
      subtotal_tax: cents,
      total: cents,
      total_tax: cents,
      taxes: z.array(taxEntry).nullish().transform((value) => value ?? []),
      sku: text,
      meta_data: metaData,
    }),
  ),
  shipping_lines: z.array(z.object({ method_title: text, total: cents, total_tax: cents, taxes: z.array(taxEntry).nullish().transform((value) => value ?? []) })).nullish().transform((value) => value ?? []),
  fee_lines: z.array(z.object({ name: text, total: cents, total_tax: cents, taxes: z.array(taxEntry).nullish().transform((value) => value ?? []) })).nullish().transform((value) => value ?? []),
  coupon_lines: z.array(z.object({ code: text })).nullish().transform((value) => value ?? []),
  tax_lines: z.array(z.object({
    rate_id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
    rate_percent: z.number().optional(),
    label: text,
    compound: z.boolean().default(false),
  })).nullish().transform((value) => value ?? []),
  /** WooCommerce Gift Cards: the gift cards redeemed on the order (`amount` in major units). */
  gift_cards: z.array(z.object({ code: text, amount: cents })).nullish().transform((value) => value ?? []),
});

export type ParsedWooOrder = z.output<typeof wooOrderSchema>;
export type ParsedTaxEntry = z.output<typeof taxEntry>;

/** The only fields read from a list page (requested with `_fields`). */
export const wooOrderRefSchema = z.object({
  id: z.number().int().positive(),
  status: z.string(),
  date_modified_gmt: z.string().regex(/^\d{4}-\d{2}-\d{2}T/, 'expected an ISO date-time'),
  date_created_gmt: z.string().regex(/^\d{4}-\d{2}-\d{2}T/, 'expected an ISO date-time').optional(),
  /** The order's refunds (`{id, reason, total}` with a negative total), listed with the order. */
  refunds: z.array(z.object({ id: z.number().int().positive() })).optional(),
});

export const wooTaxRateSchema = z.object({ id: z.number().int(), rate: z.string() });
