import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { getConnection } from '../../db/queries/connections';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { getSyncStatus, syncStatusOf } from '../../db/queries/sync-status';
import type { TenantSyncStatus } from '../../domain/sync-contracts';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { pauseSyncSignal, resumeSyncSignal, syncNowSignal, syncStatusQuery } from '../../workflows/definitions';
import type { tenantSyncWorkflow } from '../../workflows/tenant-sync.workflow';
import type { ApiContext } from '../deps';
import { ApiError, conflict } from '../errors';
import { createRouter } from '../router';
import { bearer, ErrorBodySchema, errorResponses, jsonBody, jsonResponse, TenantParams } from '../schemas';
import { createTtlCache } from '../ttl-cache';
import { describeOrNull, isWorkflowNotFound, runUrl, tenantSearchAttributes, withDeadline } from '../temporal';

const RunSchema = z.object({ workflowId: z.string(), runId: z.string(), url: z.string() }).openapi('WorkflowRun');
const AcceptedSchema = z.object({ workflowId: z.string(), signal: z.string() }).openapi('SignalSent');

const SyncStatusSchema = z.object({
  tenantId: z.string(),
  state: z.enum(['running', 'paused']),
  paused: z.object({ reason: z.string(), by: z.string(), since: z.string() }).nullable(),
  cursor: z.string().nullable(),
  queued: z.number(),
  inFlight: z.number(),
  lastPollAt: z.string().nullable(),
  lastPollError: z.string().nullable(),
  nextPollAt: z.string().nullable(),
  counts: z.object({ posted: z.number(), skippedDuplicate: z.number(), changedAfterPosting: z.number(), failed: z.number() }),
  run: RunSchema,
  asOf: z.string().nullable().openapi({ description: 'When the sync last wrote this status (its milestones: polls, pauses, sales finishing)' }),
}).openapi('SyncStatus');

const notRunningResponse = jsonResponse(ErrorBodySchema, 'No sync runs for this tenant (code SYNC_NOT_RUNNING), or not yours (NOT_FOUND)');
const signalResponses = { 202: jsonResponse(AcceptedSchema, 'Signal delivered'), ...errorResponses, 404: notRunningResponse };

const route = <P extends string>(method: 'get' | 'post', path: P, summary: string) => ({ method, path, tags: ['sync'], summary, security: bearer });

const start = createRoute({
  ...route('post', '/tenants/{tenantId}/sync/start', "Start the tenant's sync workflow (a running one is kept)"),
  request: { params: TenantParams },
  responses: { 200: jsonResponse(RunSchema, 'The sync run'), ...errorResponses, 409: jsonResponse(ErrorBodySchema, 'The tenant has no source connection') },
});
const pause = createRoute({
  ...route('post', '/tenants/{tenantId}/sync/pause', 'Pause the sync'),
  request: { params: TenantParams, body: jsonBody(z.object({ reason: z.string().trim().min(1).max(200) }).openapi('PauseRequest')) },
  responses: signalResponses,
});
const resume = createRoute({ ...route('post', '/tenants/{tenantId}/sync/resume', 'Resume a paused sync'), request: { params: TenantParams }, responses: signalResponses });
const syncNow = createRoute({ ...route('post', '/tenants/{tenantId}/sync/sync-now', 'Poll the source now'), request: { params: TenantParams }, responses: signalResponses });
const status = createRoute({
  ...route('get', '/tenants/{tenantId}/sync', "The sync's status, as the workflow last wrote it (read model)"),
  request: { params: TenantParams },
  responses: { 200: jsonResponse(SyncStatusSchema, 'Status'), ...errorResponses, 404: notRunningResponse, 503: jsonResponse(ErrorBodySchema, 'The workflow did not answer (no worker?)') },
});

const notRunning = () => new ApiError(404, 'SYNC_NOT_RUNNING', 'No sync runs for this tenant.');

/** Status answers this old are served without asking the workflow again; a signal sent from here clears it. */
const STATUS_CACHE_MS = 1_000;

export function syncRoutes(ctx: ApiContext) {
  const statusCache = createTtlCache<TenantSyncStatus & { run: { workflowId: string; runId: string; url: string }; asOf: string | null }>(STATUS_CACHE_MS);

  async function signal(tenantId: string, send: (h: ReturnType<typeof ctx.temporal.workflow.getHandle>) => Promise<void>) {
    const workflowId = tenantSyncWorkflowId(tenantId);
    statusCache.forget(tenantId);
    try {
      await send(ctx.temporal.workflow.getHandle(workflowId));
    } catch (error) {
      if (isWorkflowNotFound(error)) throw notRunning();
      throw error;
    }
    return workflowId;
  }
  const log = (tenantId: string, actorId: string, action: string) =>
    appendPlatformLog(ctx.db, { tenantId, actor: `user:${actorId}`, action, message: action });

  return createRouter()
    .openapi(start, async (c) => {
      const { tenantId } = c.req.valid('param');
      const source = await getConnection(ctx.db, tenantId, 'source');
      if (!source) throw conflict('NO_SOURCE', 'Set a source connection before starting the sync.');
      const handle = await ctx.temporal.workflow.start<typeof tenantSyncWorkflow>('tenantSyncWorkflow', {
        workflowId: tenantSyncWorkflowId(tenantId),
        taskQueue: ctx.config.taskQueue,
        args: [{
          tenantId, source: source.vendor,
          pollIntervalSeconds: ctx.config.syncPollIntervalSeconds, concurrency: ctx.config.saleConcurrency,
        }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        typedSearchAttributes: tenantSearchAttributes(tenantId),
      });
      await log(tenantId, c.get('user').id, 'sync.start');
      return c.json({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId, url: runUrl(ctx.config, handle.workflowId, handle.firstExecutionRunId) }, 200);
    })
    .openapi(pause, async (c) => {
      const { tenantId } = c.req.valid('param');
      const user = c.get('user');
      const { reason } = c.req.valid('json');
      const workflowId = await signal(tenantId, (h) => h.signal(pauseSyncSignal, { reason, by: user.role === 'ops' ? 'ops' : 'merchant' }));
      await log(tenantId, user.id, 'sync.pause');
      return c.json({ workflowId, signal: 'pauseSync' }, 202);
    })
    .openapi(resume, async (c) => {
      const { tenantId } = c.req.valid('param');
      const workflowId = await signal(tenantId, (h) => h.signal(resumeSyncSignal));
      await log(tenantId, c.get('user').id, 'sync.resume');
      return c.json({ workflowId, signal: 'resumeSync' }, 202);
    })
    .openapi(syncNow, async (c) => {
      const { tenantId } = c.req.valid('param');
      const workflowId = await signal(tenantId, (h) => h.signal(syncNowSignal));
      return c.json({ workflowId, signal: 'syncNow' }, 202);
    })
    .openapi(status, async (c) => {
      const { tenantId } = c.req.valid('param');
      // The read model the workflow keeps; only a sync that has not written it yet (just started, or a run
      // from before the read model existed) is asked by query.
      const row = await getSyncStatus(ctx.db, tenantId);
      if (row) {
        return c.json({
          ...syncStatusOf(row), run: { workflowId: row.workflowId, runId: row.runId, url: runUrl(ctx.config, row.workflowId, row.runId) }, asOf: row.writtenAt.toISOString(),
        }, 200);
      }
      const body = await statusCache.get(tenantId, async () => {
        const workflowId = tenantSyncWorkflowId(tenantId);
        const description = await describeOrNull(ctx.temporal, workflowId, ctx.timeouts.temporalQueryMs);
        if (!description || description.status.name !== 'RUNNING') throw notRunning();
        const handle = ctx.temporal.workflow.getHandle(workflowId, description.runId);
        const result = await withDeadline(ctx.temporal, ctx.timeouts.temporalQueryMs, () => handle.query(syncStatusQuery));
        return { ...result, run: { workflowId, runId: description.runId, url: runUrl(ctx.config, workflowId, description.runId) }, asOf: null };
      });
      return c.json(body, 200);
    });
}
