import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowFailedError } from '@temporalio/client';
import { getConnection } from '../../db/queries/connections';
import type { PreviewResult } from '../../domain/preview';
import { previewWorkflowId } from '../../domain/workflow-ids';
import type { previewWorkflow } from '../../workflows/preview.workflow';
import type { ApiContext } from '../deps';
import { ApiError, notFound } from '../errors';
import { createRouter } from '../router';
import { bearer, ErrorBodySchema, errorResponses, jsonBody, jsonResponse, TenantParams } from '../schemas';
import { tenantSearchAttributes } from '../temporal';

const PreviewRequestSchema = z.object({
  orderNumber: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._~-]+$/, 'letters, digits, . _ ~ -').openapi({ example: '1042' }),
}).openapi('PreviewRequest');

const PreviewResultSchema = z.object({
  bookable: z.boolean(),
  regime: z.enum(['domestic', 'oss', 'reverse-charge', 'export', 'outside-scope', 'undetermined']),
  currency: z.string(),
  lines: z.array(z.object({
    description: z.string(), quantity: z.number(), unitPriceCents: z.number().int(), vatRatePercent: z.number(), vatCountry: z.string(), ledger: z.string(),
  })),
  totalExclCents: z.number().int(),
  totalInclCents: z.number().int(),
  issues: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })),
  skipped: z.literal('zero-value').optional(),
}).openapi('PreviewResult', { description: 'What booking the order would record; no debtor fields' });

const preview = createRoute({
  method: 'post', path: '/tenants/{tenantId}/preview', tags: ['sales'], security: bearer,
  summary: "Preview how one order of the tenant's shop would be booked (VAT regime, lines, totals, issues), without booking it",
  request: { params: TenantParams, body: jsonBody(PreviewRequestSchema) },
  responses: {
    200: jsonResponse(PreviewResultSchema, 'The preview'),
    ...errorResponses,
    504: jsonResponse(ErrorBodySchema, 'The preview did not finish in time (is a worker running?)'),
  },
});

/** The API never calls a connector: a short preview workflow reads the order and the worker computes the preview. */
export function previewRoutes(ctx: ApiContext) {
  return createRouter().openapi(preview, async (c) => {
    const { tenantId } = c.req.valid('param');
    const { orderNumber } = c.req.valid('json');
    if (!(await getConnection(ctx.db, tenantId, 'source'))) throw notFound();
    const handle = await ctx.temporal.workflow.start<typeof previewWorkflow>('previewWorkflow', {
      workflowId: previewWorkflowId(tenantId, randomUUID()),
      taskQueue: ctx.config.taskQueue,
      args: [{ tenantId, orderNumber }],
      typedSearchAttributes: tenantSearchAttributes(tenantId),
      workflowExecutionTimeout: '2 minutes',
    });
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), ctx.timeouts.connectionTestMs);
    let result: PreviewResult;
    try {
      result = await ctx.temporal.withAbortSignal(abort.signal, () => handle.result());
    } catch (error) {
      if (abort.signal.aborted) throw new ApiError(504, 'TIMEOUT', 'The preview did not finish in time; is a worker running?');
      if (error instanceof WorkflowFailedError) throw new ApiError(502, 'PREVIEW_FAILED', 'The order could not be previewed.');
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return c.json(result, 200);
  });
}
