import { afterEach, describe, expect, it } from 'vitest';
import { creditNoteReference } from '../../../domain/refund';
import type { Refund } from '../../../domain/refund';
import type { Sale, SaleLine } from '../../../domain/sale';
import { makeSale } from '../../../domain/sale-fixture';
import { prepareSale } from '../../../domain/prepare-sale';
import { defaultTenantSettings } from '../../../domain/tenant-settings';
import { ConnectorError } from '../../errors';
import type { BookingOptions, NewContact } from '../../ports';
import { generateOrder } from '../../sources/woocommerce/generate-order';
import type { WooMarket } from '../../sources/woocommerce/generate-order';
import { saleFromWooPayload } from '../../sources/woocommerce/payload';
import { createOdooTarget } from './client';
import type { OdooTarget } from './client';
import type { OdooCredentials } from './credentials';
import { createDocCheck } from './doc-check';
import type { DocCheck } from './doc-check';
import { startOdooSimulator } from './simulator';
import type { OdooSimulator, OdooSimulatorOptions, OdooVersion } from './simulator';

let sim: OdooSimulator | undefined;
let docs: DocCheck;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
  // Every request doorzet sent and every answer it got had the shape Odoo's documentation gives.
  expect(docs.violations).toEqual([]);
});

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

/** A generated WooCommerce order as the worker hands it to a target: after the regime decision and the rounding rule. */
function saleFromWoo(seed: number, choices: Parameters<typeof generateOrder>[0] = { id: 7000 + seed, seed }): Sale {
  const prepared = prepareSale(saleFromWooPayload(generateOrder(choices)), defaultTenantSettings(), { currencies: 'any' });
  if (prepared.kind !== 'bookable') throw new Error(`not bookable: ${JSON.stringify(prepared)}`);
  return prepared.sale;
}

const final: BookingOptions = { invoiceState: 'final', ledgerAccounts: {} };
const draft: BookingOptions = { invoiceState: 'draft', ledgerAccounts: {} };
const cents = (amount: number): number => Math.round(amount * 100);

const contact = (email: string, extra: Partial<NewContact> = {}): NewContact => ({
  email, firstName: 'Sanne', lastName: 'de Vries', company: '', address1: 'Molenweg 3', postcode: '8011 CW', city: 'Zwolle', country: 'NL', vatNumber: '', customerReference: 'webshop-7', ...extra,
});

const line = (l: Partial<SaleLine> & Pick<SaleLine, 'totalExclCents' | 'vatRateBp'>): SaleLine => ({
  kind: 'product', description: 'Theepot', quantity: 1, vatCents: 0, vatCountry: 'NL', regime: 'domestic', ...l,
});

/** A sale of exactly these lines, its totals from the lines. */
function saleOf(orderNumber: string, lines: SaleLine[], extra: Partial<Sale> = {}): Sale {
  const excl = lines.reduce((a, l) => a + l.totalExclCents, 0);
  const vat = lines.reduce((a, l) => a + l.vatCents, 0);
  return makeSale({ orderNumber, lines, vatTotals: [], totalExclCents: excl, totalVatCents: vat, totalInclCents: excl + vat, ...extra });
}

function refundOf(sale: Sale, externalId: string, lines: SaleLine[]): Refund {
  const excl = lines.reduce((a, l) => a + l.totalExclCents, 0);
  const vat = lines.reduce((a, l) => a + l.vatCents, 0);
  return {
    source: sale.source, externalId, orderExternalId: sale.externalId, orderNumber: sale.orderNumber, refundDate: '2025-03-20',
    currency: sale.currency, full: false, lines, vatTotals: [], totalExclCents: excl, totalVatCents: vat, totalInclCents: excl + vat,
  };
}

interface Transport { name: string; version: OdooVersion; protocol: OdooCredentials['protocol'] }
const transports: Transport[] = [
  { name: 'JSON-2 on Odoo 19', version: 19, protocol: 'json2' },
  { name: 'XML-RPC on Odoo 17', version: 17, protocol: 'xmlrpc' },
  { name: 'XML-RPC on Odoo 18', version: 18, protocol: 'xmlrpc' },
];

describe.each(transports)('Odoo target over $name', ({ version, protocol }) => {
  async function setup(options: OdooSimulatorOptions = {}, timeoutMs = 2_000): Promise<{ sim: OdooSimulator; target: OdooTarget }> {
    docs = createDocCheck();
    sim = await startOdooSimulator({ version, onExchange: docs.onExchange, ...options });
    return { sim, target: targetFor(sim, timeoutMs) };
  }
  const targetFor = (s: OdooSimulator, timeoutMs = 2_000, credentials: Partial<OdooCredentials> = {}): OdooTarget => createOdooTarget({
    baseUrl: s.url, timeoutMs,
    credentials: protocol === 'json2' ? { protocol, apiKey: s.apiKey, ...credentials } : { protocol, apiKey: s.apiKey, database: s.database, login: s.login, ...credentials },
  });
  const taxNames = (s: OdooSimulator, id: string): string[][] => s.moves().find((m) => m.id === Number(id))?.lines.map((l) => l.taxes) ?? [];

  describe('partners', () => {
    it('finds partners by e-mail exactly and case-insensitively, whatever _ and % mean to =ilike', async () => {
      const { sim, target } = await setup();
      const created = await target.createContact(contact('jan_de@example.nl'));
      expect(sim.partner(Number(created.id))).toMatchObject({ name: 'Sanne de Vries', email: 'jan_de@example.nl', zip: '8011 CW', country_id: 165, customer_rank: 1 });
      await target.createContact(contact('janXde@example.nl'));
      expect(await target.findContactByEmail(' JAN_DE@Example.NL ')).toEqual(created);
      expect(await target.findContactByEmail('jan%@example.nl')).toBeNull();
      // A customer the merchant typed in by hand.
      expect(await target.findContactByEmail('info@decoaddict.example')).toEqual({ id: '25' });
      expect(await target.findContactByEmail('nobody@example.nl')).toBeNull();
    });

    it('makes one partner for two sales of a new customer booked at the same moment', async () => {
      const { sim, target } = await setup();
      const [a, b] = await Promise.all([target.createContact(contact('nieuw@example.nl')), target.createContact(contact('Nieuw@Example.nl'))]);
      expect(a).toEqual(b);
      expect([...sim.db.tables.get('res.partner')!.values()].filter((p) => String(p.email).toLowerCase() === 'nieuw@example.nl')).toHaveLength(1);
    });

    it('finds a partner whose create was answered after the client gave up by its key on the retry, instead of making a second', async () => {
      const { sim, target } = await setup({}, 500);
      sim.faults.set({ cutWriteIn: 1, timeoutAfterCommitMode: 'destroy' });
      const error = await failure(target.createContact(contact('Traag@Example.nl')));
      expect(error.details.ambiguous).toBe(true);
      // The retry (the activity's next attempt, a new client) creates nothing more.
      const retried = await targetFor(sim, 500).createContact(contact('traag@example.nl'));
      const partners = [...sim.db.tables.get('res.partner')!.values()].filter((p) => String(p.email).toLowerCase() === 'traag@example.nl');
      expect(partners.map((p) => p.id)).toEqual([Number(retried.id)]);
      expect(partners[0]?.ref).toMatch(/^doorzet-[0-9a-f]{20}$/);
      expect(String(partners[0]?.ref)).not.toContain('traag');
    });

    it('two workers creating the same new customer at once end on one partner; the newer one is archived', async () => {
      const { sim } = await setup();
      const [a, b] = await Promise.all([targetFor(sim).createContact(contact('samen@example.nl')), targetFor(sim).createContact(contact('Samen@example.nl'))]);
      expect(a).toEqual(b);
      const partners = [...sim.db.tables.get('res.partner')!.values()].filter((p) => String(p.email).toLowerCase() === 'samen@example.nl');
      expect(partners.filter((p) => p.active !== false).map((p) => String(p.id))).toEqual([a.id]);
      expect(await targetFor(sim).findContactByEmail('samen@example.nl')).toEqual(a);
    });

    it('keeps the company and its VAT number on a B2B partner; an invalid VAT number is a validation error without the values', async () => {
      const { sim, target } = await setup();
      const b2b = await target.createContact(contact('inkoop@firma.de', { company: 'Firma GmbH', country: 'DE', vatNumber: 'DE 123456788' }));
      expect(sim.partner(Number(b2b.id))).toMatchObject({ name: 'Firma GmbH', is_company: true, vat: 'DE123456788', country_id: 57 });
      const bad = await failure(target.createContact(contact('x@firma.be', { company: 'Geheime Firma', country: 'BE', vatNumber: 'BE12' })));
      expect(bad.code).toBe('VALIDATION');
      expect(bad.details.issues?.[0]?.message).toContain('does not seem to be valid');
      expect(JSON.stringify([bad.message, bad.details])).not.toMatch(/Geheime|BE12/);
    });
  });

  describe('invoices', () => {
    it('books shop orders as posted customer invoices to the cent, on the right taxes, and finds them by reference', async () => {
      const { sim, target } = await setup();
      const { id: partner } = await target.createContact(contact('klant1@example.nl'));
      for (let seed = 1; seed <= 12; seed += 1) {
        const sale = saleFromWoo(seed, { id: 7000 + seed, seed, coupon: seed % 2 === 0, shipping: true, paymentFee: seed % 3 === 0 });
        expect(await target.findDocumentByReference(sale.orderNumber)).toBeNull();
        const doc = await target.createInvoice(sale, partner, final);
        expect(doc).toMatchObject({ reference: sale.orderNumber, totalInclCents: sale.totalInclCents, state: 'final' });
        expect(await target.findDocumentByReference(sale.orderNumber)).toEqual(doc);
        const [move] = sim.movesByRef(sale.orderNumber);
        expect(move).toMatchObject({ moveType: 'out_invoice', state: 'posted', currency: 'EUR', invoiceDate: sale.orderDate, partnerId: Number(partner) });
        expect(move?.name).toMatch(/^INV\/\d{4}\/\d{5}$/);
        expect(cents(move?.amountTotal ?? 0)).toBe(sale.totalInclCents);
        for (const taxes of taxNames(sim, doc.id)) expect(taxes.length === 0 || /^Sales\/turnover (high|low 9%|untaxed \(zero rate\))$/.test(taxes[0] ?? '')).toBe(true);
      }
      // Taxes, accounts and the journal are read once per client, not per sale.
      expect(sim.counters.byCall[`${protocol} account.tax.search_read`]).toBe(1);
      expect(sim.counters.byCall[`${protocol} account.move.create`]).toBe(12);
    });

    it('leaves the invoice a draft when the tenant says so, and finalise posts it', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact(contact('klant@example.nl'));
      const doc = await target.createInvoice(makeSale(), id, draft);
      expect(doc).toMatchObject({ state: 'draft', totalExclCents: 3475, totalInclCents: 4085 });
      expect(sim.movesByRef('WC-1042')[0]).toMatchObject({ state: 'draft', name: '/' });
      expect(await target.finalise(doc)).toMatchObject({ id: doc.id, state: 'final', totalInclCents: 4085 });
      expect(sim.movesByRef('WC-1042')[0]?.state).toBe('posted');
    });

    it('chooses OSS, reverse-charge, export and no-tax lines by regime, and accounts by kind of line', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact(contact('eu@example.de'));
      const sale = saleOf('WC-EU-1', [
        line({ description: 'Tas', totalExclCents: 10_000, vatCents: 1_900, vatRateBp: 1900, vatCountry: 'DE', regime: 'oss' }),
        line({ description: 'Boek', totalExclCents: 2_000, vatCents: 140, vatRateBp: 700, vatCountry: 'DE', regime: 'oss' }),
        line({ description: 'Mok', totalExclCents: 1_000, vatCents: 210, vatRateBp: 2100, vatCountry: 'BE', regime: 'oss' }),
        line({ description: 'Wijn', totalExclCents: 1_000, vatCents: 55, vatRateBp: 550, vatCountry: 'FR', regime: 'oss' }),
        line({ description: 'Machine', totalExclCents: 50_000, vatRateBp: 0, vatCountry: 'DE', regime: 'reverse-charge' }),
        line({ description: 'Export', totalExclCents: 3_000, vatRateBp: 0, vatCountry: 'US', regime: 'export' }),
        line({ kind: 'gift-card', description: 'Cadeaubon', totalExclCents: 2_500, vatRateBp: 0, vatCountry: 'NL', regime: 'outside-scope' }),
        line({ kind: 'shipping', description: 'Verzending', totalExclCents: 495, vatCents: 104, vatRateBp: 2100 }),
      ]);
      const doc = await target.createInvoice(sale, id, final);
      expect(doc.totalInclCents).toBe(sale.totalInclCents);
      const move = sim.movesByRef('WC-EU-1')[0];
      expect(move?.lines.map((l) => [l.taxes[0] ?? 'no tax', l.account])).toEqual([
        ['19.0% DE USt-IdNr.', '80011 Installation/remote sales within EU trade goods 1'],
        ['7.0% DE USt-IdNr.', '80011 Installation/remote sales within EU trade goods 1'],
        ['21.0% BE TVA', '80011 Installation/remote sales within EU trade goods 1'],
        ['5.5% FR TVA', '80011 Installation/remote sales within EU trade goods 1'],
        ['Export sales within EU (products)', '8002 Turnover within EU trade goods 1'],
        ['Export sales outside EU', '8003 Turnover outside EU trade goods 1'],
        ['no tax', '1406 Gift cards outstanding'],
        ['Sales/turnover high', '8001 Turnover NL trade goods 1'],
      ]);
    });

    it('books generated orders of every market, gift cards sold and redeemed, to the cent on the tax of their regime, with the legal note', async () => {
      const { sim, target } = await setup();
      // A merchant selling to the UK activates GBP in Odoo.
      for (const currency of sim.db.tables.get('res.currency')!.values()) if (currency.name === 'GBP') currency.active = true;
      const goodsTax: Record<WooMarket, RegExp> = {
        nl: /^Sales\/turnover (high|low 9%)$/, 'oss-de': /^\d+\.0% DE USt-IdNr\.$/, 'oss-be': /^\d+\.0% BE TVA$/,
        'b2b-be': /^Export sales within EU \(products\)$/, 'export-us': /^Export sales outside EU$/, 'export-gb': /^Export sales outside EU$/,
      };
      let n = 0;
      for (const market of Object.keys(goodsTax) as WooMarket[]) {
        for (const giftCard of ['sold', 'redeemed'] as const) {
          n += 1;
          const sale = saleFromWoo(n, { id: 7100 + n, seed: n, market, giftCard, shipping: true, coupon: n % 2 === 0 });
          const { id } = await target.createContact({ ...contact(`m${n}@example.eu`), country: sale.debtor.country, vatNumber: sale.debtor.vatNumber ?? '' });
          const doc = await target.createInvoice(sale, id, final);
          const [move] = sim.movesByRef(sale.orderNumber);
          expect(cents(move!.amountTotal), `${market} ${giftCard}`).toBe(sale.totalInclCents);
          expect(doc.totalInclCents).toBe(sale.totalInclCents);
          expect(move!.currency).toBe(sale.currency);
          for (const l of move!.lines) {
            if (/Cadeaukaart|Cadeaubon|Gift card|Afronding/i.test(l.name)) expect(l.taxes, l.name).toEqual([]);
            else expect(l.taxes[0] ?? 'no tax', `${market}: ${l.name}`).toMatch(goodsTax[market]);
          }
          expect(move!.narration).toBe(sale.invoiceNote ?? null);
        }
      }
      expect(sim.movesByRef(saleFromWoo(7, { id: 7107, seed: 7, market: 'b2b-be' }).orderNumber)[0]?.narration).toMatch(/verlegd/);
    });

    it('books on the accounts the tenant mapped, and refuses a mapping to an account Odoo does not have', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact(contact('klant@example.nl'));
      const accounts = await target.listAccounts();
      const sundry = String(accounts.find((a) => a.code === '8090')?.id);
      await target.createInvoice(makeSale({ orderNumber: 'WC-MAP' }), id, { invoiceState: 'final', ledgerAccounts: { 'revenue-domestic': sundry, shipping: sundry } });
      expect(new Set(sim.movesByRef('WC-MAP')[0]?.lines.map((l) => l.account))).toEqual(new Set(['8090 Sundry other income']));
      // The sale has no fee line: the mapping of a kind not on the order is not looked at.
      await target.createInvoice(makeSale({ orderNumber: 'WC-MAP-2' }), id, { invoiceState: 'final', ledgerAccounts: { fee: '99999' } });
      expect(sim.movesByRef('WC-MAP-2')).toHaveLength(1);
      const bad = await failure(target.createInvoice(makeSale({ orderNumber: 'WC-MAP-3' }), id, { invoiceState: 'final', ledgerAccounts: { shipping: '99999' } }));
      expect(bad.details.issues).toEqual([expect.objectContaining({ path: 'ledgerAccounts.shipping' })]);
      expect(sim.movesByRef('WC-MAP-3')).toHaveLength(0);
    });

    it('refuses a line Odoo has no tax for, naming it, and books nothing', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact(contact('it@example.it'));
      const sale = saleOf('WC-IT-1', [line({ totalExclCents: 1_000, vatCents: 220, vatRateBp: 2200, vatCountry: 'IT', regime: 'oss' }), line({ totalExclCents: 1_000, vatCents: 210, vatRateBp: 2100 })]);
      const error = await failure(target.createInvoice(sale, id, final));
      expect(error.code).toBe('UNKNOWN_VAT_RATE');
      expect(error.message).toContain('OSS IT 22%');
      expect(sim.moves()).toHaveLength(0);
    });

    it('books in the order\'s currency, and says which currency to activate when Odoo has it switched off', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact(contact('us@example.com'));
      const doc = await target.createInvoice(makeSale({ orderNumber: 'WC-USD-1', currency: 'USD' }), id, final);
      expect(doc.totalInclCents).toBe(4085);
      expect(sim.movesByRef('WC-USD-1')[0]?.currency).toBe('USD');
      const gbp = await failure(target.createInvoice(makeSale({ orderNumber: 'WC-GBP-1', currency: 'GBP' }), id, final));
      expect(gbp.details.issues).toEqual([expect.objectContaining({ code: 'inactive_currency', path: 'currency' })]);
    });

    it('books to the cent whatever the company\'s tax rounding, adding a rounding line only where Odoo\'s arithmetic differs', async () => {
      // Three lines of 0.12 at 21 %: per line 3 cents of VAT each (9), per tax 7.56 → 8.
      const lines = [1, 2, 3].map((n) => line({ description: `Sticker ${n}`, totalExclCents: 12, vatCents: 3, vatRateBp: 2100 }));
      for (const roundingMethod of ['round_per_line', 'round_globally'] as const) {
        const { sim, target } = await setup({ roundingMethod });
        const { id } = await target.createContact(contact('r@example.nl'));
        const doc = await target.createInvoice(saleOf('WC-R-1', lines), id, final);
        expect(doc.totalInclCents).toBe(45);
        const names = sim.movesByRef('WC-R-1')[0]?.lines.map((l) => `${l.name} ${l.subtotal}`);
        expect(names).toEqual(roundingMethod === 'round_per_line'
          ? ['Sticker 1 0.12', 'Sticker 2 0.12', 'Sticker 3 0.12']
          : ['Sticker 1 0.12', 'Sticker 2 0.12', 'Sticker 3 0.12', 'Afronding btw 0.01']);
        await sim.stop();
        expect(docs.violations).toEqual([]);
      }
    });

    it('books a quantity whose total does not divide into cents as one line with the quantity in its label', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact(contact('q@example.nl'));
      await target.createInvoice(saleOf('WC-Q-1', [line({ description: 'Thee', quantity: 3, totalExclCents: 1_000, vatCents: 90, vatRateBp: 900 })]), id, final);
      expect(sim.movesByRef('WC-Q-1')[0]?.lines).toEqual([expect.objectContaining({ name: '3 × Thee', quantity: 1, priceUnit: 10, subtotal: 10 })]);
    });
  });

  describe('vouchers redeemed (Sale.payments)', () => {
    const giftCardSale = (orderNumber: string, paidByCardCents: number, extra: Partial<Sale> = {}): Sale => saleOf(orderNumber, [
      line({ description: 'Theepot', totalExclCents: 10_000, vatCents: 2_100, vatRateBp: 2100 }),
    ], { payments: [{ kind: 'gift-card', amountCents: paidByCardCents, description: 'Cadeaukaart ****1234' }], ...extra });
    const entryOf = (s: OdooSimulator, orderNumber: string) => s.moves().filter((m) => m.ref === `${orderNumber} cadeaubon`);

    it('books the whole supply on the invoice and the gift card as a settlement from the gift-card liability, reconciled with it', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact(contact('bon@example.nl'));
      const doc = await target.createInvoice(giftCardSale('WC-GC-1', 5_000), id, final);
      expect(doc).toMatchObject({ totalInclCents: 12_100, totalExclCents: 10_000, state: 'final' });
      const [invoice] = sim.movesByRef('WC-GC-1');
      // VAT on the goods, the full 121.00 invoiced; the card paid 50.00 of it, 71.00 is what the customer paid otherwise.
      expect(invoice).toMatchObject({ amountTotal: 121, amountTax: 21, amountResidual: 71, paymentState: 'partial' });
      expect(invoice!.items).toEqual([expect.objectContaining({ account: '1100 Debtors', debit: 121, credit: 0, reconciled: false })]);
      const [entry, ...more] = entryOf(sim, 'WC-GC-1');
      expect(more).toEqual([]);
      expect(entry).toMatchObject({ moveType: 'entry', state: 'posted', partnerId: Number(id), currency: 'EUR' });
      expect(entry!.name).toMatch(/^MISC\//);
      expect(entry!.items.map((i) => [i.account, i.debit, i.credit, i.reconciled])).toEqual([
        ['1406 Gift cards outstanding', 50, 0, false],
        ['1100 Debtors', 0, 50, true],
      ]);
      // A retry of this sale (found by reference) settles nothing twice.
      await target.settlePayments(doc, giftCardSale('WC-GC-1', 5_000), final);
      expect(entryOf(sim, 'WC-GC-1')).toHaveLength(1);
      expect(sim.movesByRef('WC-GC-1')[0]).toMatchObject({ amountResidual: 71 });
    });

    it('an order paid wholly by gift card is paid; a foreign-currency one is settled in its currency', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact(contact('usd@example.com'));
      await target.createInvoice(giftCardSale('WC-GC-2', 12_100), id, final);
      expect(sim.movesByRef('WC-GC-2')[0]).toMatchObject({ amountResidual: 0, paymentState: 'paid' });
      await target.createInvoice(giftCardSale('WC-GC-3', 2_599, { currency: 'USD' }), id, final);
      expect(sim.movesByRef('WC-GC-3')[0]).toMatchObject({ currency: 'USD', amountTotal: 121, amountResidual: 95.01 });
      expect(entryOf(sim, 'WC-GC-3')[0]!.items.map((i) => [i.currency, i.amountCurrency])).toEqual([['USD', 25.99], ['USD', -25.99]]);
    });

    it('finishes a settlement cut after its entry was written: the retry posts and reconciles that entry, makes no second', async () => {
      const { sim, target } = await setup({}, 500);
      const { id } = await target.createContact(contact('knip@example.nl'));
      // Writes: the invoice, its posting, then the settlement entry, whose answer is lost.
      sim.faults.set({ cutWriteIn: 3, timeoutAfterCommitMode: 'destroy' });
      const sale = giftCardSale('WC-GC-4', 3_000);
      expect((await failure(target.createInvoice(sale, id, final))).details.ambiguous).toBe(true);
      const found = await target.findDocumentByReference('WC-GC-4');
      expect(found?.state).toBe('final');
      await target.settlePayments(found!, sale, final);
      expect(entryOf(sim, 'WC-GC-4')).toHaveLength(1);
      expect(entryOf(sim, 'WC-GC-4')[0]?.state).toBe('posted');
      expect(sim.movesByRef('WC-GC-4')[0]).toMatchObject({ amountTotal: 121, amountResidual: 91, paymentState: 'partial' });
    });

    it('drafts get no settlement; a missing gift-card account is refused before anything is written', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact(contact('concept@example.nl'));
      await target.createInvoice(giftCardSale('WC-GC-5', 1_000), id, draft);
      expect(entryOf(sim, 'WC-GC-5')).toEqual([]);
      for (const account of sim.db.tables.get('account.account')!.values()) if (account.code === '1406') account.name = 'Overige schulden';
      const refused = await failure(targetFor(sim).createInvoice(giftCardSale('WC-GC-6', 1_000), id, final));
      expect(refused.details.issues?.[0]?.path).toBe('ledgerAccounts.gift-card');
      expect(sim.movesByRef('WC-GC-6')).toEqual([]);
    });
  });

  describe('credit notes', () => {
    it('credits exactly the refunded lines with an out_refund linked to the invoice, once', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact(contact('retour@example.nl'));
      const sale = makeSale({ orderNumber: 'WC-2001' });
      const invoice = await target.createInvoice(sale, id, final);
      const refund = refundOf(sale, '55', [sale.lines[1]!]);
      const credit = await target.createCreditNote(refund, invoice, id, final);
      expect(credit).toMatchObject({ reference: creditNoteReference('WC-2001', '55'), totalExclCents: 1000, totalInclCents: 1090, state: 'final' });
      expect(sim.movesByRef('WC-2001-R55')).toEqual([expect.objectContaining({
        moveType: 'out_refund', state: 'posted', reversedEntryId: Number(invoice.id), partnerId: Number(id), invoiceDate: '2025-03-20',
        lines: [expect.objectContaining({ name: 'Boek', quantity: 1, priceUnit: 10, taxes: ['Sales/turnover low 9%'] })],
      })]);
      expect(sim.movesByRef('WC-2001-R55')[0]?.name).toMatch(/^RINV\//);
      // Asked again (a retry that did not look first): the same credit note, not a second one.
      expect(await target.createCreditNote(refund, invoice, id, final)).toEqual(credit);
      expect(await target.findDocumentByReference('WC-2001-R55')).toEqual(credit);
      expect(sim.moves().filter((m) => m.moveType === 'out_refund')).toHaveLength(1);
    });

    it('credits an export sale with the export note, and a domestic one without a note', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact({ ...contact('export@example.com'), country: 'US' });
      const exported = saleFromWoo(31, { id: 7031, seed: 31, market: 'export-us', shipping: true });
      const invoice = await target.createInvoice(exported, id, final);
      const credit = await target.createCreditNote(refundOf(exported, '1', [exported.lines[0]!]), invoice, id, final);
      expect(sim.movesByRef(credit.reference)[0]).toMatchObject({ moveType: 'out_refund', narration: exported.invoiceNote, currency: 'USD' });
      expect(exported.invoiceNote).toMatch(/export/i);
      const domestic = makeSale({ orderNumber: 'WC-2002' });
      const domesticCredit = await target.createCreditNote(refundOf(domestic, '2', [domestic.lines[0]!]), await target.createInvoice(domestic, id, final), id, final);
      expect(sim.movesByRef(domesticCredit.reference)[0]?.narration).toBeNull();
    });

    it('finishes a credit note whose posting was cut: the draft is found by reference and posted', async () => {
      const { sim, target } = await setup({}, 500);
      const { id } = await target.createContact(contact('retour2@example.nl'));
      const sale = makeSale({ orderNumber: 'WC-2002' });
      const invoice = await target.createInvoice(sale, id, final);
      const refund = refundOf(sale, '56', [sale.lines[0]!]);
      sim.faults.set({ cutWriteIn: 1, timeoutAfterCommitMode: 'destroy' });
      expect((await failure(target.createCreditNote(refund, invoice, id, final))).details.ambiguous).toBe(true);
      expect(sim.movesByRef('WC-2002-R56')[0]?.state).toBe('draft');
      const credit = await target.createCreditNote(refund, invoice, id, final);
      expect(credit.state).toBe('final');
      expect(sim.movesByRef('WC-2002-R56')).toEqual([expect.objectContaining({ state: 'posted' })]);
    });
  });

  describe('rate budget', () => {
    it('asks the tenant budget before every request (look-ups, invoice, credit note) and stops when it refuses', async () => {
      const { sim } = await setup();
      let asked = 0;
      let refuse = false;
      const budgeted = createOdooTarget({
        baseUrl: sim.url,
        credentials: protocol === 'json2' ? { protocol, apiKey: sim.apiKey } : { protocol, apiKey: sim.apiKey, database: sim.database, login: sim.login },
        budget: {
          beforeRequest: async () => {
            if (refuse) throw new Error('budget used up');
            asked += 1;
          },
          rateLimited: async () => undefined,
        },
      });
      const { id } = await budgeted.createContact(contact('budget@example.nl'));
      const sale = makeSale({ orderNumber: 'WC-2101' });
      const invoice = await budgeted.createInvoice(sale, id, final);
      expect(await budgeted.findDocumentByReference('WC-2101')).toMatchObject({ id: invoice.id });
      await budgeted.createCreditNote(refundOf(sale, '57', [sale.lines[0]!]), invoice, id, final);
      // Every request the simulator saw was counted by the budget first.
      expect(asked).toBe(sim.counters.requests);
      expect(asked).toBeGreaterThan(4);
      refuse = true;
      const before = sim.counters.requests;
      await expect(budgeted.findDocumentByReference('WC-2101-R57')).rejects.toThrow('budget used up');
      expect(sim.counters.requests).toBe(before);
    });
  });

  describe('ambiguous failures', () => {
    it('a create answered by a cut connection is ambiguous; the lookup finds the draft and finalise posts it', async () => {
      const { sim, target } = await setup({}, 500);
      const { id } = await target.createContact(contact('cut@example.nl'));
      sim.faults.set({ cutWriteIn: 1, timeoutAfterCommitMode: 'destroy' });
      const error = await failure(target.createInvoice(makeSale({ orderNumber: 'WC-CUT-1' }), id, final));
      expect(error.details.ambiguous).toBe(true);
      const found = await target.findDocumentByReference('WC-CUT-1');
      expect(found?.state).toBe('draft');
      expect(await target.finalise(found!)).toMatchObject({ state: 'final', totalInclCents: 4085 });
      expect(sim.movesByRef('WC-CUT-1')).toHaveLength(1);
    });

    it('a post answered too late is ambiguous; the lookup finds the invoice in the books', async () => {
      const { sim, target } = await setup({}, 300);
      const { id } = await target.createContact(contact('late@example.nl'));
      sim.faults.set({ cutWriteIn: 2, timeoutAfterCommitMode: 'stall', stallMs: 2_000 });
      expect((await failure(target.createInvoice(makeSale({ orderNumber: 'WC-LATE-1' }), id, final))).details.ambiguous).toBe(true);
      expect(await target.findDocumentByReference('WC-LATE-1')).toMatchObject({ state: 'final', totalInclCents: 4085 });
    });

    it('a proxy\'s 502 is a transient server error', async () => {
      const { sim, target } = await setup();
      sim.faults.set({ serverErrorRate: 1 });
      const error = await failure(target.findContactByEmail('a@example.nl'));
      expect(error).toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    });
  });

  describe('faults', () => {
    it('a revoked API key is AUTH_REVOKED, for a running client and a new one', async () => {
      const { sim, target } = await setup();
      await target.findContactByEmail('a@example.nl');
      sim.revokeKey();
      expect((await failure(target.findContactByEmail('a@example.nl'))).code).toBe('AUTH_REVOKED');
      expect((await failure(targetFor(sim).checkConnection())).code).toBe('AUTH_REVOKED');
      sim.restoreKey();
      await targetFor(sim).checkConnection();
    });

    it('an access right the API user lacks is TARGET_MISSING_SCOPE naming the model and the groups that grant it', async () => {
      const { sim, target } = await setup();
      const { id } = await target.createContact(contact('a@example.nl'));
      sim.deny('account.move:create');
      const error = await failure(target.createInvoice(makeSale(), id, final));
      expect(error.code).toBe('MISSING_SCOPE');
      expect(error.details.issues).toEqual([{ code: 'access_error', path: 'account.move', message: 'the Odoo user may not create account.move records (allowed for: Accounting / Billing)' }]);
      sim.allow('account.move:create');
      sim.deny('post');
      expect((await failure(target.createInvoice(makeSale({ orderNumber: 'WC-P' }), id, final))).code).toBe('MISSING_SCOPE');
    });

    it('checkConnection proves the key and the invoicing rights', async () => {
      const { sim, target } = await setup();
      await target.checkConnection();
      sim.deny('account.move:read');
      expect((await failure(targetFor(sim).checkConnection())).code).toBe('MISSING_SCOPE');
    });
  });
});

describe('Odoo connection settings', () => {
  it('JSON-2 against Odoo 17 or 18 (no /json/2 route) says to use XML-RPC', async () => {
    docs = createDocCheck();
    sim = await startOdooSimulator({ version: 17 });
    const error = await failure(createOdooTarget({ baseUrl: sim.url, credentials: { protocol: 'json2', apiKey: sim.apiKey } }).checkConnection());
    expect(error.code).toBe('VALIDATION');
    expect(error.details.issues?.[0]?.message).toContain('XML-RPC for Odoo 17 and 18');
  });

  it('XML-RPC with a database Odoo does not have names the database setting', async () => {
    docs = createDocCheck();
    sim = await startOdooSimulator({ version: 18 });
    const error = await failure(createOdooTarget({ baseUrl: sim.url, credentials: { protocol: 'xmlrpc', apiKey: sim.apiKey, database: 'elders', login: sim.login } }).checkConnection());
    expect(error.details.issues).toEqual([expect.objectContaining({ code: 'unknown_database', path: 'credentials.database' })]);
  });

  it('JSON-2 on a server with several databases sends X-Odoo-Database', async () => {
    docs = createDocCheck();
    sim = await startOdooSimulator({ version: 19, multiDatabase: true, onExchange: docs.onExchange });
    await createOdooTarget({ baseUrl: sim.url, credentials: { protocol: 'json2', apiKey: sim.apiKey, database: sim.database } }).checkConnection();
    expect((await failure(createOdooTarget({ baseUrl: sim.url, credentials: { protocol: 'json2', apiKey: sim.apiKey } }).checkConnection())).code).toBe('VALIDATION');
  });
});
