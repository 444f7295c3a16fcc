import { eq, sql } from 'drizzle-orm';
import { tenantSettingsSchema, type TenantSettings, type TenantSettingsInput } from '../../domain/tenant-settings';
import type { Db } from '../client';
import { tenantSettings } from '../schema';

/** The tenant's settings with every default filled in; a stored value that no longer parses falls back field by field. */
export async function getTenantSettings(db: Db, tenantId: string): Promise<TenantSettings> {
  const [row] = await db.select({ settings: tenantSettings.settings }).from(tenantSettings).where(eq(tenantSettings.tenantId, tenantId));
  const parsed = tenantSettingsSchema.safeParse(row?.settings ?? {});
  if (parsed.success) return parsed.data;
  // Keep what still parses (a setting removed in a newer version must not reset the others).
  const stored = (row?.settings ?? {}) as Record<string, unknown>;
  const kept = Object.fromEntries(Object.entries(stored).filter(([key, value]) => {
    const field = tenantSettingsSchema.shape[key as keyof typeof tenantSettingsSchema.shape];
    return field?.safeParse(value).success === true;
  }));
  return tenantSettingsSchema.parse(kept);
}

/** Replaces the stored settings with `settings` (already validated); returns them with defaults filled in. */
export async function saveTenantSettings(db: Db, tenantId: string, settings: TenantSettingsInput): Promise<TenantSettings> {
  await db.insert(tenantSettings).values({ tenantId, settings })
    .onConflictDoUpdate({ target: tenantSettings.tenantId, set: { settings, updatedAt: sql`now()` } });
  return tenantSettingsSchema.parse(settings);
}
