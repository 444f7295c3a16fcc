import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DebugCopyActivities } from '../../activities/debug-copy-activities';
import type { RetentionActivities } from '../../activities/retention-activities';
import { dueAt } from '../../domain/retention-policy';
import { databaseOptions, vendorCallOptions } from '../activity-options';
import { destroyDebugCopySignal } from './definitions';

const copies = proxyActivities<DebugCopyActivities>(databaseOptions);
// Reading the failing orders from the shop: one vendor call per sale, heartbeating.
const making = proxyActivities<DebugCopyActivities>({ ...vendorCallOptions, startToCloseTimeout: '15 minutes', heartbeatTimeout: '2 minutes' });
const retention = proxyActivities<RetentionActivities>(databaseOptions);

export interface DebugCopyInput {
  tenantId: string;
  copyId: string;
  /** ISO moment the copy was requested; it is destroyed 14 days later at the latest (retention rule debugCopyDestruction). */
  requestedAt: string;
  /** How often to look whether the copied errors are resolved (ms). */
  checkEveryMs?: number;
}

export type DebugCopyResult = { outcome: 'resolved' | 'expired' | 'ops'; sales: number };

const HOUR_MS = 3_600_000;

/**
 * The life of one debug copy (workflow `debug-copy:<copyId>`): makes it, registers its deadline in
 * retention_timers, then destroys it as soon as every copied error is resolved, when ops ask, or 14 days
 * after the request at the latest. Ids only in input and history.
 */
export async function debugCopyWorkflow(input: DebugCopyInput): Promise<DebugCopyResult> {
  const { workflowId } = workflowInfo();
  let destroyRequested = false;
  setHandler(destroyDebugCopySignal, () => {
    destroyRequested = true;
  });
  const deadline = dueAt('debugCopyDestruction', new Date(input.requestedAt));
  const { sales } = await making.makeDebugCopy({ copyId: input.copyId });
  await retention.registerRetentionTimer({ tenantId: input.tenantId, rule: 'debugCopyDestruction', subjectId: input.copyId, workflowId, dueAt: deadline.toISOString() });

  let outcome: DebugCopyResult['outcome'];
  for (;;) {
    if (destroyRequested) {
      outcome = 'ops';
      break;
    }
    const remaining = deadline.getTime() - Date.now();
    if (remaining <= 0) {
      outcome = 'expired';
      break;
    }
    const { open, exists } = await copies.countOpenDebugCopyErrors({ copyId: input.copyId });
    if (!exists || open === 0) {
      outcome = 'resolved';
      break;
    }
    await condition(() => destroyRequested, Math.min(input.checkEveryMs ?? HOUR_MS, remaining));
    if (!destroyRequested && workflowInfo().continueAsNewSuggested) await continueAsNew<typeof debugCopyWorkflow>(input);
  }
  await copies.destroyDebugCopy({ copyId: input.copyId, because: outcome });
  await retention.settleRetentionTimer({ workflowId, state: 'done' });
  return { outcome, sales };
}
