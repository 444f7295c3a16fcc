import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { DeletionKind } from '../../domain/backups';
import { tenants } from './tenants';

/**
 * Deletions that must survive the restore of an older backup (a shredded tenant key, an erased debtor),
 * written in the same transaction as the deletion. This table is only the outbox: each row is shipped to
 * the object store next to the backups (`shippedAt`), which is the log a restore replays. Never backed up.
 */
export const deletionLog = pgTable('deletion_log', {
  id: uuid().primaryKey().defaultRandom(),
  kind: text().$type<DeletionKind>().notNull(),
  tenantId: uuid().notNull(),
  /** Row ids only (debtors, error records): never an e-mail address. */
  subjectIds: jsonb().$type<{ debtorIds?: string[]; saleErrorIds?: string[] }>().notNull().default({}),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  shippedAt: timestamp({ withTimezone: true }),
}, (t) => [index('idx_deletion_log_unshipped').on(t.shippedAt, t.at)]);

/** A temporary, anonymised copy of one tenant's failing sales for ops to debug. Never backed up. */
export const debugCopies = pgTable('debug_copies', {
  id: uuid().primaryKey().defaultRandom(),
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  /** `ops:<userId>`. */
  requestedBy: text().notNull(),
  reason: text().notNull(),
  workflowId: text().notNull(),
  state: text({ enum: ['making', 'ready', 'destroyed'] }).notNull().default('making'),
  /** The error records copied; the copy is destroyed once all of them are resolved. */
  errorIds: jsonb().$type<string[]>().notNull().default([]),
  sales: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** The latest moment of destruction (retention rule debugCopyDestruction). */
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  destroyedAt: timestamp({ withTimezone: true }),
  destroyedBecause: text({ enum: ['resolved', 'expired', 'ops'] }),
}, (t) => [index('idx_debug_copies_tenant').on(t.tenantId, t.createdAt)]);

/** One failing sale inside a debug copy: the anonymised order as the source has it now, and the error. */
export const debugCopySales = pgTable('debug_copy_sales', {
  id: uuid().primaryKey().defaultRandom(),
  copyId: uuid().notNull().references(() => debugCopies.id, { onDelete: 'cascade' }),
  errorId: uuid().notNull(),
  orderNumber: text().notNull(),
  /** The normalised sale with the debtor anonymised (domain/debug-copy), or null when it could not be read. */
  sale: jsonb(),
  /** Why the source could not give the order (no personal data: a code and a message). */
  fetchProblem: text(),
  /** The error record: code, cause and the message with the debtor's values left out. */
  error: jsonb().$type<{ code: string; cause: string; message: string; attempts: number; occurredAt: string }>().notNull(),
}, (t) => [index('idx_debug_copy_sales_copy').on(t.copyId)]);

/** Tables no backup contains: the catalogue and the deletion log live beside the backups, debug copies must not outlive their timer, credit-note leases last one attempt. */
export const NOT_BACKED_UP = ['backups', 'deletion_log', 'debug_copies', 'debug_copy_sales', 'credit_note_leases'] as const;
