import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  email: text().notNull().unique(),
  accountKey: text().notNull().unique(),
  passwordHash: text().notNull(),
  role: text({ enum: ['tenant', 'ops'] }).notNull(),
  tenantId: uuid().references(() => tenants.id, { onDelete: 'cascade' }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Opaque session tokens, stored only as their hash. */
export const sessions = pgTable('sessions', {
  tokenHash: text().primaryKey(),
  userId: uuid().notNull().references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Failed logins per account and per (anonymised) IP, for throttling. */
export const loginThrottle = pgTable('login_throttle', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
});

/** Ops access to a tenant's data, readable by that tenant. */
export const accessRegister = pgTable('access_register', {
  id: uuid().primaryKey().defaultRandom(),
  tenantId: uuid(),
  actor: text().notNull(),
  action: text().notNull(),
  reason: text().notNull(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('idx_access_register_tenant_at').on(t.tenantId, t.at)]);

/** Log lines of actions on the platform (kept one month). No personal data in `message`. */
export const platformLog = pgTable('platform_log', {
  id: uuid().primaryKey().defaultRandom(),
  tenantId: uuid(),
  actor: text().notNull(),
  action: text().notNull(),
  message: text().notNull(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('idx_platform_log_at').on(t.at)]);

/** Access analytics: one row per request, IP cut to its first 3 bytes; reports kept 180 days. */
export const accessAnalytics = pgTable('access_analytics', {
  id: uuid().primaryKey().defaultRandom(),
  ipPrefix: text().notNull(),
  method: text().notNull(),
  route: text().notNull(),
  status: integer().notNull(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('idx_access_analytics_at').on(t.at)]);
