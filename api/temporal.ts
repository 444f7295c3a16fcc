import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import { SEARCH_ATTRIBUTE_TENANT_ID } from '../domain/workflow-ids';
import type { ApiConfig } from './deps';
import { ApiError } from './errors';

export const tenantIdSearchAttribute = defineSearchAttributeKey(SEARCH_ATTRIBUTE_TENANT_ID, SearchAttributeType.KEYWORD);

/** The tenant id as a search attribute: visible without the codec, so ids only. */
export function tenantSearchAttributes(tenantId: string): TypedSearchAttributes {
  return new TypedSearchAttributes([{ key: tenantIdSearchAttribute, value: tenantId }]);
}

/** A run's history in the Temporal UI. */
export function runUrl(config: ApiConfig, workflowId: string, runId: string): string {
  return `${config.temporalUiUrl.replace(/\/+$/, '')}/namespaces/${config.namespace}/workflows/${workflowId}/${runId}/history`;
}

export function isWorkflowNotFound(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError;
}

/** Runs Temporal calls with a deadline; a call that does not answer in time becomes a 503. */
export async function withDeadline<T>(client: Client, ms: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ms;
  try {
    return await client.withDeadline(deadline, fn);
  } catch (error) {
    if (isWorkflowNotFound(error) || error instanceof ApiError) throw error;
    // Past the deadline the server's answer varies (DEADLINE_EXCEEDED, CANCELLED, an internal error): all mean "no answer in time".
    if (grpcCodeIn(error, [DEADLINE_EXCEEDED, UNAVAILABLE]) || Date.now() >= deadline) {
      throw new ApiError(503, 'TEMPORAL_UNAVAILABLE', 'Temporal did not answer in time.');
    }
    throw error;
  }
}

export async function describeOrNull(client: Client, workflowId: string, ms: number): Promise<WorkflowExecutionDescription | null> {
  try {
    return await withDeadline(client, ms, () => client.workflow.getHandle(workflowId).describe());
  } catch (error) {
    if (isWorkflowNotFound(error)) return null;
    throw error;
  }
}

const DEADLINE_EXCEEDED = 4;
const UNAVAILABLE = 14;

/** Whether a gRPC status code in `codes` appears anywhere in the cause chain (the client wraps them in ServiceError). */
function grpcCodeIn(error: unknown, codes: number[]): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && codes.includes(code)) return true;
  }
  return false;
}
