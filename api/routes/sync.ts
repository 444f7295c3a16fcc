import { createRoute, z } from '@hono/zod-openapi';
import type { ApiContext } from '../deps';
import { createRouter } from '../router';
import { syncService } from '../services/sync';
import { bearer, ErrorBodySchema, errorResponses, jsonBody, jsonResponse, TenantParams } from '../schemas';

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
  counts: z.object({ posted: z.number(), skippedDuplicate: z.number(), skippedZeroValue: z.number().optional(), changedAfterPosting: z.number(), failed: z.number(), collected: z.number().optional() }),
  run: RunSchema,
  asOf: z.string().nullable().openapi({ description: 'When the sync last wrote this status (its milestones: polls, pauses, sales finishing); null when answered by the workflow itself' }),
  completeness: z.object({ day: z.string(), missingOrders: z.number(), missingRefunds: z.number(), checkedAt: z.string() }).nullable()
    .openapi({ description: 'The latest daily completeness check; gaps are error records too' }),
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

export function syncRoutes(ctx: ApiContext) {
  const sync = syncService(ctx);
  return createRouter()
    .openapi(start, async (c) => c.json(await sync.start(c.req.valid('param').tenantId, c.get('user')), 200))
    .openapi(pause, async (c) => {
      const workflowId = await sync.pause(c.req.valid('param').tenantId, c.get('user'), c.req.valid('json').reason);
      return c.json({ workflowId, signal: 'pauseSync' }, 202);
    })
    .openapi(resume, async (c) => {
      const workflowId = await sync.resume(c.req.valid('param').tenantId, c.get('user'));
      return c.json({ workflowId, signal: 'resumeSync' }, 202);
    })
    .openapi(syncNow, async (c) => {
      const workflowId = await sync.syncNow(c.req.valid('param').tenantId);
      return c.json({ workflowId, signal: 'syncNow' }, 202);
    })
    .openapi(status, async (c) => c.json(await sync.status(c.req.valid('param').tenantId), 200));
}
