import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { destroyDebugCopy, getTenantDebugCopy, insertDebugCopy, listDebugCopies, listDebugCopySales, type DebugCopyRow } from '../../db/queries/debug-copies';
import { listSaleErrors } from '../../db/queries/sale-errors';
import { debugCopyWorkflowId } from '../../domain/backups';
import { dueAt } from '../../domain/retention-policy';
import { destroyDebugCopySignal } from '../../workflows/backups/definitions';
import type { debugCopyWorkflow } from '../../workflows/backups/debug-copy.workflow';
import type { ApiContext } from '../deps';
import { conflict, notFound } from '../errors';
import { requireOps } from '../middleware/auth';
import { opsActor } from '../middleware/tenant-scope';
import { createRouter } from '../router';
import { bearer, ErrorBodySchema, errorResponses, jsonBody, jsonResponse, TenantParams } from '../schemas';
import { isWorkflowNotFound, runUrl, tenantSearchAttributes } from '../temporal';

const CopySchema = z.object({
  id: z.uuid(), state: z.enum(['making', 'ready', 'destroyed']), reason: z.string(), requestedBy: z.string(), sales: z.number(),
  createdAt: z.string(), expiresAt: z.string().describe('Destroyed at this moment at the latest'), destroyedAt: z.string().nullable(),
  destroyedBecause: z.enum(['resolved', 'expired', 'ops']).nullable(), workflowId: z.string(), url: z.string(),
}).openapi('DebugCopy');

const CopySaleSchema = z.object({
  orderNumber: z.string(), errorId: z.uuid(),
  sale: z.unknown().nullable().describe('The normalised order as the shop has it now, debtor anonymised'),
  fetchProblem: z.string().nullable(),
  error: z.object({ code: z.string(), cause: z.string(), message: z.string(), attempts: z.number(), occurredAt: z.string() }),
}).openapi('DebugCopySale');

const CopyParams = TenantParams.extend({ copyId: z.uuid() });
const tags = ['debug copies'];

const create = createRoute({
  method: 'post', path: '/tenants/{tenantId}/debug-copies', tags, security: bearer,
  summary: "Make a temporary, anonymised copy of the tenant's failing sales (ops only); destroyed when the errors are resolved, after 14 days at the latest",
  request: { params: TenantParams, body: jsonBody(z.object({ reason: z.string().trim().min(3).max(300).describe('Why: written to the tenant\'s access register') }).openapi('DebugCopyRequest')) },
  responses: {
    202: jsonResponse(CopySchema, 'Being made by its workflow'),
    ...errorResponses,
    409: jsonResponse(ErrorBodySchema, 'The tenant has no failing sales (code NO_FAILING_SALES)'),
  },
});
const list = createRoute({
  method: 'get', path: '/tenants/{tenantId}/debug-copies', tags, security: bearer, summary: "The tenant's debug copies, live and destroyed (ops only)",
  request: { params: TenantParams },
  responses: { 200: jsonResponse(z.object({ copies: z.array(CopySchema) }), 'Newest first'), ...errorResponses },
});
const read = createRoute({
  method: 'get', path: '/tenants/{tenantId}/debug-copies/{copyId}', tags, security: bearer, summary: 'One debug copy with its sales (ops only)',
  request: { params: CopyParams },
  responses: { 200: jsonResponse(CopySchema.extend({ salesCopied: z.array(CopySaleSchema) }), 'The copy; no sales once destroyed'), ...errorResponses },
});
const destroy = createRoute({
  method: 'delete', path: '/tenants/{tenantId}/debug-copies/{copyId}', tags, security: bearer, summary: 'Destroy a debug copy now (ops only)',
  request: { params: CopyParams },
  responses: { 202: jsonResponse(z.object({ id: z.uuid(), state: z.string() }), 'Its workflow destroys it'), ...errorResponses },
});

/** Debug copies of a tenant's failing sales: made, watched and destroyed by debugCopyWorkflow. Ops only. */
export function debugCopyRoutes(ctx: ApiContext) {
  const view = (row: DebugCopyRow) => ({
    id: row.id, state: row.state, reason: row.reason, requestedBy: row.requestedBy, sales: row.sales,
    createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt.toISOString(), destroyedAt: row.destroyedAt?.toISOString() ?? null,
    destroyedBecause: row.destroyedBecause, workflowId: row.workflowId,
    url: `${ctx.config.temporalUiUrl.replace(/\/+$/, '')}/namespaces/${ctx.config.namespace}/workflows/${row.workflowId}`,
  });

  const router = createRouter();
  router.use('/tenants/:tenantId/debug-copies', requireOps());
  router.use('/tenants/:tenantId/debug-copies/*', requireOps());
  return router
    .openapi(create, async (c) => {
      const { tenantId } = c.req.valid('param');
      if ((await listSaleErrors(ctx.db, tenantId, { status: 'open', limit: 1 })).length === 0) {
        throw conflict('NO_FAILING_SALES', 'The tenant has no failing sales to copy.');
      }
      const id = randomUUID();
      const requestedAt = ctx.now();
      const row = await insertDebugCopy(ctx.db, {
        id, tenantId, requestedBy: opsActor(c.get('user').id), reason: c.req.valid('json').reason,
        workflowId: debugCopyWorkflowId(id), expiresAt: dueAt('debugCopyDestruction', requestedAt),
      });
      const handle = await ctx.temporal.workflow.start<typeof debugCopyWorkflow>('debugCopyWorkflow', {
        workflowId: row.workflowId, taskQueue: ctx.config.taskQueue, args: [{ tenantId, copyId: id, requestedAt: requestedAt.toISOString() }],
        typedSearchAttributes: tenantSearchAttributes(tenantId), workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      });
      return c.json({ ...view(row), url: runUrl(ctx.config, handle.workflowId, handle.firstExecutionRunId) }, 202);
    })
    .openapi(list, async (c) => {
      const rows = await listDebugCopies(ctx.db, c.req.valid('param').tenantId);
      return c.json({ copies: rows.map(view) }, 200);
    })
    .openapi(read, async (c) => {
      const { tenantId, copyId } = c.req.valid('param');
      const row = await getTenantDebugCopy(ctx.db, tenantId, copyId);
      if (!row) throw notFound();
      const sales = await listDebugCopySales(ctx.db, copyId);
      return c.json({
        ...view(row),
        salesCopied: sales.map((s) => ({ orderNumber: s.orderNumber, errorId: s.errorId, sale: s.sale, fetchProblem: s.fetchProblem, error: s.error })),
      }, 200);
    })
    .openapi(destroy, async (c) => {
      const { tenantId, copyId } = c.req.valid('param');
      const row = await getTenantDebugCopy(ctx.db, tenantId, copyId);
      if (!row) throw notFound();
      if (row.state !== 'destroyed') {
        try {
          await ctx.temporal.workflow.getHandle(row.workflowId).signal(destroyDebugCopySignal);
        } catch (error) {
          if (!isWorkflowNotFound(error)) throw error;
          // Its workflow is gone (failed or terminated): destroy the copy here, so no copy outlives its owner.
          await destroyDebugCopy(ctx.db, copyId, 'ops', { tenantId, actor: opsActor(c.get('user').id), action: 'debug-copy.destroyed', reason: `debug copy ${copyId} destroyed: ops asked to destroy it` });
          return c.json({ id: row.id, state: 'destroyed' }, 202);
        }
      }
      return c.json({ id: row.id, state: row.state === 'destroyed' ? 'destroyed' : 'destroying' }, 202);
    });
}
