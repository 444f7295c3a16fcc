import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { getConnection } from '../../db/queries/connections';
import { appendPlatformLog } from '../../db/queries/platform-log';
import type { BackfillProgress } from '../../domain/backfill-contracts';
import { backfillWorkflowId } from '../../domain/workflow-ids';
import type { backfillWorkflow } from '../../workflows/backfill.workflow';
import { backfillProgressQuery, cancelBackfillSignal, pauseBackfillSignal, resumeBackfillSignal } from '../../workflows/backfill-definitions';
import type { ApiContext } from '../deps';
import { ApiError, conflict } from '../errors';
import { createRouter } from '../router';
import { bearer, ErrorBodySchema, errorResponses, jsonBody, jsonResponse, TenantParams } from '../schemas';
import { describeOrNull, isWorkflowNotFound, runUrl, tenantSearchAttributes, withDeadline } from '../temporal';

const Instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const toInstant = (value: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value).toISOString();

const BackfillRequestSchema = z.object({
  from: Instant.openapi({ description: 'Orders placed at or after (ISO date = 00:00 UTC, or date-time)', example: '2025-01-01' }),
  to: Instant.openapi({ description: 'Orders placed before; not in the future', example: '2025-04-01' }),
  startPaused: z.boolean().default(false).openapi({ description: 'Stop after the estimate; `resume` books' }),
}).openapi('BackfillRequest');

const CountsSchema = z.object({ created: z.number(), linked: z.number(), alreadySynced: z.number(), failed: z.number(), notBookable: z.number(), refundsStarted: z.number() });
const BackfillSchema = z.object({
  state: z.enum(['estimating', 'running', 'paused', 'done', 'cancelled', 'failed']),
  from: z.string(),
  to: z.string(),
  estimate: z.object({
    orders: z.number(), alreadySynced: z.number(), notBookable: z.number(),
    targetCalls: z.object({ atLeast: z.number(), atMost: z.number() }),
    seconds: z.object({ atLeast: z.number(), atMost: z.number() }),
    rateLimit: z.object({ limit: z.number(), windowMs: z.number() }),
  }).nullable(),
  done: z.number(),
  counts: CountsSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  run: z.object({ workflowId: z.string(), runId: z.string(), url: z.string() }),
}).openapi('Backfill');
const RunSchema = z.object({ workflowId: z.string(), runId: z.string(), url: z.string() }).openapi('BackfillRun');
const SignalSchema = z.object({ workflowId: z.string(), signal: z.string() });

const route = <P extends string>(method: 'get' | 'post', path: P, summary: string) => ({ method, path, tags: ['backfill'], summary, security: bearer });
const noBackfill = jsonResponse(ErrorBodySchema, 'No backfill for this tenant (NO_BACKFILL), or not yours');

const start = createRoute({
  ...route('post', '/tenants/{tenantId}/backfill', 'Book the orders placed in a range: an estimate, then each order looked up in the ledger before it is booked'),
  request: { params: TenantParams, body: jsonBody(BackfillRequestSchema) },
  responses: { 202: jsonResponse(RunSchema, 'The backfill started'), ...errorResponses, 409: jsonResponse(ErrorBodySchema, 'A backfill runs already (BACKFILL_RUNNING), or no source connection (NO_SOURCE)') },
});
const read = createRoute({
  ...route('get', '/tenants/{tenantId}/backfill', 'The latest backfill: estimate, progress and counts'),
  request: { params: TenantParams },
  responses: { 200: jsonResponse(BackfillSchema, 'Progress'), ...errorResponses, 404: noBackfill },
});
const signalRoute = (action: 'pause' | 'resume' | 'cancel') => createRoute({
  ...route('post', `/tenants/{tenantId}/backfill/${action}`, `${action[0]?.toUpperCase()}${action.slice(1)} the running backfill`),
  request: { params: TenantParams },
  responses: { 202: jsonResponse(SignalSchema, 'Signal delivered'), ...errorResponses, 404: noBackfill },
});

const notFound = () => new ApiError(404, 'NO_BACKFILL', 'No backfill runs for this tenant.');

export function backfillRoutes(ctx: ApiContext) {
  const signal = async (tenantId: string, userId: string, action: 'pause' | 'resume' | 'cancel') => {
    const workflowId = backfillWorkflowId(tenantId);
    const description = await describeOrNull(ctx.temporal, workflowId, ctx.timeouts.temporalQueryMs);
    if (description?.status.name !== 'RUNNING') throw notFound();
    const handle = ctx.temporal.workflow.getHandle(workflowId);
    const definition = action === 'pause' ? pauseBackfillSignal : action === 'resume' ? resumeBackfillSignal : cancelBackfillSignal;
    try {
      await handle.signal(definition);
    } catch (error) {
      if (isWorkflowNotFound(error)) throw notFound();
      throw error;
    }
    await appendPlatformLog(ctx.db, { tenantId, actor: `user:${userId}`, action: `backfill.${action}`, message: `backfill.${action}` });
    return { workflowId, signal: definition.name };
  };

  let router = createRouter()
    .openapi(start, async (c) => {
      const { tenantId } = c.req.valid('param');
      const body = c.req.valid('json');
      const from = toInstant(body.from);
      const to = toInstant(body.to);
      if (!(from < to)) throw new ApiError(400, 'VALIDATION', 'The range is empty.', [{ path: 'to', message: '`to` must be after `from`.' }]);
      if (Date.parse(to) > Date.now() + 60_000) throw new ApiError(400, 'VALIDATION', 'The range reaches into the future.', [{ path: 'to', message: '`to` may not be in the future.' }]);
      const source = await getConnection(ctx.db, tenantId, 'source');
      if (!source) throw conflict('NO_SOURCE', 'Set a source connection before a backfill.');
      const workflowId = backfillWorkflowId(tenantId);
      try {
        const handle = await ctx.temporal.workflow.start<typeof backfillWorkflow>('backfillWorkflow', {
          workflowId,
          taskQueue: ctx.config.taskQueue,
          args: [{ tenantId, source: source.vendor, from, to, startPaused: body.startPaused }],
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
          typedSearchAttributes: tenantSearchAttributes(tenantId),
        });
        await appendPlatformLog(ctx.db, { tenantId, actor: `user:${c.get('user').id}`, action: 'backfill.start', message: `backfill ${from} – ${to}` });
        return c.json({ workflowId, runId: handle.firstExecutionRunId, url: runUrl(ctx.config, workflowId, handle.firstExecutionRunId) }, 202);
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) throw conflict('BACKFILL_RUNNING', 'A backfill runs already; pause or cancel it first.');
        throw error;
      }
    })
    .openapi(read, async (c) => {
      const { tenantId } = c.req.valid('param');
      const workflowId = backfillWorkflowId(tenantId);
      const description = await describeOrNull(ctx.temporal, workflowId, ctx.timeouts.temporalQueryMs);
      if (!description) throw notFound();
      const handle = ctx.temporal.workflow.getHandle(workflowId, description.runId);
      // A running backfill answers its query; a finished one returned its last progress.
      const progress: BackfillProgress = description.status.name === 'RUNNING'
        ? await withDeadline(ctx.temporal, ctx.timeouts.temporalQueryMs, () => handle.query(backfillProgressQuery))
        : description.status.name === 'COMPLETED'
          ? await withDeadline(ctx.temporal, ctx.timeouts.temporalQueryMs, () => handle.result() as Promise<BackfillProgress>)
          : await withDeadline(ctx.temporal, ctx.timeouts.temporalQueryMs, () => handle.query(backfillProgressQuery)).catch(() => { throw notFound(); });
      return c.json({ ...progress, run: { workflowId, runId: description.runId, url: runUrl(ctx.config, workflowId, description.runId) } }, 200);
    });
  for (const action of ['pause', 'resume', 'cancel'] as const) {
    router = router.openapi(signalRoute(action), async (c) => c.json(await signal(c.req.valid('param').tenantId, c.get('user').id, action), 202));
  }
  return router;
}
