import { createRoute, z } from '@hono/zod-openapi';
import { getTenantSettings } from '../../db/queries/tenant-settings';
import { tenantSettingsSchema } from '../../domain/tenant-settings';
import type { ApiContext } from '../deps';
import { createRouter } from '../router';
import { bearer, errorResponses, jsonBody, jsonResponse, TenantParams } from '../schemas';
import { saveSettings } from '../services/settings';

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

const patch = createRoute({
  method: 'patch', path: '/tenants/{tenantId}/settings', tags: ['settings'], security: bearer,
  summary: "Change some of the tenant's booking settings; the fields left out keep their stored values (syncFrom too)",
  request: { params: TenantParams, body: jsonBody(SettingsSchema.partial().openapi('TenantSettingsChange')) },
  responses: { 200: jsonResponse(SettingsSchema, 'The settings as stored'), ...errorResponses },
});

export function settingsRoutes(ctx: ApiContext) {
  return createRouter()
    .openapi(get, async (c) => c.json(await getTenantSettings(ctx.db, c.req.valid('param').tenantId), 200))
    .openapi(put, async (c) => {
      return c.json(await saveSettings(ctx, c.req.valid('param').tenantId, c.req.valid('json'), c.get('user')), 200);
    })
    .openapi(patch, async (c) => {
      const { tenantId } = c.req.valid('param');
      // Only the fields the client sent: the schema's defaults would otherwise fill in the ones left out.
      const sent = new Set(Object.keys(await c.req.json<Record<string, unknown>>()));
      const change = Object.fromEntries(Object.entries(c.req.valid('json')).filter(([key]) => sent.has(key)));
      const stored = await getTenantSettings(ctx.db, tenantId);
      return c.json(await saveSettings(ctx, tenantId, { ...stored, ...change }, c.get('user')), 200);
    });
}
