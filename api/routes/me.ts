import { createRoute, z } from '@hono/zod-openapi';
import { listTenants } from '../../db/queries/tenants';
import type { ApiContext } from '../deps';
import { forbidden } from '../errors';
import { createRouter } from '../router';
import { bearer, errorResponses, jsonResponse } from '../schemas';
import { UserSchema } from './auth';
import { TenantSchema, tenantJson } from './tenants';

const me = createRoute({
  method: 'get', path: '/me', tags: ['auth'], security: bearer,
  summary: 'Who the session belongs to (role, tenant)',
  responses: { 200: jsonResponse(UserSchema, 'The logged-in user'), 401: errorResponses[401] },
});

const list = createRoute({
  method: 'get', path: '/tenants', tags: ['tenants'], security: bearer,
  summary: 'Every tenant, by name, a page at a time (ops)',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
      search: z.string().trim().max(100).optional().openapi({ description: 'Part of the name' }),
    }),
  },
  responses: {
    200: jsonResponse(z.object({
      tenants: z.array(TenantSchema), total: z.number(), limit: z.number(), offset: z.number(), nextOffset: z.number().nullable(),
    }).openapi('TenantPage'), 'One page'),
    ...errorResponses,
  },
});

export function meRoutes(ctx: ApiContext) {
  return createRouter()
    .openapi(me, (c) => c.json(c.get('user'), 200))
    .openapi(list, async (c) => {
      if (c.get('user').role !== 'ops') throw forbidden('Only ops users list tenants.');
      const { limit, offset, search } = c.req.valid('query');
      const { rows, total } = await listTenants(ctx.db, { limit, offset, search });
      return c.json({ tenants: rows.map(tenantJson), total, limit, offset, nextOffset: offset + rows.length < total ? offset + rows.length : null }, 200);
    });
}
