import { getConnection } from '../../db/queries/connections';
import { readSaleErrors, readSaleJourney, type SyncedSaleRow } from '../../db/queries/api-reads';
import { getSaleJourney, type SaleJourneyRow } from '../../db/queries/sale-journeys';
import type { SaleErrorRow } from '../../db/queries/sale-errors';
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
  // The usual case in two statements side by side: the journey read model (with its sale's record) and the errors.
  const [hit, errors] = await Promise.all([readSaleJourney(ctx.db, tenantId, orderNumber), readSaleErrors(ctx.db, tenantId, orderNumber)]);
  if (hit) return journeyView(ctx, hit.journey, hit.synced, errors, showPii);

  const source = (await getConnection(ctx.db, tenantId, 'source'))?.vendor ?? null;
  const byNumber = await getSyncedSaleByOrderNumber(ctx.db, tenantId, orderNumber);
  // The claim and error records know the source's id; failing both, the order number may be the id (as in many shops).
  const externalId = byNumber?.externalId ?? errors[0]?.externalId ?? orderNumber;
  const saleSource: SourceVendor | null = byNumber?.source ?? errors[0]?.source ?? source;
  if (!saleSource) return null;
  const synced = byNumber ?? await getSyncedSale(ctx.db, { tenantId, source: saleSource, externalId });
  const workflowId = saleWorkflowId(tenantId, saleSource, externalId);
  const posted = postedOf(synced);
  // A journey written before its order number was known, found by the sale's key.
  const kept = await getSaleJourney(ctx.db, { tenantId, source: saleSource, externalId });
  if (kept) return journeyView(ctx, kept, synced, errors, showPii);
  // A sale from before the read model existed: its workflow is described, and asked only while it runs.
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
    posted,
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

function postedOf(synced: SyncedSaleRow | null) {
  return synced ? {
    state: synced.state as string, amountExclCents: synced.amountExclCents, amountInclCents: synced.amountInclCents,
    postedAt: synced.postedAt?.toISOString() ?? null,
  } : null;
}

/** The journey read model, which the sale's activities keep current: answers without asking Temporal. */
function journeyView(ctx: ApiContext, kept: SaleJourneyRow, synced: SyncedSaleRow | null, errors: SaleErrorRow[], showPii: boolean) {
  const latest = errors[0];
  return {
    ...journeyOf(kept, { url: runUrl(ctx.config, kept.workflowId, kept.runId), latestError: latest ? { code: latest.code, message: errorJson(latest, showPii).message, attempts: latest.attempts } : null }),
    posted: postedOf(synced),
    errors: errors.map((e) => errorJson(e, showPii)),
  };
}

/** How a journey's state maps to its workflow's status, which the read model implies instead of describing the run. */
function statusOf(row: SaleJourneyRow): string {
  if (!row.closedAt) return 'RUNNING';
  return row.state === 'failed' ? 'FAILED' : 'COMPLETED';
}

function journeyOf(row: SaleJourneyRow, o: { url: string; latestError: { code: string; message: string; attempts: number } | null }) {
  const open = !row.closedAt;
  return {
    orderNumber: row.orderNumber ?? row.externalId,
    source: row.source,
    externalId: row.externalId,
    state: row.state,
    attempts: open ? row.attempt : o.latestError?.attempts ?? row.attempt,
    lastError: row.lastErrorCode && o.latestError?.code === row.lastErrorCode ? { code: o.latestError.code, message: o.latestError.message }
      : row.lastErrorCode ? { code: row.lastErrorCode, message: `The last attempt failed with ${row.lastErrorCode}; it is retried.` } : null,
    targetDocumentId: row.targetDocumentId,
    workflow: {
      workflowId: row.workflowId,
      runId: row.runId,
      status: statusOf(row),
      startedAt: row.startedAt.toISOString(),
      closedAt: row.closedAt?.toISOString() ?? null,
      pendingActivity: open ? row.pendingStep : null,
      url: o.url,
    },
  };
}
