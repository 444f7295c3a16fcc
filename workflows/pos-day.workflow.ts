import { ActivityFailure, ApplicationFailure, condition, patched, proxyActivities, proxyLocalActivities, setHandler, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createPosDayActivities } from '../activities/pos-day-activities';
import type { createSaleActivities } from '../activities/sale-activities';
import type { PosDayInput, PosDayOutcome } from '../domain/sync-contracts';
import { SEARCH_ATTRIBUTE_TENANT_ID } from '../domain/workflow-ids';
import { localDatabaseOptions, vendorCallOptions } from './activity-options';
import { posSaleCollectedSignal } from './pos-day-definitions';

type Activities = ReturnType<typeof createSaleActivities> & ReturnType<typeof createPosDayActivities>;
const vendor = proxyActivities<Activities>(vendorCallOptions);
const database = proxyLocalActivities<Activities>(localDatabaseOptions);

const DEFAULT_SETTLE_MS = 10_000;

/**
 * One till location's business day (`pos-day:<tenant>:<location>:<day>`): its sale workflows record
 * each sale in Postgres and start (or signal) this workflow, which waits until the day has closed and
 * then books ONE summary invoice with VAT per rate. Sales that reach doorzet after the summary was
 * booked start a new run, which books them as the day's next batch. Each batch is claimed in Postgres
 * before it is booked and its reference is looked up before a retry, so each sale is booked once.
 */
export async function posDayWorkflow(input: PosDayInput): Promise<PosDayOutcome> {
  const { tenantId, source, location, businessDay } = input;
  upsertSearchAttributes({ [SEARCH_ATTRIBUTE_TENANT_ID]: [tenantId] });
  // Sales arriving while the day is open only add rows; the close books whatever is collected by then.
  let collected = false;
  setHandler(posSaleCollectedSignal, () => void (collected = true));
  const untilClose = Date.parse(input.closesAt) - Date.now();
  if (untilClose > 0) await sleep(untilClose);
  // A backlog of the closed day (tills that synced late, a sync catching up) arrives sale by sale: wait
  // until it has settled, so it becomes one summary instead of one per sale.
  const settleMs = input.settleMs ?? DEFAULT_SETTLE_MS;
  while (await condition(() => collected, settleMs)) collected = false;

  const day = { tenantId, source, location, businessDay };
  const documents: PosDayOutcome['documents'] = [];
  for (;;) {
    collected = false;
    const open = await database.openPosBatch(day);
    // A sale collected while this run was finishing signals it; its row is booked as the next batch.
    if (!open && !collected) break;
    if (!open) continue;
    const { summary } = open;
    try {
      let contactId = await database.lookupDebtor({ tenantId, source, email: summary.debtor.email });
      if (!contactId) {
        await reserveTargetCalls(2);
        contactId = await vendor.findOrCreateContact({ tenantId, source, debtor: summary.debtor });
      }
      await reserveTargetCalls(open.resumed ? 2 : 1);
      const document = await vendor.pushInvoice({ tenantId, sale: summary, contactId, lookupFirst: open.resumed });
      await database.markPosBatchBooked({ ...day, batch: open.batch, targetDocumentId: document.id });
      documents.push({ reference: summary.orderNumber, targetDocumentId: document.id, sales: open.sales });
    } catch (error) {
      const failure = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause : null;
      if (!failure) throw error;
      // The batch stays open: the next run of this day (a later sale, or a retry by ops) books it again.
      const issues = (failure.details?.[0] as { issues?: { message: string }[] } | undefined)?.issues ?? [];
      await database.recordSaleError({
        tenantId, source, externalId: summary.externalId, orderNumber: summary.orderNumber, code: failure.type ?? 'UNEXPECTED', pii: null,
        workflowId: workflowInfo().workflowId, runId: workflowInfo().runId,
        params: { summary: issues.map((i) => i.message).join(' ') || failure.message, issueCodes: failure.type ?? '', paths: '' },
      });
      throw ApplicationFailure.create({ type: failure.type ?? 'UNEXPECTED', message: `Till summary ${summary.orderNumber} could not be booked`, nonRetryable: true });
    }
  }
  return { documents };

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
}
