import type { WorkflowService } from '@temporalio/client';
import { msNumberToTs, optionalTsToMs } from '@temporalio/common';
import { TEMPORAL_RETENTION_MAX_DAYS } from '../domain/retention-policy';

const DAY_MS = 86_400_000;

export interface NamespaceRetention {
  beforeDays: number | null;
  afterDays: number;
  changed: boolean;
}

/**
 * Lowers the namespace's history retention to `maxDays`, and never above the policy's 30 days. A shorter
 * retention already set (the dev server's 1 day) is left alone: it keeps less, which the policy allows.
 */
export async function ensureNamespaceRetention(
  service: { workflowService: WorkflowService }, namespace: string, maxDays: number = TEMPORAL_RETENTION_MAX_DAYS,
): Promise<NamespaceRetention> {
  if (!Number.isInteger(maxDays) || maxDays < 1) throw new RangeError(`retention must be a whole number of days >= 1, got ${maxDays}`);
  const limitMs = Math.min(maxDays, TEMPORAL_RETENTION_MAX_DAYS) * DAY_MS;
  const described = await service.workflowService.describeNamespace({ namespace });
  const currentMs = optionalTsToMs(described.config?.workflowExecutionRetentionTtl) ?? 0;
  const beforeDays = currentMs > 0 ? currentMs / DAY_MS : null;
  // 0 means "server default", which we do not trust to be within the limit.
  if (currentMs > 0 && currentMs <= limitMs) return { beforeDays, afterDays: currentMs / DAY_MS, changed: false };
  await service.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: msNumberToTs(limitMs) } });
  return { beforeDays, afterDays: limitMs / DAY_MS, changed: true };
}
