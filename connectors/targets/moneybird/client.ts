import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ledgerKeyOf } from '../../../domain/ledger';
import { documentNoteFor, invoiceNoteFor } from '../../../domain/vat-regime';
import type { Refund } from '../../../domain/refund';
import { creditNoteReference } from '../../../domain/refund';
import type { Sale, SaleLine } from '../../../domain/sale';
import { divideRoundHalfAway, formatCents } from '../../decimal';
import { ConnectorError } from '../../errors';
import { createHttpClient } from '../../http';
import type { HttpClient, RequestBudget } from '../../http';
import { parseLinkHeader } from '../../link-header';
import type { AccountingTarget, BookingOptions, TargetDocument } from '../../ports';
import { moneybirdErrorIssues } from './error-issues';
import { detailRows, textRow } from './invoice-details';
import { ledgerAccountFor, readLedgerAccounts } from './ledger-accounts';
import type { MbLedgerAccount } from './ledger-accounts';
import { parseBody } from './parse';
import { mbContactRefSchema, mbId, mbInvoiceSchema } from './response-schemas';
import type { MbInvoice } from './response-schemas';
import { readSalesTaxRates, taxRateIdsFor } from './tax-rates';
import type { MbSalesTaxRate } from './tax-rates';
import { moneybirdVendorError } from './vendor-error';

export const moneybirdBaseUrl = 'https://moneybird.com';

export interface MoneybirdTargetOptions {
  /** Default https://moneybird.com; the client appends `/api/v2/{administrationId}`. */
  baseUrl?: string;
  administrationId: string;
  /** Personal API token or OAuth access token (Bearer). */
  apiToken: string;
  timeoutMs?: number;
  /** The tenant's rate budget: asked before every request, told of every 429. */
  budget?: RequestBudget;
}

/** A booked document with Moneybird's state: `draft` is not in the books yet. */
export interface MoneybirdDocument extends TargetDocument {
  state: 'draft' | 'final';
}

export interface MoneybirdTarget extends AccountingTarget {
  findDocumentByReference(reference: string): Promise<MoneybirdDocument | null>;
  createInvoice(...args: Parameters<AccountingTarget['createInvoice']>): Promise<MoneybirdDocument>;
  createCreditNote(...args: Parameters<AccountingTarget['createCreditNote']>): Promise<MoneybirdDocument>;
  /** Puts a draft in the books without e-mailing anyone (`send_invoice`, delivery method Manual). */
  finalise(document: TargetDocument): Promise<MoneybirdDocument>;
  /** Active sales tax rates of the administration (cached with the ledger accounts). */
  listTaxRates(): Promise<MbSalesTaxRate[]>;
  listLedgerAccounts(): Promise<MbLedgerAccount[]>;
}

// Contact search is fuzzy; an e-mail rarely matches more than a handful, so a few pages suffice.
const maxSearchPages = 5;
// Tax rates and ledger accounts change rarely; the worker keeps a client for minutes, so one read per client saves calls per sale.
const administrationTtlMs = 5 * 60_000;

/**
 * A guest has no customer id in the shop; Moneybird's unique `customer_id` then carries a digest
 * of the e-mail address, so a repeated create finds the same contact exactly.
 */
export function guestCustomerId(email: string): string {
  return `guest-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 20)}`;
}

const stateOf = (invoice: MbInvoice): MoneybirdDocument['state'] => (invoice.state === 'draft' ? 'draft' : 'final');

const toDocument = (invoice: MbInvoice, fallbackReference: string): MoneybirdDocument => ({
  id: invoice.id,
  reference: invoice.reference ?? fallbackReference,
  totalExclCents: invoice.total_price_excl_tax,
  totalInclCents: invoice.total_price_incl_tax,
  state: stateOf(invoice),
});

// The heading row Moneybird puts on a credit invoice it duplicates ("**Creditfactuur voor factuur 2026-0001**", at 0).
const isCreditHeading = (d: MbInvoice['details'][number]): boolean => /^\*\*.*\*\*$/.test(d.description ?? '') && Number(d.price ?? 0) === 0;

/**
 * Moneybird API v2 as an AccountingTarget, as its published OpenAPI spec describes it
 * (spec/openapi.json). Moneybird has no idempotency key: the caller looks the reference up
 * (findDocumentByReference) before retrying a write that failed ambiguously, and the multi-step
 * writes here (create + send, duplicate + edit + send) resume where an earlier attempt stopped.
 */
export function createMoneybirdTarget(options: MoneybirdTargetOptions): MoneybirdTarget {
  const adm = options.administrationId;
  const http: HttpClient = createHttpClient({
    vendor: 'moneybird',
    baseUrl: `${(options.baseUrl ?? moneybirdBaseUrl).replace(/\/+$/, '')}/api/v2/${encodeURIComponent(adm)}`,
    timeoutMs: options.timeoutMs,
    headers: { authorization: `Bearer ${options.apiToken}` },
    parseIssues: moneybirdErrorIssues,
    vendorError: moneybirdVendorError,
    budget: options.budget,
  });

  let administration: { data: Promise<{ rates: MbSalesTaxRate[]; accounts: MbLedgerAccount[] }>; expiresAt: number } | null = null;
  const administrationData = (): Promise<{ rates: MbSalesTaxRate[]; accounts: MbLedgerAccount[] }> => {
    if (administration && administration.expiresAt > Date.now()) return administration.data;
    const data = (async () => ({ rates: await readSalesTaxRates(http), accounts: await readLedgerAccounts(http) }))();
    administration = { data, expiresAt: Date.now() + administrationTtlMs };
    data.catch(() => void (administration = null));
    return data;
  };

  /** Detail rows for sale or refund lines: tax rate by regime, country and rate; ledger account by kind. */
  async function rowsFor(lines: readonly SaleLine[], booking: BookingOptions, sign: 1 | -1, note: string | null = null) {
    const { rates, accounts } = await administrationData();
    const taxRateIds = taxRateIdsFor(lines, rates);
    const ledgerIds = lines.map((line) => ledgerAccountFor(ledgerKeyOf(line), booking.ledgerAccounts, accounts));
    const rows = detailRows(lines, taxRateIds, ledgerIds, sign);
    if (!note) return rows;
    // The legal text (reverse charge, export) as the last row, on the rate and account of a line it speaks for.
    const at = Math.max(0, lines.findIndex((l) => invoiceNoteFor(l.regime) === note));
    return [...rows, textRow(note, taxRateIds[at] ?? '', ledgerIds[at])];
  }

  /** The first contact `query` finds that `matches` exactly (query is a fuzzy search). */
  async function searchContacts(query: string, matches: (c: z.output<typeof mbContactRefSchema>) => boolean): Promise<z.output<typeof mbContactRefSchema> | null> {
    for (let page = 1; page <= maxSearchPages; page += 1) {
      const res = await http.request({ method: 'GET', path: '/contacts.json', query: { query, per_page: 100, page } });
      const hit = parseBody(z.array(mbContactRefSchema), res, 'moneybird GET contacts.json').find(matches);
      if (hit) return hit;
      if (!parseLinkHeader(res.headers.get('link')).has('next')) return null;
    }
    return null;
  }

  const getInvoice = async (id: string): Promise<MbInvoice> =>
    parseBody(mbInvoiceSchema, await http.request({ method: 'GET', path: `/sales_invoices/${encodeURIComponent(id)}.json` }), 'moneybird GET sales_invoices/{id}');

  /** Invoices (drafts included, any date) whose reference is one of `references`, created after `createdAfter`. */
  async function listByReference(references: readonly string[], createdAfter?: string): Promise<MbInvoice[]> {
    const filter = [`reference:${references.join('|')}`, ...(createdAfter ? [`created_after:${createdAfter}`] : [])].join(',');
    const found: MbInvoice[] = [];
    for (let page = 1; page <= 10; page += 1) {
      const res = await http.request({ method: 'GET', path: '/sales_invoices.json', query: { filter, per_page: 100, page } });
      const batch = parseBody(z.array(mbInvoiceSchema), res, 'moneybird GET sales_invoices.json');
      found.push(...batch);
      if (!parseLinkHeader(res.headers.get('link')).has('next') || batch.length === 0) break;
    }
    return found;
  }

  async function sendInvoice(id: string): Promise<MbInvoice> {
    const res = await http.request({
      method: 'PATCH',
      path: `/sales_invoices/${encodeURIComponent(id)}/send_invoice.json`,
      // Manual: marked as sent (numbered, dated, in the books) without Moneybird e-mailing the customer.
      body: { sales_invoice_sending: { delivery_method: 'Manual' } },
    });
    return parseBody(mbInvoiceSchema, res, 'moneybird PATCH sales_invoices/{id}/send_invoice');
  }
  const send = async (id: string, reference: string): Promise<MoneybirdDocument> => toDocument(await sendInvoice(id), reference);

  /**
   * Gift cards and store credit redeemed on the order are payments, not discounts: each settles
   * part of the sent invoice against the gift-card liability account (spec: `POST payments` with
   * `manual_payment_action: balance_settlement`). Payments already on the invoice are not repeated.
   */
  async function settleVouchers(invoice: MbInvoice, sale: Sale, ledgerId: string): Promise<void> {
    const registered = invoice.payments.filter((p) => p.ledger_account_id === ledgerId).map((p) => p.price);
    for (const voucher of sale.payments.filter((p) => p.amountCents > 0)) {
      const seen = registered.indexOf(voucher.amountCents);
      if (seen >= 0) {
        registered.splice(seen, 1);
        continue;
      }
      // A foreign-currency invoice needs the amount in the administration's currency too: at the invoice's own rate.
      const base = invoice.total_price_incl_tax_base != null && invoice.total_price_incl_tax !== 0 && invoice.total_price_incl_tax_base !== invoice.total_price_incl_tax
        ? { price_base: formatCents(divideRoundHalfAway(voucher.amountCents * invoice.total_price_incl_tax_base, invoice.total_price_incl_tax)) }
        : {};
      await http.request({
        method: 'POST',
        path: `/sales_invoices/${encodeURIComponent(invoice.id)}/payments.json`,
        body: { payment: { payment_date: sale.orderDate, price: formatCents(voucher.amountCents), ...base, manual_payment_action: 'balance_settlement', ledger_account_id: ledgerId, transaction_identifier: voucher.kind } },
      });
    }
  }

  const target: MoneybirdTarget = {
    /**
     * Best effort for contacts the merchant made by hand: the spec's `query` searches company and
     * person names, address, `email`, phone, customer_id, tax number, chamber of commerce and bank
     * account, but not `send_invoices_to_email`, the only address the API can set. Contacts doorzet
     * created are found exactly through their unique customer_id instead (see createContact).
     */
    async findContactByEmail(email) {
      const wanted = email.trim().toLowerCase();
      if (wanted === '') return null;
      const hit = await searchContacts(email.trim(), (c) => [c.email, ...(c.send_invoices_to_email ?? '').split(',')].some((e) => e?.trim().toLowerCase() === wanted));
      return hit ? { id: hit.id } : null;
    },

    async createContact(contact) {
      const customerId = contact.customerReference || guestCustomerId(contact.email);
      const body = {
        contact: {
          company_name: contact.company,
          firstname: contact.firstName,
          lastname: contact.lastName,
          address1: contact.address1,
          zipcode: contact.postcode,
          city: contact.city,
          country: contact.country,
          send_invoices_to_email: contact.email,
          customer_id: customerId,
          // The customer's VAT number (B2B reverse charge), printed on the invoice.
          ...(contact.vatNumber.trim() ? { tax_number: contact.vatNumber.trim() } : {}),
        },
      };
      try {
        const res = await http.request({ method: 'POST', path: '/contacts.json', body });
        return { id: parseBody(z.object({ id: mbId }), res, 'moneybird POST contacts.json').id };
      } catch (error) {
        // customer_id is unique: "taken" means our contact already exists (created earlier, or by a
        // retried create whose first response was lost), so answer with that contact. The spec types
        // GET contacts/customer_id/{customer_id} as numeric, so ours (`webshop-42`, `guest-…`) are
        // looked up through `query`, which searches customer_id, and matched exactly.
        const taken = error instanceof ConnectorError && error.code === 'VALIDATION' && error.details.issues?.some((i) => i.path === 'customer_id');
        if (!taken) throw error;
        const existing = await searchContacts(customerId, (c) => c.customer_id === customerId);
        if (!existing) throw error;
        return { id: existing.id };
      }
    },

    /**
     * The invoice or credit note booked under `reference`. A credit invoice that Moneybird has just
     * duplicated still carries its original's reference until we rename it; when the lookup lands
     * on such a copy, the invoice itself is looked for among all documents with that reference.
     */
    async findDocumentByReference(reference) {
      const res = await http.request({ method: 'GET', path: `/sales_invoices/find_by_reference/${encodeURIComponent(reference)}.json`, accept: [404] });
      if (res.status === 404) return null;
      const found = parseBody(mbInvoiceSchema, res, 'moneybird GET sales_invoices/find_by_reference');
      // Only a draft can be such a copy; a sent credit invoice found here is the credit note itself.
      if (found.original_sales_invoice_id && found.state === 'draft' && !/[|,:]/.test(reference)) {
        const own = (await listByReference([reference])).find((i) => !i.original_sales_invoice_id && i.reference === reference);
        if (own) return toDocument(own, reference);
      }
      return toDocument(found, reference);
    },

    async createInvoice(sale, contactId, booking) {
      const details = await rowsFor(sale.lines, booking, 1, sale.invoiceNote ?? null);
      const vouchers = booking.invoiceState === 'final' && sale.payments.some((p) => p.amountCents > 0);
      // Resolved before anything is written: a missing gift-card account must not leave half a booking.
      const voucherLedger = vouchers ? ledgerAccountFor('gift-card', booking.ledgerAccounts, (await administrationData()).accounts) : undefined;
      const res = await http.request({
        method: 'POST',
        path: '/sales_invoices.json',
        body: {
          sales_invoice: {
            contact_id: contactId,
            reference: sale.orderNumber,
            invoice_date: sale.orderDate,
            // Moneybird books in the invoice currency and keeps *_base amounts in the administration's.
            currency: sale.currency,
            prices_are_incl_tax: false,
            details_attributes: details,
          },
        },
      });
      const created = parseBody(mbInvoiceSchema, res, 'moneybird POST sales_invoices.json');
      if (booking.invoiceState !== 'final') return toDocument(created, sale.orderNumber);
      const sent = await sendInvoice(created.id);
      if (voucherLedger) await settleVouchers(sent, sale, voucherLedger);
      return toDocument(sent, sale.orderNumber);
    },

    /**
     * Moneybird's own credit mechanism (spec: `PATCH sales_invoices/{id}/duplicate_creditinvoice`):
     * a credit invoice linked to the original (`original_sales_invoice_id`), whose rows are then set
     * to exactly the refunded lines (negative amounts; tax rate and ledger account chosen as for the
     * sale) and whose reference becomes the refund's, then finalised like invoices. Each step is
     * found again after an interrupted attempt: the finished credit note by its reference, a copy
     * not yet renamed as a draft with the original's reference and `original_sales_invoice_id`.
     */
    async createCreditNote(refund: Refund, original, _contactId, booking) {
      const reference = creditNoteReference(refund.orderNumber, refund.externalId);
      // A credit note of a reverse-charge or export invoice carries the same legal text.
      const rows = await rowsFor(refund.lines, booking, -1, documentNoteFor(refund.lines));
      // The credit note cannot be older than its refund: bound the search a day before it (time zones).
      const since = new Date(Date.parse(`${refund.refundDate}T00:00:00Z`) - 86_400_000).toISOString();
      const candidates = /[|,:]/.test(reference + original.reference)
        ? [...await listByReference([reference], since), ...await listByReference([original.reference], since)]
        : await listByReference([reference, original.reference], since);
      const ours = candidates.filter((i) => i.original_sales_invoice_id === original.id);
      const done = ours.find((i) => i.reference === reference);
      if (done) return booking.invoiceState === 'final' && stateOf(done) === 'draft' ? send(done.id, reference) : toDocument(done, reference);

      let credit = ours.find((i) => i.state === 'draft' && i.reference === original.reference);
      if (!credit) {
        const res = await http.request({ method: 'PATCH', path: `/sales_invoices/${encodeURIComponent(original.id)}/duplicate_creditinvoice.json`, body: {} });
        credit = parseBody(mbInvoiceSchema, res, 'moneybird PATCH sales_invoices/{id}/duplicate_creditinvoice');
      } else if (credit.details.length === 0) {
        credit = await getInvoice(credit.id);
      }
      const removed = credit.details.filter((d) => !isCreditHeading(d)).map((d) => ({ id: d.id, _destroy: true }));
      const res = await http.request({
        method: 'PATCH',
        path: `/sales_invoices/${encodeURIComponent(credit.id)}.json`,
        body: { sales_invoice: { reference, invoice_date: refund.refundDate, details_attributes: [...removed, ...rows] } },
      });
      const edited = toDocument(parseBody(mbInvoiceSchema, res, 'moneybird PATCH sales_invoices/{id}'), reference);
      return booking.invoiceState === 'final' ? send(edited.id, reference) : edited;
    },

    async finalise(document) {
      return send(document.id, document.reference);
    },

    async checkConnection() {
      // Tax rates and sales invoices need different scopes: read both, so a missing grant shows now.
      await http.request({ method: 'GET', path: '/tax_rates.json', query: { per_page: 1 } });
      await http.request({ method: 'GET', path: '/sales_invoices.json', query: { filter: 'state:draft', per_page: 1 } });
    },

    async listTaxRates() {
      return (await administrationData()).rates;
    },

    async listLedgerAccounts() {
      return (await administrationData()).accounts;
    },
  };
  return target;
}
