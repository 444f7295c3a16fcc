import { createRoute, z } from '@hono/zod-openapi';
import { listDataBreaches, listTenantDataBreaches } from '../../db/queries/alerts';
import type { ApiContext } from '../deps';
import { forbidden } from '../errors';
import { createRouter } from '../router';
import { bearer, errorResponses, jsonBody, jsonResponse, TenantParams } from '../schemas';
import { AlertSettingsInput, BreachInput, loadAlertView, recordBreach, updateAlertSettings } from '../services/alerts';

const AlertViewSchema = z.object({
  emails: z.array(z.string()),
  slackConfigured: z.boolean(),
  recent: z.array(z.object({ kind: z.string(), subject: z.string(), at: z.string(), email: z.boolean(), slack: z.boolean() })),
}).openapi('AlertSettings');

const BreachSchema = z.object({ id: z.uuid(), description: z.string(), foundAt: z.string(), tenantIds: z.array(z.string()) }).openapi('DataBreach');

const getAlerts = createRoute({
  method: 'get', path: '/tenants/{tenantId}/alerts', tags: ['alerts'], security: bearer, summary: "The tenant's alert recipients and recent alerts",
  request: { params: TenantParams }, responses: { 200: jsonResponse(AlertViewSchema, 'Recipients (the Slack URL is never returned)'), ...errorResponses },
});
const putAlerts = createRoute({
  method: 'put', path: '/tenants/{tenantId}/alerts', tags: ['alerts'], security: bearer, summary: 'Set the alert recipients (e-mail addresses, Slack incoming webhook: write-only)',
  request: { params: TenantParams, body: jsonBody(AlertSettingsInput.openapi('AlertSettingsInput')) },
  responses: { 200: jsonResponse(AlertViewSchema, 'Saved'), ...errorResponses },
});
const tenantBreaches = createRoute({
  method: 'get', path: '/tenants/{tenantId}/breaches', tags: ['privacy'], security: bearer, summary: 'Data breach notices that concern the tenant',
  request: { params: TenantParams },
  responses: { 200: jsonResponse(z.object({ breaches: z.array(BreachSchema.omit({ tenantIds: true })) }), 'Newest first'), ...errorResponses },
});
const postBreach = createRoute({
  method: 'post', path: '/breaches', tags: ['privacy'], security: bearer, summary: 'Record a data breach (ops); every affected tenant is notified at once by a workflow',
  request: { body: jsonBody(BreachInput.openapi('NewDataBreach')) },
  responses: { 201: jsonResponse(BreachSchema.extend({ noticeWorkflowId: z.string() }), 'Recorded'), ...errorResponses },
});
const listBreaches = createRoute({
  method: 'get', path: '/breaches', tags: ['privacy'], security: bearer, summary: 'The data breach register (ops)',
  responses: { 200: jsonResponse(z.object({ breaches: z.array(BreachSchema) }), 'Newest first'), ...errorResponses },
});

export function alertRoutes(ctx: ApiContext) {
  return createRouter()
    .openapi(getAlerts, async (c) => c.json(await loadAlertView(ctx, c.req.valid('param').tenantId), 200))
    .openapi(putAlerts, async (c) => c.json(await updateAlertSettings(ctx, c.req.valid('param').tenantId, c.req.valid('json'), c.get('user')), 200))
    .openapi(tenantBreaches, async (c) => {
      const rows = await listTenantDataBreaches(ctx.db, c.req.valid('param').tenantId);
      return c.json({ breaches: rows.map((b) => ({ id: b.id, description: b.description, foundAt: b.foundAt.toISOString() })) }, 200);
    })
    .openapi(postBreach, async (c) => c.json(await recordBreach(ctx, c.req.valid('json'), c.get('user')), 201))
    .openapi(listBreaches, async (c) => {
      if (c.get('user').role !== 'ops') throw forbidden('Only ops users read the breach register.');
      const rows = await listDataBreaches(ctx.db);
      return c.json({ breaches: rows.map((b) => ({ id: b.id, description: b.description, foundAt: b.foundAt.toISOString(), tenantIds: b.tenantIds })) }, 200);
    });
}
