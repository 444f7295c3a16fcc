import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { creditNoteReference, type Refund } from '../../../domain/refund';
import type { Sale, SaleLine } from '../../../domain/sale';
import { prepareSale } from '../../../domain/prepare-sale';
import { makeSale } from '../../../domain/sale-fixture';
import { tenantSettingsSchema } from '../../../domain/tenant-settings';
import { ConnectorError } from '../../errors';
import type { RequestBudget } from '../../http';
import type { BookingOptions, NewContact } from '../../ports';
import { generateOrder } from '../../sources/woocommerce/generate-order';
import { mapWooOrder, parseWooOrder } from '../../sources/woocommerce/map-order';
import { nlRateBpById } from '../../sources/woocommerce/nl-tax-rates';
import { createExactTarget, type ExactTarget } from './client';
import { clearMasterDataCache } from './master-data';
import { exactOnlineModule } from './module';
import { startExactSimulator, type ExactSimulator, type ExactSimulatorOptions } from './simulator';

const REDIRECT = 'http://127.0.0.1:3000/oauth/callback';

let sim: ExactSimulator | undefined;
beforeEach(() => clearMasterDataCache());
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function setup(options: ExactSimulatorOptions = {}, timeoutMs = 2_000, division: 'first' | null = 'first', budget?: RequestBudget): Promise<{ sim: ExactSimulator; target: ExactTarget; division: number }> {
  sim = await startExactSimulator({ seed: 5, rateLimits: { minutely: 10_000 }, ...options });
  const oauth = exactOnlineModule.createOAuthClient!({ baseUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret, redirectUri: REDIRECT });
  const tokens = await oauth.exchangeCode(sim.authorizationCode(REDIRECT));
  const d = sim.divisions[0]!;
  return { sim, division: d, target: createExactTarget({ baseUrl: sim.url, accessToken: tokens.accessToken, division: division === 'first' ? String(d) : null, timeoutMs, budget, ...(options.now ? { now: options.now } : {}) }) };
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

const saleFromWoo = (seed: number, choices: Partial<Parameters<typeof generateOrder>[0]> = {}): Sale =>
  mapWooOrder(parseWooOrder(generateOrder({ id: 7000 + seed, seed, ...choices })), nlRateBpById);

const entries: BookingOptions = { invoiceState: 'final', ledgerAccounts: {} };
const contact = (email: string): NewContact => ({
  email, firstName: 'Sanne', lastName: 'de Vries', company: '', address1: 'Molenweg 3', postcode: '8011 CW', city: 'Zwolle', country: 'NL', vatNumber: '', customerReference: 'woo-1',
});
const line = (over: Partial<SaleLine>): SaleLine => ({ kind: 'product', description: 'Artikel', quantity: 1, totalExclCents: 1000, vatCents: 210, vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', ...over });

describe('Exact Online target against the simulator', () => {
  it('lists the divisions the user may book into, the current one flagged', async () => {
    const { sim, target } = await setup({}, 2_000, null);
    expect(await target.listAdministrations()).toEqual([
      { id: String(sim.divisions[0]), name: 'Demo Webwinkel B.V.', current: true },
      { id: String(sim.divisions[1]), name: 'Administratie 2', current: false },
    ]);
    // Booking without a chosen division is refused before any call.
    expect(await failure(target.findContactByEmail('x@example.nl'))).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'administration' }] } });
  });

  it('creates a customer and finds it by e-mail, case-insensitively, exactly, with quotes escaped', async () => {
    const { sim, target, division } = await setup();
    expect(await target.findContactByEmail("o'brien@example.nl")).toBeNull();
    const created = await target.createContact(contact("O'Brien@Example.nl"));
    await target.createContact(contact('obrien@example.nl.evil'));
    expect(await target.findContactByEmail("  o'brien@EXAMPLE.nl ")).toEqual(created);
    const stored = sim.books.get(division)!.accounts.get(created.id)!;
    expect(stored).toMatchObject({ Name: 'Sanne de Vries', Status: 'C', Email: "o'brien@example.nl", Country: 'NL ' });
  });

  it('books sales entries in the first sales journal whose totals match the sale to the cent, found again by YourRef', async () => {
    const { sim, target, division } = await setup();
    const { id: contactId } = await target.createContact(contact('klant1@example.nl'));
    for (let seed = 1; seed <= 20; seed += 1) {
      const sale = saleFromWoo(seed, { coupon: seed % 2 === 0, shipping: true, paymentFee: seed % 3 === 0 });
      expect(await target.findDocumentByReference(sale.orderNumber, entries)).toBeNull();
      const doc = await target.createInvoice(sale, contactId, entries);
      expect(doc).toMatchObject({ reference: sale.orderNumber, totalExclCents: sale.totalExclCents, totalInclCents: sale.totalInclCents, state: 'final' });
      expect(await target.findDocumentByReference(sale.orderNumber, entries)).toEqual(doc);
      const [entry] = sim.entriesByReference(division, sale.orderNumber);
      expect(entry).toMatchObject({ Journal: '70', Type: 20, Customer: contactId });
      const codes = sim.linesOfEntry(division, doc.id).map((l) => [String(l.VATCode).trim(), l.VATPercentage]);
      for (const [code, pct] of codes) expect({ '01': 0.09, '02': 0.21, '03': 0 }[code as '01']).toBe(pct);
    }
    expect(sim.counters.entriesCreated).toBe(20);
    // VAT codes, the revenue account and the journal were read once for all twenty.
    expect(sim.counters.byEndpoint['GET vat/VATCodes']).toBe(1);
    expect(sim.counters.byEndpoint['GET financial/Journals']).toBe(1);
  });

  it('maps VAT by regime: OSS per country, reverse charge, export, outside scope; GL accounts per line kind by code', async () => {
    const { sim, target, division } = await setup();
    const { id: contactId } = await target.createContact(contact('eu@example.de'));
    const lines = [
      line({ description: 'Buch', totalExclCents: 1000, vatCents: 70, vatRateBp: 700, vatCountry: 'DE', regime: 'oss' }),
      line({ description: 'Hemd', totalExclCents: 2000, vatCents: 380, vatRateBp: 1900, vatCountry: 'DE', regime: 'oss' }),
      line({ description: 'Machine', totalExclCents: 5000, vatCents: 0, vatRateBp: 0, vatCountry: 'BE', regime: 'reverse-charge' }),
      line({ description: 'Naar Noorwegen', totalExclCents: 3000, vatCents: 0, vatRateBp: 0, vatCountry: 'NO', regime: 'export' }),
      line({ kind: 'gift-card', description: 'Cadeaubon', totalExclCents: 2500, vatCents: 0, vatRateBp: 0, vatCountry: 'NL', regime: 'outside-scope' }),
      line({ kind: 'shipping', description: 'Verzending', totalExclCents: 495, vatCents: 104, vatRateBp: 2100 }),
    ];
    const sale = makeSale({ orderNumber: 'WC-EU-1', lines, totalExclCents: 13_995, totalVatCents: 554, totalInclCents: 14_549 });
    const books = sim.books.get(division)!;
    const giftCardAccount = books.glAccounts.find((g) => g.Code === '1650')!.ID as string;
    const doc = await target.createInvoice(sale, contactId, { invoiceState: 'final', ledgerAccounts: { shipping: '8300', 'gift-card': giftCardAccount, 'revenue-oss': '8110' } });
    expect(doc).toMatchObject({ totalExclCents: 13_995, totalInclCents: 14_549 });
    const glCode = (id: unknown) => books.glAccounts.find((g) => g.ID === id)?.Code;
    expect(sim.linesOfEntry(division, doc.id).map((l) => [l.Description, String(l.VATCode).trim(), glCode(l.GLAccount)])).toEqual([
      ['Buch', 'O2', '8110'], ['Hemd', 'O1', '8110'], ['Machine', '04', '8000'], ['Naar Noorwegen', '06', '8000'], ['Cadeaubon', '00', '1650'], ['Verzending', '02', '8300'],
    ]);
  });

  it('books a prepared sale to what the customer paid: the rounding line outside VAT, the regime\'s note on the invoice', async () => {
    const { sim, target, division } = await setup();
    const { id: contactId } = await target.createContact(contact('kaars@example.nl'));
    // Three candles of 10.00 incl. 21 %: the shop rounded VAT per line (3 × 1.74), a ledger once per rate (5.20).
    const candle = line({ description: 'Kaars', totalExclCents: 826, vatCents: 174 });
    const source = makeSale({
      orderNumber: 'WC-ROUND-1', pricesIncludeVat: true, lines: [candle, candle, candle],
      vatTotals: [{ vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', taxableCents: 2478, vatCents: 522 }], totalExclCents: 2478, totalVatCents: 522, totalInclCents: 3000,
    });
    const prepared = prepareSale(source, tenantSettingsSchema.parse({}), { currencies: ['EUR'] });
    if (prepared.kind !== 'bookable') throw new Error(`not bookable: ${prepared.kind}`);
    expect(prepared.roundingCents).toBe(2);
    const doc = await target.createInvoice(prepared.sale, contactId, entries);
    expect(doc.totalInclCents).toBe(3000);
    const [entry] = sim.entriesByReference(division, 'WC-ROUND-1');
    expect(entry).toMatchObject({ AmountFC: 30, VATAmountFC: 5.2 });
    const rounding = sim.linesOfEntry(division, doc.id).find((l) => l.Description === 'Afronding');
    expect(rounding).toMatchObject({ AmountFC: 0.02, VATAmountFC: 0 });
    expect(String(rounding?.VATCode).trim()).toBe('00');

    // A reverse-charge sale booked as an invoice carries the text the law asks for in Remarks.
    const b2b = { ...makeSale({ orderNumber: 'WC-B2B-1' }), invoiceNote: 'BTW verlegd' };
    await target.createInvoice({
      ...b2b, lines: [line({ description: 'Machine', totalExclCents: 5000, vatCents: 0, vatRateBp: 0, vatCountry: 'BE', regime: 'reverse-charge' })],
      vatTotals: [], totalExclCents: 5000, totalVatCents: 0, totalInclCents: 5000,
    }, contactId, { invoiceState: 'final', ledgerAccounts: {}, targetOptions: { booking: 'sales-invoice', item: 'WEBSHOP' } });
    expect(sim.invoicesByReference(division, 'WC-B2B-1')[0]).toMatchObject({ Remarks: 'BTW verlegd', AmountFC: 50 });
  });

  it('refuses a rate the administration has no VAT code for, before posting anything', async () => {
    const { sim, target } = await setup();
    const sale = makeSale({ lines: [line({ vatRateBp: 1700, vatCountry: 'LU', regime: 'oss' }), line({ vatRateBp: 600 })] });
    const e = await failure(target.createInvoice(sale, '00000000-0000-4000-8000-000000000000', entries));
    expect(e.code).toBe('UNKNOWN_VAT_RATE');
    expect(e.details.issues?.map((i) => i.message)).toEqual(['no VAT code for 17% oss LU', 'no VAT code for 6% domestic']);
    expect(sim.counters.byEndpoint['POST salesentry/SalesEntries']).toBeUndefined();
  });

  it('books a refund as a credit-note entry (Type 21, negative) under its own reference, naming the original', async () => {
    const { sim, target, division } = await setup();
    const { id: contactId } = await target.createContact(contact('retour@example.nl'));
    const sale = makeSale();
    const invoice = await target.createInvoice(sale, contactId, entries);
    const refund: Refund = {
      source: 'webshop', externalId: '55', orderExternalId: sale.externalId, orderNumber: sale.orderNumber, refundDate: '2025-03-20', currency: 'EUR', full: false,
      lines: [sale.lines[0]!], vatTotals: [{ vatRateBp: 2100, taxableCents: 2480, vatCents: 521 }], totalExclCents: 2480, totalVatCents: 521, totalInclCents: 3001,
    };
    const credit = await target.createCreditNote(refund, invoice, contactId, entries);
    expect(credit).toMatchObject({ reference: creditNoteReference(sale.orderNumber, '55'), totalExclCents: -2480, totalInclCents: -3001 });
    expect(sim.entriesByReference(division, credit.reference)[0]).toMatchObject({ Type: 21, Description: `Credit note for order ${sale.orderNumber}`, AmountFC: -30.01 });
    expect(await target.findDocumentByReference(credit.reference, entries)).toEqual(credit);
    expect(await target.findDocumentByReference(sale.orderNumber, entries)).toEqual(invoice);
  });

  it('books sales invoices when the tenant chooses them: processed without e-mail when final, open when draft', async () => {
    const { sim, target, division } = await setup();
    const { id: contactId } = await target.createContact(contact('factuur@example.nl'));
    const invoices = (state: 'final' | 'draft'): BookingOptions => ({ invoiceState: state, ledgerAccounts: {}, targetOptions: { booking: 'sales-invoice', item: 'WEBSHOP', journal: '71' } });
    const sale = saleFromWoo(31, { coupon: true, shipping: true });
    const final = await target.createInvoice(sale, contactId, invoices('final'));
    expect(final).toMatchObject({ reference: sale.orderNumber, totalInclCents: sale.totalInclCents, totalExclCents: sale.totalExclCents, state: 'final' });
    expect(sim.invoicesByReference(division, sale.orderNumber)[0]).toMatchObject({ Status: 50, Journal: '71', Type: 8020 });
    expect(sim.counters.invoicesEmailed).toBe(0);
    const draftSale = saleFromWoo(32);
    const draft = await target.createInvoice(draftSale, contactId, invoices('draft'));
    expect(draft.state).toBe('draft');
    // A retry after an interrupted final booking finds the open invoice and finishes it.
    const found = await target.findDocumentByReference(draftSale.orderNumber, invoices('final'));
    expect(found).toEqual(draft);
    expect(await target.finalise!(found!)).toMatchObject({ state: 'final', totalInclCents: draftSale.totalInclCents });
    // Invoices need an item: without one, the options are refused before posting.
    const e = await failure(target.createInvoice(saleFromWoo(33), contactId, { invoiceState: 'final', ledgerAccounts: {}, targetOptions: { booking: 'sales-invoice' } }));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'targetOptions.item' }] } });
    const bad = await failure(target.createInvoice(saleFromWoo(34), contactId, { invoiceState: 'final', ledgerAccounts: {}, targetOptions: { booking: 'bon' } }));
    expect(bad.details.issues?.[0]?.path).toBe('targetOptions.booking');
  });

  it('reports a 429 as RATE_LIMITED naming the minutely or the daily limit, waiting until its reset', async () => {
    let now = Date.parse('2025-03-01T10:00:30Z');
    const { sim, target } = await setup({ now: () => now, rateLimits: { minutely: 2, daily: 2 } });
    await target.checkConnection();
    await target.checkConnection();
    const minutely = await failure(target.checkConnection());
    expect(minutely).toMatchObject({ code: 'RATE_LIMITED', retryable: true, details: { status: 429, issues: [{ code: 'minutely_limit' }] } });
    expect(minutely.message).toMatch(/minutely limit of 2 calls reached/);
    // Each listing is /current/Me (no company code: not counted in the day) and /{division}/system/Divisions.
    for (let i = 0; i < 2; i += 1) {
      now += 60_000;
      await target.listAdministrations();
    }
    now += 60_000;
    const daily = await failure(target.listAdministrations());
    expect(daily.details.issues?.[0]?.code).toBe('daily_limit');
    // It waits until the reset Exact names (the start of the next day), a second past it.
    expect(daily.details.retryAfterMs).toBe(Date.parse('2025-03-02T00:00:00Z') - now + 1_000);
    await target.checkConnection();
    expect(sim.counters.rateLimited).toEqual({ minutely: 1, daily: 1 });
  });

  it('waits until the minutely reset the headers name (real clock)', async () => {
    const { target } = await setup({ rateLimits: { minutely: 1 } });
    await target.checkConnection();
    const e = await failure(target.checkConnection());
    const resetIn = 60_000 - (Date.now() % 60_000);
    expect(e.details.retryAfterMs).toBeGreaterThanOrEqual(resetIn);
    expect(e.details.retryAfterMs).toBeLessThanOrEqual(resetIn + 2_500);
  });

  describe('rate budget', () => {
    it('asks the tenant budget before every request (master data, contact, entry, look-up) and sends nothing when it refuses', async () => {
      let asked = 0;
      let answered = 0;
      let refuse = false;
      const budget: RequestBudget = {
        beforeRequest: async () => {
          if (refuse) throw new Error('budget used up');
          asked += 1;
          return asked;
        },
        afterRequest: async () => {
          answered += 1;
        },
        rateLimited: async () => undefined,
      };
      const { sim, target } = await setup({}, 2_000, 'first', budget);
      const { id } = await target.createContact(contact('budget@example.nl'));
      const sale = saleFromWoo(31, { shipping: true });
      const doc = await target.createInvoice(sale, id, entries);
      expect(await target.findDocumentByReference(sale.orderNumber, entries)).toEqual(doc);
      // Every request the simulator saw (the VAT codes, GL accounts and journal reads too) was counted first.
      expect(asked).toBe(sim.counters.requests);
      expect(answered).toBe(asked);
      expect(asked).toBeGreaterThan(4);
      refuse = true;
      const before = sim.counters.requests;
      await expect(target.findDocumentByReference(sale.orderNumber, entries)).rejects.toThrow('budget used up');
      expect(sim.counters.requests).toBe(before);
    });

    it('tells the budget of a 429 with the wait until the reset Exact names, so it grants nothing before', async () => {
      const told: (number | undefined)[] = [];
      const budget: RequestBudget = { beforeRequest: async () => undefined, rateLimited: async (resetInMs) => void told.push(resetInMs) };
      const { target } = await setup({ rateLimits: { minutely: 1 } }, 2_000, 'first', budget);
      await target.checkConnection();
      const e = await failure(target.checkConnection());
      expect(e.code).toBe('RATE_LIMITED');
      expect(told).toEqual([e.details.retryAfterMs]);
    });
  });

  it('reports an expired or revoked access token as AUTH_REVOKED with status 401, never echoing the token', async () => {
    const { sim, target } = await setup();
    sim.oauth.revokeAll();
    const e = await failure(target.checkConnection());
    expect(e).toMatchObject({ code: 'AUTH_REVOKED', details: { status: 401 } });
  });

  it('a committed write answered too late is TIMEOUT ambiguous, and the entry is found by reference afterwards', async () => {
    const { sim, target, division } = await setup({}, 400);
    const { id } = await target.createContact(contact('klant2@example.nl'));
    const sale = saleFromWoo(3);
    await target.findDocumentByReference('warm-up', entries);
    sim.faults.set({ timeoutAfterCommitRate: 1, stallMs: 5_000 });
    const e = await failure(target.createInvoice(sale, id, entries));
    expect(e).toMatchObject({ code: 'TIMEOUT', retryable: true, details: { ambiguous: true } });
    sim.faults.reset();
    expect(await target.findDocumentByReference(sale.orderNumber, entries)).toMatchObject({ reference: sale.orderNumber, totalInclCents: sale.totalInclCents });
    expect(sim.entriesByReference(division, sale.orderNumber)).toHaveLength(1);
  });

  it('maps Exact\'s error body to VALIDATION naming the field', async () => {
    const { target } = await setup();
    const e = await failure(target.createInvoice(makeSale(), '00000000-0000-4000-8000-000000000000', entries));
    expect(e).toMatchObject({ code: 'VALIDATION', details: { status: 400, issues: [{ path: 'Customer', message: 'Invalid: Customer' }] } });
  });
});
