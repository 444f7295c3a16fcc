import { getConnection } from '../../db/queries/connections';
import { listSaleErrorsByOrderNumber } from '../../db/queries/sale-errors';
import { getSyncedSale, getSyncedSaleByOrderNumber } from '../../db/queries/synced-sales';
import type { SourceVendor } from '../../domain/sale';
import type { SaleProgress } from '../../domain/sync-contracts';
import { saleWorkflowId } from '../../domain/workflow-ids';
import { saleProgressQuery } from '../../workflows/definitions';
import type { ApiContext } from '../deps';
import { errorJson } from '../error-view';
import { describeOrNull, runUrl, withDeadline } from '../temporal';

/** A sale's journey by order number, shared by `GET /tenants/:id/sales/:orderNumber` and the sales page. */

export type SaleJourney = NonNullable<Awaited<ReturnType<typeof loadSaleJourney>>>;

async function progressOf(ctx: ApiContext, workflowId: string, runId: string): Promise<SaleProgress | null> {
  try {
    return await withDeadline(ctx.temporal, ctx.timeouts.temporalQueryMs, () =>
      ctx.temporal.workflow.getHandle(workflowId, runId).query(saleProgressQuery));
  } catch {
    return null; // no worker to answer, or the run is too old to replay: the database still tells most of it
  }
}

/** The journey, or null when doorzet knows nothing of this order number. Debtor values only when `showPii`. */
export async function loadSaleJourney(ctx: ApiContext, tenantId: string, orderNumber: string, showPii: boolean) {
  const source = (await getConnection(ctx.db, tenantId, 'source'))?.vendor ?? null;
  const errors = await listSaleErrorsByOrderNumber(ctx.db, tenantId, orderNumber);
  const byNumber = await getSyncedSaleByOrderNumber(ctx.db, tenantId, orderNumber);
  // The claim and error records know the source's id; failing both, the order number may be the id (as in many shops).
  const externalId = byNumber?.externalId ?? errors[0]?.externalId ?? orderNumber;
  const saleSource: SourceVendor | null = byNumber?.source ?? errors[0]?.source ?? source;
  if (!saleSource) return null;
  const synced = byNumber ?? await getSyncedSale(ctx.db, { tenantId, source: saleSource, externalId });
  const workflowId = saleWorkflowId(tenantId, saleSource, externalId);
  const description = await describeOrNull(ctx.temporal, workflowId, ctx.timeouts.temporalQueryMs);
  if (!description && !synced && errors.length === 0) return null;

  // Only a running sale is asked: a closed one would be replayed on a worker to answer, and Postgres already knows its end.
  const progress = description?.status.name === 'RUNNING' ? await progressOf(ctx, workflowId, description.runId) : null;
  const pending = description?.raw.pendingActivities ?? [];
  const pendingAttempt = pending.reduce<number | null>((max, a) => Math.max(max ?? 0, a.attempt ?? 0), null);
  const latestError = errors[0];
  const state = progress?.state
    ?? (synced?.state === 'posted' || synced?.state === 'changed-after-posting' ? synced.state
      : latestError && !latestError.resolvedAt ? 'failed' : 'unknown');

  return {
    orderNumber,
    source: saleSource,
    externalId,
    state: state as string,
    attempts: pendingAttempt ?? latestError?.attempts ?? null,
    lastError: progress?.lastError ?? (latestError ? { code: latestError.code, message: errorJson(latestError, showPii).message } : null),
    targetDocumentId: progress?.targetDocumentId ?? synced?.targetDocumentId ?? null,
    posted: synced ? {
      state: synced.state as string, amountExclCents: synced.amountExclCents, amountInclCents: synced.amountInclCents,
      postedAt: synced.postedAt?.toISOString() ?? null,
    } : null,
    workflow: description ? {
      workflowId,
      runId: description.runId,
      status: description.status.name as string,
      startedAt: description.startTime.toISOString(),
      closedAt: description.closeTime?.toISOString() ?? null,
      pendingActivity: pending[0]?.activityType?.name ?? null,
      url: runUrl(ctx.config, workflowId, description.runId),
    } : null,
    errors: errors.map((e) => errorJson(e, showPii)),
  };
}
