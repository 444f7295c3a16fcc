import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRefundCredit, type RefundCreditClaim } from '../db/queries/refund-credit-claim';
import { markRefundCredited } from '../db/queries/synced-refunds';
import { syncedRefunds, tenants } from '../db/schema';
import type { LedgerLine } from '../domain/ledger-breakdown';
import { refundFromLines } from '../domain/refund-lines';
import type { SaleLine } from '../domain/sale';
import { createTestDatabase, type TestDatabase } from './support/database';

const line = (over: Partial<SaleLine>): SaleLine => ({
  kind: 'product', description: 'Mok', quantity: 1, totalExclCents: 0, vatCents: 0, vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', ...over,
});
// The booked invoice: 100.00 + 21.00 at 21 %, 20.00 + 1.80 at 9 %.
const invoiceLines: LedgerLine[] = [
  { ledgerKey: 'revenue-domestic', vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', exclCents: 10_000, vatCents: 2_100 },
  { ledgerKey: 'revenue-domestic', vatRateBp: 900, vatCountry: 'NL', regime: 'domestic', exclCents: 2_000, vatCents: 180 },
];
const invoice = { version: 1, breakdown: invoiceLines, totalInclCents: 14_280 };
const base = { source: 'woocommerce' as const, orderNumber: '', refundDate: '2026-12-01', currency: 'EUR', full: false };

describe('claims of one order serialise in Postgres: a refund and a cancellation at once never credit more than the invoice', () => {
  let database: TestDatabase;
  let tenantId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const [tenant] = await database.db.insert(tenants).values({ name: 'Claims BV' }).returning();
    tenantId = tenant!.id;
  });
  afterAll(async () => database?.drop());

  it('claims a cancellation of the whole invoice and a refund concurrently, for 30 orders: each order credits exactly its invoice per rate', async () => {
    const orders = Array.from({ length: 30 }, (_, i) => String(5000 + i));
    await Promise.all(orders.flatMap((order) => {
      const key = { tenantId, source: 'woocommerce', orderExternalId: order, orderNumber: order };
      // The cancellation as the shop computed it before the refund existed: the whole order.
      const cancellation = refundFromLines({ ...base, externalId: 'cancel', orderExternalId: order, orderNumber: order, full: true, lines: [
        line({ totalExclCents: 10_000, vatCents: 2_100 }), line({ totalExclCents: 2_000, vatCents: 180, vatRateBp: 900 }),
      ] });
      const refund = refundFromLines({ ...base, externalId: '7', orderExternalId: order, orderNumber: order, lines: [
        line({ totalExclCents: 4_000, vatCents: 840 }), line({ totalExclCents: 1_000, vatCents: 90, vatRateBp: 900 }),
      ] });
      const claim = async (refundExternalId: string, r: typeof refund) => {
        const result: RefundCreditClaim = await claimRefundCredit(database.db, { ...key, refundExternalId, runId: `run-${refundExternalId}`, refund: r, invoice });
        if (result.kind === 'claimed') {
          await markRefundCredited(database.db, { ...key, refundExternalId, runId: `run-${refundExternalId}`, targetDocumentId: `doc-${order}-${refundExternalId}`,
            amounts: { totalExclCents: result.refund.totalExclCents, totalInclCents: result.refund.totalInclCents } });
        }
        return result;
      };
      return [claim('cancel', cancellation), claim('7', refund)];
    }));

    for (const order of orders) {
      const rows = await database.db.select().from(syncedRefunds).where(and(eq(syncedRefunds.tenantId, tenantId), eq(syncedRefunds.orderExternalId, order)));
      expect(rows).toHaveLength(2);
      // Whichever claimed first: together they credit the invoice exactly, per rate, never more.
      const byRate = new Map<number, number>();
      for (const row of rows) for (const l of row.breakdown ?? []) byRate.set(l.vatRateBp, (byRate.get(l.vatRateBp) ?? 0) + l.exclCents + l.vatCents);
      expect(Object.fromEntries(byRate)).toEqual({ 2100: 12_100, 900: 2_180 });
      expect(rows.reduce((s, r) => s + (r.amountInclCents ?? 0), 0)).toBe(14_280);
      // The one that came second is either a cut cancellation (the rest) or a refund already credited.
      const states = rows.map((r) => `${r.refundExternalId}:${r.state}`).sort();
      expect([['7:credited', 'cancel:credited'], ['7:already-credited', 'cancel:credited']]).toContainEqual(states);
    }
  });

  it('a refund claimed again (a retry) is the same claim; one claimed after everything was credited is already-credited with the covering document', async () => {
    const key = { tenantId, source: 'woocommerce', orderExternalId: '6000', orderNumber: '6000' };
    const whole = refundFromLines({ ...base, externalId: 'cancel', orderExternalId: '6000', orderNumber: '6000', full: true, lines: [
      line({ totalExclCents: 10_000, vatCents: 2_100 }), line({ totalExclCents: 2_000, vatCents: 180, vatRateBp: 900 }),
    ] });
    const first = await claimRefundCredit(database.db, { ...key, refundExternalId: 'cancel', runId: 'a', refund: whole, invoice });
    const again = await claimRefundCredit(database.db, { ...key, refundExternalId: 'cancel', runId: 'b', refund: whole, invoice });
    expect(first).toMatchObject({ kind: 'claimed', takenOver: false, cutCents: 0 });
    expect(again).toMatchObject({ kind: 'claimed', takenOver: true, cutCents: 0 });
    await markRefundCredited(database.db, { ...key, refundExternalId: 'cancel', runId: 'b', targetDocumentId: 'credit-1', amounts: { totalExclCents: 12_000, totalInclCents: 14_280 } });
    const later = refundFromLines({ ...base, externalId: '9', orderExternalId: '6000', orderNumber: '6000', lines: [line({ totalExclCents: 500, vatCents: 105 })] });
    expect(await claimRefundCredit(database.db, { ...key, refundExternalId: '9', runId: 'c', refund: later, invoice })).toEqual({ kind: 'already-credited', targetDocumentId: 'credit-1' });
    // A second correction of the order (a new invoice version) starts afresh.
    const v2 = await claimRefundCredit(database.db, { ...key, refundExternalId: '10', runId: 'd', refund: later, invoice: { ...invoice, version: 2 } });
    expect(v2).toMatchObject({ kind: 'claimed', cutCents: 0 });
  });
});
