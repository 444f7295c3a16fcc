import {
  ActivityFailure, ApplicationFailure, getExternalWorkflowHandle, ParentClosePolicy, patched, proxyActivities, proxyLocalActivities, setHandler, sleep,
  startChild, upsertSearchAttributes, workflowInfo, WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createPosDayActivities } from '../activities/pos-day-activities';
import type { createSaleActivities, FetchSaleResult, SaleSummary } from '../activities/sale-activities';
import { posShareOf } from '../domain/pos-day';
import type { Sale } from '../domain/sale';
import type { PosDayInput, SaleInput, SaleOutcome, SaleProgress } from '../domain/sync-contracts';
import { errorRedactionWorkflowId, posDayWorkflowId, SEARCH_ATTRIBUTE_SALE_STATE, SEARCH_ATTRIBUTE_TENANT_ID, type SaleState } from '../domain/workflow-ids';
import { bookingCallOptions, databaseOptions, localDatabaseOptions, vendorCallOptions } from './activity-options';
import { localFirst } from './local-first';
import { saleProgressQuery } from './definitions';
import { errorRedactionWorkflow } from './error-redaction.workflow';
import { startRedactionDay } from './redaction-day-start';
import { posSaleCollectedSignal } from './pos-day-definitions';
import { posDayWorkflow } from './pos-day.workflow';

/** Behind this patch a sale takes two activities and at most two search-attribute writes (see below). */
export const FEWER_STEPS_PATCH = 'sale-fewer-steps';

type SaleActivities = ReturnType<typeof createSaleActivities> & ReturnType<typeof createPosDayActivities>;
type ClaimResult = Awaited<ReturnType<SaleActivities['claimSale']>>;
const vendor = proxyActivities<SaleActivities>(vendorCallOptions);
const booking = proxyActivities<SaleActivities>(bookingCallOptions);
const database = localFirst(proxyLocalActivities<SaleActivities>(localDatabaseOptions), proxyActivities<SaleActivities>(databaseOptions));

/**
 * One sale, exactly once: fetch → dedup → debtor → push → record. Temporal's workflow id is the first
 * dedup layer; the claim in `synced_sales` is the authoritative one.
 */
export async function saleWorkflow(input: SaleInput): Promise<SaleOutcome> {
  const { tenantId, source, externalId } = input;
  const progress: SaleProgress = { state: 'fetching', orderNumber: null, lastError: null, targetDocumentId: null };
  setHandler(saleProgressQuery, () => progress);
  // Two activities instead of five steps (read+claim, debtor+invoice+record), no budget step, and the searchable
  // state set by the parent at the start; runs recorded before keep the old steps.
  const fewerSteps = patched(FEWER_STEPS_PATCH);
  // Every state answers the progress query; the searchable one changes only at the milestones operators
  // filter on, because each change is a history event and a visibility write. With fewer steps, a running
  // sale stays `fetching` (set at its start) until it ends: the journey (API, UI) names the step it is at.
  const searchable: readonly SaleState[] = fewerSteps
    ? ['posted', 'skipped-duplicate', 'skipped-zero-value', 'changed-after-posting', 'failed']
    : ['fetching', 'posting', 'posted', 'skipped-duplicate', 'skipped-zero-value', 'changed-after-posting', 'failed'];
  const upsertState = (state: SaleState) => upsertSearchAttributes({ [SEARCH_ATTRIBUTE_TENANT_ID]: [tenantId], [SEARCH_ATTRIBUTE_SALE_STATE]: [state] });
  const enter = (state: SaleState) => {
    progress.state = state;
    if (searchable.includes(state)) upsertState(state);
  };
  enter('fetching');
  // Started without its state (a retry from the API): it is set here, as before.
  if (fewerSteps && !startedWithState()) upsertState('fetching');

  // The failure this run ends with once its error record is written; the catch below must not record it twice.
  let terminal: ApplicationFailure | null = null;
  try {
    // A backfill books orders placed before the sync start; the sync does not (an input only: replay-safe).
    const fetched: FetchSaleResult & { claim?: ClaimResult } = fewerSteps
      ? await vendor.readAndClaimSale({ tenantId, source, externalId, runId: workflowInfo().runId, ...(input.lookupFirst ? { history: true } : {}) })
      : await vendor.fetchSale({ tenantId, source, externalId, ...(input.lookupFirst ? { history: true } : {}) });
    if (!fetched.ok) {
      progress.orderNumber = fetched.orderNumber;
      return await fail({ code: fetched.issues[0]?.code ?? 'SALE_INVALID', issues: fetched.issues, orderNumber: fetched.orderNumber, pii: fetched.pii });
    }
    // A run recorded before summaries existed has the whole sale in its result; a large sale travels by key only.
    const summary = fetched.summary ?? (fetched.sale ? summaryOf(fetched.sale) : null);
    if (!summary) throw ApplicationFailure.create({ type: 'UNEXPECTED', message: 'fetchSale returned no sale', nonRetryable: true });
    const current = summary;
    const sale: Sale | null = fetched.sale ?? null;
    progress.orderNumber = current.orderNumber;
    if (fetched.skip === 'zero-value') {
      // The tenant books no zero-value orders (settings.zeroValueOrders): a named outcome, not an error.
      enter('skipped-zero-value');
      return { state: 'skipped-zero-value', targetDocumentId: null };
    }

    enter('deduplicating');
    const amounts = { totalExclCents: current.totalExclCents, totalInclCents: current.totalInclCents };
    // With fewer steps the read claimed it already.
    const claim = fetched.claim ?? await database.claimSale({ tenantId, source, externalId, orderNumber: current.orderNumber, runId: workflowInfo().runId, amounts });
    if (claim.kind === 'already-posted') {
      progress.targetDocumentId = claim.targetDocumentId;
      enter('skipped-duplicate');
      return { state: 'skipped-duplicate', targetDocumentId: claim.targetDocumentId };
    }
    if (claim.kind === 'changed-after-posting') {
      // Never a silent second invoice: the merchant sees a named outcome and decides (credit note + new invoice).
      if (claim.firstReport) await database.recordSaleError({
        ...ids(), orderNumber: current.orderNumber, code: 'ORDER_CHANGED_AFTER_POSTING', pii: null,
        params: { postedInclCents: String(claim.posted.totalInclCents), currentInclCents: String(amounts.totalInclCents) },
      });
      progress.targetDocumentId = claim.targetDocumentId;
      enter('changed-after-posting');
      return { state: 'changed-after-posting', targetDocumentId: claim.targetDocumentId };
    }

    const { channel } = current;
    if (channel?.kind === 'pos' && channel.location && channel.businessDay && patched('pos-daily-summary')) {
      const pos = await database.posBookingOf({ tenantId });
      const share = current.posShare ?? (sale ? posShareOf(sale) : null);
      if (pos.booking === 'daily-summary' && share) {
        // Booked with the location's day: recorded in Postgres now, invoiced once the day has closed.
        const day = { tenantId, source, location: channel.location, businessDay: channel.businessDay };
        await database.collectPosSale({ ...day, share });
        const endsAt = Date.parse(channel.businessDayEndsAt ?? `${channel.businessDay}T23:59:59.999Z`);
        await joinPosDay({ ...day, closesAt: new Date(endsAt + pos.closeDelayMinutes * 60_000).toISOString() });
        enter('collected');
        return { state: 'collected', targetDocumentId: null };
      }
    }

    if (fewerSteps) {
      enter('posting');
      // Debtor, invoice and the posting record in one activity, each vendor call idempotent on its own
      // (a retry or a claim taken over looks the reference up before it books).
      const booked = await booking.bookSale({
        tenantId, source, externalId, runId: workflowInfo().runId, lookupFirst: claim.takenOver || input.lookupFirst === true,
        debtor: current.debtor, amounts, orderNumber: current.orderNumber, ...(sale ? { sale } : {}),
      });
      progress.targetDocumentId = booked.id;
      enter('posted');
      return { state: 'posted', targetDocumentId: booked.id, ...(booked.linked ? { linked: true } : {}) };
    }

    enter('matching-debtor');
    let contactId = await database.lookupDebtor({ tenantId, source, email: current.debtor.email });
    if (!contactId) {
      await reserveTargetCallsOfOldRuns(2);
      contactId = await vendor.findOrCreateContact({ tenantId, source, debtor: current.debtor });
    }

    enter('posting');
    // A claim taken over from an earlier run may have posted before it failed: look the reference up first.
    // A backfill looks every order up first: orders entered by hand or by another tool are linked, not doubled.
    const lookupFirst = claim.takenOver || input.lookupFirst === true;
    // Create and finalise (targets that keep drafts finalise in a second call), plus the lookup first.
    await reserveTargetCallsOfOldRuns(lookupFirst ? 3 : 2);
    const document = await vendor.pushInvoice(sale
      ? { tenantId, sale, contactId, lookupFirst }
      : { tenantId, source, externalId, amounts, contactId, lookupFirst });
    await database.recordPosted({
      tenantId, source, externalId, runId: workflowInfo().runId, targetDocumentId: document.id,
      // The source's amounts, not the target's: a later run compares the order against exactly these.
      amounts,
      // Per ledger line, for a correction of an order edited after posting (an input only: replay-safe).
      reference: current.orderNumber, ...(document.breakdown ? { breakdown: document.breakdown } : {}),
    });
    progress.targetDocumentId = document.id;
    enter('posted');
    return { state: 'posted', targetDocumentId: document.id, ...(document.linked ? { linked: true } : {}) };
  } catch (error) {
    if (error === terminal) throw error;
    const failure = applicationFailureOf(error);
    if (!failure) throw error;
    if (failure.type === 'NOT_BOOKABLE') {
      // Not a sale (yet): no error record. The run fails so that a later change of status can start a new one.
      throw ApplicationFailure.create({ type: 'NOT_BOOKABLE', message: failure.message, nonRetryable: true });
    }
    if (failure.type === 'AUTH_REVOKED' || failure.type === 'TARGET_MISSING_SCOPE') {
      // Not the sale's fault: the tenant sync pauses and runs this sale again once credentials (or their scopes) are fixed.
      progress.lastError = { code: failure.type, message: failure.message };
      // The details name why (e.g. an OAuth grant that lapsed), so the sync pauses with that reason.
      throw ApplicationFailure.create({ type: failure.type, message: failure.message, nonRetryable: true, details: failure.details ? [...failure.details] : undefined });
    }
    const issues = (failure.details?.[0] as { issues?: unknown[] } | undefined)?.issues;
    return await fail({
      code: failure.type ?? 'UNEXPECTED',
      issues: Array.isArray(issues) ? issues as { code: string; path: string; message: string }[] : [{ code: failure.type ?? 'UNEXPECTED', path: '', message: failure.message }],
      orderNumber: progress.orderNumber ?? externalId,
      pii: null, // the order number finds the order; no need to keep the debtor's details here
    });
  }

  /** Starts the day's workflow, or tells the running one that a sale joined; a closed run gets a successor. */
  async function joinPosDay(day: PosDayInput): Promise<void> {
    const workflowId = posDayWorkflowId(day.tenantId, day.location, day.businessDay);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await startChild(posDayWorkflow, {
          workflowId, args: [day], parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        });
        return;
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      try {
        await getExternalWorkflowHandle(workflowId).signal(posSaleCollectedSignal);
        return;
      } catch {
        // The run closed between the two calls: start the next one.
      }
    }
    throw ApplicationFailure.create({ type: 'UNEXPECTED', message: 'the till day could not be started or signalled' });
  }

  function startedWithState(): boolean {
    const value = workflowInfo().searchAttributes[SEARCH_ATTRIBUTE_SALE_STATE];
    return Array.isArray(value) && value.length > 0;
  }

  function ids() {
    return { tenantId, source, externalId, workflowId: workflowInfo().workflowId, runId: workflowInfo().runId };
  }

  /**
   * Runs recorded before the budget moved into the activities reserved here, ahead of the vendor step, and
   * waited as a durable timer. Now each request is reserved right before it goes out (connectors/http's
   * budget hook), every attempt and every read included; this replays the old runs unchanged.
   */
  async function reserveTargetCallsOfOldRuns(calls: number): Promise<void> {
    if (patched('budget-per-request')) return;
    for (;;) {
      const reservation = await database.reserveTargetCalls({ tenantId, calls });
      if (reservation.granted) return;
      await sleep(reservation.retryAfterMs);
    }
  }

  /** Error record + redaction timer, then fail the run so that a retry can start a new one. */
  async function fail(f: { code: string; issues: { code: string; path: string; message: string }[]; orderNumber: string; pii: Record<string, string> | null }): Promise<never> {
    const summary = f.issues.map((i) => i.message).join(' ');
    const params = { summary, issueCodes: [...new Set(f.issues.map((i) => i.code))].join(','), paths: f.issues.map((i) => i.path).join(',') };
    const recorded = await database.recordSaleError({ ...ids(), orderNumber: f.orderNumber, code: f.code, pii: f.pii, params });
    // A repeat of an open error only counts another attempt; its redaction timer already runs.
    // One timer per tenant per due day redacts all of that day's records; it is started once.
    if (recorded.isNew && patched('redaction-day-timers')) await startRedactionDay(tenantId, recorded.redaction);
    else if (recorded.isNew) await startChild(errorRedactionWorkflow, {
      workflowId: errorRedactionWorkflowId(recorded.errorId),
      args: [{ tenantId, errorId: recorded.errorId, occurredAt: recorded.occurredAt }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    progress.lastError = { code: f.code, message: summary };
    enter('failed');
    terminal = ApplicationFailure.create({ type: f.code, message: `Sale could not be posted: ${f.code}`, nonRetryable: true, details: [{ errorId: recorded.errorId, isNew: recorded.isNew }] });
    throw terminal;
  }
}

function summaryOf(sale: Sale): SaleSummary {
  return { orderNumber: sale.orderNumber, totalExclCents: sale.totalExclCents, totalInclCents: sale.totalInclCents, debtor: sale.debtor, ...(sale.channel ? { channel: sale.channel } : {}) };
}

function applicationFailureOf(error: unknown): ApplicationFailure | null {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) return error.cause;
  if (error instanceof ApplicationFailure) return error;
  return null;
}
