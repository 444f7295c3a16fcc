import { appendPlatformLog } from '../../db/queries/platform-log';
import type { SessionUser } from '../../db/queries/sessions';
import { saveTenantSettings } from '../../db/queries/tenant-settings';
import type { TenantSettingsInput } from '../../domain/tenant-settings';
import type { ApiContext } from '../deps';

/** Saving a tenant's booking settings; shared by `PUT /tenants/:id/settings` and the settings page. */
export async function saveSettings(ctx: ApiContext, tenantId: string, input: TenantSettingsInput, user: SessionUser) {
  const saved = await saveTenantSettings(ctx.db, tenantId, input);
  await appendPlatformLog(ctx.db, { tenantId, actor: `user:${user.id}`, action: 'settings.saved', message: 'booking settings saved' });
  return saved;
}
