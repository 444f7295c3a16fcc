import { z } from 'zod';
import { ConnectorError } from '../../errors';
import { createHttpClient } from '../../http';
import { unusableResponse } from '../../http-errors';
import type { HttpResponse } from '../../http';
import { parseLinkHeader } from '../../link-header';
import type { AccountingTarget, TargetDocument } from '../../ports';
import { issuesFromZod } from '../../zod-issues';
import { moneybirdErrorIssues } from './error-issues';
import { invoiceDetailsFor } from './invoice-details';
import { mbContactRefSchema, mbId, mbInvoiceSchema, mbTaxRateSchema } from './response-schemas';

export const moneybirdBaseUrl = 'https://moneybird.com';

export interface MoneybirdTargetOptions {
  /** Default https://moneybird.com; the client appends `/api/v2/{administrationId}`. */
  baseUrl?: string;
  administrationId: string;
  /** Personal API token or OAuth access token (Bearer). */
  apiToken: string;
  timeoutMs?: number;
}

// Contact search is fuzzy; an e-mail rarely matches more than a handful, so a few pages suffice.
const maxSearchPages = 5;

function parse<T extends z.ZodType>(schema: T, res: HttpResponse, where: string): z.output<T> {
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw unusableResponse(where, issuesFromZod(parsed.error));
  return parsed.data;
}

const toDocument = (invoice: z.output<typeof mbInvoiceSchema>, fallbackReference: string): TargetDocument => ({
  id: invoice.id,
  reference: invoice.reference ?? fallbackReference,
  totalExclCents: invoice.total_price_excl_tax,
  totalInclCents: invoice.total_price_incl_tax,
});

export interface TargetTaxRate {
  id: string;
  vatRateBp: number;
}

export interface MoneybirdTarget extends AccountingTarget {
  /** Active sales tax rates of the administration. */
  listTaxRates(): Promise<TargetTaxRate[]>;
}

// Tax rates change rarely; one read per client (the worker keeps a client about a minute) saves a call per sale.
const TAX_RATE_TTL_MS = 5 * 60_000;

/**
 * Moneybird API v2 as an AccountingTarget. Moneybird has no idempotency key: the caller checks
 * findDocumentByReference before retrying a createInvoice that failed ambiguously.
 */
export function createMoneybirdTarget(options: MoneybirdTargetOptions): MoneybirdTarget {
  const adm = options.administrationId;
  const http = createHttpClient({
    vendor: 'moneybird',
    baseUrl: `${(options.baseUrl ?? moneybirdBaseUrl).replace(/\/+$/, '')}/api/v2/${encodeURIComponent(adm)}`,
    timeoutMs: options.timeoutMs,
    headers: { authorization: `Bearer ${options.apiToken}` },
    parseIssues: moneybirdErrorIssues,
  });

  let taxRates: { rates: Promise<TargetTaxRate[]>; expiresAt: number } | null = null;
  const cachedTaxRates = (): Promise<TargetTaxRate[]> => {
    if (taxRates && taxRates.expiresAt > Date.now()) return taxRates.rates;
    const rates = target.listTaxRates();
    taxRates = { rates, expiresAt: Date.now() + TAX_RATE_TTL_MS };
    rates.catch(() => void (taxRates = null));
    return rates;
  };

  const target: MoneybirdTarget = {
    async findContactByEmail(email) {
      const wanted = email.trim().toLowerCase();
      if (wanted === '') return null;
      for (let page = 1; page <= maxSearchPages; page += 1) {
        const res = await http.request({ method: 'GET', path: '/contacts.json', query: { query: email.trim(), per_page: 100, page } });
        const contacts = parse(z.array(mbContactRefSchema), res, 'moneybird GET contacts.json');
        const hit = contacts.find((c) => [c.email, c.send_invoices_to_email].some((e) => e?.trim().toLowerCase() === wanted));
        if (hit) return { id: hit.id };
        if (!parseLinkHeader(res.headers.get('link')).has('next')) return null;
      }
      return null;
    },

    async createContact(contact) {
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
          customer_id: contact.customerReference,
          ...(contact.vatNumber ? { tax_number: contact.vatNumber } : {}),
        },
      };
      try {
        const res = await http.request({ method: 'POST', path: '/contacts.json', body });
        return { id: parse(z.object({ id: mbId }), res, 'moneybird POST contacts.json').id };
      } catch (error) {
        // customer_id is unique: "taken" means our contact already exists (e.g. a retried
        // create whose first response was lost), so answer with that contact.
        const taken = error instanceof ConnectorError && error.code === 'VALIDATION' && error.details.issues?.some((i) => i.path === 'customer_id');
        if (!taken) throw error;
        const res = await http.request({ method: 'GET', path: `/contacts/customer_id/${encodeURIComponent(contact.customerReference)}.json`, accept: [404] });
        if (res.status === 404) throw error;
        return { id: parse(z.object({ id: mbId }), res, 'moneybird GET contacts/customer_id').id };
      }
    },

    async findDocumentByReference(reference) {
      const res = await http.request({
        method: 'GET',
        path: `/sales_invoices/find_by_reference/${encodeURIComponent(reference)}.json`,
        accept: [404],
      });
      if (res.status === 404) return null;
      return toDocument(parse(mbInvoiceSchema, res, 'moneybird GET sales_invoices/find_by_reference'), reference);
    },

    async createInvoice(sale, contactId) {
      const details = invoiceDetailsFor(sale, await cachedTaxRates());
      const res = await http.request({
        method: 'POST',
        path: '/sales_invoices.json',
        body: {
          sales_invoice: {
            contact_id: contactId,
            reference: sale.orderNumber,
            invoice_date: sale.orderDate,
            currency: sale.currency,
            prices_are_incl_tax: false,
            details_attributes: details,
          },
        },
      });
      return toDocument(parse(mbInvoiceSchema, res, 'moneybird POST sales_invoices.json'), sale.orderNumber);
    },

    async createCreditNote() {
      // Credit invoices per Moneybird's spec arrive with refunds (issue 10).
      throw new ConnectorError('VALIDATION', 'moneybird credit notes are not booked yet', { issues: [{ code: 'credit_notes_unsupported', path: 'refund', message: 'not supported yet' }] });
    },

    async checkConnection() {
      await http.request({ method: 'GET', path: '/tax_rates.json', query: { per_page: 1 } });
    },

    async listTaxRates() {
      const rates: { id: string; vatRateBp: number }[] = [];
      for (let page = 1; ; page += 1) {
        const res = await http.request({ method: 'GET', path: '/tax_rates.json', query: { filter: 'tax_rate_type:sales_invoice', per_page: 100, page } });
        const batch = parse(z.array(mbTaxRateSchema), res, 'moneybird GET tax_rates.json');
        for (const rate of batch) {
          if (rate.active && rate.tax_rate_type === 'sales_invoice') rates.push({ id: rate.id, vatRateBp: rate.percentage });
        }
        if (!parseLinkHeader(res.headers.get('link')).has('next') || batch.length === 0) return rates;
      }
    },
  };
  return target;
}
