import { z } from 'zod';
import { ledgerKeyOf } from '../../../domain/ledger';
import { creditNoteReference, type Refund } from '../../../domain/refund';
import type { Sale, SaleLine } from '../../../domain/sale';
import { ConnectorError } from '../../errors';
import type { RequestBudget } from '../../http';
import type { AccountingTarget, Administration, BookingOptions, TargetDocument } from '../../ports';
import { issuesFromZod } from '../../zod-issues';
import {
  entryDocument, invoiceDocument, SALES_CREDIT_NOTE, SALES_ENTRY, SALES_INVOICE, SALES_INVOICE_CREDIT_NOTE,
  salesEntryFields, salesEntryLines, salesEntrySchema, salesInvoiceFields, salesInvoiceLines, salesInvoiceSchema, type LinePlan,
} from './documents';
import { createExactHttp, type ExactHttp } from './exact-http';
import { lineVat } from './line-vat';
import { createMasterData } from './master-data';
import { entityEnvelope, odataGuid, odataString } from './odata';
import { exactTargetOptionsSchema, type ExactTargetOptions } from './target-options';
import { vatCodesForLines } from './vat-codes';

export const exactBaseUrl = 'https://start.exactonline.nl';

export interface ExactTargetOptionsInput {
  /** The country site (default https://start.exactonline.nl). */
  baseUrl?: string;
  /** The current OAuth access token (from the tenant's token keeper). */
  accessToken: string;
  /** The division to book into; null until the merchant chose one (listAdministrations still works). */
  division: string | null;
  timeoutMs?: number;
  now?: () => number;
  /** The tenant's rate budget (Exact's minute and day windows): asked before every request, told of every 429. */
  budget?: RequestBudget;
}

export interface ExactTarget extends AccountingTarget {
  listAdministrations(): Promise<Administration[]>;
}

const accountRefSchema = z.object({ ID: z.string(), Email: z.string().nullish() });
const meSchema = z.object({ CurrentDivision: z.number().int() });
const divisionSchema = z.object({ Code: z.number().int(), Description: z.string().nullish(), Status: z.number().nullish() });

function options(booking: BookingOptions | undefined): ExactTargetOptions {
  const parsed = exactTargetOptionsSchema.safeParse(booking?.targetOptions ?? {});
  if (!parsed.success) {
    throw new ConnectorError('VALIDATION', 'exact-online: the tenant\'s target options are invalid', {
      issues: issuesFromZod(parsed.error).map((i) => ({ ...i, path: `targetOptions.${i.path}` })),
    });
  }
  return parsed.data;
}

/**
 * Exact Online REST API v1 as an AccountingTarget: customers in /crm/Accounts, sales as entries in the sales
 * journal (/salesentry/SalesEntries) or as invoices (/salesinvoice/SalesInvoices), by tenant setting. Exact has
 * no idempotency key: the caller looks a reference up (YourRef) before retrying an ambiguous write.
 */
export function createExactTarget(input: ExactTargetOptionsInput): ExactTarget {
  const baseUrl = (input.baseUrl ?? exactBaseUrl).replace(/\/+$/, '');
  const http: ExactHttp = createExactHttp({ baseUrl, accessToken: input.accessToken, timeoutMs: input.timeoutMs, now: input.now, budget: input.budget });

  const division = (): string => {
    if (input.division === null || !/^\d{1,10}$/.test(input.division)) {
      throw new ConnectorError('VALIDATION', 'exact-online: no division chosen for this connection', {
        issues: [{ code: 'administration_missing', path: 'administration', message: 'choose the Exact Online division to book into' }],
      });
    }
    return input.division;
  };
  const master = () => createMasterData(http, baseUrl, division());

  async function plan(lines: readonly SaleLine[], booking: BookingOptions, opts: ExactTargetOptions): Promise<LinePlan[]> {
    const data = master();
    const codes = vatCodesForLines(lines, await data.vatCodes(), opts);
    const plans: LinePlan[] = [];
    for (const [i, line] of lines.entries()) {
      plans.push({ line, vatCode: codes[i] ?? '', glAccount: await data.glAccount(ledgerKeyOf(line), booking.ledgerAccounts) });
    }
    return plans;
  }

  async function findEntry(reference: string): Promise<TargetDocument | null> {
    const rows = await http.list(`/${division()}/salesentry/SalesEntries`, { $filter: `YourRef eq ${odataString(reference)}`, $select: salesEntryFields }, salesEntrySchema, 1);
    const row = rows.find((r) => r.YourRef === reference);
    return row ? entryDocument(row, reference) : null;
  }

  async function findInvoice(reference: string): Promise<TargetDocument | null> {
    const rows = await http.list(`/${division()}/salesinvoice/SalesInvoices`, { $filter: `YourRef eq ${odataString(reference)}`, $select: salesInvoiceFields }, salesInvoiceSchema, 1);
    const row = rows.find((r) => r.YourRef === reference);
    return row ? invoiceDocument(row, reference) : null;
  }

  async function postEntry(body: Record<string, unknown>, reference: string): Promise<TargetDocument> {
    const res = await http.request({ method: 'POST', path: `/${division()}/salesentry/SalesEntries`, body });
    return entryDocument(http.parse(entityEnvelope(salesEntrySchema), res, 'exact-online POST salesentry/SalesEntries').d, reference);
  }

  async function postInvoice(body: Record<string, unknown>, reference: string, booking: BookingOptions): Promise<TargetDocument> {
    const res = await http.request({ method: 'POST', path: `/${division()}/salesinvoice/SalesInvoices`, body });
    const created = invoiceDocument(http.parse(entityEnvelope(salesInvoiceSchema), res, 'exact-online POST salesinvoice/SalesInvoices').d, reference);
    return booking.invoiceState === 'final' ? target.finalise(created) : created;
  }

  async function book(kind: 'sale' | 'credit', doc: { reference: string; date: string; currency: string; description: string; lines: readonly SaleLine[]; totalInclCents: number; invoiceNote?: string }, contactId: string, booking: BookingOptions): Promise<TargetDocument> {
    const opts = options(booking);
    const plans = await plan(doc.lines, booking, opts);
    const vats = lineVat(doc.lines, doc.totalInclCents);
    const journal = await master().salesJournal(opts.journal);
    const sign = kind === 'sale' ? 1 : -1;
    if (opts.booking === 'sales-invoice') {
      if (!opts.item) {
        throw new ConnectorError('VALIDATION', 'exact-online: sales invoices need an item code (target option "item")', {
          issues: [{ code: 'item_missing', path: 'targetOptions.item', message: 'set the item code invoice lines use' }],
        });
      }
      const item = await master().item(opts.item);
      return postInvoice({
        Journal: journal, OrderedBy: contactId, InvoiceDate: doc.date, OrderDate: doc.date, YourRef: doc.reference,
        Description: doc.description.slice(0, 100), Currency: doc.currency, Type: kind === 'sale' ? SALES_INVOICE : SALES_INVOICE_CREDIT_NOTE,
        // The text the regime requires on the invoice (reverse charge, export); an entry in the journal is not the invoice.
        ...(doc.invoiceNote ? { Remarks: doc.invoiceNote } : {}),
        SalesInvoiceLines: salesInvoiceLines(plans, item, sign, vats),
      }, doc.reference, booking);
    }
    return postEntry({
      Journal: journal, Customer: contactId, EntryDate: doc.date, YourRef: doc.reference, Description: doc.description.slice(0, 100),
      Currency: doc.currency, Type: kind === 'sale' ? SALES_ENTRY : SALES_CREDIT_NOTE, SalesEntryLines: salesEntryLines(plans, sign, vats),
    }, doc.reference);
  }

  const target: ExactTarget & { finalise(document: TargetDocument): Promise<TargetDocument> } = {
    async findContactByEmail(email) {
      const wanted = email.trim().toLowerCase();
      if (wanted === '') return null;
      const rows = await http.list(`/${division()}/crm/Accounts`, { $filter: `Email eq ${odataString(wanted)}`, $select: 'ID,Email' }, accountRefSchema, 2);
      const hit = rows.find((r) => r.Email?.trim().toLowerCase() === wanted);
      return hit ? { id: hit.ID } : null;
    },

    async createContact(contact) {
      const name = contact.company.trim() || `${contact.firstName} ${contact.lastName}`.trim() || contact.email;
      const res = await http.request({
        method: 'POST',
        path: `/${division()}/crm/Accounts`,
        body: {
          Name: name.slice(0, 100),
          Email: contact.email.trim().toLowerCase(),
          // C = customer (A none, S suspect, P prospect).
          Status: 'C',
          AddressLine1: contact.address1,
          Postcode: contact.postcode,
          City: contact.city,
          Country: contact.country,
          ...(contact.vatNumber ? { VATNumber: contact.vatNumber } : {}),
        },
      });
      return { id: http.parse(entityEnvelope(z.object({ ID: z.string() })), res, 'exact-online POST crm/Accounts').d.ID };
    },

    async findDocumentByReference(reference, booking) {
      return options(booking).booking === 'sales-invoice' ? findInvoice(reference) : findEntry(reference);
    },

    async createInvoice(sale: Sale, contactId, booking) {
      return book('sale', {
        reference: sale.orderNumber, date: sale.orderDate, currency: sale.currency, description: `Order ${sale.orderNumber}`, lines: sale.lines, totalInclCents: sale.totalInclCents,
        ...(sale.invoiceNote ? { invoiceNote: sale.invoiceNote } : {}),
      }, contactId, booking);
    },

    async createCreditNote(refund: Refund, original, contactId, booking) {
      // Exact has no field that ties a credit note to the entry it credits: the description names it.
      const reference = creditNoteReference(refund.orderNumber, refund.externalId);
      return book('credit', {
        reference, date: refund.refundDate, currency: refund.currency, description: `Credit note for order ${original.reference}`, lines: refund.lines, totalInclCents: refund.totalInclCents,
      }, contactId, booking);
    },

    async finalise(document) {
      if (document.state !== 'draft') return document;
      // Processing ("printing") books an invoice; no e-mail, no postbox, no Peppol.
      await http.request({
        method: 'POST',
        path: `/${division()}/salesinvoice/PrintedSalesInvoices`,
        body: { InvoiceID: document.id, SendEmailToCustomer: false, SendOutputBasedOnAccount: false, SendInvoiceViaPeppol: false },
      });
      const rows = await http.list(`/${division()}/salesinvoice/SalesInvoices`, { $filter: `InvoiceID eq ${odataGuid(document.id)}`, $select: salesInvoiceFields }, salesInvoiceSchema, 1);
      const row = rows[0];
      return row ? invoiceDocument(row, document.reference) : document;
    },

    async checkConnection() {
      await http.get('/current/Me', { $select: 'CurrentDivision' }, z.object({ d: z.object({ results: z.array(meSchema) }) }));
    },

    async listAdministrations() {
      const me = await http.get('/current/Me', { $select: 'CurrentDivision' }, z.object({ d: z.object({ results: z.array(meSchema).min(1) }) }));
      const current = me.d.results[0]?.CurrentDivision ?? 0;
      const rows = await http.list(`/${current}/system/Divisions`, { $select: 'Code,Description,Status' }, divisionSchema, 10);
      const list = rows.filter((r) => (r.Status ?? 0) === 0).map((r) => ({ id: String(r.Code), name: r.Description ?? String(r.Code), current: r.Code === current }));
      return list.length > 0 ? list : [{ id: String(current), name: String(current), current: true }];
    },
  };
  return target;
}
