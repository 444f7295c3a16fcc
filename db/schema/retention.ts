import { bigint, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Every pending deletion, mirrored from its Temporal timer so the API can list them without scanning Temporal. */
export const retentionTimers = pgTable('retention_timers', {
  id: uuid().primaryKey().defaultRandom(),
  tenantId: uuid(),
  rule: text().notNull(),
  subjectId: text().notNull(),
  workflowId: text().notNull().unique(),
  dueAt: timestamp({ withTimezone: true }).notNull(),
  state: text({ enum: ['pending', 'cancelled', 'done'] }).notNull().default('pending'),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('idx_retention_timers_tenant_due').on(t.tenantId, t.dueAt)]);

/** Encrypted database backups stored elsewhere; pruned after two months. The catalogue follows the object store. */
export const backups = pgTable('backups', {
  id: uuid().primaryKey().defaultRandom(),
  location: text().notNull(),
  sizeBytes: bigint({ mode: 'number' }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  prunedAt: timestamp({ withTimezone: true }),
  /** The backup key it is encrypted with (null: catalogued before doorzet made its own backups). */
  keyId: text(),
  durationMs: integer(),
});
