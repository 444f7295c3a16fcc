import { createRoute, z } from '@hono/zod-openapi';
import { getConnection } from '../../db/queries/connections';
import { findSaleJourney, getSaleJourney, type SaleJourneyRow } from '../../db/queries/sale-journeys';
import { listSaleErrorsByOrderNumber } from '../../db/queries/sale-errors';
import { getSyncedSale, getSyncedSaleByOrderNumber } from '../../db/queries/synced-sales';
import type { SourceVendor } from '../../domain/sale';
import type { SaleProgress } from '../../domain/sync-contracts';
import { saleWorkflowId } from '../../domain/workflow-ids';
import { saleProgressQuery } from '../../workflows/definitions';
import type { ApiContext } from '../deps';
import { errorJson } from '../error-view';
import { notFound } from '../errors';
import { createRouter } from '../router';
import { bearer, canonicalUuid, errorResponses, jsonResponse } from '../schemas';
import { describeOrNull, runUrl, withDeadline } from '../temporal';
import { SaleErrorSchema } from './errors';

const Params = z.object({
  tenantId: canonicalUuid(),
  orderNumber: z.string().regex(/^[A-Za-z0-9._~-]{1,200}$/, 'An order number of letters, digits, . _ ~ and -'),
});

const JourneySchema = z.object({
  orderNumber: z.string(),
  source: z.string(),
  externalId: z.string(),
  state: z.string().openapi({ description: 'fetching … posted, failed, or `unknown` when only old records remain' }),
  attempts: z.number().nullable().openapi({ description: 'Attempt of the activity running now, else of the last error record' }),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  targetDocumentId: z.string().nullable(),
  posted: z.object({
    state: z.string(), amountExclCents: z.number().nullable(), amountInclCents: z.number().nullable(), postedAt: z.string().nullable(),
  }).nullable(),
  workflow: z.object({
    workflowId: z.string(), runId: z.string(), status: z.string(), startedAt: z.string(), closedAt: z.string().nullable(),
    pendingActivity: z.string().nullable(), url: z.string(),
  }).nullable(),
  errors: z.array(SaleErrorSchema),
}).openapi('SaleJourney');

const journey = createRoute({
  method: 'get', path: '/tenants/{tenantId}/sales/{orderNumber}', tags: ['sync'], security: bearer,
  summary: "A sale's journey by order number: state, attempts, last error, target document id",
  request: { params: Params },
  responses: { 200: jsonResponse(JourneySchema, 'The journey'), ...errorResponses },
});

export function saleRoutes(ctx: ApiContext) {
  async function progressOf(workflowId: string, runId: string): Promise<SaleProgress | null> {
    try {
      return await withDeadline(ctx.temporal, ctx.timeouts.temporalQueryMs, () =>
        ctx.temporal.workflow.getHandle(workflowId, runId).query(saleProgressQuery));
    } catch {
      return null; // no worker to answer, or the run is too old to replay: the database still tells most of it
    }
  }

  return createRouter().openapi(journey, async (c) => {
    const { tenantId, orderNumber } = c.req.valid('param');
    const user = c.get('user');
    const source = (await getConnection(ctx.db, tenantId, 'source'))?.vendor ?? null;
    const errors = await listSaleErrorsByOrderNumber(ctx.db, tenantId, orderNumber);
    const byNumber = await getSyncedSaleByOrderNumber(ctx.db, tenantId, orderNumber);
    // The claim and error records know the source's id; failing both, the order number may be the id (as in many shops).
    const externalId = byNumber?.externalId ?? errors[0]?.externalId ?? orderNumber;
    const saleSource: SourceVendor | null = byNumber?.source ?? errors[0]?.source ?? source;
    if (!saleSource) throw notFound();
    const synced = byNumber ?? await getSyncedSale(ctx.db, { tenantId, source: saleSource, externalId });
    const workflowId = saleWorkflowId(tenantId, saleSource, externalId);
    // The journey read model, which the sale's activities keep current, answers without asking Temporal.
    const kept = await findSaleJourney(ctx.db, tenantId, orderNumber) ?? await getSaleJourney(ctx.db, { tenantId, source: saleSource, externalId });
    if (kept) {
      const latest = errors[0];
      return c.json({
        ...journeyOf(kept, { url: runUrl(ctx.config, kept.workflowId, kept.runId), latestError: latest ? { code: latest.code, message: errorJson(latest, user.role === 'tenant').message, attempts: latest.attempts } : null }),
        posted: synced ? {
          state: synced.state, amountExclCents: synced.amountExclCents, amountInclCents: synced.amountInclCents,
          postedAt: synced.postedAt?.toISOString() ?? null,
        } : null,
        errors: errors.map((e) => errorJson(e, user.role === 'tenant')),
      }, 200);
    }
    // A sale from before the read model existed: its workflow is described (never queried).
    const description = await describeOrNull(ctx.temporal, workflowId, ctx.timeouts.temporalQueryMs);
    if (!description && !synced && errors.length === 0) throw notFound();

    // Only a running sale is asked: a closed one would be replayed on a worker to answer, and Postgres already knows its end.
    const progress = description?.status.name === 'RUNNING' ? await progressOf(workflowId, description.runId) : null;
    const pending = description?.raw.pendingActivities ?? [];
    const pendingAttempt = pending.reduce<number | null>((max, a) => Math.max(max ?? 0, a.attempt ?? 0), null);
    const latestError = errors[0];
    const showPii = user.role === 'tenant';
    const state = progress?.state
      ?? (synced?.state === 'posted' || synced?.state === 'changed-after-posting' ? synced.state
        : latestError && !latestError.resolvedAt ? 'failed' : 'unknown');

    return c.json({
      orderNumber,
      source: saleSource,
      externalId,
      state,
      attempts: pendingAttempt ?? latestError?.attempts ?? null,
      lastError: progress?.lastError ?? (latestError ? { code: latestError.code, message: errorJson(latestError, showPii).message } : null),
      targetDocumentId: progress?.targetDocumentId ?? synced?.targetDocumentId ?? null,
      posted: synced ? {
        state: synced.state, amountExclCents: synced.amountExclCents, amountInclCents: synced.amountInclCents,
        postedAt: synced.postedAt?.toISOString() ?? null,
      } : null,
      workflow: description ? {
        workflowId,
        runId: description.runId,
        status: description.status.name,
        startedAt: description.startTime.toISOString(),
        closedAt: description.closeTime?.toISOString() ?? null,
        pendingActivity: pending[0]?.activityType?.name ?? null,
        url: runUrl(ctx.config, workflowId, description.runId),
      } : null,
      errors: errors.map((e) => errorJson(e, showPii)),
    }, 200);
  });
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
