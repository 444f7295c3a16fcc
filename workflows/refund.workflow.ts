import {
  ActivityFailure, ApplicationFailure, ParentClosePolicy, condition, getExternalWorkflowHandle, patched, proxyActivities, proxyLocalActivities, setHandler, sleep, startChild, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { createRefundActivities } from '../activities/refund-activities';
import type { createSaleActivities } from '../activities/sale-activities';
import type { createSyncActivities } from '../activities/sync-activities';
import { CANCELLATION_REFUND_ID, type Refund } from '../domain/refund';
import type { RefundInput, RefundOutcome, RefundProgress } from '../domain/refund-contracts';
import {
  errorRedactionWorkflowId, SEARCH_ATTRIBUTE_SALE_STATE, SEARCH_ATTRIBUTE_TENANT_ID, tenantSyncWorkflowId, type RefundState,
} from '../domain/workflow-ids';
import { bookingCallOptions, localDatabaseOptions, vendorCallOptions } from './activity-options';
import { pauseSyncSignal } from './definitions';
import { errorRedactionWorkflow } from './error-redaction.workflow';
import { startRedactionDay } from './redaction-day-start';
import { refundProgressQuery, saleBookedSignal } from './refund-definitions';

type Activities = ReturnType<typeof createRefundActivities> & ReturnType<typeof createSaleActivities> & ReturnType<typeof createSyncActivities>;
const vendor = proxyActivities<Activities>(vendorCallOptions);
// A credit note is several calls (copy, rows, finalise); its retries back off like a booking's.
const crediting = proxyActivities<Activities>(bookingCallOptions);
const database = proxyLocalActivities<Activities>(localDatabaseOptions);

/** A refund waits for its order's invoice: first look again after this, doubling up to the cap. */
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 60 * 60_000;
/** A refund still waiting after this gets an error record, so the merchant sees why. */
const REPORT_WAITING_AFTER_MS = 24 * 60 * 60_000;
/**
 * Calls a credit note may take: a target's own credit mechanism can be several steps (e.g. look for an
 * interrupted one, duplicate the invoice as a credit, edit it, finalise it). Reserved in the tenant's budget.
 */
export const CALLS_PER_CREDIT_NOTE = 4;
/** Waiting on revoked credentials: look again after this, doubling up to the cap. */
const CREDENTIALS_WAIT_MS = 60_000;

/**
 * One refund (or the cancellation of a booked order), exactly once: fetch → wait for the order's
 * invoice → claim in `synced_refunds` → debtor → credit note (reference `<order number>-R<refund id>`,
 * looked up before a retry) → record. The workflow id is the first dedup layer, the claim the
 * authoritative one. Nothing is netted: a refund of an order that is not booked yet waits for it.
 */
export async function refundWorkflow(input: RefundInput): Promise<RefundOutcome> {
  const { tenantId, source, orderExternalId, refundExternalId } = input;
  const key = { tenantId, source, orderExternalId, refundExternalId };
  const progress: RefundProgress = { state: 'fetching', orderNumber: null, waitingSince: null, lastError: null, targetDocumentId: null };
  let booked = false;
  setHandler(refundProgressQuery, () => progress);
  setHandler(saleBookedSignal, () => void (booked = true));
  const searchable: readonly RefundState[] = ['fetching', 'waiting-for-invoice', 'crediting', 'credited', 'skipped-duplicate', 'nothing-to-credit', 'already-credited', 'failed'];
  const enter = (state: RefundState) => {
    progress.state = state;
    if (searchable.includes(state)) upsertSearchAttributes({ [SEARCH_ATTRIBUTE_TENANT_ID]: [tenantId], [SEARCH_ATTRIBUTE_SALE_STATE]: [state] });
  };
  const ids = () => ({ workflowId: workflowInfo().workflowId, runId: workflowInfo().runId });
  enter('fetching');

  let terminal: ApplicationFailure | null = null;
  let side: 'source' | 'target' = 'source';
  let credentialsWaitMs = CREDENTIALS_WAIT_MS;
  let refused = false;
  for (;;) {
    try {
      return await attempt(refused);
    } catch (error) {
      if (error === terminal) throw error;
      const failure = applicationFailureOf(error);
      if (!failure) throw error;
      // History (an order placed before the sync start, not booked by doorzet): no credit note and no error
      // record. The run fails, so that a backfill which books the order can start this refund again.
      if (failure.type === 'NOT_BOOKABLE') throw ApplicationFailure.create({ type: 'NOT_BOOKABLE', message: failure.message, nonRetryable: true });
      if (failure.type === 'AUTH_REVOKED') {
        // Not the refund's fault: the tenant's sync pauses and says why; this refund tries again later.
        const reason = side === 'source' ? 'The webshop refused the credentials.' : 'The accounting system refused the credentials.';
        progress.lastError = { code: 'AUTH_REVOKED', message: reason };
        await database.recordSyncPaused({ tenantId, role: side });
        await getExternalWorkflowHandle(tenantSyncWorkflowId(tenantId)).signal(pauseSyncSignal, { reason, by: 'credentials-rejected' }).catch(() => undefined);
        await sleep(credentialsWaitMs);
        credentialsWaitMs = Math.min(credentialsWaitMs * 2, MAX_WAIT_MS);
        refused = true; // a refused call may have followed one that was written: look up before writing again
        continue;
      }
      const issues = (failure.details?.[0] as { issues?: unknown[] } | undefined)?.issues;
      return await fail(
        failure.type ?? 'UNEXPECTED', progress.orderNumber ?? orderExternalId,
        Array.isArray(issues) && issues.length > 0 ? issues as { code: string; path: string; message: string }[] : [{ code: failure.type ?? 'UNEXPECTED', path: '', message: failure.message }],
      );
    }
  }

  async function attempt(lookupAlways: boolean): Promise<RefundOutcome> {
    side = 'source';
    const fetched = await vendor.fetchRefund(key);
    if (!fetched.ok) {
      progress.orderNumber = fetched.orderNumber;
      return fail(fetched.issues[0]?.code ?? 'SALE_INVALID', fetched.orderNumber, fetched.issues);
    }
    // The debtor only finds the contact; it is not passed on (nor kept in later events).
    const { debtor, ...refund }: Refund = fetched.refund;
    progress.orderNumber = refund.orderNumber;
    if (refund.totalInclCents === 0 && refund.totalExclCents === 0) return nothingToCredit(refund.orderNumber);

    const original = await waitForInvoice(refund.orderNumber);
    // A cancelled order that was never invoiced: there is nothing to credit.
    if (!original) return nothingToCredit(refund.orderNumber);

    enter('deduplicating');
    let credit: Refund = refund;
    let prepared = false;
    let takenOver: boolean;
    if (patched('refund-credit-cap')) {
      // Prepared by the invoice's rules and capped by what its earlier credit notes left (claims of one order serialise in Postgres).
      const claim = await database.claimRefundCredit({ ...key, orderNumber: refund.orderNumber, runId: workflowInfo().runId, refund });
      if (claim.kind === 'credited') {
        progress.targetDocumentId = claim.targetDocumentId;
        enter('skipped-duplicate');
        return { state: 'skipped-duplicate', targetDocumentId: claim.targetDocumentId };
      }
      if (claim.kind === 'already-credited') {
        // E.g. a refund the shop recorded after the order's cancellation was credited in full: no second credit.
        progress.targetDocumentId = claim.targetDocumentId;
        enter('already-credited');
        return { state: 'already-credited', targetDocumentId: claim.targetDocumentId };
      }
      if (claim.kind === 'nothing-to-credit') {
        enter('nothing-to-credit');
        return { state: 'nothing-to-credit', targetDocumentId: null };
      }
      credit = claim.refund;
      prepared = true;
      takenOver = claim.takenOver;
    } else {
      const claim = await database.claimRefund({ ...key, orderNumber: refund.orderNumber, runId: workflowInfo().runId });
      if (claim.kind === 'already-credited') {
        progress.targetDocumentId = claim.targetDocumentId;
        enter('skipped-duplicate');
        return { state: 'skipped-duplicate', targetDocumentId: claim.targetDocumentId };
      }
      if (claim.kind === 'nothing-to-credit') {
        enter('nothing-to-credit');
        return { state: 'nothing-to-credit', targetDocumentId: null };
      }
      takenOver = claim.takenOver;
    }

    side = 'target';
    enter('matching-debtor');
    let contactId = '';
    if (debtor) {
      contactId = (await database.lookupDebtor({ tenantId, source, email: debtor.email })) ?? '';
      if (!contactId) {
        await reserveTargetCalls(2);
        contactId = await vendor.findOrCreateContact({ tenantId, source, debtor });
      }
    }

    enter('crediting');
    const lookupFirst = takenOver || lookupAlways;
    await reserveTargetCalls(CALLS_PER_CREDIT_NOTE + (lookupFirst ? 1 : 0));
    const document = await crediting.pushCreditNote({ tenantId, refund: credit, original, contactId, lookupFirst, ...(prepared ? { prepared } : {}) });
    progress.lastError = null;
    await database.recordCredited({
      ...key, runId: workflowInfo().runId, targetDocumentId: document.id,
      amounts: { totalExclCents: credit.totalExclCents, totalInclCents: credit.totalInclCents },
    });
    progress.targetDocumentId = document.id;
    enter('credited');
    return { state: 'credited', targetDocumentId: document.id };
  }

  async function nothingToCredit(orderNumber: string): Promise<RefundOutcome> {
    await database.recordNothingToCredit({ ...key, orderNumber });
    enter('nothing-to-credit');
    return { state: 'nothing-to-credit', targetDocumentId: null };
  }

  /** The order's invoice once it is booked; null for a cancellation of an order that was never invoiced. */
  async function waitForInvoice(orderNumber: string) {
    let waitMs = FIRST_WAIT_MS;
    let waitingSince: number | null = null;
    let reported = false;
    for (;;) {
      const invoice = await database.originalInvoice({ tenantId, source, orderExternalId });
      if (invoice.state === 'posted') {
        progress.waitingSince = null;
        return invoice.document;
      }
      if (invoice.state === 'none' && refundExternalId === CANCELLATION_REFUND_ID) return null;
      if (waitingSince === null) {
        waitingSince = Date.now();
        progress.waitingSince = new Date(waitingSince).toISOString();
        enter('waiting-for-invoice');
      }
      if (!reported && Date.now() - waitingSince >= REPORT_WAITING_AFTER_MS) {
        reported = true;
        const recorded = await database.recordRefundError({ ...key, ...ids(), orderNumber, code: 'REFUND_WAITING_FOR_INVOICE', params: {} });
        await redactLater(recorded);
      }
      booked = false;
      // The tenant sync signals when the order is booked; the timer covers a signal that never comes.
      await condition(() => booked, waitMs);
      waitMs = Math.min(waitMs * 2, MAX_WAIT_MS);
    }
  }

  /** Waits, as a durable timer, until the tenant's target budget has room for `calls` requests. */
  /**
   * Runs recorded before the budget moved into the activities reserved here, ahead of the vendor step; now each
   * request to the target is reserved right before it goes out (connectors/http's budget hook), as for invoices.
   */
  async function reserveTargetCalls(calls: number): Promise<void> {
    if (patched('budget-per-request')) return;
    for (;;) {
      const reservation = await database.reserveTargetCalls({ tenantId, calls });
      if (reservation.granted) return;
      await sleep(reservation.retryAfterMs);
    }
  }

  async function redactLater(recorded: { errorId: string; occurredAt: string; isNew: boolean; redaction?: { workflowId: string; dueDay: string; start: boolean } }) {
    // From this patch on the record joins its tenant's redaction day (the activity registers and starts it).
    if (recorded.isNew && patched('refund-redaction-day-timers')) await startRedactionDay(tenantId, recorded.redaction);
    else if (recorded.isNew) await startChild(errorRedactionWorkflow, {
      workflowId: errorRedactionWorkflowId(recorded.errorId),
      args: [{ tenantId, errorId: recorded.errorId, occurredAt: recorded.occurredAt }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }

  /** Error record, then fail the run so that a retry can start a new one. */
  async function fail(code: string, orderNumber: string, issues: { code: string; path: string; message: string }[]): Promise<never> {
    const summary = issues.map((i) => i.message).join(' ');
    const params = { summary, issueCodes: [...new Set(issues.map((i) => i.code))].join(','), paths: issues.map((i) => i.path).join(',') };
    const recorded = await database.recordRefundError({ ...key, ...ids(), orderNumber, code, params });
    await redactLater(recorded);
    progress.lastError = { code, message: summary };
    enter('failed');
    terminal = ApplicationFailure.create({ type: code, message: `Refund could not be credited: ${code}`, nonRetryable: true, details: [{ errorId: recorded.errorId, isNew: recorded.isNew }] });
    throw terminal;
  }
}

function applicationFailureOf(error: unknown): ApplicationFailure | null {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) return error.cause;
  if (error instanceof ApplicationFailure) return error;
  return null;
}
