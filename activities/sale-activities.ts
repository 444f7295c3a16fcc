import { Context } from '@temporalio/activity';
import type { SaleDebtor, Sale, SourceVendor } from '../domain/sale';
import { errorRecordFromIssues } from '../domain/error-record';
import type { SaleAmounts } from '../domain/sale-fingerprint';
import { prepareSale } from '../domain/prepare-sale';
import type { SaleIssue } from '../domain/sale-validation';
import type { Db } from '../db/client';
import { findDebtorContactId, saveDebtor } from '../db/queries/debtors';
import { resolveSaleErrors } from '../db/queries/sale-errors';
import { claimSale, markSalePosted, type ClaimResult } from '../db/queries/synced-sales';
import { reserveTargetCalls, type Reservation } from '../db/queries/target-budget';
import { getTenantSettings } from '../db/queries/tenant-settings';
import { getConnection } from '../db/queries/connections';
import { vendorDescriptor } from '../connectors/catalogue';
import type { BookingOptions } from '../connectors/ports';
import type { ConnectorProvider, RateLimit } from './connector-provider';
import { translating } from './failures';
import { recordSaleError, type SaleErrorInput } from './record-sale-error';

export interface SaleActivityDeps {
  db: Db;
  connectors: ConnectorProvider;
  /** The vendor's published limit unless the connection overrides it. */
  rateLimitOf: (vendor: string, override: RateLimit | undefined) => RateLimit;
}

export type FetchSaleResult =
  /** `skip`: a zero-value order the tenant chose not to book (settings.zeroValueOrders = 'skip'). */
  | { ok: true; sale: Sale; skip?: 'zero-value' }
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
export function bookingOptionsOf(settings: { invoiceState: 'final' | 'draft'; ledgerAccounts: BookingOptions['ledgerAccounts'] }): BookingOptions {
  return { invoiceState: settings.invoiceState, ledgerAccounts: settings.ledgerAccounts };
}

/** The side effects of the sale workflow. */
export function createSaleActivities(deps: SaleActivityDeps) {
  const { db, connectors } = deps;

  /** The currencies the tenant's target books in (from its descriptor; no credentials needed). */
  async function targetCurrencies(tenantId: string): Promise<'any' | readonly string[]> {
    const target = await getConnection(db, tenantId, 'target');
    return (target && vendorDescriptor('target', target.vendor)?.currencies) ?? 'any';
  }

  return {
    /**
     * Reads the order and prepares it for booking with the tenant's settings (VAT regimes, rounding,
     * zero-value rule: domain/prepare-sale); an order that cannot be booked comes back with its issues.
     */
    async fetchSale(input: SaleKeyInput): Promise<FetchSaleResult> {
      const { connector } = await connectors.source(input.tenantId, actor(), 'read an order');
      const source = await translating('source', () => connector.getSale(input.externalId));
      const prepared = prepareSale(source, await getTenantSettings(db, input.tenantId), { currencies: await targetCurrencies(input.tenantId) });
      if (prepared.kind === 'rejected') {
        // The most fundamental problem comes first (no lines before totals that cannot add up): it names the record.
        const record = errorRecordFromIssues(prepared.issues, source, new Date());
        return { ok: false, orderNumber: record.params.orderNumber ?? input.externalId, issues: prepared.issues, pii: record.pii };
      }
      // The note is never booked or stored; dropping it keeps it out of workflow history too.
      const sale = { ...prepared.sale, note: '' };
      return prepared.kind === 'skipped' ? { ok: true, sale, skip: 'zero-value' } : { ok: true, sale };
    },

    async claimSale(input: SaleKeyInput & { orderNumber: string; runId: string; amounts: SaleAmounts }): Promise<ClaimResult> {
      return claimSale(db, input);
    },

    async lookupDebtor(input: { tenantId: string; source: SourceVendor; email: string }): Promise<string | null> {
      return findDebtorContactId(db, input.tenantId, input.email);
    },

    /** Budget for `calls` requests to the tenant's target, shared by every worker. */
    async reserveTargetCalls(input: { tenantId: string; calls: number }): Promise<Reservation> {
      const { connection } = await connectors.target(input.tenantId, actor(), 'check the rate budget');
      const limit = deps.rateLimitOf(connection.vendor, connection.settings.rateLimit);
      return reserveTargetCalls(db, { connectionId: connection.id, calls: input.calls, ...limit });
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
          const existing = await connector.findDocumentByReference(input.sale.orderNumber);
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
