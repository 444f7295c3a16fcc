import { afterEach, describe, expect, it } from 'vitest';
import { creditNoteReference } from '../../../domain/refund';
import type { Refund } from '../../../domain/refund';
import type { Sale, SaleLine } from '../../../domain/sale';
import { makeSale } from '../../../domain/sale-fixture';
import { EXPORT_NOTE, REVERSE_CHARGE_NOTE } from '../../../domain/vat-regime';
import { ConnectorError } from '../../errors';
import type { BookingOptions, NewContact } from '../../ports';
import { generateOrder } from '../../sources/woocommerce/generate-order';
import { mapWooOrder, parseWooOrder } from '../../sources/woocommerce/map-order';
import { nlRateBpById } from '../../sources/woocommerce/nl-tax-rates';
import { createMoneybirdTarget, guestCustomerId } from './client';
import type { MoneybirdTarget } from './client';
import { createSpecCheck } from './spec-check';
import type { SpecCheck } from './spec-check';
import { INTRA_EU_MANDATORY_TAX_TEXT } from './sim-tax-rates';
import { startMoneybirdSimulator } from './simulator';
import type { MoneybirdSimulator, MoneybirdSimulatorOptions } from './simulator';

let sim: MoneybirdSimulator | undefined;
let spec: SpecCheck;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
  // Every request the client sent and every answer the simulator gave matched Moneybird's published spec.
  expect(spec.violations).toEqual([]);
});

async function setup(options: MoneybirdSimulatorOptions = {}, timeoutMs = 2_000): Promise<{ sim: MoneybirdSimulator; target: MoneybirdTarget }> {
  spec = createSpecCheck();
  sim = await startMoneybirdSimulator({ onExchange: spec.onExchange, ...options });
  return { sim, target: createMoneybirdTarget({ baseUrl: sim.url, administrationId: sim.administrationId, apiToken: sim.token, timeoutMs }) };
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

const saleFromWoo = (seed: number, choices: Parameters<typeof generateOrder>[0] = { id: 7000 + seed, seed }): Sale =>
  mapWooOrder(parseWooOrder(generateOrder(choices)), nlRateBpById);

const final: BookingOptions = { invoiceState: 'final', ledgerAccounts: {} };
const draft: BookingOptions = { invoiceState: 'draft', ledgerAccounts: {} };

const contact = (email: string, customerReference = `webshop-${email.length}${email.charCodeAt(0)}`): NewContact => ({
  email, firstName: 'Sanne', lastName: 'de Vries', company: '', address1: 'Molenweg 3', postcode: '8011 CW', city: 'Zwolle', country: 'NL', vatNumber: '', customerReference,
});

const line = (l: Partial<SaleLine> & Pick<SaleLine, 'totalExclCents' | 'vatRateBp'>): SaleLine => ({
  kind: 'product', description: 'Theepot', quantity: 1, vatCents: 0, vatCountry: 'NL', regime: 'domestic', ...l,
});

/** A refund of some lines of `sale`, with the VAT the shop computed per line (positive magnitudes). */
function refundOf(sale: Sale, externalId: string, lines: SaleLine[], full = false): Refund {
  const byRate = new Map<number, { taxableCents: number; vatCents: number }>();
  for (const l of lines) {
    const t = byRate.get(l.vatRateBp) ?? { taxableCents: 0, vatCents: 0 };
    byRate.set(l.vatRateBp, { taxableCents: t.taxableCents + l.totalExclCents, vatCents: t.vatCents + l.vatCents });
  }
  const excl = lines.reduce((a, l) => a + l.totalExclCents, 0);
  const vat = lines.reduce((a, l) => a + l.vatCents, 0);
  return {
    source: sale.source, externalId, orderExternalId: sale.externalId, orderNumber: sale.orderNumber, refundDate: new Date().toISOString().slice(0, 10),
    currency: sale.currency, full, lines, vatTotals: [...byRate].map(([vatRateBp, t]) => ({ vatRateBp, ...t })),
    totalExclCents: excl, totalVatCents: vat, totalInclCents: excl + vat,
  };
}

const rateName = (s: MoneybirdSimulator, id: string): string | undefined => s.taxRates.find((r) => r.id === id)?.name;
const ledgerName = (s: MoneybirdSimulator, id: string): string | undefined => s.ledgerAccounts.find((a) => a.id === id)?.name;

describe('Moneybird contacts', () => {
  it('finds a contact it created again exactly, through customer_id, though the spec\'s query does not search send_invoices_to_email', async () => {
    const { sim, target } = await setup();
    const created = await target.createContact(contact('sanne@example.nl'));
    // GET contacts?query= searches `email`, not send_invoices_to_email (the only address the API sets).
    expect(await target.findContactByEmail('sanne@example.nl')).toBeNull();
    const again = await target.createContact(contact('sanne@example.nl'));
    expect(again).toEqual(created);
    expect(sim.contacts.size).toBe(1);
    // The lookup after "customer_id has already been taken": one query search, matched exactly.
    expect(sim.counters.byEndpoint['GET contacts.json']).toBe(2);
  });

  it('gives a guest a customer_id derived from the e-mail, so the same guest maps to one contact', async () => {
    const { sim, target } = await setup();
    const first = await target.createContact(contact('Gast@Example.nl', ''));
    const second = await target.createContact(contact(' gast@example.nl ', ''));
    expect(second).toEqual(first);
    expect(sim.contacts.get(first.id)?.customer_id).toBe(guestCustomerId('gast@example.nl'));
    expect(sim.contacts.get(first.id)?.customer_id).not.toContain('gast');
  });

  it('finds a contact the merchant made by hand by its e-mail, exactly and case-insensitively', async () => {
    const { sim, target } = await setup();
    const own = await target.createContact(contact('x@example.nl'));
    const stored = sim.contacts.get(own.id);
    if (!stored) throw new Error('contact missing');
    // As if typed into Moneybird: the general e-mail field set.
    sim.contacts.set(own.id, { ...stored, email: 'winkel@example.nl' });
    await target.createContact(contact('winkel@example.nl.evil'));
    expect(await target.findContactByEmail('  WINKEL@Example.NL ')).toEqual(own);
    expect(await target.findContactByEmail('inkel@example.nl')).toBeNull();
  });

  it('keeps the customer\'s VAT number on the contact (tax_number) for reverse-charge invoices', async () => {
    const { sim, target } = await setup();
    const b2b = await target.createContact({ ...contact('inkoop@firma.de'), company: 'Firma GmbH', country: 'DE', vatNumber: 'DE 123456789' });
    expect(sim.contacts.get(b2b.id)).toMatchObject({ tax_number: 'DE123456789', company_name: 'Firma GmbH', country: 'DE' });
    const consumer = await target.createContact(contact('p@example.nl'));
    expect(sim.contacts.get(consumer.id)?.tax_number).toBe('');
  });

  it('answers a repeated create whose first answer was lost with the existing contact', async () => {
    const { sim, target } = await setup();
    sim.faults.set({ timeoutAfterCommitRate: 1, timeoutAfterCommitMode: 'destroy' });
    expect((await failure(target.createContact(contact('lotte@example.nl')))).details.ambiguous).toBe(true);
    sim.faults.reset();
    const again = await target.createContact(contact('lotte@example.nl'));
    expect(sim.contacts.size).toBe(1);
    expect(sim.contacts.get(again.id)?.customer_id).toBe(contact('lotte@example.nl').customerReference);
  });
});

describe('Moneybird invoices', () => {
  it('books sales final without e-mail, to the cent, on the right tax rates and ledger accounts, and finds them by reference', async () => {
    const { sim, target } = await setup();
    const { id: contactId } = await target.createContact(contact('klant1@example.nl'));
    for (let seed = 1; seed <= 20; seed += 1) {
      const sale = saleFromWoo(seed, { id: 7000 + seed, seed, coupon: seed % 2 === 0, shipping: true, paymentFee: seed % 3 === 0 });
      expect(await target.findDocumentByReference(sale.orderNumber)).toBeNull();
      const doc = await target.createInvoice(sale, contactId, final);
      expect(doc).toMatchObject({ reference: sale.orderNumber, totalExclCents: sale.totalExclCents, totalInclCents: sale.totalInclCents, state: 'final' });
      expect(await target.findDocumentByReference(sale.orderNumber)).toEqual(doc);
      const stored = sim.invoices.get(doc.id);
      expect(stored).toMatchObject({ state: 'open', currency: 'EUR', invoice_date: sale.orderDate });
      expect(stored?.invoice_id).toMatch(/^\d{4}-\d{4}$/);
      const kinds = new Map(sale.lines.map((l, i) => [i, l.kind]));
      stored?.details.forEach((d, i) => {
        const expected = ({ product: 'Omzet', discount: 'Omzet', shipping: 'Omzet verzendkosten', fee: 'Omzet betaalkosten' } as Record<string, string>)[kinds.get(i) ?? 'product'];
        expect(ledgerName(sim, d.ledger_account_id)).toBe(expected);
        expect(rateName(sim, d.tax_rate_id)).toMatch(/^(21|9|0)% btw$/);
      });
    }
    expect(sim.counters.invoicesSent).toEqual({ Email: 0, Peppol: 0, Manual: 20 });
    // Tax rates and ledger accounts are read once per client, not per sale.
    expect(sim.counters.byEndpoint['GET tax_rates.json']).toBe(1);
    expect(sim.counters.byEndpoint['GET ledger_accounts.json']).toBe(1);
  });

  it('leaves the invoice a draft when the tenant says so', async () => {
    const { sim, target } = await setup();
    const { id } = await target.createContact(contact('klant@example.nl'));
    const doc = await target.createInvoice(makeSale(), id, draft);
    expect(doc.state).toBe('draft');
    expect(sim.invoices.get(doc.id)).toMatchObject({ state: 'draft', invoice_id: null });
    expect(sim.counters.invoicesSent.Manual).toBe(0);
  });

  it('books OSS, reverse-charge and export lines on the destination\'s or the regime\'s rate and the tenant\'s ledger accounts', async () => {
    const { sim, target } = await setup();
    const { id } = await target.createContact(contact('klant@example.nl'));
    const accounts = await target.listLedgerAccounts();
    const other = accounts.find((a) => a.name === 'Ongecategoriseerde inkomsten')?.id ?? '';
    const sale = makeSale({
      orderNumber: 'WC-EU-1',
      lines: [
        line({ description: 'Tas', totalExclCents: 10_000, vatCents: 1_900, vatRateBp: 1900, vatCountry: 'DE', regime: 'oss' }),
        line({ description: 'Boek', totalExclCents: 2_000, vatCents: 140, vatRateBp: 700, vatCountry: 'DE', regime: 'oss' }),
        line({ description: 'Mok', totalExclCents: 1_000, vatCents: 210, vatRateBp: 2100, vatCountry: 'BE', regime: 'oss' }),
        line({ description: 'Machine', totalExclCents: 50_000, vatRateBp: 0, vatCountry: 'DE', regime: 'reverse-charge' }),
        line({ description: 'Export', totalExclCents: 3_000, vatRateBp: 0, vatCountry: 'US', regime: 'export' }),
        line({ kind: 'gift-card', description: 'Cadeaubon', totalExclCents: 2_500, vatRateBp: 0, vatCountry: 'NL', regime: 'outside-scope' }),
      ],
      totalExclCents: 68_500, totalVatCents: 2_250, totalInclCents: 70_750,
    });
    const doc = await target.createInvoice(sale, id, { invoiceState: 'final', ledgerAccounts: { 'revenue-export': other } });
    expect(doc).toMatchObject({ totalExclCents: 68_500, totalInclCents: 70_750 });
    const stored = sim.invoices.get(doc.id);
    expect(stored?.details.map((d) => [rateName(sim, d.tax_rate_id), ledgerName(sim, d.ledger_account_id)])).toEqual([
      ['Duitsland 19% btw', 'Omzet'],
      ['Duitsland 7% btw', 'Omzet'],
      ['België 21% btw', 'Omzet'],
      ['Btw verlegd binnen EU', 'Omzet'],
      ['Export buiten EU', 'Ongecategoriseerde inkomsten'],
      ['Geen btw', 'Cadeaubonnen'],
    ]);
    // Moneybird's own legal text, per rate (read-only): the simulator fills it as the spec's example shows.
    expect(stored?.details[3]?.mandatory_tax_text).toBe(INTRA_EU_MANDATORY_TAX_TEXT);
  });

  it('writes the reverse-charge text on the invoice and on its credit note, as a text row that adds nothing to the totals', async () => {
    const sent: unknown[] = [];
    const { sim, target } = await setup({ onExchange: (e) => { if (e.method === 'POST' && /sales_invoices\.json$/.test(e.path)) sent.push(e.requestBody); spec.onExchange(e); } });
    const { id } = await target.createContact({ ...contact('inkoop@example.de'), company: 'Maschinen GmbH', country: 'DE', vatNumber: 'DE123456789' });
    const machine = line({ description: 'Machine', totalExclCents: 50_000, vatRateBp: 0, vatCountry: 'DE', regime: 'reverse-charge' });
    const sale = makeSale({
      orderNumber: 'WC-B2B-7', regime: 'reverse-charge', invoiceNote: REVERSE_CHARGE_NOTE,
      lines: [machine, line({ kind: 'shipping', description: 'Verzending', totalExclCents: 1_500, vatRateBp: 0, vatCountry: 'DE', regime: 'reverse-charge' })],
      totalExclCents: 51_500, totalVatCents: 0, totalInclCents: 51_500,
    });
    const invoice = await target.createInvoice(sale, id, final);
    expect(invoice).toMatchObject({ totalExclCents: 51_500, totalInclCents: 51_500 });
    const stored = sim.invoices.get(invoice.id)!;
    const last = stored.details.at(-1)!;
    // Sent as the spec allows a detail: a description only; `amount` defaults to 1 and no price is a price of 0.
    const [body] = sent as { sales_invoice: { details_attributes: Record<string, unknown>[] } }[];
    expect(Object.keys(body!.sales_invoice.details_attributes.at(-1)!).sort()).toEqual(['description', 'ledger_account_id', 'tax_rate_id']);
    // Stored as Moneybird's own credit heading row is in the spec's examples: no amount text, amount_decimal 1.0, price 0.
    expect(last).toMatchObject({ description: 'BTW verlegd / VAT reverse charge – Article 196 Directive 2006/112/EC', amount: null, amount_decimal: '1.0', price: '0.00', total_price_excl_tax_with_discount: '0.00' });
    expect(rateName(sim, last.tax_rate_id)).toBe('Btw verlegd binnen EU');
    expect(stored.tax_totals.map((t) => rateName(sim, t.tax_rate_id))).not.toContain('21% btw');

    const credit = await target.createCreditNote(refundOf(sale, '81', [machine]), invoice, id, final);
    expect(credit).toMatchObject({ totalExclCents: -50_000, totalInclCents: -50_000 });
    const credited = sim.invoices.get(credit.id)!;
    expect(credited.details.map((d) => d.description)).toEqual([
      expect.stringMatching(/^\*\*Creditfactuur voor factuur/), 'Machine', REVERSE_CHARGE_NOTE,
    ]);
  });

  it('writes the export text on an export invoice, and no legal text on a domestic one', async () => {
    const { sim, target } = await setup();
    const { id } = await target.createContact({ ...contact('buyer@example.com'), country: 'US' });
    const exported = makeSale({
      orderNumber: 'WC-US-1', regime: 'export', invoiceNote: EXPORT_NOTE,
      lines: [line({ description: 'Tas', totalExclCents: 8_000, vatRateBp: 0, vatCountry: 'US', regime: 'export' })],
      totalExclCents: 8_000, totalVatCents: 0, totalInclCents: 8_000,
    });
    const doc = await target.createInvoice(exported, id, final);
    expect(sim.invoices.get(doc.id)!.details.map((d) => d.description)).toEqual(['Tas', EXPORT_NOTE]);
    const domestic = await target.createInvoice(makeSale({ orderNumber: 'WC-NL-1' }), id, final);
    expect(sim.invoices.get(domestic.id)!.details.map((d) => d.description)).not.toContain(REVERSE_CHARGE_NOTE);
    expect(sim.invoices.get(domestic.id)!.details.map((d) => d.description)).not.toContain(EXPORT_NOTE);
  });

  it('books in the order\'s currency; Moneybird keeps the administration-currency amounts beside them', async () => {
    const { sim, target } = await setup();
    const { id } = await target.createContact(contact('us@example.com'));
    const doc = await target.createInvoice(makeSale({ orderNumber: 'WC-USD-1', currency: 'USD' }), id, final);
    expect(doc).toMatchObject({ totalExclCents: 3475, totalInclCents: 4085 });
    // The simulator's fixed rate: 1 USD = 0.80 EUR (the spec's example books USD 159.99 as EUR 127.99).
    expect(sim.invoices.get(doc.id)).toMatchObject({ currency: 'USD', total_price_incl_tax: '40.85', total_price_incl_tax_base: '32.68' });
  });

  it('books a gift card redeemed as a payment on the gift-card liability, not as a discount', async () => {
    const { sim, target } = await setup();
    const { id } = await target.createContact(contact('bon@example.nl'));
    // 40.85 supplied; a 15.00 gift card paid part of it, the customer paid 25.85.
    const sale = makeSale({ orderNumber: 'WC-BON-1', payments: [{ kind: 'gift-card', amountCents: 1500, description: 'Cadeaubon' }] });
    const doc = await target.createInvoice(sale, id, final);
    expect(doc).toMatchObject({ totalExclCents: 3475, totalInclCents: 4085 });
    const stored = sim.invoices.get(doc.id);
    expect(stored).toMatchObject({ state: 'open', total_paid: '15.00', total_unpaid: '25.85' });
    expect(stored?.payments).toEqual([expect.objectContaining({ price: '15.00', manual_payment_action: 'balance_settlement', ledger_account_id: sim.ledgerAccounts.find((a) => a.name === 'Cadeaubonnen')?.id })]);
    // Paid in full by vouchers: the invoice is settled.
    const all = await target.createInvoice(makeSale({ orderNumber: 'WC-BON-2', currency: 'USD', payments: [{ kind: 'gift-card', amountCents: 4085, description: 'Bon' }] }), id, final);
    expect(sim.invoices.get(all.id)).toMatchObject({ state: 'paid', total_unpaid: '0.00' });
    expect(sim.invoices.get(all.id)?.payments[0]).toMatchObject({ price: '40.85', price_base: '32.68' });
  });

  it('refuses a sale whose rate the administration lacks before calling Moneybird, naming regime and country', async () => {
    const { sim, target } = await setup();
    const sale = makeSale({ lines: [line({ totalExclCents: 1000, vatRateBp: 2200, vatCountry: 'IT', regime: 'oss' })] });
    const e = await failure(target.createInvoice(sale, '1', final));
    expect(e).toMatchObject({ code: 'UNKNOWN_VAT_RATE', retryable: false });
    expect(e.message).toContain('OSS IT 22%');
    expect(sim.counters.byEndpoint['POST sales_invoices.json']).toBeUndefined();
  });

  it('maps 422 bodies to VALIDATION with field names', async () => {
    const { target } = await setup();
    const noName = await failure(target.createContact({ ...contact('x@example.nl'), firstName: '', lastName: '' }));
    expect(noName.code).toBe('VALIDATION');
    expect(noName.details.issues?.map((i) => i.path).sort()).toEqual(['company_name', 'firstname', 'lastname']);
    const noContact = await failure(target.createInvoice(makeSale(), '123', final));
    expect(noContact).toMatchObject({ code: 'VALIDATION', details: { status: 422, issues: [{ path: 'contact' }] } });
  });

  it('a draft whose sending was interrupted is found as a draft and finalised, never booked twice', async () => {
    const { sim, target } = await setup({}, 300);
    const { id } = await target.createContact(contact('klant2@example.nl'));
    const sale = makeSale({ orderNumber: 'WC-SEND-1' });
    // The first write (POST) is answered; the second (send_invoice) is committed but its answer stalls.
    sim.faults.set({ cutWriteIn: 2, timeoutAfterCommitMode: 'stall', stallMs: 3_000 });
    const e = await failure(target.createInvoice(sale, id, final));
    sim.faults.reset();
    expect(e).toMatchObject({ code: 'TIMEOUT', details: { ambiguous: true } });
    const found = await target.findDocumentByReference(sale.orderNumber);
    expect(found?.totalInclCents).toBe(sale.totalInclCents);
    const doc = found?.state === 'draft' ? await target.finalise(found) : found;
    expect(doc?.state).toBe('final');
    expect(sim.invoicesByReference(sale.orderNumber)).toHaveLength(1);
    expect(sim.invoicesByReference(sale.orderNumber)[0]?.state).toBe('open');
  });

  it('a write committed and then cut off is NETWORK ambiguous, and the invoice exists afterwards', async () => {
    const { sim, target } = await setup();
    const { id } = await target.createContact(contact('klant3@example.nl'));
    const sale = makeSale({ orderNumber: 'WC-CUT-1' });
    sim.faults.set({ timeoutAfterCommitRate: 1, timeoutAfterCommitMode: 'destroy' });
    expect(await failure(target.createInvoice(sale, id, draft))).toMatchObject({ code: 'NETWORK', details: { ambiguous: true } });
    sim.faults.reset();
    expect(await target.findDocumentByReference(sale.orderNumber)).toMatchObject({ state: 'draft', totalInclCents: sale.totalInclCents });
    expect(sim.invoicesByReference(sale.orderNumber)).toHaveLength(1);
  });
});

describe('Moneybird errors and limits', () => {
  it('reports a revoked token as AUTH_REVOKED and a missing scope as MISSING_SCOPE naming it', async () => {
    const { sim, target } = await setup({ scopes: ['settings'] });
    const scope = await failure(target.checkConnection());
    expect(scope).toMatchObject({ code: 'MISSING_SCOPE', retryable: false, details: { status: 401, issues: [{ path: 'scope', message: 'sales_invoices' }] } });
    sim.grantScopes(['sales_invoices']);
    await target.checkConnection();
    sim.revokeToken();
    const e = await failure(target.checkConnection());
    expect(e).toMatchObject({ code: 'AUTH_REVOKED', retryable: false, details: { status: 401 } });
    expect(e.message).not.toContain(sim.token);
  });

  it('reports a 429 as RATE_LIMITED with the wait until the epoch Moneybird names, not decades', async () => {
    const { sim, target } = await setup();
    sim.faults.set({ rateLimitBurst: 2 });
    const limited = await failure(target.listTaxRates());
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(limited.details.retryAfterMs).toBeGreaterThanOrEqual(0);
    expect(limited.details.retryAfterMs).toBeLessThanOrEqual(2_000);
    expect((await failure(target.listTaxRates())).code).toBe('RATE_LIMITED');
    expect((await target.listTaxRates()).length).toBeGreaterThan(5);
    expect(sim.counters.rateLimited).toBe(2);
  });

  it('allows 150 requests per window, then 429 until the window resets', async () => {
    // The simulator's clock, moved on by the test instead of waiting out the 5-minute window.
    let skewMs = 0;
    const { sim, target } = await setup({ now: () => new Date(Date.now() + skewMs) });
    for (let i = 0; i < 150; i += 1) await target.findDocumentByReference(`R-${i}`);
    const e = await failure(target.findDocumentByReference('R-150'));
    expect(e.code).toBe('RATE_LIMITED');
    // Until the window's end (RateLimit-Reset has one-second resolution), not 1.7 billion seconds.
    expect(e.details.retryAfterMs).toBeGreaterThan(240_000);
    expect(e.details.retryAfterMs).toBeLessThanOrEqual(301_000);
    expect(sim.counters.rateLimited).toBe(1);
    skewMs = e.details.retryAfterMs ?? 0;
    expect(await target.findDocumentByReference('R-151')).toBeNull();
  });

  it('maps injected 5xx to SERVER_ERROR and the plan limit to PAYMENT_REQUIRED', async () => {
    const { sim, target } = await setup({ seed: 9 });
    const { id } = await target.createContact(contact('klant4@example.nl'));
    await target.listTaxRates();
    sim.faults.set({ serverErrorRate: 1 });
    expect(await failure(target.findDocumentByReference('X'))).toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    sim.faults.set({ serverErrorRate: 0, invoiceLimit: 0 });
    expect(await failure(target.createInvoice(makeSale(), id, final))).toMatchObject({ code: 'PAYMENT_REQUIRED', retryable: false });
  });
});

describe('Moneybird credit notes (refunds)', () => {
  async function booked(target: MoneybirdTarget, sale: Sale) {
    const { id } = await target.createContact(contact('retour@example.nl'));
    return { contactId: id, invoice: await target.createInvoice(sale, id, final) };
  }

  it('credits a partial refund exactly per VAT rate, linked to the invoice, final without e-mail, under the refund\'s reference', async () => {
    const { sim, target } = await setup();
    const sale = makeSale();
    const { contactId, invoice } = await booked(target, sale);
    // One mug (21 %) and the book (9 %) back.
    const refund = refundOf(sale, '55', [
      line({ description: 'Mok', totalExclCents: 1240, vatCents: 260, vatRateBp: 2100 }),
      line({ description: 'Boek', totalExclCents: 1000, vatCents: 90, vatRateBp: 900 }),
    ]);
    const credit = await target.createCreditNote(refund, invoice, contactId, final);
    expect(credit).toMatchObject({ reference: creditNoteReference(sale.orderNumber, '55'), totalExclCents: -2240, totalInclCents: -2590, state: 'final' });
    const stored = sim.invoices.get(credit.id);
    expect(stored).toMatchObject({ original_sales_invoice_id: invoice.id, state: 'open', contact_id: contactId });
    const byName: Record<string, string[]> = Object.fromEntries((stored?.tax_totals ?? []).map((t) => [rateName(sim, t.tax_rate_id) ?? t.tax_rate_id, [t.taxable_amount, t.tax_amount]]));
    expect(byName).toEqual({ '21% btw': ['-12.40', '-2.60'], '9% btw': ['-10.00', '-0.90'] });
    expect(stored?.details[0]?.description).toMatch(/^\*\*Creditfactuur voor factuur \d{4}-\d{4}\*\*$/);
    expect(sim.counters.invoicesSent).toEqual({ Email: 0, Peppol: 0, Manual: 2 });
    expect(await target.findDocumentByReference(creditNoteReference(sale.orderNumber, '55'))).toEqual(credit);
    // The order number still finds the invoice, not its credit note.
    expect(await target.findDocumentByReference(sale.orderNumber)).toEqual(invoice);
  });

  it('credits a full refund for the whole invoice', async () => {
    const { sim, target } = await setup();
    const sale = makeSale();
    const { contactId, invoice } = await booked(target, sale);
    const credit = await target.createCreditNote(refundOf(sale, 'cancel', sale.lines, true), invoice, contactId, final);
    expect(credit).toMatchObject({ totalExclCents: -sale.totalExclCents, totalInclCents: -sale.totalInclCents });
    expect(sim.counters.creditInvoicesCreated).toBe(1);
  });

  it('after an interruption at any step, the next attempt finishes the same credit note: exactly one per refund', async () => {
    const { sim, target } = await setup({}, 300);
    const sale = makeSale();
    const { contactId, invoice } = await booked(target, sale);
    // Three writes make a credit note (duplicate, edit, send): for each, a refund whose attempt is cut there.
    for (let cut = 1; cut <= 3; cut += 1) {
      const refund = refundOf(sale, `7${cut}`, [line({ description: 'Verzending', kind: 'shipping', totalExclCents: 495, vatCents: 104, vatRateBp: 2100 })]);
      sim.faults.set({ cutWriteIn: cut, timeoutAfterCommitMode: 'destroy' });
      expect((await failure(target.createCreditNote(refund, invoice, contactId, final))).details.ambiguous).toBe(true);
      sim.faults.reset();
      // Meanwhile the order number still finds the invoice, not the credit copy that carries the same reference.
      expect(await target.findDocumentByReference(sale.orderNumber)).toEqual(invoice);
      const credit = await target.createCreditNote(refund, invoice, contactId, final);
      expect(credit).toMatchObject({ reference: creditNoteReference(sale.orderNumber, `7${cut}`), totalExclCents: -495, totalInclCents: -599, state: 'final' });
      // And once more: the finished credit note is answered, nothing new is written.
      const writes = sim.requestLog.filter((e) => e.method !== 'GET').length;
      expect(await target.createCreditNote(refund, invoice, contactId, final)).toEqual(credit);
      expect(sim.requestLog.filter((e) => e.method !== 'GET').length).toBe(writes);
    }
    const credits = [...sim.invoices.values()].filter((i) => i.original_sales_invoice_id === invoice.id);
    expect(credits.map((c) => [c.reference, c.state, c.total_price_incl_tax]).sort()).toEqual(
      [1, 2, 3].map((cut) => [creditNoteReference(sale.orderNumber, `7${cut}`), 'open', '-5.99']),
    );
    expect(sim.counters.invoicesSent.Email).toBe(0);
  });

  it('uses every spec operation the target needs, each validated', async () => {
    const { target } = await setup();
    const sale = makeSale({ payments: [{ kind: 'gift-card', amountCents: 500, description: 'Bon' }] });
    const { contactId, invoice } = await booked(target, sale);
    await target.findContactByEmail('retour@example.nl');
    await target.createCreditNote(refundOf(sale, '9', sale.lines.slice(0, 1)), invoice, contactId, draft);
    await target.checkConnection();
    const used = new Set(spec.operations.map((o) => o.replace(/ \d{3}$/, '')));
    expect([...used].sort()).toEqual([
      'GET /{administration_id}/contacts{format}',
      'GET /{administration_id}/ledger_accounts{format}',
      'GET /{administration_id}/sales_invoices{format}',
      'GET /{administration_id}/tax_rates{format}',
      'PATCH /{administration_id}/sales_invoices/{id}/duplicate_creditinvoice{format}',
      'PATCH /{administration_id}/sales_invoices/{id}/send_invoice{format}',
      'PATCH /{administration_id}/sales_invoices/{id}{format}',
      'POST /{administration_id}/contacts{format}',
      'POST /{administration_id}/sales_invoices/{sales_invoice_id}/payments{format}',
      'POST /{administration_id}/sales_invoices{format}',
    ]);
  });
});
