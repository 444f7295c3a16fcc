import {
  ApplicationFailure, ChildWorkflowFailure, condition, continueAsNew, executeChild, getExternalWorkflowHandle, ParentClosePolicy, patched,
  proxyActivities, proxyLocalActivities, setHandler, startChild, upsertSearchAttributes, workflowInfo, WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createAlertActivities } from '../activities/alert-activities';
import type { createSyncActivities } from '../activities/sync-activities';
import type { AlertRequest } from '../domain/alerts';
import { credentialPauseMessage } from '../domain/credential-pause';
import { describeError } from '../domain/error-catalogue';
import {
  emptyCounts, type OrderChange, type PauseState, type SaleOutcome, type TenantSyncInput, type TenantSyncStatus,
} from '../domain/sync-contracts';
import { CANCELLATION_REFUND_ID } from '../domain/refund';
import type { RefundChange } from '../domain/refund-contracts';
import { correctionWorkflowId, refundWorkflowId, saleWorkflowId, SEARCH_ATTRIBUTE_SALE_STATE, SEARCH_ATTRIBUTE_TENANT_ID } from '../domain/workflow-ids';
import { alertOptions, databaseOptions, localDatabaseOptions, vendorCallOptions } from './activity-options';
import { correctionWorkflow } from './correction.workflow';
import { createDeadlineTimer } from './deadline-timer';
import { localFirst } from './local-first';
import { saleBookedSignal } from './refund-definitions';
import { refundWorkflow } from './refund.workflow';
import { orderChangedSignal, pauseSyncSignal, resumeSyncSignal, syncNowSignal, syncStatusQuery } from './definitions';
import { saleWorkflow } from './sale.workflow';

type SyncActivities = ReturnType<typeof createSyncActivities>;
const vendor = proxyActivities<SyncActivities>({ ...vendorCallOptions, retry: { ...vendorCallOptions.retry, maximumAttempts: 3 } });
const database = localFirst(proxyLocalActivities<SyncActivities>(localDatabaseOptions), proxyActivities<SyncActivities>(databaseOptions));
const alerts = proxyActivities<ReturnType<typeof createAlertActivities>>(alertOptions);
/** Alerts (pause, new error cause) came with this change; older histories replay without them. */
const ALERTS_PATCH = 'doorzet-alerts-v1';
/** Sales start with their searchable tenant and state, instead of writing them in their first step. */
const SALE_STATE_AT_START_PATCH = 'sale-state-at-start';
/** A sale started before the last resume that fails for a permission already granted must not pause again. */
const STALE_PAUSE_PATCH = 'no-pause-from-sales-started-before-resume';

const DEFAULT_POLL_SECONDS = 30;
const DEFAULT_CONCURRENCY = 20;
/** Continue-as-new well before Temporal's 51,200-event limit; each sale adds a handful of events here. */
const MAX_HISTORY_EVENTS = 8_000;
const SAME_STAMP_MARGIN_MS = 3_000;
/** How long continue-as-new waits for running sales before handing them over to the next run. */
const DEFAULT_DRAIN_SECONDS = 600;
/** Between milestones, the status read model is written at most this often while sales come and go. */
const STATUS_EVERY_MS = 2_000;

/**
 * One per tenant (`tenant-sync:<tenantId>`): polls the shop since its cursor, takes webhook signals,
 * runs one child sale workflow per order with bounded concurrency, and pauses when the vendor refuses
 * the tenant's credentials.
 */
export async function tenantSyncWorkflow(input: TenantSyncInput): Promise<void> {
  const { tenantId, source } = input;
  const pollMs = (input.pollIntervalSeconds ?? DEFAULT_POLL_SECONDS) * 1000;
  const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
  const maxHistoryEvents = input.maxHistoryEvents ?? MAX_HISTORY_EVENTS;
  const drainMs = (input.drainSeconds ?? DEFAULT_DRAIN_SECONDS) * 1000;
  const counts = input.counts ?? emptyCounts();
  // Set once handlers are registered (below): a query or signal may arrive in the very first activation.
  let cursor: string | null = input.cursor ?? null;
  let paused: PauseState | null = input.paused ?? null;
  let pollRequested = true;
  // Asserted, not annotated: poll() assigns it, which control-flow narrowing cannot see.
  let lastPollAt = null as number | null;
  let lastPollError: string | null = null;
  // Insertion-ordered: oldest change first. Keyed by order so a webhook and a poll of the same order queue it once.
  const queue = new Map<string, OrderChange>((input.queue ?? []).map((c) => [c.externalId, c]));
  const inFlight = new Set<string>();
  // Orders whose change was already run in this workflow run, so the poll overlap does not start them again.
  const handled = new Map<string, { modifiedAt: string | undefined; confirmed: boolean }>();

  // The API reads the status from Postgres (sync_status), written here at milestones, not by a query per request.
  const readModel = patched('sync-status-read-model');
  let statusMilestone = true;
  let statusDirty = true;
  let statusWrittenAt = -Infinity;
  const changed = () => void (statusDirty = true);

  // Refunds, cancellations and corrections (issue 10); runs that started before keep their old behaviour.
  const refundsAndCorrections = patched('refunds-and-corrections');
  const saleStateAtStart = patched(SALE_STATE_AT_START_PATCH);
  // Refunds to start, by `<order>:<refund>`; they run on their own (a refund may wait days for its invoice).
  const refundQueue = new Map<string, RefundChange>((input.refunds ?? []).map((r) => [`${r.orderExternalId}:${r.refundExternalId}`, r]));
  const refundsStarting = new Set<string>();
  // Refunds started in this run (so the poll overlap does not start them again), and their workflow ids by order.
  const refundsStarted = new Set<string>();
  const awaitingSale = new Map<string, string[]>();

  upsertSearchAttributes({ [SEARCH_ATTRIBUTE_TENANT_ID]: [tenantId] });
  cursor ??= await database.loadCursor({ tenantId });

  // Sources stamp changes to the second: a change handled within moments of its stamp may hide a second
  // edit with the same stamp. Such a change is handled once more after the moment has passed, then it is done.
  const settled = (modifiedAt: string | undefined) => !modifiedAt || Date.now() > Date.parse(modifiedAt) + SAME_STAMP_MARGIN_MS;
  const handledStamp = (externalId: string) => {
    const modifiedAt = handled.get(externalId)?.modifiedAt;
    return modifiedAt ? { modifiedAt } : {};
  };
  const enqueue = (change: OrderChange) => {
    const seen = handled.get(change.externalId);
    if (seen && change.modifiedAt && seen.modifiedAt === change.modifiedAt && (seen.confirmed || !settled(change.modifiedAt))) return;
    queue.set(change.externalId, change);
    changed();
  };

  setHandler(orderChangedSignal, (change) => enqueue(change));
  setHandler(syncNowSignal, () => void (pollRequested = true));
  setHandler(pauseSyncSignal, ({ reason, by }) => {
    paused = { reason, by, since: new Date().toISOString() };
    statusMilestone = true;
  });
  let resumedAt = 0;
  setHandler(resumeSyncSignal, () => {
    paused = null;
    pollRequested = true;
    resumedAt = Date.now();
    statusMilestone = true;
  });
  const statusOf = (): TenantSyncStatus => ({
    tenantId,
    state: paused ? 'paused' : 'running',
    paused,
    cursor,
    queued: queue.size,
    inFlight: inFlight.size,
    lastPollAt: lastPollAt === null ? null : new Date(lastPollAt).toISOString(),
    lastPollError,
    nextPollAt: lastPollAt === null || paused ? null : new Date(lastPollAt + pollMs).toISOString(),
    counts: { ...counts },
  });
  setHandler(syncStatusQuery, statusOf);

  /** When the status read model is due, as a moment (stable across passes, unlike statusDueInMs). */
  const statusDueAt = () => (!readModel ? Infinity : statusMilestone ? Date.now() : statusDirty ? statusWrittenAt + STATUS_EVERY_MS : Infinity);
  const statusDueInMs = () => (statusMilestone ? 0 : statusDirty ? Math.max(0, statusWrittenAt + STATUS_EVERY_MS - Date.now()) : Infinity);
  async function writeStatusIfDue(): Promise<void> {
    if (!readModel || statusDueInMs() > 0) return;
    statusMilestone = false;
    statusDirty = false;
    statusWrittenAt = Date.now();
    const { workflowId, runId } = workflowInfo();
    await database.saveSyncStatus({ ...statusOf(), workflowId, runId, writtenAt: new Date().toISOString() });
  }

  // An alert never stalls the sync: it runs beside it, and a failure to send is only the alert's loss.
  const alert = (request: AlertRequest) => {
    if (patched(ALERTS_PATCH)) void alerts.sendTenantAlert(request).catch(() => undefined);
  };
  let alertedPauseSince: string | null = null;

  const pauseForCredentials = async (role: 'source' | 'target', why?: unknown) => {
    // `why`: a reason code the failure carries (an OAuth grant that lapsed, no administration chosen, ...).
    const reason = role === 'source' ? credentialPauseMessage('source-credentials-rejected') : credentialPauseMessage(why);
    if (!paused) paused = { reason, by: 'credentials-rejected', since: new Date().toISOString() };
    statusMilestone = true;
    await database.recordSyncPaused({ tenantId, role });
  };

  async function poll(): Promise<void> {
    pollRequested = false;
    lastPollAt = Date.now();
    try {
      const page = await vendor.listChangedOrders({ tenantId, since: cursor });
      // Before refunds were handled, only bookable orders were queued.
      for (const order of page.orders) if (refundsAndCorrections || order.bookable !== false) enqueue(order);
      cursor = page.cursor;
      lastPollError = null;
      if (page.hasMore) pollRequested = true;
    } catch (error) {
      const type = failureType(error);
      lastPollError = type ?? 'UNEXPECTED';
      if (type === 'AUTH_REVOKED') await pauseForCredentials('source');
    }
    statusMilestone = true;
  }

  async function runSale(change: OrderChange): Promise<void> {
    const startedAt = Date.now();
    // Its credentials or permissions were refused before the merchant fixed them and resumed: run it again, no new pause.
    const refusedBeforeResume = () => startedAt < resumedAt && patched(STALE_PAUSE_PATCH);
    inFlight.add(change.externalId);
    changed();
    handled.set(change.externalId, { modifiedAt: change.modifiedAt, confirmed: settled(change.modifiedAt) });
    try {
      const outcome: SaleOutcome = await executeChild(saleWorkflow, {
        workflowId: saleWorkflowId(tenantId, source, change.externalId),
        args: [{ tenantId, source, externalId: change.externalId }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // One visibility write with the start instead of an upsert event in the sale's own history.
        ...(saleStateAtStart ? { searchAttributes: { [SEARCH_ATTRIBUTE_TENANT_ID]: [tenantId], [SEARCH_ATTRIBUTE_SALE_STATE]: ['fetching'] } } : {}),
      });
      if (outcome.state === 'posted') {
        counts.posted++;
        if (refundsAndCorrections) wakeRefundsOf(change.externalId);
      } else if (outcome.state === 'skipped-duplicate') counts.skippedDuplicate++;
      else if (outcome.state === 'collected') counts.collected = (counts.collected ?? 0) + 1;
      else if (outcome.state === 'skipped-zero-value') counts.skippedZeroValue = (counts.skippedZeroValue ?? 0) + 1;
      else if (refundsAndCorrections && (await vendor.recheckPostedSale({ tenantId, source, externalId: change.externalId })) === 'correct') {
        await startCorrection(change.externalId);
      } else counts.changedAfterPosting++;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        // Completed before (Temporal keeps the id until retention): an order edited after posting is caught here.
        const recheck = await vendor.recheckPostedSale({ tenantId, source, externalId: change.externalId });
        if (recheck === 'changed-after-posting') counts.changedAfterPosting++;
        if (recheck === 'correct' && refundsAndCorrections) await startCorrection(change.externalId);
      } else if (failureType(error) === 'AUTH_REVOKED') {
        if (!refusedBeforeResume()) await pauseForCredentials('target', pauseReasonOf(error));
        queue.set(change.externalId, change);
        handled.delete(change.externalId);
      } else if (failureType(error) === 'TARGET_MISSING_SCOPE') {
        // The credentials work but lack a permission: say which, and wait for the merchant to grant it.
        const scopes = /lacks the permission ([\w /]+)\)/.exec(failureMessage(error))?.[1] ?? 'a permission';
        if (!paused && !refusedBeforeResume()) paused = { reason: `The accounting system has not granted doorzet ${scopes === 'a permission' ? scopes : `access to ${scopes}`}.`, by: 'missing-scope', since: new Date().toISOString() };
        statusMilestone = true;
        queue.set(change.externalId, change);
        handled.delete(change.externalId);
      } else if (failureType(error) !== 'NOT_BOOKABLE' && isNewError(error)) {
        counts.failed++; // once per error record, not once per attempt
        const code = failureType(error) ?? 'UNEXPECTED';
        // One alert per cause (and day): the activity's dedup in Postgres drops the repeats.
        alert({ kind: 'error-cause', tenantId, cause: describeError(code).cause, code, day: new Date().toISOString().slice(0, 10) });
      }
    } finally {
      inFlight.delete(change.externalId);
      changed();
    }
  }

  /** Queues the refunds (and the cancellation) of a changed order; asks the source when the change did not list them. */
  async function queueRefundsOf(change: OrderChange): Promise<void> {
    const add = (refundExternalId: string) => {
      const key = `${change.externalId}:${refundExternalId}`;
      if (!refundsStarted.has(key)) refundQueue.set(key, { orderExternalId: change.externalId, refundExternalId });
    };
    if (change.cancelled) add(CANCELLATION_REFUND_ID);
    if (change.refunds) {
      for (const id of change.refunds) add(id);
      return;
    }
    try {
      for (const id of await vendor.listOrderRefunds({ tenantId, orderExternalId: change.externalId })) add(id);
    } catch (error) {
      lastPollError = failureType(error) ?? 'UNEXPECTED';
      if (failureType(error) === 'AUTH_REVOKED') await pauseForCredentials('source');
    }
  }

  /**
   * Starts one refund workflow and lets it run on its own (it may wait for its invoice for days). Its id
   * makes a second start of the same refund a no-op while it runs or after it credited.
   */
  async function startRefund(key: string, refund: RefundChange): Promise<void> {
    refundsStarting.add(key);
    const workflowId = refundWorkflowId(tenantId, source, refund.orderExternalId, refund.refundExternalId);
    try {
      await startChild(refundWorkflow, {
        workflowId,
        args: [{ tenantId, source, orderExternalId: refund.orderExternalId, refundExternalId: refund.refundExternalId }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      // Should its order's sale post in this run, the refund hears of it at once instead of at its next timer.
      awaitingSale.set(refund.orderExternalId, [...(awaitingSale.get(refund.orderExternalId) ?? []), workflowId]);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) refundQueue.set(key, refund);
    } finally {
      refundsStarted.add(key);
      refundsStarting.delete(key);
    }
  }

  function wakeRefundsOf(orderExternalId: string): void {
    for (const workflowId of awaitingSale.get(orderExternalId) ?? []) {
      void getExternalWorkflowHandle(workflowId).signal(saleBookedSignal).catch(() => undefined);
    }
    awaitingSale.delete(orderExternalId);
  }

  /** Under the 'correct' policy: one correction per order at a time; a running one re-reads the order before it ends. */
  async function startCorrection(externalId: string): Promise<void> {
    try {
      await startChild(correctionWorkflow, {
        workflowId: correctionWorkflowId(tenantId, source, externalId),
        args: [{ tenantId, source, externalId }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  // Passes of the loop that wait for the same poll or status moment share one timer (older runs start one per pass).
  const timerReuse = patched('sync-timer-reuse');
  const deadline = createDeadlineTimer();
  let savedCursor = cursor;
  for (;;) {
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > maxHistoryEvents) {
      // Children report back to this run, so it drains them before handing over to the next one; a child
      // stuck for longer (a vendor down for an hour) is handed over instead: it runs on (ABANDON), and the
      // next run starts it again, which finds it still running or records its outcome.
      if (patched('bounded-drain-before-continue-as-new')) await condition(() => inFlight.size === 0, drainMs);
      else await condition(() => inFlight.size === 0);
      // Refund starts are quick (the refunds run on their own): they finish before the hand-over.
      if (refundsAndCorrections) await condition(() => refundsStarting.size === 0);
      const handedOver = [...inFlight].filter((id) => !queue.has(id)).map((externalId): OrderChange => ({ externalId, ...handledStamp(externalId) }));
      await continueAsNew<typeof tenantSyncWorkflow>({
        tenantId, source, cursor: cursor ?? undefined, queue: [...queue.values(), ...handedOver], paused, counts,
        ...(refundsAndCorrections ? { refunds: [...refundQueue.values()] } : {}),
        pollIntervalSeconds: input.pollIntervalSeconds, concurrency: input.concurrency, maxHistoryEvents: input.maxHistoryEvents,
        drainSeconds: input.drainSeconds,
      });
    }
    await writeStatusIfDue();
    if (paused) {
      if (paused.since !== alertedPauseSince) {
        alertedPauseSince = paused.since;
        alert({ kind: 'sync-paused', tenantId, reason: paused.reason, since: paused.since });
      }
      // Only a resume wakes a paused sync; anything else (a signal, a due poll) waits for it.
      if (!readModel) await condition(() => paused === null);
      // ... and the status read model, which still follows the sales that finish meanwhile.
      else if (statusDirty) await condition(() => paused === null || statusMilestone, Math.max(100, statusDueInMs()));
      else await condition(() => paused === null || statusMilestone);
      continue;
    }
    if (pollRequested || lastPollAt === null || Date.now() - lastPollAt >= pollMs) await poll();
    for (const change of queue.values()) {
      if (paused || inFlight.size >= concurrency) break;
      // The same order twice at once would make the second start fail; it waits for the first to finish.
      if (inFlight.has(change.externalId)) continue;
      queue.delete(change.externalId);
      if (refundsAndCorrections) {
        void queueRefundsOf(change);
        // Not a sale (yet): only its refunds or cancellation are handled.
        if (change.bookable === false) continue;
      }
      void runSale(change);
    }
    if (refundsAndCorrections && !paused) {
      for (const [key, refund] of refundQueue) {
        if (refundsStarting.size >= concurrency) break;
        refundQueue.delete(key);
        void startRefund(key, refund);
      }
    }
    const refundsSettled = refundQueue.size === 0 && refundsStarting.size === 0;
    if (queue.size === 0 && inFlight.size === 0 && refundsSettled && cursor && cursor !== savedCursor) {
      await database.saveCursor({ tenantId, cursor });
      savedCursor = cursor;
    }
    const untilPoll = lastPollAt === null ? 0 : lastPollAt + pollMs - Date.now();
    const canStartMore = () => (inFlight.size < concurrency && [...queue.keys()].some((id) => !inFlight.has(id)))
      || (refundQueue.size > 0 && refundsStarting.size < concurrency);
    // Every wake-up condition here is consumed by the next pass of the loop, so the loop never spins.
    const wake = readModel ? Math.min(untilPoll, statusDueInMs()) : untilPoll;
    const woken = () => pollRequested || paused !== null || canStartMore() || (readModel && statusMilestone);
    if (timerReuse) {
      // The next poll or status write is a fixed moment: passes woken by finishing sales share its timer.
      const pollAt = lastPollAt === null ? Date.now() : lastPollAt + pollMs;
      const reached = deadline.until(Math.max(Date.now() + 100, Math.min(pollAt, statusDueAt())));
      await condition(() => woken() || reached());
    } else await condition(woken, Math.max(100, wake));
  }
}

function isNewError(error: unknown): boolean {
  const failure = error instanceof ChildWorkflowFailure ? error.cause : undefined;
  const details = failure instanceof ApplicationFailure ? (failure.details?.[0] as { isNew?: boolean } | undefined) : undefined;
  return details?.isNew !== false;
}

/** The reason code an AUTH_REVOKED failure carries in its details, if any. */
function pauseReasonOf(error: unknown): unknown {
  for (let cause: unknown = error; cause; cause = cause instanceof Error ? cause.cause : undefined) {
    if (cause instanceof ApplicationFailure) return (cause.details?.[0] as { pauseReason?: unknown } | undefined)?.pauseReason;
  }
  return undefined;
}

function failureMessage(error: unknown): string {
  let cause: unknown = error;
  while (cause) {
    if (cause instanceof ApplicationFailure) return cause.message;
    cause = cause instanceof ChildWorkflowFailure || cause instanceof Error ? (cause as Error).cause : undefined;
  }
  return '';
}

function failureType(error: unknown): string | undefined {
  let cause: unknown = error;
  while (cause) {
    if (cause instanceof ApplicationFailure) return cause.type ?? undefined;
    cause = cause instanceof ChildWorkflowFailure || cause instanceof Error ? (cause as Error).cause : undefined;
  }
  return undefined;
}
