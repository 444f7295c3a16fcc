import { divideRoundHalfAway } from '../../decimal';
import { formatODataDate } from './odata';
import { guidFrom, padAccountCode, type DivisionBooks } from './sim-data';
import { odataError, type ODataError, type SimEntity } from './sim-odata';
import type { Rng } from '../../sim/rng';

/** The writes of the simulated administration: customers, sales entries, sales invoices and their processing. */

export type BookResult = { ok: true; entity: SimEntity } | { ok: false; error: ODataError };

export interface BookContext {
  books: DivisionBooks;
  rng: Rng;
  nowMs: number;
  /** Absolute URL of the division's API root, for deferred links. */
  divisionUrl: string;
}

const fail = (value: string): BookResult => ({ ok: false, error: odataError(400, value) });
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const isGuid = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
const units = (cents: number): number => Number((cents / 100).toFixed(2));

/** A JSON number in units as cents; null for anything else. */
function cents(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  return Math.round(v * 100);
}

/** `"2025-01-10"` or `/Date(ms)/` → epoch ms. */
function dateOf(v: unknown, fallback: number): number | null {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string') return null;
  const odata = /^\/Date\((-?\d+)\)\/$/.exec(v);
  if (odata) return Number(odata[1]);
  const parsed = Date.parse(v);
  return Number.isNaN(parsed) ? null : parsed;
}

const vatCodeOf = (books: DivisionBooks, code: unknown) => books.vatCodes.find((c) => str(c.Code).trim() === str(code).trim() && str(code).trim() !== '');

export function createAccount(body: Record<string, unknown>, ctx: BookContext): BookResult {
  const name = str(body.Name).trim();
  if (name === '') return fail('Mandatory: Name');
  const email = str(body.Email).trim();
  if (email !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return fail('Invalid: Email');
  const status = str(body.Status) || 'A';
  if (!['A', 'S', 'P', 'C'].includes(status)) return fail('Invalid: Status');
  const now = formatODataDate(ctx.nowMs);
  const entity: SimEntity = {
    ID: guidFrom(ctx.rng), Code: padAccountCode(ctx.books.counters.nextAccountCode++), Name: name.slice(0, 100), Email: email || null, Status: status,
    AddressLine1: str(body.AddressLine1) || null, Postcode: str(body.Postcode) || null, City: str(body.City) || null,
    Country: str(body.Country) ? str(body.Country).padEnd(3, ' ') : null, VATNumber: str(body.VATNumber) || null,
    IsSales: status === 'C', Blocked: false, Division: ctx.books.division, Created: now, Modified: now,
  };
  ctx.books.accounts.set(String(entity.ID), entity);
  return { ok: true, entity };
}

function salesJournal(books: DivisionBooks, code: unknown): SimEntity | null | 'missing' {
  if (str(code).trim() === '') return 'missing';
  return books.journals.find((j) => str(j.Code) === str(code).trim() && j.Type === 20 && !j.IsBlocked) ?? null;
}

function glAccount(books: DivisionBooks, id: unknown): SimEntity | undefined {
  return books.glAccounts.find((g) => isGuid(id) && String(g.ID).toLowerCase() === id.toLowerCase() && !g.IsBlocked);
}

interface PricedLine {
  amountCents: number;
  vatCents: number;
  vatCode: SimEntity;
}

/** VAT of a line: the posted VATAmountFC, else the code's percentage of the amount (half away from zero). */
function vatFor(amountCents: number, vatCode: SimEntity, posted: unknown): number | null {
  if (posted !== undefined && posted !== null) return cents(posted);
  const bp = Math.round(Number(vatCode.Percentage) * 10_000);
  return divideRoundHalfAway(amountCents * bp, 10_000);
}

export function createSalesEntry(body: Record<string, unknown>, ctx: BookContext): BookResult {
  const { books } = ctx;
  const journal = salesJournal(books, body.Journal);
  if (journal === 'missing') return fail('Mandatory: Journal');
  if (journal === null) return fail('Invalid: Journal');
  if (!isGuid(body.Customer)) return fail('Mandatory: Customer');
  const customer = books.accounts.get(body.Customer.toLowerCase()) ?? [...books.accounts.values()].find((a) => String(a.ID).toLowerCase() === String(body.Customer).toLowerCase());
  if (!customer) return fail('Invalid: Customer');
  const type = body.Type === undefined ? 20 : body.Type;
  if (type !== 20 && type !== 21) return fail('Invalid: Type');
  const entryDate = dateOf(body.EntryDate, ctx.nowMs);
  if (entryDate === null) return fail('Invalid: EntryDate');
  const rawLines = body.SalesEntryLines;
  if (!Array.isArray(rawLines) || rawLines.length === 0) return fail('Mandatory: SalesEntryLines');
  const priced: (PricedLine & { raw: Record<string, unknown>; gl: SimEntity })[] = [];
  for (const raw of rawLines as Record<string, unknown>[]) {
    const gl = glAccount(books, raw.GLAccount);
    if (!gl) return fail(raw.GLAccount === undefined ? 'Mandatory: GLAccount' : 'Invalid: GLAccount');
    const amountCents = cents(raw.AmountFC);
    if (amountCents === null) return fail('Mandatory: AmountFC');
    const vatCode = vatCodeOf(books, raw.VATCode);
    if (!vatCode || vatCode.IsBlocked || vatCode.VATTransactionType === 'P') return fail('Invalid: VATCode');
    const vatCents = vatFor(amountCents, vatCode, raw.VATAmountFC);
    if (vatCents === null) return fail('Invalid: VATAmountFC');
    priced.push({ raw, gl, amountCents, vatCents, vatCode });
  }
  const vatTotal = priced.reduce((sum, l) => sum + l.vatCents, 0);
  const total = priced.reduce((sum, l) => sum + l.amountCents + l.vatCents, 0);
  // A credit note credits: its total may not be positive (doorzet's reading of the GAccountAmountFC note).
  if (type === 21 && total > 0) return fail('Invalid: AmountFC (a credit note has a negative amount)');
  if (type === 20 && total < 0) return fail('Invalid: AmountFC (use Type 21 for a credit note)');
  const entryId = guidFrom(ctx.rng);
  const now = formatODataDate(ctx.nowMs);
  const lines = priced.map((l, i) => ({
    ID: guidFrom(ctx.rng), EntryID: entryId, LineNumber: i + 1, GLAccount: l.gl.ID, GLAccountCode: l.gl.Code, Description: str(l.raw.Description) || null,
    Quantity: typeof l.raw.Quantity === 'number' ? l.raw.Quantity : null, AmountFC: units(l.amountCents), AmountDC: units(l.amountCents),
    VATCode: l.vatCode.Code, VATPercentage: l.vatCode.Percentage, VATAmountFC: units(l.vatCents), VATBaseAmountFC: units(l.amountCents), Type: type, Division: books.division,
  }));
  const entity: SimEntity = {
    EntryID: entryId, EntryNumber: books.counters.nextEntryNumber++, EntryDate: formatODataDate(entryDate), Journal: journal.Code, JournalDescription: journal.Description,
    Customer: customer.ID, CustomerName: customer.Name, YourRef: str(body.YourRef) || null, Description: str(body.Description) || null, Currency: str(body.Currency) || 'EUR',
    AmountFC: units(total), AmountDC: units(total), VATAmountFC: units(vatTotal), VATAmountDC: units(vatTotal),
    Status: 20, StatusDescription: 'Open', Type: type, TypeDescription: type === 20 ? 'Sales entry' : 'Sales credit note', Division: books.division, Created: now, Modified: now,
    SalesEntryLines: { __deferred: { uri: `${ctx.divisionUrl}/salesentry/SalesEntries(guid'${entryId}')/SalesEntryLines` } },
  };
  books.entries.set(entryId, entity);
  books.entryLines.set(entryId, lines);
  return { ok: true, entity };
}

export function createSalesInvoice(body: Record<string, unknown>, ctx: BookContext): BookResult {
  const { books } = ctx;
  const journal = salesJournal(books, body.Journal);
  if (journal === 'missing') return fail('Mandatory: Journal');
  if (journal === null) return fail('Invalid: Journal');
  if (!isGuid(body.OrderedBy)) return fail('Mandatory: OrderedBy');
  const customer = [...books.accounts.values()].find((a) => String(a.ID).toLowerCase() === String(body.OrderedBy).toLowerCase());
  if (!customer) return fail('Invalid: OrderedBy');
  const type = body.Type === undefined ? 8020 : body.Type;
  if (type !== 8020 && type !== 8021) return fail('Invalid: Type');
  const invoiceDate = dateOf(body.InvoiceDate, ctx.nowMs);
  if (invoiceDate === null) return fail('Invalid: InvoiceDate');
  const rawLines = body.SalesInvoiceLines;
  if (!Array.isArray(rawLines) || rawLines.length === 0) return fail('Mandatory: SalesInvoiceLines');
  const invoiceId = guidFrom(ctx.rng);
  const lines: SimEntity[] = [];
  let excl = 0;
  let vat = 0;
  for (const [i, raw] of (rawLines as Record<string, unknown>[]).entries()) {
    const item = books.items.find((it) => isGuid(raw.Item) && String(it.ID).toLowerCase() === raw.Item.toLowerCase());
    if (!item) return fail(raw.Item === undefined ? 'Mandatory: Item' : 'Invalid: Item');
    const quantity = typeof raw.Quantity === 'number' ? raw.Quantity : 1;
    const unitCents = cents(raw.UnitPrice);
    if (unitCents === null) return fail('Mandatory: UnitPrice');
    const gl = raw.GLAccount === undefined ? glAccount(books, item.GLRevenue) : glAccount(books, raw.GLAccount);
    if (!gl) return fail('Invalid: GLAccount');
    const vatCode = vatCodeOf(books, raw.VATCode ?? item.SalesVatCode);
    if (!vatCode || vatCode.IsBlocked || vatCode.VATTransactionType === 'P') return fail('Invalid: VATCode');
    const amountCents = Math.round(quantity * unitCents);
    const vatCents = vatFor(amountCents, vatCode, raw.VATAmountFC);
    if (vatCents === null) return fail('Invalid: VATAmountFC');
    excl += amountCents;
    vat += vatCents;
    lines.push({
      ID: guidFrom(ctx.rng), InvoiceID: invoiceId, LineNumber: i + 1, Item: item.ID, ItemCode: item.Code, Description: str(raw.Description) || item.Description,
      Quantity: quantity, UnitPrice: units(unitCents), NetPrice: units(unitCents), AmountFC: units(amountCents), AmountDC: units(amountCents), GLAccount: gl.ID,
      VATCode: vatCode.Code, VATPercentage: vatCode.Percentage, VATAmountFC: units(vatCents), Division: books.division,
    });
  }
  if (type === 8021 && excl + vat > 0) return fail('Invalid: Quantity (a credit note has negative quantities)');
  if (type === 8020 && excl + vat < 0) return fail('Invalid: Quantity (use Type 8021 for a credit note)');
  const now = formatODataDate(ctx.nowMs);
  const entity: SimEntity = {
    InvoiceID: invoiceId, InvoiceNumber: null, InvoiceDate: formatODataDate(invoiceDate), OrderDate: formatODataDate(dateOf(body.OrderDate, invoiceDate) ?? invoiceDate),
    OrderedBy: customer.ID, OrderedByName: customer.Name, InvoiceTo: isGuid(body.InvoiceTo) ? body.InvoiceTo : customer.ID, Journal: journal.Code,
    YourRef: str(body.YourRef) || null, Description: str(body.Description) || null, Remarks: str(body.Remarks) || null, Currency: str(body.Currency) || 'EUR',
    AmountFC: units(excl + vat), AmountDC: units(excl + vat), AmountFCExclVat: units(excl), VATAmountFC: units(vat), VATAmountDC: units(vat),
    Status: 20, StatusDescription: 'Open', Type: type, TypeDescription: type === 8020 ? 'Normal' : 'Credit note', Division: books.division, Created: now, Modified: now,
    SalesInvoiceLines: { __deferred: { uri: `${ctx.divisionUrl}/salesinvoice/SalesInvoices(guid'${invoiceId}')/SalesInvoiceLines` } },
  };
  books.invoices.set(invoiceId, entity);
  books.invoiceLines.set(invoiceId, lines);
  return { ok: true, entity };
}

/** POST salesinvoice/PrintedSalesInvoices: processes an open invoice (status 50) and numbers it. */
export function printSalesInvoice(body: Record<string, unknown>, ctx: BookContext): BookResult & { emailed?: boolean } {
  if (!isGuid(body.InvoiceID)) return fail('Mandatory: InvoiceID');
  const invoice = [...ctx.books.invoices.values()].find((i) => String(i.InvoiceID).toLowerCase() === String(body.InvoiceID).toLowerCase());
  if (!invoice) return { ok: false, error: odataError(404, 'Not found: InvoiceID') };
  if (invoice.Status !== 50) {
    invoice.Status = 50;
    invoice.StatusDescription = 'Processed';
    invoice.InvoiceNumber = ctx.books.counters.nextInvoiceNumber++;
    invoice.Modified = formatODataDate(ctx.nowMs);
  }
  return { ok: true, entity: { InvoiceID: invoice.InvoiceID, Division: ctx.books.division, InvoiceDate: invoice.InvoiceDate }, emailed: body.SendEmailToCustomer === true };
}
