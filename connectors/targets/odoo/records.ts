import { z } from 'zod';
import { unusableResponse } from '../../http-errors';
import { issuesFromZod } from '../../zod-issues';

/** A many2one as `read` returns it: `[id, display name]`, or false when empty. */
export const many2one = z.union([z.tuple([z.number().int(), z.string()]), z.literal(false)]);
/** Char fields read as false when empty. */
const optionalText = z.union([z.string(), z.literal(false)]);

export const taxRecord = z.object({
  id: z.number().int(),
  name: z.string(),
  amount: z.number(),
  amount_type: z.string(),
  type_tax_use: z.string(),
  // Stored in 17; computed from price_include_override and the company default in 18 and 19.
  price_include: z.boolean(),
  country_id: many2one,
  sequence: z.number().int(),
});
export const taxFields = ['id', 'name', 'amount', 'amount_type', 'type_tax_use', 'price_include', 'country_id', 'sequence'];

export const accountRecord = z.object({ id: z.number().int(), code: optionalText, name: z.string(), account_type: z.string() });
export const accountFields = ['id', 'code', 'name', 'account_type'];

export const journalRecord = z.object({ id: z.number().int(), name: z.string(), default_account_id: many2one, company_id: many2one });
export const journalFields = ['id', 'name', 'default_account_id', 'company_id'];

export const companyRecord = z.object({
  id: z.number().int(),
  currency_id: many2one,
  country_id: many2one,
  tax_calculation_rounding_method: z.union([z.enum(['round_per_line', 'round_globally']), z.literal(false)]),
});
export const companyFields = ['id', 'currency_id', 'country_id', 'tax_calculation_rounding_method'];

export const currencyRecord = z.object({ id: z.number().int(), name: z.string(), active: z.boolean() });
export const countryRecord = z.object({ id: z.number().int(), code: z.string() });
export const partnerRecord = z.object({ id: z.number().int(), email: optionalText });

export const moveRecord = z.object({
  id: z.number().int(),
  ref: optionalText,
  state: z.enum(['draft', 'posted', 'cancel']),
  move_type: z.string(),
  amount_untaxed: z.number(),
  amount_total: z.number(),
});
export const moveFields = ['id', 'ref', 'state', 'move_type', 'amount_untaxed', 'amount_total'];
export type MoveRecord = z.output<typeof moveRecord>;

/** Parses what Odoo answered; a shape other than documented is a transient fault of the server or a proxy. */
export function records<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T>[] {
  const parsed = z.array(schema).safeParse(value);
  if (!parsed.success) throw unusableResponse(where, issuesFromZod(parsed.error).slice(0, 5));
  return parsed.data;
}

/** Odoo's monetary floats (already rounded to the currency) as cents. */
export const centsOf = (amount: number): number => Math.round(amount * 100);
