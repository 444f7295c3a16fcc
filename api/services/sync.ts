import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { listCompletenessReports } from '../../db/queries/completeness';
import { getConnection } from '../../db/queries/connections';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { readSyncStatus } from '../../db/queries/api-reads';
import { syncStatusOf } from '../../db/queries/sync-status';
import type { TenantSyncStatus } from '../../domain/sync-contracts';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { pauseSyncSignal, resumeSyncSignal, syncNowSignal, syncStatusQuery } from '../../workflows/definitions';
import type { tenantSyncWorkflow } from '../../workflows/tenant-sync.workflow';
import type { ApiContext } from '../deps';
import { ApiError, conflict } from '../errors';
import type { SessionUser } from '../../db/queries/sessions';
import { createTtlCache } from '../ttl-cache';
import { describeOrNull, isWorkflowNotFound, runUrl, tenantSearchAttributes, withDeadline } from '../temporal';

/** Sync control and status, shared by the JSON routes and the dashboard pages. */

export interface RunRef { workflowId: string; runId: string; url: string }
/** The latest daily completeness check (counts only; the gaps are error records too). */
export interface CompletenessSummary { day: string; missingOrders: number; missingRefunds: number; checkedAt: string }
/** `asOf`: when the workflow last wrote the status read model; null when it was answered by a query. */
export type SyncStatusView = TenantSyncStatus & { run: RunRef; asOf: string | null; completeness: CompletenessSummary | null };

export const syncNotRunning = () => new ApiError(404, 'SYNC_NOT_RUNNING', 'No sync runs for this tenant.');

/** Status answers this old are served without asking the workflow again; a signal sent from here clears it. */
const STATUS_CACHE_MS = 1_000;

const services = new WeakMap<ApiContext, ReturnType<typeof createSyncService>>();

/** One service per API context, so the JSON routes and the pages share the status cache. */
export function syncService(ctx: ApiContext) {
  let service = services.get(ctx);
  if (!service) services.set(ctx, (service = createSyncService(ctx)));
  return service;
}

function createSyncService(ctx: ApiContext) {
  const statusCache = createTtlCache<SyncStatusView>(STATUS_CACHE_MS);
  const log = (tenantId: string, actorId: string, action: string) =>
    appendPlatformLog(ctx.db, { tenantId, actor: `user:${actorId}`, action, message: action });

  async function signal(tenantId: string, send: (h: ReturnType<typeof ctx.temporal.workflow.getHandle>) => Promise<void>) {
    const workflowId = tenantSyncWorkflowId(tenantId);
    statusCache.forget(tenantId);
    try {
      // Temporal down or not answering: 503 TEMPORAL_UNAVAILABLE (the merchant may try again), not a 500.
      await withDeadline(ctx.temporal, ctx.timeouts.temporalQueryMs, () => send(ctx.temporal.workflow.getHandle(workflowId)));
    } catch (error) {
      if (isWorkflowNotFound(error)) throw syncNotRunning();
      throw error;
    }
    return workflowId;
  }

  return {
    async start(tenantId: string, user: SessionUser): Promise<RunRef> {
      const source = await getConnection(ctx.db, tenantId, 'source');
      if (!source) throw conflict('NO_SOURCE', 'Set a source connection before starting the sync.');
      statusCache.forget(tenantId);
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
      await log(tenantId, user.id, 'sync.start');
      return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId, url: runUrl(ctx.config, handle.workflowId, handle.firstExecutionRunId) };
    },

    async pause(tenantId: string, user: SessionUser, reason: string): Promise<string> {
      const workflowId = await signal(tenantId, (h) => h.signal(pauseSyncSignal, { reason, by: user.role === 'ops' ? 'ops' : 'merchant' }));
      await log(tenantId, user.id, 'sync.pause');
      return workflowId;
    },

    async resume(tenantId: string, user: SessionUser): Promise<string> {
      const workflowId = await signal(tenantId, (h) => h.signal(resumeSyncSignal));
      await log(tenantId, user.id, 'sync.resume');
      return workflowId;
    },

    syncNow(tenantId: string): Promise<string> {
      return signal(tenantId, (h) => h.signal(syncNowSignal));
    },

    /**
     * The status as the workflow last wrote it (read model sync_status, written at its milestones); only a sync
     * that has not written it yet (just started, or a run from before the read model) is asked by query, cached
     * for a second. SYNC_NOT_RUNNING when no sync runs.
     */
    async status(tenantId: string): Promise<SyncStatusView> {
      async function completenessOf(id: string): Promise<CompletenessSummary | null> {
        const [latest] = await listCompletenessReports(ctx.db, id, 1);
        return latest
          ? { day: latest.day, missingOrders: latest.missingOrders.length, missingRefunds: latest.missingRefunds.length, checkedAt: latest.checkedAt.toISOString() }
          : null;
      }
      // The read model and the latest completeness counts in one statement: a dashboard polls this.
      const read = await readSyncStatus(ctx.db, tenantId);
      if (read) {
        const { status: row, completeness: c } = read;
        return {
          ...syncStatusOf(row), run: { workflowId: row.workflowId, runId: row.runId, url: runUrl(ctx.config, row.workflowId, row.runId) }, asOf: row.writtenAt.toISOString(),
          completeness: c ? { day: c.day, missingOrders: c.missingOrders, missingRefunds: c.missingRefunds, checkedAt: c.checkedAt.toISOString() } : null,
        };
      }
      return statusCache.get(tenantId, async () => {
        const workflowId = tenantSyncWorkflowId(tenantId);
        const description = await describeOrNull(ctx.temporal, workflowId, ctx.timeouts.temporalQueryMs);
        if (!description || description.status.name !== 'RUNNING') throw syncNotRunning();
        const handle = ctx.temporal.workflow.getHandle(workflowId, description.runId);
        const result = await withDeadline(ctx.temporal, ctx.timeouts.temporalQueryMs, () => handle.query(syncStatusQuery));
        return { ...result, run: { workflowId, runId: description.runId, url: runUrl(ctx.config, workflowId, description.runId) }, asOf: null, completeness: await completenessOf(tenantId) };
      });
    },

    /** Like status(), but null when no sync runs. */
    async statusOrNull(tenantId: string): Promise<SyncStatusView | null> {
      try {
        return await this.status(tenantId);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'SYNC_NOT_RUNNING') return null;
        throw error;
      }
    },
  };
}
