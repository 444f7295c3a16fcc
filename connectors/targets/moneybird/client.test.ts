import { afterEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../../domain/sale';
import { ConnectorError } from '../../errors';
import type { NewContact } from '../../ports';
import { generateOrder } from '../../sources/woocommerce/generate-order';
import { mapWooOrder, parseWooOrder } from '../../sources/woocommerce/map-order';
import { nlRateBpById } from '../../sources/woocommerce/nl-tax-rates';
import { createMoneybirdTarget, type MoneybirdTarget } from './client';
import { startMoneybirdSimulator } from './simulator';
import type { MoneybirdSimulator, MoneybirdSimulatorOptions } from './simulator';

let sim: MoneybirdSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function setup(options: MoneybirdSimulatorOptions = {}, timeoutMs = 2_000): Promise<{ sim: MoneybirdSimulator; target: MoneybirdTarget }> {
  sim = await startMoneybirdSimulator(options);
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

const booking = { invoiceState: 'draft' as const, ledgerAccounts: {} };

const contact = (email: string): NewContact => ({
  email, firstName: 'Sanne', lastName: 'de Vries', company: '', address1: 'Molenweg 3', postcode: '8011 CW', city: 'Zwolle', country: 'NL', vatNumber: '', customerReference: `WC-${email}`,
});

describe('Moneybird target against the simulator', () => {
  it('creates a contact and finds it again by e-mail, case-insensitively and exactly', async () => {
    const { target } = await setup();
    expect(await target.findContactByEmail('sanne@example.nl')).toBeNull();
    const created = await target.createContact(contact('sanne@example.nl'));
    await target.createContact(contact('sanne@example.nl.evil'));
    expect(created.id).toMatch(/^\d{15,}$/);
    expect(await target.findContactByEmail('  SANNE@Example.NL ')).toEqual(created);
    expect(await target.findContactByEmail('anne@example.nl')).toBeNull();
  });

  it('answers a repeated create (same customer reference) with the existing contact', async () => {
    const { sim, target } = await setup();
    sim.faults.set({ timeoutAfterCommitRate: 1, timeoutAfterCommitMode: 'destroy' });
    expect((await failure(target.createContact(contact('lotte@example.nl')))).details.ambiguous).toBe(true);
    sim.faults.reset();
    const again = await target.createContact(contact('lotte@example.nl'));
    expect(sim.contacts.size).toBe(1);
    expect(sim.contacts.get(again.id)?.customer_id).toBe('WC-lotte@example.nl');
  });

  it('books invoices whose totals match the sale to the cent, and finds them by reference', async () => {
    const { sim, target } = await setup();
    const rates = await target.listTaxRates();
    expect(rates.map((r) => r.vatRateBp).sort((a, b) => a - b)).toEqual([0, 900, 2100]);
    const { id: contactId } = await target.createContact(contact('klant1@example.nl'));
    for (let seed = 1; seed <= 25; seed += 1) {
      const sale = saleFromWoo(seed, { id: 7000 + seed, seed, coupon: seed % 2 === 0, shipping: true, paymentFee: seed % 3 === 0 });
      expect(await target.findDocumentByReference(sale.orderNumber)).toBeNull();
      const doc = await target.createInvoice(sale, contactId, booking);
      expect(doc).toMatchObject({ reference: sale.orderNumber, totalExclCents: sale.totalExclCents, totalInclCents: sale.totalInclCents });
      expect(await target.findDocumentByReference(sale.orderNumber)).toEqual(doc);
      const stored = sim.invoices.get(doc.id);
      expect(stored?.state).toBe('draft');
      expect(stored?.tax_totals.length).toBe(sale.vatTotals.filter((v) => v.taxableCents !== 0 || v.vatCents !== 0).length);
    }
    expect(sim.counters.invoicesCreated).toBe(25);
    expect(sim.counters.byEndpoint['GET sales_invoices/find_by_reference/:reference.json']).toBe(50);
  });

  it('refuses a sale with a VAT rate the administration lacks before calling Moneybird', async () => {
    const { sim, target } = await setup();
    const sale = saleFromWoo(1);
    const e = await failure(target.createInvoice({ ...sale, lines: sale.lines.map((l) => ({ ...l, vatRateBp: 600 })) }, '1', booking));
    expect(e.code).toBe('UNKNOWN_VAT_RATE');
    expect(sim.counters.byEndpoint['POST sales_invoices.json']).toBeUndefined();
  });

  it('maps 422 bodies to VALIDATION with field names', async () => {
    const { target } = await setup();
    const noName = await failure(target.createContact({ ...contact('x@example.nl'), firstName: '', lastName: '' }));
    expect(noName.code).toBe('VALIDATION');
    expect(noName.details.issues?.map((i) => i.path).sort()).toEqual(['company_name', 'firstname', 'lastname']);
    const noContact = await failure(target.createInvoice(saleFromWoo(2), '123', booking));
    expect(noContact).toMatchObject({ code: 'VALIDATION', details: { status: 422, issues: [{ path: 'contact' }] } });
  });

  it('reports a revoked token as AUTH_REVOKED', async () => {
    const { sim, target } = await setup();
    sim.revokeToken();
    const e = await failure(target.listTaxRates());
    expect(e).toMatchObject({ code: 'AUTH_REVOKED', retryable: false, details: { status: 401 } });
    expect(e.message).not.toContain(sim.token);
  });

  it('reports a 429 as RATE_LIMITED with the wait', async () => {
    const { sim, target } = await setup();
    sim.faults.set({ rateLimitBurst: 2 });
    const limited = await failure(target.listTaxRates());
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(limited.details.retryAfterMs).toBeGreaterThan(0);
    expect(limited.details.retryAfterMs).toBeLessThanOrEqual(2_000);
    expect((await failure(target.listTaxRates())).code).toBe('RATE_LIMITED');
    expect(await target.listTaxRates()).toHaveLength(3);
    expect(sim.counters.rateLimited).toBe(2);
  });

  it('allows 150 requests per window, then 429 until the window resets', async () => {
    const { sim, target } = await setup({ rateLimit: { windowMs: 1_500 } });
    for (let i = 0; i < 150; i += 1) await target.findDocumentByReference(`R-${i}`);
    const e = await failure(target.findDocumentByReference('R-150'));
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.details.retryAfterMs).toBeGreaterThan(0);
    // RateLimit-Reset has one-second resolution.
    expect(e.details.retryAfterMs).toBeLessThanOrEqual(2_500);
    expect(sim.counters.rateLimited).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, e.details.retryAfterMs));
    expect(await target.findDocumentByReference('R-151')).toBeNull();
  });

  it('a write committed but answered too late is TIMEOUT ambiguous, and the invoice exists afterwards', async () => {
    const { sim, target } = await setup({}, 300);
    const { id } = await target.createContact(contact('klant2@example.nl'));
    const sale = saleFromWoo(3);
    sim.faults.set({ timeoutAfterCommitRate: 1, stallMs: 5_000 });
    const e = await failure(target.createInvoice(sale, id, booking));
    expect(e).toMatchObject({ code: 'TIMEOUT', retryable: true, details: { ambiguous: true } });
    sim.faults.reset();
    const found = await target.findDocumentByReference(sale.orderNumber);
    expect(found).toMatchObject({ reference: sale.orderNumber, totalInclCents: sale.totalInclCents });
    expect(sim.invoicesByReference(sale.orderNumber)).toHaveLength(1);
    expect(sim.counters.timeoutsAfterCommit).toBe(1);
  });

  it('a write committed and then cut off is NETWORK ambiguous, and the invoice exists afterwards', async () => {
    const { sim, target } = await setup();
    const { id } = await target.createContact(contact('klant3@example.nl'));
    const sale = saleFromWoo(4);
    sim.faults.set({ timeoutAfterCommitRate: 1, timeoutAfterCommitMode: 'destroy' });
    expect(await failure(target.createInvoice(sale, id, booking))).toMatchObject({ code: 'NETWORK', details: { ambiguous: true } });
    sim.faults.reset();
    expect(await target.findDocumentByReference(sale.orderNumber)).not.toBeNull();
  });

  it('maps injected 5xx to SERVER_ERROR and the plan limit to PAYMENT_REQUIRED', async () => {
    const { sim, target } = await setup({ seed: 9 });
    const { id } = await target.createContact(contact('klant4@example.nl'));
    sim.faults.set({ serverErrorRate: 1 });
    expect(await failure(target.listTaxRates())).toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    sim.faults.set({ serverErrorRate: 0, invoiceLimit: 0 });
    expect(await failure(target.createInvoice(saleFromWoo(5), id, booking))).toMatchObject({ code: 'PAYMENT_REQUIRED', retryable: false });
  });
});
