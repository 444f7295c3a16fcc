import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { setTargetAdministration } from '../../db/queries/connection-administration';
import { getTargetTokens } from '../../db/queries/oauth-tokens';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { administrationsWorkflowId, tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { resumeSyncSignal } from '../../workflows/definitions';
import type { OAuthConnectResult } from '../../workflows/oauth-connect.workflow';
import type { ApiContext } from '../deps';
import { ApiError, fieldError } from '../errors';
import { isWorkflowNotFound, tenantSearchAttributes } from '../temporal';

/** Runs a short workflow and waits for its result, like the connection test (the API never calls a vendor). */
export async function runShortWorkflow<T>(ctx: ApiContext, workflowId: string, tenantId: string, type: string, args: unknown[]): Promise<T> {
  const handle = await ctx.temporal.workflow.start(type, {
    workflowId, taskQueue: ctx.config.taskQueue, args, typedSearchAttributes: tenantSearchAttributes(tenantId), workflowExecutionTimeout: '2 minutes',
  });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ctx.timeouts.connectionTestMs);
  try {
    return (await ctx.temporal.withAbortSignal(abort.signal, () => handle.result())) as T;
  } catch (error) {
    if (abort.signal.aborted) throw new ApiError(504, 'TIMEOUT', 'The accounting system did not answer in time; is a worker running?');
    if (error instanceof WorkflowFailedError) throw new ApiError(409, 'UNEXPECTED', 'The accounting system could not be reached.');
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The administrations the tenant's OAuth target can book into, asked of the vendor in a workflow. */
export async function listTargetAdministrations(ctx: ApiContext, tenantId: string) {
  const result = await runShortWorkflow<OAuthConnectResult>(ctx, administrationsWorkflowId(tenantId, randomUUID()), tenantId, 'administrationsWorkflow', [{ tenantId }]);
  if (!result.ok) throw new ApiError(409, result.code, result.message);
  return result;
}

/** Signals the tenant's sync to resume; no sync running is fine. */
export async function resumeTenantSync(ctx: ApiContext, tenantId: string): Promise<void> {
  try {
    await ctx.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).signal(resumeSyncSignal);
  } catch (error) {
    if (!isWorkflowNotFound(error)) throw error;
  }
}

/** Chooses one of the listed administrations; shared by `PUT …/connections/target/administration` and the dashboard. */
export async function chooseTargetAdministration(ctx: ApiContext, tenantId: string, id: string, user: { id: string }) {
  const result = await listTargetAdministrations(ctx, tenantId);
  const chosen = result.administrations.find((a) => a.id === id);
  if (!chosen) throw fieldError('id', 'Not one of the administrations this connection can use.');
  const tokens = await getTargetTokens(ctx.db, tenantId);
  const grantAlive = !tokens?.tokens?.deadAt;
  await setTargetAdministration(ctx.db, tenantId, { id: chosen.id, name: chosen.name }, { clearRejection: grantAlive });
  await appendPlatformLog(ctx.db, { tenantId, actor: `user:${user.id}`, action: 'connection.administration-chosen', message: `target administration ${chosen.id} chosen` });
  // A sync waiting for this choice (or paused for a rejected connection) goes on, unless the grant itself is dead.
  if (grantAlive) await resumeTenantSync(ctx, tenantId);
  return { administrations: result.administrations, chosen: chosen.id };
}
