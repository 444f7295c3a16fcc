import { creditNoteReference } from '../../../domain/refund';
import type { Refund } from '../../../domain/refund';
import type { Sale, SaleLine } from '../../../domain/sale';
import { invoiceNoteFor } from '../../../domain/vat-regime';
import { formatCents } from '../../decimal';
import type { AccountingTarget, BookingOptions, NewContact, TargetContact, TargetDocument } from '../../ports';
import { accountFor } from './accounts';
import { createJson2Rpc } from './json2';
import { planLines, withRoundingLine } from './lines';
import { createKeyedPartner, partnerKey } from './partners';
import { readMiscJournalId, settleVouchers } from './settlement';
import type { PlannedLine } from './lines';
import { centsOf, many2one, moveFields, moveRecord, partnerRecord, records } from './records';
import type { MoveRecord } from './records';
import { readCurrencyId, readReferenceData } from './reference-data';
import type { OdooAccount, OdooTax, ReferenceData } from './reference-data';
import type { DomainTerm, OdooRpc, OdooValue } from './rpc';
import { taxesFor } from './taxes';
import { createXmlRpc } from './xmlrpc';
import type { OdooCredentials } from './credentials';
import type { RequestBudget } from '../../http';

export interface OdooTargetOptions {
  /** The instance root, e.g. https://mycompany.odoo.com. */
  baseUrl: string;
  credentials: OdooCredentials;
  timeoutMs?: number;
  /** The tenant's rate budget: asked before every request, told of every 429. */
  budget?: RequestBudget;
}

export interface OdooDocument extends TargetDocument {
  state: 'draft' | 'final';
}

export interface OdooTarget extends AccountingTarget {
  findDocumentByReference(reference: string): Promise<OdooDocument | null>;
  createInvoice(...args: Parameters<AccountingTarget['createInvoice']>): Promise<OdooDocument>;
  createCreditNote(...args: Parameters<AccountingTarget['createCreditNote']>): Promise<OdooDocument>;
  finalise(document: TargetDocument): Promise<OdooDocument>;
  settlePayments(document: TargetDocument, sale: Sale, options: BookingOptions): Promise<void>;
  /** Active sales taxes and line accounts as doorzet reads them (cached with the rest of the reference data). */
  listTaxes(): Promise<OdooTax[]>;
  listAccounts(): Promise<OdooAccount[]>;
}

// Taxes, accounts and the journal change rarely; the worker keeps a client for minutes.
const referenceTtlMs = 5 * 60_000;
const salesMoveTypes = ['out_invoice', 'out_refund'];

export function rpcFor(options: OdooTargetOptions): OdooRpc {
  const { credentials } = options;
  if (credentials.protocol === 'xmlrpc') {
    return createXmlRpc({ baseUrl: options.baseUrl, database: credentials.database ?? '', login: credentials.login ?? '', apiKey: credentials.apiKey, timeoutMs: options.timeoutMs, budget: options.budget });
  }
  return createJson2Rpc({ baseUrl: options.baseUrl, apiKey: credentials.apiKey, database: credentials.database, timeoutMs: options.timeoutMs, budget: options.budget });
}

/** The legal text of a credit note: its supplies' regime's, when they all share one (the refund carries no note of its own). */
function creditNoteText(lines: readonly SaleLine[]): string | undefined {
  const regimes = new Set(lines.filter((l) => l.kind !== 'gift-card' && l.kind !== 'rounding').map((l) => l.regime));
  const [regime] = regimes;
  return regimes.size === 1 && regime ? invoiceNoteFor(regime) ?? undefined : undefined;
}

const toDocument = (move: MoveRecord, fallbackReference: string): OdooDocument => ({
  id: String(move.id),
  reference: move.ref === false ? fallbackReference : move.ref,
  totalExclCents: centsOf(move.amount_untaxed),
  totalInclCents: centsOf(move.amount_total),
  state: move.state === 'posted' ? 'final' : 'draft',
});

/** Odoo's x2many command "create": `[0, 0, values]`; "replace with": `[6, 0, ids]`. */
const createCommand = (values: Record<string, OdooValue>): OdooValue => [0, 0, values];
const replaceWith = (ids: number[]): OdooValue => [6, 0, ids];

/**
 * Odoo as an AccountingTarget over the JSON-2 API (19) or XML-RPC (17, 18): customer invoices and
 * credit notes as `account.move` with explicit taxes and accounts per line, partners matched by
 * e-mail. Odoo has no idempotency key: the caller looks the reference up before retrying a write
 * that failed ambiguously, and a draft left between creating and posting is posted on that lookup.
 */
export function createOdooTarget(options: OdooTargetOptions): OdooTarget {
  const rpc = rpcFor(options);

  let reference: { data: Promise<ReferenceData>; expiresAt: number } | null = null;
  const referenceData = (): Promise<ReferenceData> => {
    if (reference && reference.expiresAt > Date.now()) return reference.data;
    const data = readReferenceData(rpc);
    reference = { data, expiresAt: Date.now() + referenceTtlMs };
    data.catch(() => void (reference = null));
    return data;
  };
  const currencies = new Map<string, Promise<number>>();
  const currencyId = (code: string): Promise<number> => {
    const key = code.toUpperCase();
    let found = currencies.get(key);
    if (!found) {
      found = readCurrencyId(rpc, key);
      currencies.set(key, found);
      found.catch(() => currencies.delete(key));
    }
    return found;
  };

  let miscJournal: Promise<number> | null = null;
  const miscJournalId = (): Promise<number> => {
    miscJournal ??= readMiscJournalId(rpc);
    miscJournal.catch(() => void (miscJournal = null));
    return miscJournal;
  };

  /** The order's redeemed vouchers, settled on its posted invoice (see settlement.ts); resolves the account first. */
  async function settle(invoiceId: number, sale: Sale, booking: BookingOptions, partnerId?: number): Promise<void> {
    if (!sale.payments.some((p) => p.amountCents > 0)) return;
    const liabilityAccountId = accountFor('gift-card', booking.ledgerAccounts, (await referenceData()).accounts);
    if (liabilityAccountId === undefined) return;
    await settleVouchers(rpc, miscJournalId, {
      invoiceId, orderNumber: sale.orderNumber, date: sale.orderDate, partnerId: partnerId ?? await partnerOf(invoiceId), currencyId: await currencyId(sale.currency),
      liabilityAccountId, vouchers: sale.payments,
    });
  }
  async function partnerOf(moveId: number): Promise<number> {
    const [move] = records(moveRecord.pick({ id: true }).extend({ partner_id: many2one }), await rpc.searchRead('account.move', [['id', '=', moveId]], ['id', 'partner_id'], { limit: 1 }), 'odoo account.move');
    if (!move || move.partner_id === false) throw new Error(`odoo account.move ${moveId} has no customer`);
    return move.partner_id[0];
  }

  async function readMove(domain: DomainTerm[], fallbackReference: string): Promise<OdooDocument | null> {
    const [move] = records(moveRecord, await rpc.searchRead('account.move', domain, moveFields, { limit: 1, order: 'id desc' }), 'odoo account.move');
    return move ? toDocument(move, fallbackReference) : null;
  }
  const byReference = (ref: string, moveType?: string): Promise<OdooDocument | null> =>
    readMove([['ref', '=', ref], ['move_type', 'in', moveType ? [moveType] : salesMoveTypes], ['state', '!=', 'cancel']], ref);

  async function post(id: number, ref: string): Promise<OdooDocument> {
    await rpc.callOnRecords('account.move', 'action_post', [id]);
    const posted = await readMove([['id', '=', id]], ref);
    if (!posted) throw new Error(`odoo account.move ${id} vanished after posting`);
    return posted;
  }

  /** The invoice lines as x2many commands: label, quantity, price, tax chosen by regime, account by kind. */
  async function lineCommands(lines: readonly SaleLine[], paidInclCents: number, booking: BookingOptions): Promise<OdooValue[]> {
    const data = await referenceData();
    const taxes = taxesFor(lines, data.taxes, data.countryIds);
    const planned: PlannedLine[] = withRoundingLine(planLines(lines, taxes), paidInclCents, data.roundingMethod);
    return planned.map((line) => {
      const account = accountFor(line.ledgerKey, booking.ledgerAccounts, data.accounts);
      return createCommand({
        name: line.name,
        quantity: line.quantity,
        price_unit: Number(formatCents(line.unitCents)),
        tax_ids: [replaceWith(line.tax ? [line.tax.id] : [])],
        ...(account === undefined ? {} : { account_id: account }),
      });
    });
  }

  async function book(moveType: 'out_invoice' | 'out_refund', values: {
    ref: string; partnerId: string; date: string; currency: string; lines: readonly SaleLine[]; paidInclCents: number; reversedEntryId?: string;
    /** The text the law requires for the regime (reverse charge, export). */
    note?: string;
  }, booking: BookingOptions): Promise<OdooDocument> {
    const data = await referenceData();
    const invoiceLines = await lineCommands(values.lines, values.paidInclCents, booking);
    const id = await rpc.create('account.move', {
      move_type: moveType,
      partner_id: Number(values.partnerId),
      journal_id: data.journalId,
      invoice_date: values.date,
      currency_id: await currencyId(values.currency),
      ref: values.ref,
      // The order number is what the customer paid under: it helps Odoo match the payment.
      payment_reference: values.ref,
      ...(values.reversedEntryId ? { reversed_entry_id: Number(values.reversedEntryId) } : {}),
      // The invoice's terms and notes, printed under the lines (Odoo's place for such statements).
      ...(values.note ? { narration: values.note } : {}),
      invoice_line_ids: invoiceLines,
    });
    if (booking.invoiceState === 'final') return post(id, values.ref);
    const created = await readMove([['id', '=', id]], values.ref);
    if (!created) throw new Error(`odoo account.move ${id} vanished after creating`);
    return created;
  }

  async function createPartner(contact: NewContact): Promise<TargetContact> {
    const { countryIds } = await referenceData();
    const person = `${contact.firstName} ${contact.lastName}`.trim();
    const country = countryIds.get(contact.country.toUpperCase());
    const vat = contact.vatNumber.replace(/\s+/g, '').toUpperCase();
    const id = await createKeyedPartner(rpc, partnerKey(contact.email), {
      name: contact.company.trim() || person || contact.email.trim(),
      is_company: contact.company.trim() !== '',
      email: contact.email.trim(),
      street: contact.address1,
      zip: contact.postcode,
      city: contact.city,
      customer_rank: 1,
      ...(country === undefined ? {} : { country_id: country }),
      // The customer's VAT number (B2B reverse charge), validated and printed by Odoo.
      ...(vat ? { vat } : {}),
    });
    return { id: String(id) };
  }

  // Partners this client created, by lower-case e-mail (see createContact).
  const createdByEmail = new Map<string, Promise<TargetContact>>();

  const target: OdooTarget = {
    async findContactByEmail(email) {
      const wanted = email.trim().toLowerCase();
      if (wanted === '') return null;
      // =ilike is case-insensitive but treats _ and % as wildcards: keep exact matches only.
      const found = records(partnerRecord, await rpc.searchRead('res.partner', [['email', '=ilike', email.trim()]], ['id', 'email'], { limit: 20, order: 'id' }), 'odoo res.partner');
      const hit = found.find((p) => p.email !== false && p.email.trim().toLowerCase() === wanted);
      return hit ? { id: String(hit.id) } : null;
    },

    /**
     * Odoo keeps no e-mail unique, so two sales of a new customer booked at once would each make a
     * partner. Creates for the same address through this client share one partner: a create already
     * made (or under way) for it is answered with that partner.
     */
    createContact(contact: NewContact) {
      const key = contact.email.trim().toLowerCase();
      const known = createdByEmail.get(key);
      if (known) return known;
      const created = createPartner(contact);
      createdByEmail.set(key, created);
      created.catch(() => createdByEmail.delete(key));
      return created;
    },

    findDocumentByReference: (ref) => byReference(ref),

    async createInvoice(sale, contactId, booking) {
      const vouchers = booking.invoiceState === 'final' && sale.payments.some((p) => p.amountCents > 0);
      // Resolved before anything is written: a missing gift-card account must not leave half a booking.
      if (vouchers) accountFor('gift-card', booking.ledgerAccounts, (await referenceData()).accounts);
      const invoice = await book('out_invoice', {
        ref: sale.orderNumber, partnerId: contactId, date: sale.orderDate, currency: sale.currency, lines: sale.lines, paidInclCents: sale.totalInclCents, note: sale.invoiceNote,
      }, booking);
      if (!vouchers) return invoice;
      await settle(Number(invoice.id), sale, booking, Number(contactId));
      return invoice;
    },

    /** Vouchers of an invoice found posted after an interrupted attempt: settled unless they already are. */
    async settlePayments(document, sale, booking) {
      if (booking.invoiceState !== 'final' || document.state === 'draft') return;
      await settle(Number(document.id), sale, booking);
    },

    /**
     * A customer credit note (`out_refund`) linked to the invoice it credits (`reversed_entry_id`),
     * with exactly the refunded lines (positive amounts; Odoo's move type gives the sign). A credit
     * note of an earlier, interrupted attempt is found by its reference and finished instead.
     */
    async createCreditNote(refund: Refund, original, contactId, booking) {
      const ref = creditNoteReference(refund.orderNumber, refund.externalId);
      const existing = await byReference(ref, 'out_refund');
      if (existing) return existing.state === 'draft' && booking.invoiceState === 'final' ? post(Number(existing.id), ref) : existing;
      return book('out_refund', {
        ref, partnerId: contactId, date: refund.refundDate, currency: refund.currency, lines: refund.lines, paidInclCents: refund.totalInclCents, reversedEntryId: original.id,
        note: creditNoteText(refund.lines),
      }, booking);
    },

    finalise: (document) => post(Number(document.id), document.reference),

    async checkConnection() {
      await rpc.authenticate();
      // Reading invoices and taxes needs the Invoicing rights booking needs: a missing right shows now.
      await rpc.searchRead('account.move', [['move_type', 'in', salesMoveTypes]], ['id'], { limit: 1 });
      await referenceData();
    },

    listTaxes: async () => (await referenceData()).taxes,
    listAccounts: async () => (await referenceData()).accounts,
  };
  return target;
}
