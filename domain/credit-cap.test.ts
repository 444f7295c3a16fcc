import { describe, expect, it } from 'vitest';
import { capRefund, creditBreakdown } from './credit-cap';
import type { LedgerLine } from './ledger-breakdown';
import { refundFromLines } from './refund-lines';
import type { SaleLine } from './sale';

const base = { source: 's', externalId: '9', orderExternalId: '1', orderNumber: 'WC-1', refundDate: '2025-03-15', currency: 'EUR', full: false };
const line = (over: Partial<SaleLine>): SaleLine => ({
  kind: 'product', description: 'Mok', quantity: 1, totalExclCents: 0, vatCents: 0, vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', ...over,
});
const refundOf = (lines: SaleLine[], externalId = '9') => refundFromLines({ ...base, externalId, lines });

// An invoice of 100.00 + 21.00 at 21 %, 20.00 + 1.80 at 9 % and shipping 5.00 + 1.05 at 21 %: 148.85 incl.
const invoice: LedgerLine[] = [
  { ledgerKey: 'revenue-domestic', vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', exclCents: 10_000, vatCents: 2_100 },
  { ledgerKey: 'revenue-domestic', vatRateBp: 900, vatCountry: 'NL', regime: 'domestic', exclCents: 2_000, vatCents: 180 },
  { ledgerKey: 'shipping', vatRateBp: 2100, vatCountry: 'NL', regime: 'domestic', exclCents: 500, vatCents: 105 },
];
const invoiceIncl = 12_100 + 2_180 + 605;
// The cancellation of the whole order: the remainder per VAT group, as the sources state it (shipping in the 21 % group).
const cancellation = refundOf([
  line({ description: 'Annulering (21%)', totalExclCents: 10_500, vatCents: 2_205 }),
  line({ description: 'Annulering (9%)', totalExclCents: 2_000, vatCents: 180, vatRateBp: 900 }),
], 'cancel');

describe('capRefund: credit notes of one invoice never credit more than it booked', () => {
  it('credits a refund as prepared while the invoice still holds it', () => {
    const refund = refundOf([line({ totalExclCents: 5_000, vatCents: 1_050 })]);
    expect(capRefund(refund, invoice, invoiceIncl, [])).toEqual({ kind: 'within', refund });
  });

  it('a refund recorded after the whole order was credited by its cancellation is covered: nothing more to credit', () => {
    const refund = refundOf([line({ totalExclCents: 5_000, vatCents: 1_050 }), line({ totalExclCents: 2_000, vatCents: 180, vatRateBp: 900 })]);
    const earlier = [{ breakdown: creditBreakdown(cancellation), amountInclCents: cancellation.totalInclCents }];
    expect(capRefund(refund, invoice, invoiceIncl, earlier)).toEqual({ kind: 'covered' });
  });

  it('credits only what earlier credits left, per VAT group, so invoice and credits net to zero per rate', () => {
    const first = refundOf([line({ totalExclCents: 8_000, vatCents: 1_680 })], '1');
    const second = refundOf([line({ totalExclCents: 5_000, vatCents: 1_050 }), line({ totalExclCents: 1_000, vatCents: 90, vatRateBp: 900 })], '2');
    const capped = capRefund(second, invoice, invoiceIncl, [{ breakdown: creditBreakdown(first), amountInclCents: first.totalInclCents }]);
    expect(capped.kind).toBe('capped');
    if (capped.kind !== 'capped') return;
    // 21 %: 105.00 + 22.05 booked (goods and shipping), 80.00 + 16.80 credited before: 25.00 + 5.25 left. 9 % fits.
    const at = (bp: number) => capped.refund.lines.filter((l) => l.vatRateBp === bp).map((l) => [l.totalExclCents, l.vatCents]);
    expect(at(2100)).toEqual([[2_500, 525]]);
    expect(at(900)).toEqual([[1_000, 90]]);
    expect(capped.cutCents).toBe(6_050 - 3_025);
  });

  it('vouchers sold are their own group: a cancellation of the goods does not cover them', () => {
    const voucherInvoice: LedgerLine[] = [...invoice, { ledgerKey: 'gift-card', vatRateBp: 0, vatCountry: 'NL', regime: 'outside-scope', exclCents: 2_500, vatCents: 0 }];
    const refund = refundOf([line({ kind: 'gift-card', totalExclCents: 2_500, vatCents: 0, vatRateBp: 0, regime: 'outside-scope' })]);
    const earlier = [{ breakdown: creditBreakdown(cancellation), amountInclCents: cancellation.totalInclCents }];
    expect(capRefund(refund, voucherInvoice, invoiceIncl + 2_500, earlier).kind).toBe('within');
  });

  it('without per-line amounts (an invoice or credit recorded before they were kept) the total caps', () => {
    const refund = refundOf([line({ totalExclCents: 5_000, vatCents: 1_050 })]);
    expect(capRefund(refund, null, invoiceIncl, [{ breakdown: null, amountInclCents: invoiceIncl }])).toEqual({ kind: 'covered' });
    const capped = capRefund(refund, invoice, invoiceIncl, [{ breakdown: null, amountInclCents: invoiceIncl - 1_000 }]);
    expect(capped.kind === 'capped' && capped.refund.totalInclCents).toBe(1_000);
  });
});
