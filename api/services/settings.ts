import { vendorDescriptor } from '../../connectors/catalogue';
import { getConnection } from '../../db/queries/connections';
import { appendPlatformLog } from '../../db/queries/platform-log';
import type { SessionUser } from '../../db/queries/sessions';
import { saveTenantSettings } from '../../db/queries/tenant-settings';
import type { TenantSettingsInput } from '../../domain/tenant-settings';
import type { ApiContext } from '../deps';
import { validationError, zodFields } from '../errors';

/** Saving a tenant's booking settings; shared by `PUT /tenants/:id/settings` and the settings page. */
export async function saveSettings(ctx: ApiContext, tenantId: string, input: TenantSettingsInput, user: SessionUser) {
  // Target options are checked against the schema of the tenant's current target, when it has one.
  const target = await getConnection(ctx.db, tenantId, 'target');
  const optionsSchema = target ? vendorDescriptor('target', target.vendor)?.targetOptionsSchema : undefined;
  const checked = optionsSchema?.strict().safeParse(input.targetOptions ?? {});
  if (checked && !checked.success) {
    throw validationError(zodFields(checked.error).map((f) => ({ ...f, path: `targetOptions${f.path ? `.${f.path}` : ''}` })));
  }
  const saved = await saveTenantSettings(ctx.db, tenantId, input);
  await appendPlatformLog(ctx.db, { tenantId, actor: `user:${user.id}`, action: 'settings.saved', message: 'booking settings saved' });
  return saved;
}
