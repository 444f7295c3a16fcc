import { z } from 'zod';
import type { SalePayment } from '../../../domain/sale';
import { divideRoundHalfAway, formatCents } from '../../decimal';
import { unusableResponse } from '../../http-errors';
import { many2one, records } from './records';
import type { OdooRpc, OdooValue } from './rpc';

const receivableLine = z.object({
  id: z.number().int(),
  account_id: many2one,
  balance: z.number(),
  amount_currency: z.number(),
  reconciled: z.boolean(),
});
const receivableFields = ['id', 'account_id', 'balance', 'amount_currency', 'reconciled'];
const entryRecord = z.object({ id: z.number().int(), state: z.enum(['draft', 'posted', 'cancel']) });
const journalRecord = z.object({ id: z.number().int() });

/** The reference of the entry that settles an order's vouchers (distinct from the invoice's, which lookups match exactly). */
export const settlementReference = (orderNumber: string): string => `${orderNumber} cadeaubon`;

export interface Settlement {
  invoiceId: number;
  orderNumber: string;
  /** The order date: the vouchers were redeemed then. */
  date: string;
  partnerId: number;
  currencyId: number;
  /** The gift-card liability account (the one gift cards sold are booked on). */
  liabilityAccountId: number;
  vouchers: readonly SalePayment[];
}

const cents = (amount: number): number => Math.round(amount * 100);
const money = (amountCents: number): number => Number(formatCents(amountCents));

/** The company's first miscellaneous journal (type general), where Odoo books entries that are neither sales nor bank. */
export async function readMiscJournalId(rpc: OdooRpc): Promise<number> {
  const [journal] = records(journalRecord, await rpc.searchRead('account.journal', [['type', '=', 'general']], ['id'], { limit: 1, order: 'sequence, id' }), 'odoo account.journal');
  if (!journal) throw unusableResponse('odoo account.journal', [{ code: 'no_misc_journal', path: 'account.journal', message: 'Odoo has no miscellaneous journal (type general) to book redeemed gift cards in' }]);
  return journal.id;
}

/**
 * Gift cards and store credit redeemed on an order are a payment, not a discount: the invoice stays
 * the whole supply (its VAT is due on it), and one miscellaneous entry moves the redeemed amount
 * from the gift-card liability (debit, one line per voucher) to the customer's receivable (credit),
 * which is then reconciled with the invoice's receivable line (`account.move.line.reconcile`), as
 * Odoo's own "Add" of an outstanding credit does. The invoice shows that amount as paid; only what
 * the customer paid otherwise stays open. Every step is found again on a retry (the entry by its
 * reference, the reconciliation by `reconciled`), so nothing is booked twice.
 */
export async function settleVouchers(rpc: OdooRpc, miscJournalId: () => Promise<number>, s: Settlement): Promise<void> {
  const vouchers = s.vouchers.filter((v) => v.amountCents > 0);
  const totalCents = vouchers.reduce((sum, v) => sum + v.amountCents, 0);
  if (totalCents === 0) return;

  const [invoiceLine] = records(receivableLine, await rpc.searchRead('account.move.line', [['move_id', '=', s.invoiceId], ['display_type', '=', 'payment_term']], receivableFields, { limit: 1, order: 'id' }), 'odoo account.move.line');
  if (!invoiceLine || invoiceLine.account_id === false) throw unusableResponse('odoo account.move.line', [{ code: 'no_receivable_line', path: 'account.move.line', message: 'the invoice has no receivable line to settle' }]);
  const receivableAccountId = invoiceLine.account_id[0];

  const ref = settlementReference(s.orderNumber);
  let [entry] = records(entryRecord, await rpc.searchRead('account.move', [['ref', '=', ref], ['move_type', '=', 'entry'], ['state', '!=', 'cancel']], ['id', 'state'], { limit: 1, order: 'id desc' }), 'odoo account.move');
  if (!entry) {
    // Company-currency amounts at the invoice's own rate (its receivable line), so the entry matches it exactly.
    const invoiceCents = cents(invoiceLine.amount_currency);
    const companyCents = (amountCents: number): number => (invoiceCents === 0 ? amountCents : divideRoundHalfAway(amountCents * cents(invoiceLine.balance), invoiceCents));
    const debits = vouchers.map((v) => ({ voucher: v, company: companyCents(v.amountCents) }));
    const creditCompany = debits.reduce((sum, d) => sum + d.company, 0);
    const line = (values: Record<string, OdooValue>): OdooValue => [0, 0, { partner_id: s.partnerId, currency_id: s.currencyId, ...values }];
    const id = await rpc.create('account.move', {
      move_type: 'entry',
      journal_id: await miscJournalId(),
      date: s.date,
      ref,
      partner_id: s.partnerId,
      currency_id: s.currencyId,
      line_ids: [
        ...debits.map((d) => line({ name: d.voucher.description || (d.voucher.kind === 'gift-card' ? 'Cadeaubon' : 'Tegoed'), account_id: s.liabilityAccountId, debit: money(d.company), credit: 0, amount_currency: money(d.voucher.amountCents) })),
        line({ name: `Cadeaubon ingewisseld op ${s.orderNumber}`, account_id: receivableAccountId, debit: 0, credit: money(creditCompany), amount_currency: -money(totalCents) }),
      ],
    });
    entry = { id, state: 'draft' };
  }
  if (entry.state === 'draft') await rpc.callOnRecords('account.move', 'action_post', [entry.id]);

  const [entryLine] = records(receivableLine, await rpc.searchRead('account.move.line', [['move_id', '=', entry.id], ['account_id', '=', receivableAccountId]], receivableFields, { limit: 1, order: 'id' }), 'odoo account.move.line');
  if (!entryLine) throw unusableResponse('odoo account.move.line', [{ code: 'no_receivable_line', path: 'account.move.line', message: 'the gift-card entry has no receivable line' }]);
  // Reconciled already (an earlier attempt whose answer was lost), or the invoice paid otherwise meanwhile: nothing to match.
  if (entryLine.reconciled || invoiceLine.reconciled) return;
  // Odoo answers None; over XML-RPC that arrives as a marshalling fault after the commit (see xmlrpc.ts).
  await rpc.callOnRecords('account.move.line', 'reconcile', [invoiceLine.id, entryLine.id]);
}
