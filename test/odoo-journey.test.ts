import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectorFactory } from '../connectors/registry';
import { wooDates } from '../connectors/sources/woocommerce/generate-order';
import type { WooMarket } from '../connectors/sources/woocommerce/generate-order';
import type { WooOrder } from '../connectors/sources/woocommerce/woo-order';
import { insert as insertSimRow } from '../connectors/targets/odoo/sim-orm';
import { saleErrors, syncedSales } from '../db/schema';
import { parseDecimalToCents } from '../domain/money';
import { tenantSyncWorkflowId } from '../domain/workflow-ids';
import { resumeSyncSignal, syncStatusQuery } from '../workflows/definitions';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { createTestDatabase, type TestDatabase } from './support/database';
import { openOdooShop, type OdooShop } from './support/odoo-shop';
import { eventually } from './support/tenant';
import { corpusNames, loadCorpus } from './support/woo-corpus';
import { startTestWorker, type TestWorker } from './support/worker';

const cents = (amount: number): number => Math.round(amount * 100);

describe('the sale journey: WooCommerce to Odoo (JSON-2 and XML-RPC) through Temporal and Postgres', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  const shops: OdooShop[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ database, connectorFactory });
  });
  afterAll(async () => {
    for (const shop of shops) {
      await worker?.client.workflow.getHandle(tenantSyncWorkflowId(shop.tenantId)).terminate('test done').catch(() => undefined);
      await shop.stop();
    }
    await worker?.stop();
    await database?.drop();
  });

  // Each test's tenant stops syncing when the test is done, so the next one has the worker to itself.
  afterEach(async () => {
    const last = shops.at(-1);
    if (last) await worker.client.workflow.getHandle(tenantSyncWorkflowId(last.tenantId)).terminate('test done').catch(() => undefined);
  });

  async function open(options: Parameters<typeof openOdooShop>[2]): Promise<OdooShop> {
    const shop = await openOdooShop(database.db, worker.vault, options);
    shops.push(shop);
    return shop;
  }
  const sync = (shop: OdooShop) => worker.client.workflow.start(tenantSyncWorkflow, {
    workflowId: tenantSyncWorkflowId(shop.tenantId), taskQueue: worker.taskQueue,
    args: [{ tenantId: shop.tenantId, source: 'woocommerce', pollIntervalSeconds: 1, concurrency: 5 }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  const rows = (shop: OdooShop, state: 'posted' | 'claimed') => database.db.select().from(syncedSales)
    .where(and(eq(syncedSales.tenantId, shop.tenantId), eq(syncedSales.state, state)));

  it.each([
    { name: 'JSON-2 on Odoo 19', protocol: 'json2' as const, odoo: { version: 19 as const, roundingMethod: 'round_per_line' as const }, seed: 41 },
    { name: 'XML-RPC on Odoo 17', protocol: 'xmlrpc' as const, odoo: { version: 17 as const, roundingMethod: 'round_globally' as const }, seed: 42 },
  ])('books every order exactly once over $name, posted, to the cent, through cut connections and proxy errors', async ({ protocol, odoo, seed }) => {
    const shop = await open({ protocol, odoo: { seed, ...odoo }, woo: { seed, initialOrders: 6 }, targetTimeoutMs: 1_500 });
    // Committed writes whose answer never arrives, and a proxy that sometimes answers 502/503 itself.
    // The third write (a partner, an invoice or its posting) is always cut; others at random.
    shop.odoo.faults.set({ timeoutAfterCommitRate: 0.15, timeoutAfterCommitMode: 'destroy', serverErrorRate: 0.05, cutWriteIn: 3 });
    await sync(shop);
    for (let i = 0; i < 4; i += 1) shop.woo.createOrder();
    await eventually(async () => (await rows(shop, 'posted')).length === 10, { timeoutMs: 150_000, what: '10 posted sales' });

    const posted = await rows(shop, 'posted');
    for (const order of shop.woo.orders.values()) {
      const moves = shop.odoo.movesByRef(order.number);
      expect(moves, `moves for order ${order.number}`).toHaveLength(1);
      expect(moves[0]).toMatchObject({ moveType: 'out_invoice', state: 'posted', currency: 'EUR' });
      expect(cents(moves[0]!.amountTotal)).toBe(parseDecimalToCents(order.total));
      expect(posted.find((r) => r.externalId === String(order.id))?.targetDocumentId).toBe(String(moves[0]!.id));
    }
    // Every invoice is on a partner with its customer's e-mail, and each customer has exactly one partner: a
    // partner create answered after the client's timeout is found again by its key, not made a second time.
    const partnerRows = [...shop.odoo.db.tables.get('res.partner')!.values()];
    const partnerEmail = new Map(partnerRows.map((p) => [Number(p.id), String(p.email ?? '').toLowerCase()]));
    for (const order of shop.woo.orders.values()) {
      expect(partnerEmail.get(shop.odoo.movesByRef(order.number)[0]!.partnerId ?? -1), `partner of order ${order.number}`).toBe((order.billing.email ?? '').toLowerCase());
    }
    const emails = new Set([...shop.woo.orders.values()].map((o) => (o.billing.email ?? '').toLowerCase()));
    const partners = partnerRows.filter((p) => emails.has(String(p.email ?? '').toLowerCase()));
    expect(partners.map((p) => String(p.email).toLowerCase()).sort()).toEqual([...emails].sort());
    expect(partners.every((p) => p.active !== false && /^doorzet-[0-9a-f]{20}$/.test(String(p.ref)))).toBe(true);
    expect(shop.docs.violations).toEqual([]);
    expect(await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, shop.tenantId))).toEqual([]);
    // The faults happened: answers to committed writes were lost, and the lookups made up for them.
    expect(shop.odoo.counters.timeoutsAfterCommit).toBeGreaterThan(0);
  });

  it('books orders of every market, gift cards sold and redeemed, on the Odoo tax of their regime, to the cent of what was paid', { timeout: 240_000 }, async () => {
    const shop = await open({ protocol: 'xmlrpc', odoo: { seed: 45, version: 18, roundingMethod: 'round_globally' }, woo: { seed: 45 } });
    // The merchant sells to the UK: GBP is active in Odoo.
    for (const currency of shop.odoo.db.tables.get('res.currency')!.values()) if (currency.name === 'GBP') currency.active = true;
    await sync(shop);
    const goodsTax: Record<WooMarket, RegExp> = {
      nl: /^Sales\/turnover (high|low 9%)$/, 'oss-de': /^\d+\.0% DE USt-IdNr\.$/, 'oss-be': /^\d+\.0% BE TVA$/,
      'b2b-be': /^Export sales within EU \(products\)$/, 'export-us': /^Export sales outside EU$/, 'export-gb': /^Export sales outside EU$/,
    };
    const markets = Object.keys(goodsTax) as WooMarket[];
    const orders = markets.flatMap((market) => (['sold', 'redeemed'] as const).map((giftCard) => ({ market, order: shop.woo.createOrder({}, { market, giftCard }) })));
    await eventually(async () => (await rows(shop, 'posted')).length === orders.length, { timeoutMs: 180_000, what: `${orders.length} posted sales` });

    for (const { market, order } of orders) {
      const moves = shop.odoo.movesByRef(order.number);
      expect(moves, `${market} ${order.number}`).toHaveLength(1);
      const [move] = moves;
      expect(move).toMatchObject({ moveType: 'out_invoice', state: 'posted', currency: order.currency });
      const paid = parseDecimalToCents(order.total) + cents(order.gift_cards?.[0]?.amount ?? 0);
      expect(cents(move!.amountTotal), `${market} ${order.number}`).toBe(paid);
      for (const line of move!.lines) {
        if (/Cadeaukaart|Afronding/.test(line.name)) expect(line.taxes, line.name).toEqual([]);
        else expect(line.taxes[0] ?? 'no tax', `${market}: ${line.name}`).toMatch(goodsTax[market]);
      }
      if (market === 'b2b-be') expect(move!.narration).toMatch(/verlegd/i);
      if (market.startsWith('export-')) expect(move!.narration).toMatch(/export/i);
      if (market === 'nl' || market.startsWith('oss-')) expect(move!.narration).toBeNull();
      // A redeemed card is a payment: settled from the gift-card liability, so only what the customer paid otherwise is open.
      const card = cents(order.gift_cards?.[0]?.amount ?? 0);
      expect(cents(move!.amountResidual), `${market} ${order.number} open`).toBe(paid - card);
      const settlements = shop.odoo.moves().filter((m) => m.ref === `${order.number} cadeaubon`);
      expect(settlements, `${market} ${order.number} settlement`).toHaveLength(card > 0 ? 1 : 0);
      if (card > 0) {
        expect(settlements[0]).toMatchObject({ moveType: 'entry', state: 'posted', currency: order.currency });
        expect(settlements[0]!.items.map((i) => [i.account, cents(i.debit - i.credit)])).toEqual([['1406 Gift cards outstanding', card], ['1100 Debtors', -card]]);
      }
    }
    // The gift cards sold sit on the voucher liability, never on revenue.
    const giftCardLines = shop.odoo.moves().flatMap((m) => m.lines).filter((l) => l.name.includes('Cadeaukaart'));
    expect(giftCardLines.length).toBeGreaterThanOrEqual(markets.length);
    expect(new Set(giftCardLines.map((l) => l.account))).toEqual(new Set(['1406 Gift cards outstanding']));
    expect(shop.docs.violations).toEqual([]);
    expect(await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, shop.tenantId))).toEqual([]);
  });

  it('finishes a gift-card settlement whose entry was written but not answered: the retry posts and reconciles it, once', async () => {
    const shop = await open({ protocol: 'json2', odoo: { seed: 47 }, woo: { seed: 47 }, targetTimeoutMs: 1_500 });
    // The writes of one new customer's order: partner, invoice, posting, then the settlement entry, whose answer is lost.
    shop.odoo.faults.set({ cutWriteIn: 4, timeoutAfterCommitMode: 'destroy' });
    const order = shop.woo.createOrder({}, { market: 'nl', giftCard: 'redeemed' });
    await sync(shop);
    await eventually(async () => (await rows(shop, 'posted')).length === 1, { timeoutMs: 90_000, what: 'the posted sale' });
    expect(shop.odoo.counters.timeoutsAfterCommit).toBe(1);
    const [invoice, ...more] = shop.odoo.movesByRef(order.number);
    expect(more).toEqual([]);
    const card = cents(order.gift_cards?.[0]?.amount ?? 0);
    expect(card).toBeGreaterThan(0);
    expect(cents(invoice!.amountTotal)).toBe(parseDecimalToCents(order.total) + card);
    expect(cents(invoice!.amountResidual)).toBe(parseDecimalToCents(order.total));
    const settlements = shop.odoo.moves().filter((m) => m.ref === `${order.number} cadeaubon`);
    expect(settlements).toHaveLength(1);
    expect(settlements[0]).toMatchObject({ state: 'posted' });
    expect(settlements[0]!.items.find((i) => i.account === '1100 Debtors')?.reconciled).toBe(true);
  });

  it('books the corpus of real WooCommerce orders: bookable ones (OSS Finland, GBP export, gift cards redeemed, zero total) to the cent, the others as named errors', { timeout: 240_000 }, async () => {
    const shop = await open({ protocol: 'json2', odoo: { seed: 46 }, woo: { seed: 46 } });
    const odooDb = shop.odoo.db;
    for (const currency of odooDb.tables.get('res.currency')!.values()) if (currency.name === 'GBP') currency.active = true;
    // The Finnish taxes Odoo's OSS module makes once the merchant sells there (named `<rate>% <country> <VAT label>`).
    const { id: _id, ...oss } = [...odooDb.tables.get('account.tax')!.values()].find((t) => String(t.name).startsWith('19.0% DE'))!;
    for (const amount of [25.5, 14]) insertSimRow(odooDb, 'account.tax', { ...oss, name: `${amount.toFixed(1)}% FI ALV`, amount });
    const { gmt, local } = wooDates(new Date());
    const placed = corpusNames.map((name, i) => {
      const { order, sidecar } = loadCorpus(name);
      const id = 9_000 + i;
      const status = ['processing', 'completed', 'on-hold'].includes(String(order.status)) ? order.status : 'completed';
      const placedOrder = { ...order, id, number: `C${id}`, status, date_modified_gmt: gmt, date_modified: local } as unknown as WooOrder;
      shop.woo.orders.set(id, placedOrder);
      return { name, order: placedOrder, expect: sidecar.expect };
    });
    await sync(shop);
    const errors = () => database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, shop.tenantId));
    await eventually(async () => {
      const done = new Set([...(await rows(shop, 'posted')).map((r) => r.externalId), ...(await errors()).map((e) => e.externalId)]);
      return placed.every((p) => done.has(String(p.order.id)));
    }, { timeoutMs: 180_000, what: 'every corpus order posted or recorded as an error' });

    for (const entry of placed) {
      const moves = shop.odoo.movesByRef(entry.order.number);
      const recorded = (await errors()).filter((e) => e.externalId === String(entry.order.id));
      if (entry.expect.bookable) {
        expect(recorded.map((e) => `${entry.name} ${e.code}: ${e.params.summary ?? ''}`)).toEqual([]);
        expect(moves, entry.name).toHaveLength(1);
        const cards = (entry.order.gift_cards ?? []).reduce((sum, c) => sum + cents(c.amount), 0);
        expect(cents(moves[0]!.amountTotal), entry.name).toBe(parseDecimalToCents(entry.order.total) + cards);
        expect(moves[0]!.currency).toBe(entry.order.currency);
      } else {
        expect(moves, entry.name).toHaveLength(0);
        expect(recorded, entry.name).toHaveLength(1);
        expect([recorded[0]!.code, ...(recorded[0]!.params.issueCodes ?? '').split(',')], entry.name)
          .toEqual(expect.arrayContaining(entry.expect.e2eIssueCodes ?? entry.expect.issueCodes ?? []));
      }
    }
    // The Finnish order went onto the Finnish OSS taxes.
    const fi = placed.find((p) => p.name === 'docs-727-oss-fi')!;
    const fiTaxes = shop.odoo.movesByRef(fi.order.number)[0]!.lines.flatMap((l) => l.taxes);
    expect(fiTaxes.length).toBeGreaterThan(0);
    expect(fiTaxes.every((t) => / FI /.test(t))).toBe(true);
    expect(shop.docs.violations).toEqual([]);
  });

  it('pauses the tenant with the Odoo group to grant when the API user may not create invoices, and catches up once granted', { timeout: 300_000 }, async () => {
    const shop = await open({ protocol: 'json2', odoo: { seed: 43 }, woo: { seed: 43, initialOrders: 3 } });
    shop.odoo.deny('account.move:create');
    const handle = await sync(shop);
    await eventually(async () => (await handle.query(syncStatusQuery).catch(() => null))?.state === 'paused', { what: 'the pause' });
    expect((await handle.query(syncStatusQuery)).paused).toMatchObject({ by: 'missing-scope', reason: 'The accounting system has not granted doorzet access to Accounting / Billing.' });
    expect(await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, shop.tenantId))).toEqual([]);
    expect(shop.odoo.moves()).toHaveLength(0);

    shop.odoo.allow('account.move:create');
    await handle.signal(resumeSyncSignal);
    await eventually(async () => (await rows(shop, 'posted')).length === 3, { timeoutMs: 170_000, what: 'the orders after the grant' });
    expect(shop.odoo.moves().every((m) => m.state === 'posted')).toBe(true);
  });

  it('records an order Odoo has no tax for as UNKNOWN_TARGET_VAT_RATE, naming the rate, and books nothing for it', async () => {
    const shop = await open({ protocol: 'xmlrpc', odoo: { seed: 44, version: 18 }, woo: { seed: 44 } });
    // The merchant archived the 9 % taxes.
    for (const tax of shop.odoo.db.tables.get('account.tax')!.values()) if (tax.amount === 9) tax.active = false;
    await sync(shop);
    const order = shop.woo.createOrder({}, { lineCount: 10 });
    await eventually(async () => (await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, shop.tenantId))).length === 1, { timeoutMs: 90_000, what: 'the error record' });
    const [error] = await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, shop.tenantId));
    expect(error).toMatchObject({ code: 'UNKNOWN_TARGET_VAT_RATE', cause: 'vat-mapping', orderNumber: order.number });
    expect(JSON.stringify(error!.params)).toContain('no Odoo sales tax for NL 9%');
    expect(shop.odoo.movesByRef(order.number)).toHaveLength(0);
  });
});
