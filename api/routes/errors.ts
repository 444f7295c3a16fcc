import { createRoute, z } from '@hono/zod-openapi';
import { ERROR_CAUSES } from '../../domain/error-catalogue';
import type { ApiContext } from '../deps';
import { createRouter } from '../router';
import { loadErrorGroups, retryErrorCause, retryOneError } from '../services/error-groups';
import { bearer, ErrorBodySchema, errorResponses, jsonBody, jsonResponse, TenantParams } from '../schemas';

export const SaleErrorSchema = z.object({
  id: z.uuid(),
  orderNumber: z.string(),
  externalId: z.string(),
  source: z.string(),
  code: z.string(),
  cause: z.string(),
  message: z.string().openapi({ description: "Debtor-specific values appear only for the tenant's own users" }),
  attempts: z.number(),
  occurredAt: z.string(),
  redactAt: z.string(),
  redacted: z.boolean(),
  resolvedAt: z.string().nullable(),
}).openapi('SaleError');

const CodeSchema = z.object({ code: z.string(), count: z.number(), explanation: z.string(), fix: z.string() });

const GroupSchema = z.object({
  cause: z.string(),
  count: z.number(),
  explanation: z.string().openapi({ description: 'Of the most frequent code in the group' }),
  fix: z.string(),
  codes: z.array(CodeSchema),
  errors: z.array(SaleErrorSchema),
}).openapi('ErrorGroup');

const RetryStartedSchema = z.object({
  errorId: z.uuid(), orderNumber: z.string(), outcome: z.enum(['started', 'already-running']),
  workflowId: z.string(), runId: z.string().nullable(), url: z.string().nullable(),
}).openapi('RetryOutcome');

const list = createRoute({
  method: 'get', path: '/tenants/{tenantId}/errors', tags: ['errors'], security: bearer,
  summary: 'Error records grouped by cause, each group with its explanation and fix',
  request: { params: TenantParams, query: z.object({ status: z.enum(['open', 'resolved', 'all']).default('open') }) },
  responses: { 200: jsonResponse(z.object({ groups: z.array(GroupSchema) }), 'Groups, largest first'), ...errorResponses },
});

const retryOne = createRoute({
  method: 'post', path: '/tenants/{tenantId}/errors/{errorId}/retry', tags: ['errors'], security: bearer,
  summary: 'Start a new run of the sale of one unresolved error',
  request: { params: z.object({ tenantId: z.uuid(), errorId: z.uuid() }) },
  responses: {
    202: jsonResponse(RetryStartedSchema, 'A new run started'), ...errorResponses,
    409: jsonResponse(ErrorBodySchema, 'Already resolved, or a run of this sale is going (RUN_IN_PROGRESS)'),
  },
});

const retryCause = createRoute({
  method: 'post', path: '/tenants/{tenantId}/errors/retry', tags: ['errors'], security: bearer,
  summary: 'Retry every unresolved error of one cause',
  request: { params: TenantParams, body: jsonBody(z.object({ cause: z.enum(ERROR_CAUSES) }).openapi('RetryByCause')) },
  responses: {
    202: jsonResponse(z.object({ started: z.number(), alreadyRunning: z.number(), results: z.array(RetryStartedSchema) }), 'One outcome per sale'),
    ...errorResponses,
  },
});

export function errorRoutes(ctx: ApiContext) {
  return createRouter()
    .openapi(list, async (c) => {
      const { tenantId } = c.req.valid('param');
      return c.json({ groups: await loadErrorGroups(ctx, tenantId, c.req.valid('query').status, c.get('user').role === 'tenant') }, 200);
    })
    .openapi(retryOne, async (c) => {
      const { tenantId, errorId } = c.req.valid('param');
      return c.json(await retryOneError(ctx, tenantId, errorId, c.get('user')), 202);
    })
    .openapi(retryCause, async (c) => {
      const { tenantId } = c.req.valid('param');
      return c.json(await retryErrorCause(ctx, tenantId, c.req.valid('json').cause, c.get('user')), 202);
    });
}
