import { createRoute, z } from '@hono/zod-openapi';
import { listConnections } from '../../db/queries/connections';
import type { ApiContext } from '../deps';
import { createRouter } from '../router';
import { bearer, ErrorBodySchema, errorResponses, jsonBody, jsonResponse } from '../schemas';
import { ConnectionInputSchema, connectionJson, SettingsSchema, saveConnection, testConnection } from '../services/connections';

const Params = z.object({ tenantId: z.uuid(), role: z.enum(['source', 'target']) });

const ConnectionSchema = z.object({
  id: z.uuid(),
  role: z.enum(['source', 'target']),
  vendor: z.string(),
  baseUrl: z.string(),
  settings: SettingsSchema,
  hasCredentials: z.boolean(),
  credentialsRejectedAt: z.string().nullable(),
  credentialsDeletedAt: z.string().nullable(),
  updatedAt: z.string(),
  webhookUrl: z.string().nullable().openapi({ description: "Delivery URL to configure in the shop's webhooks (sources with webhooks only)" }),
  webhookTopics: z.array(z.string()).openapi({ description: 'The webhook topics to subscribe to in the shop' }),
}).openapi('Connection');

const TestResultSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]).openapi('ConnectionTestResult');

const put = createRoute({
  method: 'put', path: '/tenants/{tenantId}/connections/{role}', tags: ['connections'], security: bearer,
  summary: "Set the tenant's source or target; resumes a sync paused for rejected credentials",
  request: { params: Params, body: jsonBody(ConnectionInputSchema) },
  responses: { 200: jsonResponse(ConnectionSchema, 'The connection, without credentials'), ...errorResponses },
});

const list = createRoute({
  method: 'get', path: '/tenants/{tenantId}/connections', tags: ['connections'], security: bearer,
  request: { params: z.object({ tenantId: z.uuid() }) },
  responses: { 200: jsonResponse(z.object({ connections: z.array(ConnectionSchema) }), 'The connections, without credentials'), ...errorResponses },
});

const test = createRoute({
  method: 'post', path: '/tenants/{tenantId}/connections/{role}/test', tags: ['connections'], security: bearer,
  summary: 'Run the connection-test workflow (one read call to the vendor) and wait for its result',
  request: { params: Params },
  responses: {
    200: jsonResponse(TestResultSchema, 'What the vendor said'),
    ...errorResponses,
    504: jsonResponse(ErrorBodySchema, 'The test did not finish in time (is a worker running?)'),
  },
});

export function connectionRoutes(ctx: ApiContext) {
  return createRouter()
    .openapi(put, async (c) => {
      const { tenantId, role } = c.req.valid('param');
      const row = await saveConnection(ctx, tenantId, role, c.req.valid('json'), c.get('user'));
      return c.json(connectionJson(row, ctx.config.publicUrl), 200);
    })
    .openapi(list, async (c) => {
      const rows = await listConnections(ctx.db, c.req.valid('param').tenantId);
      return c.json({ connections: rows.map((r) => connectionJson(r, ctx.config.publicUrl)) }, 200);
    })
    .openapi(test, async (c) => {
      const { tenantId, role } = c.req.valid('param');
      return c.json(await testConnection(ctx, tenantId, role), 200);
    });
}
