import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea, connections } from './credentials';
import { tenants } from './tenants';

/**
 * One pending OAuth authorization (GET .../oauth/start → vendor → /oauth/callback). The state is stored
 * hashed, bound to the tenant, the session that started it and the browser (a cookie's hash), used once.
 */
export const oauthStates = pgTable('oauth_states', {
  stateHash: text().primaryKey(),
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  role: text({ enum: ['source', 'target'] }).notNull(),
  vendor: text().notNull(),
  baseUrl: text().notNull(),
  /** Hash of the session token that started the flow (sessions.tokenHash). */
  sessionHash: text().notNull(),
  userId: uuid().notNull(),
  /** Hash of the browser-binding cookie set by the start route. */
  bindingHash: text().notNull(),
  /** A path of ours to send the browser back to (dashboard page), or null for a JSON answer. */
  returnTo: text(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('idx_oauth_states_expires_at').on(t.expiresAt)]);

/**
 * The OAuth tokens of a connection, each sealed in the vault (separately: an activity that needs the
 * access token never opens the refresh token). Only the tenant's token keeper workflow replaces them;
 * `version` counts the refreshes so callers can ask for "newer than the one I have".
 */
export const oauthTokens = pgTable('oauth_tokens', {
  connectionId: uuid().primaryKey().references(() => connections.id, { onDelete: 'cascade' }),
  tenantId: uuid().notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  /** The connection's vendor and site when the tokens were issued; a changed connection makes them stale. */
  vendor: text().notNull(),
  baseUrl: text().notNull(),
  version: integer().notNull(),
  sealedAccessToken: bytea().notNull(),
  accessIssuedAt: timestamp({ withTimezone: true }).notNull(),
  accessExpiresAt: timestamp({ withTimezone: true }).notNull(),
  sealedRefreshToken: bytea().notNull(),
  refreshIssuedAt: timestamp({ withTimezone: true }).notNull(),
  /** When the refresh token lapses if unused (the vendor's idle lifetime from its issue). */
  refreshExpiresAt: timestamp({ withTimezone: true }).notNull(),
  /** Last time an activity took the access token: the keeper refreshes ahead only for tokens in use. */
  lastUsedAt: timestamp({ withTimezone: true }),
  /** The vendor answered 401 to this version: callers wait for the next one. */
  rejectedVersion: integer(),
  /** The grant is dead (refresh token reused, expired, revoked): reconnecting is the only way back. */
  deadAt: timestamp({ withTimezone: true }),
  deadReason: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('idx_oauth_tokens_tenant').on(t.tenantId)]);
