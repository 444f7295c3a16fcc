import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

/**
 * Read models the workflows keep current at their milestones, so the API answers from Postgres instead of
 * querying a workflow per request. Ids, states and counts only: no personal data.
 */

/** A tenant sync's status as its workflow last wrote it (at each poll, pause, resume, and when counts change). */
export const syncStatus = pgTable('sync_status', {
  tenantId: uuid().primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  workflowId: text().notNull(),
  runId: text().notNull(),
  state: text({ enum: ['running', 'paused'] }).notNull(),
  pausedReason: text(),
  pausedBy: text(),
  pausedSince: timestamp({ withTimezone: true }),
  cursor: text(),
  queued: integer().notNull().default(0),
  inFlight: integer().notNull().default(0),
  lastPollAt: timestamp({ withTimezone: true }),
  lastPollError: text(),
  nextPollAt: timestamp({ withTimezone: true }),
  /** The workflow's counts (SyncCounts), including any fields other branches add. */
  counts: jsonb().$type<Record<string, number>>().notNull(),
  /** The workflow's clock when it wrote this row; an older write never overwrites a newer one. */
  writtenAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
});

/** One sale's journey, written by the sale's own activities at its milestones (fetched, claimed, posted, failed). */
export const saleJourneys = pgTable('sale_journeys', {
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  source: text().notNull(),
  externalId: text().notNull(),
  orderNumber: text(),
  state: text().notNull(),
  workflowId: text().notNull(),
  runId: text().notNull(),
  /** The attempt of the step that runs now (more than 1 while a vendor call is being retried). */
  attempt: integer().notNull().default(1),
  /** The activity the journey waits for, while it runs. */
  pendingStep: text(),
  lastErrorCode: text(),
  targetDocumentId: text(),
  startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp({ withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.source, t.externalId] }),
  index('idx_sale_journeys_tenant_order_number').on(t.tenantId, t.orderNumber),
]);
