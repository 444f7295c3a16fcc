import { sql } from 'drizzle-orm';
import { customType, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenants';

export const bytea = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value),
  fromDriver: (value) => new Uint8Array(value),
});

/** Each tenant's data key, wrapped by the master key. Deleting the row shreds every copy of the tenant's secrets. */
export const tenantKeys = pgTable('tenant_keys', {
  tenantId: uuid().primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  wrappedKey: bytea().notNull(),
  masterKeyId: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  rewrappedAt: timestamp({ withTimezone: true }),
});

/** A tenant's source or target: vendor, address and the credentials, sealed with the tenant's data key. */
export const connections = pgTable('connections', {
  id: uuid().primaryKey().defaultRandom(),
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  role: text({ enum: ['source', 'target'] }).notNull(),
  vendor: text().notNull(),
  baseUrl: text().notNull(),
  /** Non-secret vendor settings (e.g. a shortened rate-limit window for simulators). */
  settings: jsonb().$type<ConnectionSettings>().notNull().default({}),
  sealedCredentials: bytea(),
  /** Set while the vendor rejects the credentials; cleared when new ones are saved. */
  credentialsRejectedAt: timestamp({ withTimezone: true }),
  /** Set when the credentials were deleted by the retention timer; the connection row stays for the audit trail. */
  credentialsDeletedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('uq_connections_tenant_role').on(t.tenantId, t.role)]);

/** Every decryption of a credential: who or which workflow, why, when. */
export const credentialAccessLog = pgTable('credential_access_log', {
  id: uuid().primaryKey().defaultRandom(),
  tenantId: uuid().notNull(),
  connectionId: uuid(),
  actor: text().notNull(),
  purpose: text().notNull(),
  at: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
}, (t) => [index('idx_credential_access_log_tenant_at').on(t.tenantId, t.at)]);

export type ConnectionRole = 'source' | 'target';

export interface ConnectionSettings {
  /** Override of the vendor's published rate limit (tests, benchmark, simulators with short windows). */
  rateLimit?: { limit: number; windowMs: number };
  /** Per-request timeout towards the vendor, in ms (default: the connector's). */
  timeoutMs?: number;
  /** Webhook secret id for sources that sign webhooks; the secret itself is inside sealedCredentials. */
  webhooks?: boolean;
  /** oauth2 targets: the administration (division) chosen after connecting. */
  administration?: { id: string; name: string };
  /** oauth2: override of the vendor's token lifetimes (tests, simulators with short lifetimes). */
  oauth?: { refreshTokenIdleLifetimeMs?: number };
}
