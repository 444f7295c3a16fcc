import { Context } from '@temporalio/activity';
import type { SaleDebtor, Sale, SourceVendor } from '../domain/sale';
import { errorRecordFromIssues } from '../domain/error-record';
import type { SaleAmounts } from '../domain/sale-fingerprint';
import { SALE_ISSUE_CODES, validateSale, type SaleIssue } from '../domain/sale-validation';
import type { Db } from '../db/client';
import { findDebtorContactId, saveDebtor } from '../db/queries/debtors';
import { resolveSaleErrors } from '../db/queries/sale-errors';
import { claimSale, markSalePosted, type ClaimResult } from '../db/queries/synced-sales';
import { reserveTargetCalls, type Reservation } from '../db/queries/target-budget';
import { getTenantSettings } from '../db/queries/tenant-settings';
import type { BookingOptions } from '../connectors/ports';
import type { ConnectorProvider, RateLimit } from './connector-provider';
import { translating } from './failures';
import { recordSaleError, type SaleErrorInput } from './record-sale-error';

export interface SaleActivityDeps {
  db: Db;
  connectors: ConnectorProvider;
  /** The vendor's published limits (every window) unless the connection overrides them. */
  rateLimitOf: (vendor: string, override: RateLimit | undefined) => RateLimit | readonly RateLimit[];
}

export type FetchSaleResult =
  | { ok: true; sale: Sale }
  | { ok: false; orderNumber: string; issues: SaleIssue[]; pii: Record<string, string> | null };

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

  return {
    /** Reads the order and normalises it; an order that cannot be booked comes back with its issues. */
    async fetchSale(input: SaleKeyInput): Promise<FetchSaleResult> {
      const { connector } = await connectors.source(input.tenantId, actor(), 'read an order');
      const sale = await translating('source', () => connector.getSale(input.externalId));
      // The most fundamental problem first (no lines before totals that cannot add up): it names the record.
      const issues = validateSale(sale).sort((a, b) => SALE_ISSUE_CODES.indexOf(a.code) - SALE_ISSUE_CODES.indexOf(b.code));
      if (issues.length > 0) {
        const record = errorRecordFromIssues(issues, sale, new Date());
        return { ok: false, orderNumber: record.params.orderNumber ?? input.externalId, issues, pii: record.pii };
      }
      // The note is never booked or stored; dropping it keeps it out of workflow history too.
      return { ok: true, sale: { ...sale, note: '' } };
    },

    async claimSale(input: SaleKeyInput & { orderNumber: string; runId: string; amounts: SaleAmounts }): Promise<ClaimResult> {
      return claimSale(db, input);
    },

    async lookupDebtor(input: { tenantId: string; source: SourceVendor; email: string }): Promise<string | null> {
      return findDebtorContactId(db, input.tenantId, input.email);
    },

    /** Budget for `calls` requests to the tenant's target, shared by every worker. */
    async reserveTargetCalls(input: { tenantId: string; calls: number }): Promise<Reservation> {
      // The connection row only: the budget needs no credentials (nor, for OAuth targets, a token).
      const connection = await connectors.connectionOf(input.tenantId, 'target');
      const limits = deps.rateLimitOf(connection.vendor, connection.settings.rateLimit);
      return reserveTargetCalls(db, { connectionId: connection.id, calls: input.calls, windows: 'limit' in limits ? [limits] : limits });
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
    async pushInvoice(input: { tenantId: string; sale: Sale; contactId: string; lookupFirst: boolean }) {
      const { connector } = await connectors.target(input.tenantId, actor(), 'book an invoice');
      const retrying = input.lookupFirst || Context.current().info.attempt > 1;
      const options = bookingOptionsOf(await getTenantSettings(db, input.tenantId));
      return translating('target', async () => {
        if (retrying) {
          const existing = await connector.findDocumentByReference(input.sale.orderNumber, options);
          // A draft left by an attempt cut between creating and finalising is finished, not booked again.
          if (existing?.state === 'draft' && options.invoiceState === 'final' && connector.finalise) return connector.finalise(existing);
          if (existing) return existing;
        }
        return connector.createInvoice(input.sale, input.contactId, options);
      });
    },

    async recordPosted(input: SaleKeyInput & { runId: string; amounts: SaleAmounts; targetDocumentId: string }): Promise<void> {
      await markSalePosted(db, input);
      await resolveSaleErrors(db, input);
    },

    async recordSaleError(input: SaleErrorInput & { source: SourceVendor; issues?: unknown[] }): Promise<{ errorId: string; occurredAt: string; isNew: boolean }> {
      return recordSaleError(db, input);
    },
  };
}
