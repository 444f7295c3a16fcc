import { createRoute, z } from '@hono/zod-openapi';
import { vendorDescriptor } from '../../connectors/catalogue';
import { getConnection } from '../../db/queries/connections';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { getTenantSettings, saveTenantSettings } from '../../db/queries/tenant-settings';
import { tenantSettingsSchema } from '../../domain/tenant-settings';
import type { ApiContext } from '../deps';
import { validationError, zodFields } from '../errors';
import { createRouter } from '../router';
import { bearer, errorResponses, jsonBody, jsonResponse, TenantParams } from '../schemas';

// Rebuilt with the OpenAPI-aware zod so the schema can carry a name and description in /openapi.json.
const SettingsSchema = z.object(tenantSettingsSchema.shape).openapi('TenantSettings', {
  description: 'How the tenant\'s sales are booked; every field has a default (a Dutch merchant registered for OSS)',
});

const get = createRoute({
  method: 'get', path: '/tenants/{tenantId}/settings', tags: ['settings'], security: bearer,
  summary: "The tenant's booking settings, with defaults filled in",
  request: { params: TenantParams },
  responses: { 200: jsonResponse(SettingsSchema, 'The settings'), ...errorResponses },
});

const put = createRoute({
  method: 'put', path: '/tenants/{tenantId}/settings', tags: ['settings'], security: bearer,
  summary: "Replace the tenant's booking settings (absent fields take their defaults); applies to sales booked from now on",
  request: { params: TenantParams, body: jsonBody(SettingsSchema) },
  responses: { 200: jsonResponse(SettingsSchema, 'The settings as stored'), ...errorResponses },
});

export function settingsRoutes(ctx: ApiContext) {
  return createRouter()
    .openapi(get, async (c) => c.json(await getTenantSettings(ctx.db, c.req.valid('param').tenantId), 200))
    .openapi(put, async (c) => {
      const { tenantId } = c.req.valid('param');
      const input = c.req.valid('json');
      // Target options are checked against the schema of the tenant's current target, when it has one.
      const target = await getConnection(ctx.db, tenantId, 'target');
      const optionsSchema = target ? vendorDescriptor('target', target.vendor)?.targetOptionsSchema : undefined;
      const checked = optionsSchema?.strict().safeParse(input.targetOptions ?? {});
      if (checked && !checked.success) {
        throw validationError(zodFields(checked.error).map((f) => ({ ...f, path: `targetOptions${f.path ? `.${f.path}` : ''}` })));
      }
      const saved = await saveTenantSettings(ctx.db, tenantId, input);
      await appendPlatformLog(ctx.db, { tenantId, actor: `user:${c.get('user').id}`, action: 'settings.saved', message: 'booking settings saved' });
      return c.json(saved, 200);
    });
}
