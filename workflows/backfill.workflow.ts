import {
  ApplicationFailure, ChildWorkflowFailure, condition, continueAsNew, executeChild, ParentClosePolicy, proxyActivities,
  setHandler, startChild, upsertSearchAttributes, workflowInfo, WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createBackfillActivities } from '../activities/backfill-activities';
import { emptyBackfillCounts, type BackfillInput, type BackfillOrder, type BackfillProgress } from '../domain/backfill-contracts';
import type { SaleOutcome } from '../domain/sync-contracts';
import { refundWorkflowId, saleWorkflowId, SEARCH_ATTRIBUTE_TENANT_ID } from '../domain/workflow-ids';
import { vendorCallOptions } from './activity-options';
import { backfillProgressQuery, cancelBackfillSignal, pauseBackfillSignal, resumeBackfillSignal } from './backfill-definitions';
import { refundWorkflow } from './refund.workflow';
import { saleWorkflow } from './sale.workflow';

type Activities = ReturnType<typeof createBackfillActivities>;
// The scan reads the whole range in one activity: a generous timeout, heartbeats per page.
const scan = proxyActivities<Activities>({ ...vendorCallOptions, startToCloseTimeout: '30 minutes', heartbeatTimeout: '2 minutes', retry: { ...vendorCallOptions.retry, maximumAttempts: 5 } });

const DEFAULT_CONCURRENCY = 5;
const MAX_HISTORY_EVENTS = 8_000;

/**
 * Books a tenant's older orders on request (`backfill:<tenantId>`): an estimate first (orders, calls to
 * the accounting system, time at the tenant's rate limit), then every order of the range through the
 * ordinary sale workflow with `lookupFirst`: an invoice found in the ledger under the order number
 * (entered by hand or by another tool) is linked, not doubled. Refunds of the orders it creates are
 * credited; refunds of linked orders are left to the merchant (they were booked by hand too).
 * Answers `backfillProgress`; pause, resume and cancel by signal.
 */
export async function backfillWorkflow(input: BackfillInput): Promise<BackfillProgress> {
  const { tenantId, source } = input;
  const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
  const progress: BackfillProgress = input.carried?.progress ?? {
    state: 'estimating', from: input.from, to: input.to, estimate: null, done: 0, counts: emptyBackfillCounts(),
    startedAt: new Date().toISOString(), finishedAt: null, error: null,
  };
  let paused = input.carried?.paused ?? input.startPaused === true;
  let cancelled = false;
  setHandler(backfillProgressQuery, () => ({ ...progress, state: progress.state === 'running' && paused ? 'paused' : progress.state }));
  setHandler(pauseBackfillSignal, () => void (paused = true));
  setHandler(resumeBackfillSignal, () => void (paused = false));
  setHandler(cancelBackfillSignal, () => void (cancelled = true));
  upsertSearchAttributes({ [SEARCH_ATTRIBUTE_TENANT_ID]: [tenantId] });

  let remaining: BackfillOrder[];
  if (input.carried) {
    remaining = input.carried.remaining;
  } else {
    try {
      const scanned = await scan.scanBackfill({ tenantId, from: input.from, to: input.to });
      remaining = scanned.orders;
      progress.estimate = scanned.estimate;
    } catch (error) {
      progress.state = 'failed';
      progress.error = failureMessage(error);
      progress.finishedAt = new Date().toISOString();
      return progress;
    }
    progress.state = 'running';
  }

  const inFlight = new Set<string>();
  while (remaining.length > 0 || inFlight.size > 0) {
    const info = workflowInfo();
    if ((info.continueAsNewSuggested || info.historyLength > MAX_HISTORY_EVENTS) && !cancelled) {
      await condition(() => inFlight.size === 0);
      await continueAsNew<typeof backfillWorkflow>({ ...input, carried: { remaining, progress, paused } });
    }
    await condition(() => cancelled || (!paused && inFlight.size < concurrency && remaining.length > 0) || (inFlight.size === 0 && (paused || remaining.length === 0)));
    if (cancelled) break;
    if (paused) {
      if (inFlight.size === 0) await condition(() => !paused || cancelled);
      continue;
    }
    const next = remaining.shift();
    if (next) void book(next);
  }
  await condition(() => inFlight.size === 0);
  progress.state = cancelled ? 'cancelled' : 'done';
  progress.finishedAt = new Date().toISOString();
  return progress;

  async function book(order: BackfillOrder): Promise<void> {
    inFlight.add(order.externalId);
    try {
      const outcome: SaleOutcome = await executeChild(saleWorkflow, {
        workflowId: saleWorkflowId(tenantId, source, order.externalId),
        args: [{ tenantId, source, externalId: order.externalId, lookupFirst: true }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      if (outcome.state === 'posted' && outcome.linked) progress.counts.linked++;
      else if (outcome.state === 'posted') {
        progress.counts.created++;
        for (const refundExternalId of order.refunds ?? []) await startRefund(order.externalId, refundExternalId);
      } else progress.counts.alreadySynced++;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) progress.counts.alreadySynced++;
      else if (failureType(error) === 'NOT_BOOKABLE') progress.counts.notBookable++;
      else progress.counts.failed++;
    } finally {
      inFlight.delete(order.externalId);
      progress.done++;
    }
  }

  async function startRefund(orderExternalId: string, refundExternalId: string): Promise<void> {
    try {
      await startChild(refundWorkflow, {
        workflowId: refundWorkflowId(tenantId, source, orderExternalId, refundExternalId),
        args: [{ tenantId, source, orderExternalId, refundExternalId }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      progress.counts.refundsStarted++;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}

function failureType(error: unknown): string | undefined {
  let cause: unknown = error;
  while (cause) {
    if (cause instanceof ApplicationFailure) return cause.type ?? undefined;
    cause = cause instanceof ChildWorkflowFailure || cause instanceof Error ? (cause as Error).cause : undefined;
  }
  return undefined;
}

function failureMessage(error: unknown): string {
  let cause: unknown = error;
  while (cause) {
    if (cause instanceof ApplicationFailure) return cause.message;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return 'The range could not be read.';
}
