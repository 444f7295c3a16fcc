import { ApplicationFailure, patched, proxyActivities, proxyLocalActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { createCorrectionActivities } from '../activities/correction-activities';
import type { createRefundActivities } from '../activities/refund-activities';
import type { createSaleActivities } from '../activities/sale-activities';
import type { CorrectionInput, CorrectionOutcome } from '../domain/refund-contracts';
import { localDatabaseOptions, vendorCallOptions } from './activity-options';
import { CALLS_PER_CREDIT_NOTE } from './refund.workflow';

type Activities = ReturnType<typeof createCorrectionActivities> & ReturnType<typeof createRefundActivities> & ReturnType<typeof createSaleActivities>;
const vendor = proxyActivities<Activities>(vendorCallOptions);
const database = proxyLocalActivities<Activities>(localDatabaseOptions);

/** Edits made while a correction runs are caught by reading the order again; this bounds one run. */
const MAX_VERSIONS_PER_RUN = 5;

/**
 * An order edited after its invoice was booked, under the tenant's 'correct' policy: a credit note for
 * the invoice booked now (reference `<order number>-Rv<version>`) and a new invoice for the order as it
 * is now (reference `<order number>-<next version>`), each looked up before a retry, the version claimed
 * in Postgres (sale_versions) so a replay never doubles it. One run per order at a time (its workflow
 * id); it reads the order again before it ends, so an edit made meanwhile is corrected too.
 */
export async function correctionWorkflow(input: CorrectionInput): Promise<CorrectionOutcome> {
  const { tenantId, source, externalId } = input;
  let corrected = 0;
  for (let round = 0; round < MAX_VERSIONS_PER_RUN; round++) {
    const fetched = await vendor.fetchSale({ tenantId, source, externalId });
    if (!fetched.ok) {
      // The order cannot be booked as it is now: its sale's error records say why; nothing is credited.
      throw ApplicationFailure.create({ type: fetched.issues[0]?.code ?? 'SALE_INVALID', message: 'The edited order cannot be booked as it is.', nonRetryable: true });
    }
    // A large order travels by key and amounts only; the push reads it again (and checks the amounts).
    const summary = fetched.summary ?? (fetched.sale ? { orderNumber: fetched.sale.orderNumber, totalExclCents: fetched.sale.totalExclCents, totalInclCents: fetched.sale.totalInclCents, debtor: fetched.sale.debtor } : null);
    if (!summary) throw ApplicationFailure.create({ type: 'UNEXPECTED', message: 'fetchSale returned no sale', nonRetryable: true });
    const amounts = { totalExclCents: summary.totalExclCents, totalInclCents: summary.totalInclCents };
    const plan = await database.planCorrection({
      tenantId, source, externalId, orderNumber: summary.orderNumber, currency: fetched.sale?.currency ?? summary.currency ?? 'EUR', amounts, runId: workflowInfo().runId,
    });
    if (plan.kind === 'needs-history') {
      await database.recordSaleError({
        tenantId, source, externalId, workflowId: workflowInfo().workflowId, runId: workflowInfo().runId,
        orderNumber: summary.orderNumber, code: 'CORRECTION_NEEDS_HISTORY', params: {}, pii: null,
      });
    }
    if (plan.kind !== 'correct') return { corrected, ...(corrected === 0 ? { reason: plan.kind } : {}) };

    let contactId = await database.lookupDebtor({ tenantId, source, email: summary.debtor.email });
    if (!contactId) {
      await reserveTargetCalls(2);
      contactId = await vendor.findOrCreateContact({ tenantId, source, debtor: summary.debtor });
    }
    if (plan.credit) {
      await reserveTargetCalls(CALLS_PER_CREDIT_NOTE + (plan.takenOver ? 1 : 0));
      const credit = await vendor.pushCreditNote({ tenantId, refund: plan.credit.refund, original: plan.credit.original, contactId, lookupFirst: plan.takenOver });
      await database.recordVersionCredited({ tenantId, source, externalId, version: plan.version, creditNoteDocumentId: credit.id });
    }
    // After the credit note (made now or by an earlier run) the new invoice may exist already: look it up first then.
    const lookupFirst = plan.takenOver || !plan.credit;
    // Create and finalise (targets that keep drafts), plus the lookup.
    await reserveTargetCalls(lookupFirst ? 3 : 2);
    const invoice = await vendor.pushInvoice(fetched.sale
      ? { tenantId, sale: fetched.sale, reference: plan.reference, contactId, lookupFirst }
      : { tenantId, source, externalId, amounts, reference: plan.reference, contactId, lookupFirst });
    await database.recordVersionPosted({ tenantId, source, externalId, version: plan.version, targetDocumentId: invoice.id, breakdown: invoice.breakdown });
    corrected++;
  }
  return { corrected };

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
