import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './credentials';
import { tenants } from './tenants';

/** Who gets a tenant's alerts: e-mail addresses and a Slack incoming webhook (sealed: the URL is a secret). */
export const alertSettings = pgTable('alert_settings', {
  tenantId: uuid().primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  /** Sealed with the tenant's data key, associated with this id. */
  id: uuid().notNull().defaultRandom(),
  emails: jsonb().$type<string[]>().notNull().default([]),
  sealedSlackWebhook: bytea(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** One row per alert (tenant, dedup key): one alert per cause, however many orders; each channel marked when sent. */
export const alertsSent = pgTable('alerts_sent', {
  id: uuid().primaryKey().defaultRandom(),
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  kind: text().notNull(),
  dedupKey: text().notNull(),
  subject: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  emailSentAt: timestamp({ withTimezone: true }),
  slackSentAt: timestamp({ withTimezone: true }),
}, (t) => [uniqueIndex('uq_alerts_sent_tenant_key').on(t.tenantId, t.dedupKey), index('idx_alerts_sent_tenant_created').on(t.tenantId, t.createdAt)]);

/** Data breaches recorded by ops (the register keeps them); no personal data in `description`. */
export const dataBreaches = pgTable('data_breaches', {
  id: uuid().primaryKey().defaultRandom(),
  description: text().notNull(),
  foundAt: timestamp({ withTimezone: true }).notNull(),
  recordedBy: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const dataBreachTenants = pgTable('data_breach_tenants', {
  breachId: uuid().notNull().references(() => dataBreaches.id, { onDelete: 'cascade' }),
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.breachId, t.tenantId] })]);
