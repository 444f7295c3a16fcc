import { date, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

/**
 * One redaction timer per tenant per due day (UTC): the error records of that tenant whose redaction falls
 * on that day are redacted by one workflow, instead of one workflow per error. The errors themselves
 * (sale_errors.redact_at) are the registration; this row says the day's workflow exists.
 */
export const redactionDays = pgTable('redaction_days', {
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  dueDay: date({ mode: 'string' }).notNull(),
  workflowId: text().notNull(),
  /** Set once the day's workflow was started (by the registering activity, or when it first runs); a registration that finds it unset a while later starts it again. */
  startedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.dueDay] })]);
