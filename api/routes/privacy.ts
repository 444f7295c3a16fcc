import { createRoute, z } from '@hono/zod-openapi';
import type { ApiContext } from '../deps';
import { createRouter } from '../router';
import { bearer, errorResponses, jsonResponse, TenantParams } from '../schemas';
import { eraseDebtor, exportDebtor, loadAccessRegister, loadDeletions } from '../services/privacy';

const RuleSchema = z.object({
  id: z.string(), data: z.string(), keptFor: z.object({ months: z.number().optional(), days: z.number().optional() }),
  mechanism: z.string(), then: z.string(),
}).openapi('RetentionRule');

const DeletionSchema = z.object({
  rule: z.string(), subjectId: z.string(), workflowId: z.string(), dueAt: z.string(),
  data: z.string().nullable(), then: z.string().nullable(),
}).openapi('PendingDeletion');

const EmailQuery = z.object({ email: z.email().max(254) });

const deletions = createRoute({
  method: 'get', path: '/tenants/{tenantId}/deletions', tags: ['privacy'], security: bearer,
  summary: "The tenant's upcoming deletions (pending retention timers), and the retention rules",
  request: { params: TenantParams },
  responses: { 200: jsonResponse(z.object({ deletions: z.array(DeletionSchema), rules: z.array(RuleSchema) }), 'Soonest first'), ...errorResponses },
});

const exportDebtorRoute = createRoute({
  method: 'get', path: '/tenants/{tenantId}/debtors/export', tags: ['privacy'], security: bearer,
  summary: 'GDPR access request: everything doorzet holds about one e-mail address',
  request: { params: TenantParams, query: EmailQuery },
  responses: {
    200: jsonResponse(z.object({
      email: z.string(),
      debtors: z.array(z.object({ source: z.string(), sourceCustomerId: z.string().nullable(), email: z.string(), targetContactId: z.string(), createdAt: z.string() })),
      errorRecords: z.array(z.object({ id: z.uuid(), orderNumber: z.string(), code: z.string(), message: z.string(), personalData: z.record(z.string(), z.string()), occurredAt: z.string(), redactAt: z.string() })),
    }).openapi('DebtorExport'), 'The debtor mapping and the unredacted error records that mention the address'),
    ...errorResponses,
  },
});

const eraseDebtorRoute = createRoute({
  method: 'delete', path: '/tenants/{tenantId}/debtors', tags: ['privacy'], security: bearer,
  summary: 'GDPR erasure request: delete the debtor mapping and redact the error records that mention the address',
  request: { params: TenantParams, query: EmailQuery },
  responses: { 200: jsonResponse(z.object({ debtorsDeleted: z.number(), errorRecordsRedacted: z.number() }).openapi('DebtorErasure'), 'Done'), ...errorResponses },
});

const accessRegister = createRoute({
  method: 'get', path: '/tenants/{tenantId}/access-register', tags: ['privacy'], security: bearer,
  summary: "Every ops access to the tenant's data",
  request: { params: TenantParams },
  responses: {
    200: jsonResponse(z.object({ entries: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), reason: z.string() })) }), 'Newest first'),
    ...errorResponses,
  },
});

export function privacyRoutes(ctx: ApiContext) {
  return createRouter()
    .openapi(deletions, async (c) => c.json(await loadDeletions(ctx, c.req.valid('param').tenantId), 200))
    .openapi(exportDebtorRoute, async (c) => c.json(await exportDebtor(ctx, c.req.valid('param').tenantId, c.req.valid('query').email), 200))
    .openapi(eraseDebtorRoute, async (c) => c.json(await eraseDebtor(ctx, c.req.valid('param').tenantId, c.req.valid('query').email, c.get('user')), 200))
    .openapi(accessRegister, async (c) => c.json({ entries: await loadAccessRegister(ctx, c.req.valid('param').tenantId) }, 200));
}
