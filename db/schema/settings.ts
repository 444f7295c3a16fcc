import { jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { TenantSettingsInput } from '../../domain/tenant-settings';
import { tenants } from './tenants';

/** A tenant's booking choices (domain/tenant-settings.ts); absent fields take their defaults when read. */
export const tenantSettings = pgTable('tenant_settings', {
  tenantId: uuid().primaryKey().references(() => tenants.id, { onDelete: 'cascade' }),
  settings: jsonb().$type<TenantSettingsInput>().notNull().default({}),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
