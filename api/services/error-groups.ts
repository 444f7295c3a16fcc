import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { getTenantSaleError, listSaleErrors, type SaleErrorRow, type SaleErrorStatus } from '../../db/queries/sale-errors';
import type { SessionUser } from '../../db/queries/sessions';
import { describeError, type ErrorCause } from '../../domain/error-catalogue';
import { saleWorkflowId } from '../../domain/workflow-ids';
import type { saleWorkflow } from '../../workflows/sale.workflow';
import type { ApiContext } from '../deps';
import { errorJson } from '../error-view';
import { conflict, notFound } from '../errors';
import { runUrl, tenantSearchAttributes } from '../temporal';

/** Error records grouped by cause, and retries; shared by the JSON routes and the errors page. */

export function groupByCause(rows: SaleErrorRow[], showPii: boolean) {
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

export type ErrorGroup = ReturnType<typeof groupByCause>[number];

export async function loadErrorGroups(ctx: ApiContext, tenantId: string, status: SaleErrorStatus, showPii: boolean): Promise<ErrorGroup[]> {
  return groupByCause(await listSaleErrors(ctx.db, tenantId, { status }), showPii);
}

/** A new run of the sale under the same workflow id; Temporal refuses while one runs or after one succeeded. */
async function retry(ctx: ApiContext, tenantId: string, row: SaleErrorRow) {
  const workflowId = saleWorkflowId(tenantId, row.source, row.externalId);
  try {
    const handle = await ctx.temporal.workflow.start<typeof saleWorkflow>('saleWorkflow', {
      workflowId,
      taskQueue: ctx.config.taskQueue,
      args: [{ tenantId, source: row.source, externalId: row.externalId }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      typedSearchAttributes: tenantSearchAttributes(tenantId),
    });
    const runId = handle.firstExecutionRunId;
    return { errorId: row.id, orderNumber: row.orderNumber, outcome: 'started' as const, workflowId, runId, url: runUrl(ctx.config, workflowId, runId) };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return { errorId: row.id, orderNumber: row.orderNumber, outcome: 'already-running' as const, workflowId, runId: null, url: null };
  }
}

/** Retries the sale of one unresolved error; 404 when not the tenant's, 409 when resolved or running. */
export async function retryOneError(ctx: ApiContext, tenantId: string, errorId: string, user: SessionUser) {
  const row = await getTenantSaleError(ctx.db, tenantId, errorId);
  if (!row) throw notFound();
  if (row.resolvedAt) throw conflict('ALREADY_RESOLVED', 'This error is resolved; there is nothing to retry.');
  const outcome = await retry(ctx, tenantId, row);
  if (outcome.outcome !== 'started') throw conflict('RUN_IN_PROGRESS', 'A run of this sale is going (or has completed); retry after it fails.');
  await appendPlatformLog(ctx.db, { tenantId, actor: `user:${user.id}`, action: 'error.retry', message: `retry of error ${row.id}` });
  return outcome;
}

/** Retries every unresolved error of one cause: one run per sale, however many error records it has. */
export async function retryErrorCause(ctx: ApiContext, tenantId: string, cause: ErrorCause, user: SessionUser) {
  const rows = await listSaleErrors(ctx.db, tenantId, { status: 'open', cause });
  const perSale = new Map<string, SaleErrorRow>();
  for (const row of rows) if (!perSale.has(`${row.source}:${row.externalId}`)) perSale.set(`${row.source}:${row.externalId}`, row);
  const results = [];
  for (const row of perSale.values()) results.push(await retry(ctx, tenantId, row));
  const started = results.filter((r) => r.outcome === 'started').length;
  await appendPlatformLog(ctx.db, {
    tenantId, actor: `user:${user.id}`, action: 'error.retry-cause', message: `retry of cause ${cause}: ${started} started`,
  });
  return { started, alreadyRunning: results.length - started, results };
}
