import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { LedgerLine } from '../../domain/ledger-breakdown';
import { tenants } from './tenants';

/**
 * The authoritative dedup layer of credit notes: one row per (tenant, source, order, refund). Like
 * synced_sales it holds only the key, the amounts excl. and incl. VAT and the target document id, and
 * goes with the tenant's offboarding.
 */
export const syncedRefunds = pgTable('synced_refunds', {
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  source: text().notNull(),
  orderExternalId: text().notNull(),
  refundExternalId: text().notNull(),
  /** The order number the merchant sees; the credit note's reference is derived from it. */
  orderNumber: text(),
  /**
   * `nothing-to-credit`: a cancellation of an order never booked, or with everything refunded already.
   * `already-credited`: earlier credit notes of the invoice (e.g. a cancellation's) credit all of it already.
   */
  state: text({ enum: ['claimed', 'credited', 'nothing-to-credit', 'already-credited'] }).notNull(),
  /** What the credit note credits (set at the claim, so concurrent credits of one order see each other). */
  amountExclCents: bigint({ mode: 'number' }),
  amountInclCents: bigint({ mode: 'number' }),
  /** The same per ledger line (kind, rate, country, regime); null for claims made before it was kept. */
  breakdown: jsonb().$type<LedgerLine[]>(),
  /** The invoice version (sale_versions) credited; null for claims made before it was kept (version 1). */
  invoiceVersion: integer(),
  targetDocumentId: text(),
  claimedByRunId: text(),
  creditedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.source, t.orderExternalId, t.refundExternalId] }),
  index('idx_synced_refunds_tenant_order_number').on(t.tenantId, t.orderNumber),
]);

/**
 * Each invoice booked for a sale: version 1 is the first invoice (reference = order number), each
 * correction of an order edited after posting adds the next (reference `<order number>-<version>`)
 * after crediting the one before. Amounts per ledger line (kind, rate, country, regime) let a
 * correction credit exactly what was booked; no personal data. Same retention as synced_sales.
 */
export const saleVersions = pgTable('sale_versions', {
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  source: text().notNull(),
  externalId: text().notNull(),
  version: integer().notNull(),
  reference: text().notNull(),
  /** `claimed`: a correction is making it; `credited`: the previous invoice has its credit note; `posted`: booked. */
  state: text({ enum: ['claimed', 'credited', 'posted'] }).notNull(),
  amountExclCents: bigint({ mode: 'number' }).notNull(),
  amountInclCents: bigint({ mode: 'number' }).notNull(),
  breakdown: jsonb().$type<LedgerLine[]>().notNull(),
  /** The credit note of the previous version (corrections only). */
  creditNoteDocumentId: text(),
  targetDocumentId: text(),
  claimedByRunId: text(),
  postedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.source, t.externalId, t.version] })]);

/**
 * The daily completeness check of one tenant for one day: counts and order numbers only (no amounts,
 * no debtor data). Kept while the contract runs, like the per-sale records.
 */
export const completenessReports = pgTable('completeness_reports', {
  id: uuid().primaryKey().defaultRandom(),
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  /** The shop day checked (UTC). */
  day: date({ mode: 'string' }).notNull(),
  counts: jsonb().$type<CompletenessCounts>().notNull(),
  /** Bookable orders of the day with no posted, skipped or failed record. */
  missingOrders: jsonb().$type<string[]>().notNull().default([]),
  /** Refunds of the day with no credit note (`<order number>-R<refund id>`). */
  missingRefunds: jsonb().$type<string[]>().notNull().default([]),
  checkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [unique('uq_completeness_reports_tenant_day').on(t.tenantId, t.day)]);

export interface CompletenessCounts {
  shopOrders: number;
  posted: number;
  skipped: number;
  failed: number;
  missing: number;
  shopRefunds: number;
  credited: number;
  refundsWaiting: number;
  refundsMissing: number;
}
