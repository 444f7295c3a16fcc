import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { getTenantSaleError, listSaleErrors, type SaleErrorRow } from '../../db/queries/sale-errors';
import { describeError, ERROR_CAUSES } from '../../domain/error-catalogue';
import { refundWorkflowId, saleWorkflowId } from '../../domain/workflow-ids';
import type { refundWorkflow } from '../../workflows/refund.workflow';
import type { saleWorkflow } from '../../workflows/sale.workflow';
import type { ApiContext } from '../deps';
import { errorJson } from '../error-view';
import { conflict, notFound } from '../errors';
import { createRouter } from '../router';
import { bearer, canonicalUuid, ErrorBodySchema, errorResponses, jsonBody, jsonResponse, TenantParams } from '../schemas';
import { runUrl, tenantSearchAttributes } from '../temporal';

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
  request: { params: z.object({ tenantId: canonicalUuid(), errorId: canonicalUuid() }) },
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

function groupByCause(rows: SaleErrorRow[], showPii: boolean) {
  const groups = new Map<string, SaleErrorRow[]>();
  for (const row of rows) groups.set(row.cause, [...(groups.get(row.cause) ?? []), row]);
  return [...groups.entries()].map(([cause, members]) => {
    const counts = new Map<string, number>();
    for (const m of members) counts.set(m.code, (counts.get(m.code) ?? 0) + 1);
    const codes = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([code, count]) => {
      const d = describeError(code);
      return { code, count, explanation: d.explanation, fix: d.fix };
    });
    const top = codes[0] ?? { explanation: '', fix: '' };
    return { cause, count: members.length, explanation: top.explanation, fix: top.fix, codes, errors: members.map((m) => errorJson(m, showPii)) };
  }).sort((a, b) => b.count - a.count);
}

export function errorRoutes(ctx: ApiContext) {
  /** A new run of the sale under the same workflow id; Temporal refuses while one runs or after one succeeded. */
  async function retry(tenantId: string, row: SaleErrorRow) {
    // A refund's error records are kept under `<order id>/refunds/<refund id>`: retry starts its refund workflow.
    const refund = /^(.+)\/refunds\/(.+)$/.exec(row.externalId);
    const workflowId = refund
      ? refundWorkflowId(tenantId, row.source, refund[1] ?? '', refund[2] ?? '')
      : saleWorkflowId(tenantId, row.source, row.externalId);
    try {
      const options = {
        workflowId,
        taskQueue: ctx.config.taskQueue,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        typedSearchAttributes: tenantSearchAttributes(tenantId),
      };
      const handle = refund
        ? await ctx.temporal.workflow.start<typeof refundWorkflow>('refundWorkflow', {
          ...options, args: [{ tenantId, source: row.source, orderExternalId: refund[1] ?? '', refundExternalId: refund[2] ?? '' }],
        })
        : await ctx.temporal.workflow.start<typeof saleWorkflow>('saleWorkflow', { ...options, args: [{ tenantId, source: row.source, externalId: row.externalId }] });
      const runId = handle.firstExecutionRunId;
      return { errorId: row.id, orderNumber: row.orderNumber, outcome: 'started' as const, workflowId, runId, url: runUrl(ctx.config, workflowId, runId) };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      return { errorId: row.id, orderNumber: row.orderNumber, outcome: 'already-running' as const, workflowId, runId: null, url: null };
    }
  }

  return createRouter()
    .openapi(list, async (c) => {
      const { tenantId } = c.req.valid('param');
      const rows = await listSaleErrors(ctx.db, tenantId, { status: c.req.valid('query').status });
      return c.json({ groups: groupByCause(rows, c.get('user').role === 'tenant') }, 200);
    })
    .openapi(retryOne, async (c) => {
      const { tenantId, errorId } = c.req.valid('param');
      const row = await getTenantSaleError(ctx.db, tenantId, errorId);
      if (!row) throw notFound();
      if (row.resolvedAt) throw conflict('ALREADY_RESOLVED', 'This error is resolved; there is nothing to retry.');
      const outcome = await retry(tenantId, row);
      if (outcome.outcome !== 'started') throw conflict('RUN_IN_PROGRESS', 'A run of this sale is going (or has completed); retry after it fails.');
      await appendPlatformLog(ctx.db, { tenantId, actor: `user:${c.get('user').id}`, action: 'error.retry', message: `retry of error ${row.id}` });
      return c.json(outcome, 202);
    })
    .openapi(retryCause, async (c) => {
      const { tenantId } = c.req.valid('param');
      const { cause } = c.req.valid('json');
      const rows = await listSaleErrors(ctx.db, tenantId, { status: 'open', cause });
      // One run per sale, however many error records it has.
      const perSale = new Map<string, SaleErrorRow>();
      for (const row of rows) if (!perSale.has(`${row.source}:${row.externalId}`)) perSale.set(`${row.source}:${row.externalId}`, row);
      const results = [];
      for (const row of perSale.values()) results.push(await retry(tenantId, row));
      const started = results.filter((r) => r.outcome === 'started').length;
      await appendPlatformLog(ctx.db, {
        tenantId, actor: `user:${c.get('user').id}`, action: 'error.retry-cause', message: `retry of cause ${cause}: ${started} started`,
      });
      return c.json({ started, alreadyRunning: results.length - started, results }, 202);
    });
}
