import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { posShareOf, type PosSaleShare } from '../domain/pos-day';
import { AmountOutOfRangeError } from '../domain/money';
import type { SaleChannel, SaleDebtor, Sale, SourceVendor } from '../domain/sale';
import { errorRecordFromIssues } from '../domain/error-record';
import { sameAmounts, type SaleAmounts } from '../domain/sale-fingerprint';
import type { SaleIssue } from '../domain/sale-validation';
import type { Db } from '../db/client';
import { findDebtorContactId, saveDebtor } from '../db/queries/debtors';
import { resolveSaleErrors } from '../db/queries/sale-errors';
import { claimSale, markSalePosted, type ClaimResult } from '../db/queries/synced-sales';
import { reserveTargetCalls } from '../db/queries/target-budget';
import { getTenantSettings } from '../db/queries/tenant-settings';
import type { BookingOptions, TargetDocument } from '../connectors/ports';
import { ledgerBreakdown, type LedgerLine } from '../domain/ledger-breakdown';
import { recordFirstVersion } from '../db/queries/sale-versions';
import { isHistory } from './history';
import { prepareForBooking } from './prepare-for-booking';
import type { ConnectorProvider, RateLimit } from './connector-provider';
import { toApplicationFailure, translating } from './failures';
import { noteJourney, trackedStep } from './journey';
import type { RedactionDayStarter } from './redaction-day-starter';
import { registerErrorRedaction } from './register-redaction';
import { recordSaleError, type SaleErrorInput } from './record-sale-error';

export interface SaleActivityDeps {
  db: Db;
  connectors: ConnectorProvider;
  /** The vendor's published limits (every window) unless the connection overrides them. */
  rateLimitOf: (vendor: string, override: RateLimit | undefined) => RateLimit | readonly RateLimit[];
  /** Starts an error's redaction timer for its due day (the worker's); unset: the workflow starts it. */
  startRedactionDay?: RedactionDayStarter;
}

/** What the workflow needs of a valid sale; small whatever the order's size. */
export interface SaleSummary {
  orderNumber: string;
  totalExclCents: number;
  totalInclCents: number;
  debtor: SaleDebtor;
  /** ISO 4217 code (absent in runs recorded before it was added). */
  currency?: string;
  /** Where the order was taken (a till's location and business day). */
  channel?: SaleChannel;
  /** A till sale's amounts per VAT rate, for its location's daily summary. */
  posShare?: PosSaleShare;
}

/**
 * `tenantId` marks the payload as the tenant's (the codec seals it with the tenant's key). `sale` travels
 * through workflow history only while small; a larger sale is read again by the push activity.
 */
export type FetchSaleResult =
  /** `skip`: a zero-value order the tenant chose not to book (settings.zeroValueOrders = 'skip'). */
  | { ok: true; tenantId?: string; summary?: SaleSummary; sale?: Sale; skip?: 'zero-value' }
  | { ok: false; tenantId?: string; orderNumber: string; issues: SaleIssue[]; pii: Record<string, string> | null };

/** A sale whose JSON is larger than this is not put into workflow history (Temporal's limit per payload is 2 MB). */
export const MAX_SALE_IN_HISTORY_BYTES = 64 * 1024;
/** Issues kept in the result and the error record; the first ones name the problem. */
const MAX_ISSUES = 20;

interface SaleKeyInput {
  tenantId: string;
  source: SourceVendor;
  externalId: string;
}

const actor = () => {
  const { info } = Context.current();
  return `workflow:${info.workflowExecution?.workflowId ?? info.activityId}`;
};

/** How the tenant's settings say a document is booked. */
export function bookingOptionsOf(settings: { invoiceState: 'final' | 'draft'; ledgerAccounts: BookingOptions['ledgerAccounts']; targetOptions?: BookingOptions['targetOptions'] }): BookingOptions {
  return { invoiceState: settings.invoiceState, ledgerAccounts: settings.ledgerAccounts, targetOptions: settings.targetOptions ?? {} };
}

/** The side effects of the sale workflow. */
export function createSaleActivities(deps: SaleActivityDeps) {
  const { db, connectors } = deps;

  /**
   * Reads and cleans the order, then prepares it for booking with the tenant's settings (VAT regimes,
   * target currencies, rounding, zero-value rule: domain/prepare-sale). The note is never booked or
   * stored, so it is dropped here. `screen` sees the order as the source states it first (and may stop it).
   */
  async function readValidSale(input: SaleKeyInput, purpose: string, screen?: (sale: Sale, connectedAt: Date) => Promise<void>): Promise<{ ok: true; sale: Sale; skip?: 'zero-value' } | { ok: false; orderNumber: string; issues: SaleIssue[]; pii: Record<string, string> | null }> {
    const { connector, connection } = await connectors.source(input.tenantId, actor(), purpose);
    let read: Sale;
    try {
      read = await connector.getSale(input.externalId);
    } catch (error) {
      // A source's own sums (e.g. its VAT totals) cannot be exact beyond the safe range: the order is refused, never retried.
      if (!(error instanceof AmountOutOfRangeError)) throw toApplicationFailure(error, 'source');
      const issues: SaleIssue[] = [{ code: 'INVALID_AMOUNT', path: 'lines', message: 'The amounts of the order add up beyond what can be booked exactly (more than 90 trillion).' }];
      return { ok: false, orderNumber: input.externalId, issues, pii: null };
    }
    const { source, prepared } = await prepareForBooking(db, input.tenantId, read, screen && ((cleaned) => screen(cleaned, connection.createdAt)));
    if (prepared.kind === 'rejected') {
      // The most fundamental problem first (no lines before totals that cannot add up): it names the record.
      const issues = prepared.issues.slice(0, MAX_ISSUES);
      const record = errorRecordFromIssues(issues, source, new Date());
      return { ok: false, orderNumber: record.params.orderNumber ?? input.externalId, issues, pii: record.pii };
    }
    const sale = { ...prepared.sale, note: '' };
    return prepared.kind === 'skipped' ? { ok: true, sale, skip: 'zero-value' } : { ok: true, sale };
  }

  async function rereadClaimedSale(input: { tenantId: string; source?: SourceVendor; externalId?: string; amounts?: SaleAmounts }): Promise<Sale> {
    if (!input.source || !input.externalId || !input.amounts) throw ApplicationFailure.nonRetryable('pushInvoice needs the sale or its key and amounts', 'UNEXPECTED');
    const checked = await readValidSale({ tenantId: input.tenantId, source: input.source, externalId: input.externalId }, 'book an invoice');
    if (!checked.ok) throw ApplicationFailure.create({ type: checked.issues[0]?.code ?? 'SALE_INVALID', nonRetryable: true, message: 'The order changed and can no longer be booked.', details: [{ issues: checked.issues }] });
    if (!sameAmounts(input.amounts, checked.sale)) {
      // Edited between the claim and the push: this run stops; the edit starts a new run, which claims the new amounts.
      throw ApplicationFailure.create({ type: 'SALE_INVALID', nonRetryable: true, message: 'The order changed while it was being booked.', details: [{ issues: [{ code: 'SALE_INVALID', path: 'totalInclCents', message: 'The order was changed while it was being booked; the next sync books the new version.' }] }] });
    }
    return checked.sale;
  }

  async function fetchSale(input: SaleKeyInput & { history?: boolean }): Promise<FetchSaleResult> {
    const key = { tenantId: input.tenantId, source: input.source, externalId: input.externalId };
    // An order placed before the tenant's sync start is history (booked by the merchant already): only a
    // backfill (`history`) books it, and only doorzet's own bookings of such orders are followed.
    const checked = await trackedStep(db, key, 'fetching', 'fetchSale', () => readValidSale(input, 'read an order', input.history ? undefined : async (sale, connectedAt) => {
      if (!(await isHistory(db, input, sale.placedAt, connectedAt))) return;
      throw ApplicationFailure.create({ type: 'NOT_BOOKABLE', nonRetryable: true, message: 'The order was placed before the sync start; a backfill books it.' });
    }));
    if (!checked.ok) return { tenantId: input.tenantId, ...checked };
    const { sale } = checked;
    // A zero-value order the tenant does not book ends here (the workflow returns at once).
    await noteJourney(db, checked.skip === 'zero-value'
      ? { ...key, state: 'skipped-zero-value', orderNumber: sale.orderNumber, closed: true }
      : { ...key, state: 'deduplicating', orderNumber: sale.orderNumber, pendingStep: 'claimSale' });
    const summary: SaleSummary = {
      orderNumber: sale.orderNumber, totalExclCents: sale.totalExclCents, totalInclCents: sale.totalInclCents, debtor: sale.debtor, currency: sale.currency,
      ...(sale.channel ? { channel: sale.channel } : {}),
      ...(sale.channel?.kind === 'pos' ? { posShare: posShareOf(sale) } : {}),
    };
    const small = Buffer.byteLength(JSON.stringify(sale)) <= MAX_SALE_IN_HISTORY_BYTES;
    return { ok: true, tenantId: input.tenantId, summary, ...(small ? { sale } : {}), ...(checked.skip ? { skip: checked.skip } : {}) };
  }

  async function claim_(input: SaleKeyInput & { orderNumber: string; runId: string; amounts: SaleAmounts }): Promise<ClaimResult> {
    const { correctionPolicy } = await getTenantSettings(db, input.tenantId);
    const claim = await claimSale(db, { ...input, reportChange: correctionPolicy === 'report' });
    const key = { tenantId: input.tenantId, source: input.source, externalId: input.externalId, orderNumber: input.orderNumber };
    if (claim.kind === 'claimed') await noteJourney(db, { ...key, state: 'posting', pendingStep: 'pushInvoice' });
    else if (claim.kind === 'already-posted') await noteJourney(db, { ...key, state: 'skipped-duplicate', targetDocumentId: claim.targetDocumentId, closed: true });
    else await noteJourney(db, { ...key, state: 'changed-after-posting', targetDocumentId: claim.targetDocumentId, closed: true });
    return claim;
  }

  const steps = {
    /** Reads the order and normalises it; an order that cannot be booked comes back with its issues. */
    fetchSale,

    /**
     * The first step of a sale (runs from patch 'sale-fewer-steps' on): reads the order and, when it can be
     * booked, claims it in Postgres, in one activity. A retry reads again and claims again under the same
     * run id, which `claimSale` answers as before (idempotent per run).
     */
    async readAndClaimSale(input: SaleKeyInput & { history?: boolean; runId: string }): Promise<FetchSaleResult & { claim?: ClaimResult }> {
      const fetched = await fetchSale(input);
      if (!fetched.ok || fetched.skip || !fetched.summary) return fetched;
      const { summary } = fetched;
      const amounts = { totalExclCents: summary.totalExclCents, totalInclCents: summary.totalInclCents };
      const claim = await claim_({ tenantId: input.tenantId, source: input.source, externalId: input.externalId, runId: input.runId, orderNumber: summary.orderNumber, amounts });
      return { ...fetched, claim };
    },

    async claimSale(input: SaleKeyInput & { orderNumber: string; runId: string; amounts: SaleAmounts }): Promise<ClaimResult> {
      return claim_(input);
    },

    async lookupDebtor(input: { tenantId: string; source: SourceVendor; email: string }): Promise<string | null> {
      return findDebtorContactId(db, input.tenantId, input.email);
    },

    /** Budget for `calls` requests to the tenant's target, shared by every worker (runs from before the per-request budget). */
    async reserveTargetCalls(input: { tenantId: string; calls: number }): Promise<{ granted: true } | { granted: false; retryAfterMs: number }> {
      // The connection row only: the budget needs no credentials (nor, for OAuth targets, a token).
      const connection = await connectors.connectionOf(input.tenantId, 'target');
      const limits = deps.rateLimitOf(connection.vendor, connection.settings.rateLimit);
      const reservation = await reserveTargetCalls(db, { connectionId: connection.id, calls: input.calls, windows: 'limit' in limits ? [limits] : limits });
      return reservation.granted ? { granted: true } : reservation;
    },

    /** Finds the contact by e-mail in the target, else creates it; then remembers the mapping. */
    async findOrCreateContact(input: { tenantId: string; source: SourceVendor; debtor: SaleDebtor }): Promise<string> {
      const { connector } = await connectors.target(input.tenantId, actor(), 'match a debtor');
      const { debtor } = input;
      const contact = await translating('target', async () =>
        (await connector.findContactByEmail(debtor.email)) ??
        (await connector.createContact({
          email: debtor.email, firstName: debtor.firstName, lastName: debtor.lastName, company: debtor.company,
          address1: debtor.address1, postcode: debtor.postcode, city: debtor.city, country: debtor.country,
          vatNumber: debtor.vatNumber ?? '',
          customerReference: debtor.sourceCustomerId ? `${input.source}-${debtor.sourceCustomerId}` : '',
        })));
      return saveDebtor(db, {
        tenantId: input.tenantId, source: input.source, sourceCustomerId: debtor.sourceCustomerId, email: debtor.email, targetContactId: contact.id,
      });
    },

    /**
     * Books the invoice. After an ambiguous failure (a retry, or a claim taken over from an earlier
     * run) the reference is looked up first, so a committed invoice is never booked twice.
     */
    async pushInvoice(input: {
      tenantId: string; contactId: string; lookupFirst: boolean; sale?: Sale;
      /** Without `sale` (too large for history): the order is read again and must still have the claimed amounts. */
      source?: SourceVendor; externalId?: string; amounts?: SaleAmounts;
      /** Book under this reference instead of the order number (a correction's new invoice, `<order number>-<version>`). */
      reference?: string;
    }): Promise<TargetDocument & { tenantId: string; linked?: true; breakdown: LedgerLine[] }> {
      const read = input.sale ?? await rereadClaimedSale(input);
      const sale = input.reference ? { ...read, orderNumber: input.reference } : read;
      const key = { tenantId: input.tenantId, source: read.source, externalId: read.externalId };
      const document = await trackedStep(db, key, 'posting', 'pushInvoice', () => bookInvoice(input, sale));
      // What the invoice puts on each ledger line (small), recorded with the posting for a later correction.
      return { ...document, breakdown: ledgerBreakdown(sale.lines) };
    },

    async recordPosted(input: SaleKeyInput & { runId: string; amounts: SaleAmounts; targetDocumentId: string; reference?: string; breakdown?: LedgerLine[] }): Promise<void> {
      await markSalePosted(db, input);
      // What the invoice put on each ledger line, so a later correction can credit exactly that.
      if (input.breakdown && input.reference) await recordFirstVersion(db, { ...input, reference: input.reference, breakdown: input.breakdown });
      await resolveSaleErrors(db, input);
      await noteJourney(db, { tenantId: input.tenantId, source: input.source, externalId: input.externalId, state: 'posted', targetDocumentId: input.targetDocumentId, lastErrorCode: null, closed: true });
    },

    /**
     * The error record, and for a new one its redaction registered with the tenant's timer for the due day
     * (`redaction.start`: the workflow starts that day's timer, the first time only).
     */
    async recordSaleError(input: SaleErrorInput & { source: SourceVendor; issues?: unknown[] }): Promise<{
      errorId: string; occurredAt: string; isNew: boolean; redaction?: { workflowId: string; dueDay: string; start: boolean };
    }> {
      const recorded = await recordSaleError(db, input);
      // Every kind of record (a changed order, a correction or till day that cannot be booked too) gets its day's
      // timer here; a repeat registers again (no round trip once the day runs) so a start lost to a retry is made.
      const redaction = recorded.isNew || deps.startRedactionDay
        ? await registerErrorRedaction(db, input.tenantId, new Date(recorded.occurredAt), deps.startRedactionDay) : undefined;
      const changed = input.code === 'ORDER_CHANGED_AFTER_POSTING';
      await noteJourney(db, {
        tenantId: input.tenantId, source: input.source, externalId: input.externalId, orderNumber: input.orderNumber,
        state: changed ? 'changed-after-posting' : 'failed', lastErrorCode: input.code, closed: true,
      });
      return { ...recorded, ...(redaction ? { redaction } : {}) };
    },
  };

  return {
    ...steps,

    /**
     * The second step of a sale (runs from patch 'sale-fewer-steps' on): the debtor (mapping in Postgres, else
     * found by e-mail or created in the target), the invoice, and the posting recorded in Postgres, in one
     * activity. Each vendor call stays idempotent on its own: the contact is looked up by e-mail before it is
     * created, and any retry (or a claim taken over) looks the invoice reference up before it books, so an
     * attempt cut after the invoice was created records that invoice instead of booking another.
     */
    async bookSale(input: SaleKeyInput & {
      runId: string; lookupFirst: boolean; debtor: SaleDebtor; amounts: SaleAmounts; orderNumber: string; sale?: Sale;
    }): Promise<{ tenantId: string; id: string; linked?: true }> {
      const key = { tenantId: input.tenantId, source: input.source, externalId: input.externalId };
      const contactId = await steps.lookupDebtor({ ...key, email: input.debtor.email })
        ?? await trackedStep(db, key, 'matching-debtor', 'findOrCreateContact', () => steps.findOrCreateContact({ ...key, debtor: input.debtor }));
      const document = await steps.pushInvoice({ ...key, contactId, lookupFirst: input.lookupFirst, amounts: input.amounts, ...(input.sale ? { sale: input.sale } : {}) });
      await steps.recordPosted({
        ...key, runId: input.runId, targetDocumentId: document.id, amounts: input.amounts, reference: input.orderNumber, breakdown: document.breakdown,
      });
      return { tenantId: input.tenantId, id: document.id, ...(document.linked ? { linked: true as const } : {}) };
    },
  };

  async function bookInvoice(input: { tenantId: string; contactId: string; lookupFirst: boolean }, sale: Sale): Promise<TargetDocument & { tenantId: string; linked?: true }> {
    const { connector } = await connectors.target(input.tenantId, actor(), 'book an invoice');
    const { attempt } = Context.current().info;
    const retrying = input.lookupFirst || attempt > 1;
    const options = bookingOptionsOf(await getTenantSettings(db, input.tenantId));
    const document = await translating('target', async () => {
      if (retrying) {
        const existing = await connector.findDocumentByReference(sale.orderNumber, options);
        // Found before this run wrote anything: booked by an earlier run, or (backfill) entered by hand or by another tool.
        const linked = <T extends object>(doc: T) => (input.lookupFirst && attempt === 1 ? { ...doc, linked: true as const } : doc);
        // A draft left by an attempt cut between creating and finalising is finished, not booked again.
        if (existing?.state === 'draft' && options.invoiceState === 'final' && connector.finalise) return linked(await connector.finalise(existing));
        if (existing) return linked(existing);
      }
      return connector.createInvoice(sale, input.contactId, options);
    });
    return { tenantId: input.tenantId, ...document };
  }
}
