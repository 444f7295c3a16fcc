import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

/**
 * The authoritative dedup layer: one row per (tenant, source, externalId). Holds only what the
 * retention table allows: the key, amount excl. and incl. VAT and the target document id.
 */
export const syncedSales = pgTable('synced_sales', {
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  source: text().notNull(),
  externalId: text().notNull(),
  /** The order number the merchant sees (the invoice reference); part of the identification key, not personal. */
  orderNumber: text(),
  state: text({ enum: ['claimed', 'posted', 'changed-after-posting'] }).notNull(),
  amountExclCents: bigint({ mode: 'number' }),
  amountInclCents: bigint({ mode: 'number' }),
  targetDocumentId: text(),
  /** Which workflow run holds the claim; a later run of the same sale may take over a claim. */
  claimedByRunId: text(),
  postedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.source, t.externalId] }),
  // The dashboard looks a sale up by the number the merchant knows.
  index('idx_synced_sales_tenant_order_number').on(t.tenantId, t.orderNumber),
]);

/** Source customer to target contact; customer id and e-mail only, no purchases linked. */
export const debtors = pgTable('debtors', {
  id: uuid().primaryKey().defaultRandom(),
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  source: text().notNull(),
  sourceCustomerId: text(),
  email: text().notNull(),
  targetContactId: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // Lookups go by e-mail; guests have no customer id.
  uniqueIndex('uq_debtors_tenant_email').on(t.tenantId, t.email),
]);

/**
 * A sale that could not be posted. The message is a template; debtor-specific values sit in `pii`
 * so redaction two months later removes exactly them.
 */
export const saleErrors = pgTable('sale_errors', {
  id: uuid().primaryKey().defaultRandom(),
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  source: text().notNull(),
  externalId: text().notNull(),
  orderNumber: text().notNull(),
  code: text().notNull(),
  cause: text().notNull(),
  template: text().notNull(),
  params: jsonb().$type<Record<string, string>>().notNull(),
  pii: jsonb().$type<Record<string, string>>(),
  attempts: integer().notNull().default(1),
  workflowId: text().notNull(),
  runId: text().notNull(),
  occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  redactAt: timestamp({ withTimezone: true }).notNull(),
  redactedAt: timestamp({ withTimezone: true }),
  resolvedAt: timestamp({ withTimezone: true }),
}, (t) => [
  index('idx_sale_errors_tenant_cause').on(t.tenantId, t.cause),
  index('idx_sale_errors_tenant_order').on(t.tenantId, t.source, t.externalId),
  // A sale's journey (API, dashboard) lists the errors of an order by the number the merchant knows.
  index('idx_sale_errors_tenant_order_number').on(t.tenantId, t.orderNumber),
  // The day redaction timers find a tenant's errors due on a day (db/queries/redaction-days.ts).
  index('idx_sale_errors_tenant_redact_pending').on(t.tenantId, t.redactAt).where(sql`redacted_at is null`),
]);

/**
 * Calls made to a tenant's target in the current rate-limit window, shared by every worker, so a
 * backlog drains at the vendor's published limit without steady-state 429s.
 */
export const targetCalls = pgTable('target_calls', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  connectionId: uuid().notNull(),
  at: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [index('idx_target_calls_connection_at').on(t.connectionId, t.at)]);

/** Where each tenant's sync left off, so a restarted sync does not re-read the whole shop. */
export const syncCursors = pgTable('sync_cursors', {
  tenantId: uuid().primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  cursor: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
