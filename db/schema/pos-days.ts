import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PosSaleShare } from '../../domain/pos-day';
import { tenants } from './tenants';

/**
 * Till sales collected for their location's daily summary (tenant setting posBooking: daily-summary).
 * A share holds amounts per VAT rate only: no debtor, no line descriptions. `batch` is set when the
 * sale joins a summary; each sale joins exactly one.
 */
export const posDaySales = pgTable('pos_day_sales', {
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  source: text().notNull(),
  externalId: text().notNull(),
  location: text().notNull(),
  businessDay: text().notNull(),
  share: jsonb().$type<PosSaleShare>().notNull(),
  batch: integer(),
  collectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.source, t.externalId] }),
  // A day's booking reads its location's unbatched sales.
  index('idx_pos_day_sales_day').on(t.tenantId, t.source, t.location, t.businessDay, t.batch),
]);

/** One summary invoice of a location's day: 'open' while being booked, 'booked' with the target's id. */
export const posDayBatches = pgTable('pos_day_batches', {
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  source: text().notNull(),
  location: text().notNull(),
  businessDay: text().notNull(),
  batch: integer().notNull(),
  state: text({ enum: ['open', 'booked'] }).notNull(),
  reference: text().notNull(),
  sales: integer().notNull(),
  amountExclCents: bigint({ mode: 'number' }).notNull(),
  amountInclCents: bigint({ mode: 'number' }).notNull(),
  targetDocumentId: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  bookedAt: timestamp({ withTimezone: true }),
}, (t) => [primaryKey({ columns: [t.tenantId, t.source, t.location, t.businessDay, t.batch] })]);
