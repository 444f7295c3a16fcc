import { z } from 'zod';
import { LEDGER_KEYS } from './ledger';

/**
 * A tenant's booking choices, stored per tenant (db/queries/tenant-settings) and read by the
 * workflows' activities and the preview. Every field has a default: a new tenant is a Dutch
 * merchant registered for OSS whose invoices are final (booked) without being e-mailed.
 */
export const tenantSettingsSchema = z.object({
  /** The merchant's country of establishment (ISO alpha-2): domestic rates are this country's. */
  homeCountry: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code').default('NL'),
  /** Registered for the EU One-Stop Shop: distance sales to EU consumers carry the destination's VAT. */
  ossRegistered: z.boolean().default(true),
  /** 'final': booked in the ledger without e-mailing the customer; 'draft': left for the merchant to finalise. */
  invoiceState: z.enum(['final', 'draft']).default('final'),
  /** Orders whose total is zero (100 % coupons, free samples): book them, or skip them without an error. */
  zeroValueOrders: z.enum(['book', 'skip']).default('book'),
  /** An order edited after its invoice was booked: 'report' it, or 'correct' it (credit note + new invoice). */
  correctionPolicy: z.enum(['report', 'correct']).default('report'),
  /** Till (POS) sales: one invoice per order, or one summary per day per location with VAT per rate. */
  posBooking: z.enum(['per-order', 'daily-summary']).default('per-order'),
  /**
   * Where the first sync of a new connection starts: orders created before it are not booked (a backfill
   * books them when asked). An ISO date (00:00 UTC) or date-time; unset: the moment the shop was connected.
   */
  syncFrom: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).nullable().default(null),
  /** Daily summaries: minutes after the till's business day ends before its summary is booked (tills that sync late). */
  posDayCloseDelayMinutes: z.number().min(0).max(2_880).default(30),
  /** Ledger account ids of the target per kind of line; unmapped kinds use the target's default. */
  ledgerAccounts: z.partialRecord(z.enum(LEDGER_KEYS), z.string().trim().min(1).max(100)).default({}),
  /**
   * Choices only the tenant's target knows (its descriptor's targetOptionsSchema), e.g. whether a sale is
   * booked as a journal entry or as an invoice, and in which journal.
   */
  targetOptions: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/), z.union([z.string().max(200), z.number(), z.boolean()]))
    .refine((o) => Object.keys(o).length <= 30, 'at most 30 target options').default({}),
});

export type TenantSettings = z.output<typeof tenantSettingsSchema>;
export type TenantSettingsInput = z.input<typeof tenantSettingsSchema>;

export const defaultTenantSettings = (): TenantSettings => tenantSettingsSchema.parse({});

/** The instant (ISO, UTC) a syncFrom setting stands for. */
export function syncFromInstant(syncFrom: string): string {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(syncFrom) ? `${syncFrom}T00:00:00Z` : syncFrom).toISOString();
}
