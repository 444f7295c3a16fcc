import { checkAccess, checkValues, insert, table } from './sim-orm';
import type { SimDatabase, SimRow } from './sim-orm';
import { missingError, userError, valueError } from './sim-errors';
import { floatRound } from './sim-money';

/**
 * Journal items beyond invoice lines, as Odoo 16+ keeps them: an invoice's receivable line
 * (`display_type: payment_term`, on the partner's receivable account), the lines of a
 * miscellaneous entry (`move_type: entry`, given as `line_ids` with debit/credit), and
 * `account.move.line.reconcile()`, which matches debit and credit items of one reconcilable
 * account and lowers the invoice's `amount_residual`. Company currency only carries a rate of 1
 * here (the simulator has no currency rates): `balance` equals `amount_currency`.
 */

const saleInvoiceSign: Record<string, number> = { out_invoice: 1, out_receipt: 1, out_refund: -1 };

// What reconcile matched on a line so far, in the line's currency (not an Odoo field; never read).
const MATCHED = 'matched_currency';

/** The partner's receivable account: the chart's first asset_receivable account (property_account_receivable_id's default). */
function receivableAccount(db: SimDatabase): SimRow {
  const account = [...table(db, 'account.account').values()].filter((a) => a.account_type === 'asset_receivable').sort((a, b) => String(a.code).localeCompare(String(b.code)))[0];
  if (!account) throw userError('There is no receivable account defined for this partner.');
  return account;
}

function setResidual(line: SimRow): void {
  const residual = floatRound(Number(line.amount_currency) - Number(line[MATCHED] ?? 0));
  line.amount_residual_currency = residual;
  line.amount_residual = residual;
  line.reconciled = residual === 0 && Number(line.amount_currency) !== 0;
}

/** Keeps a sales invoice's receivable line in step with its total (Odoo recomputes it with the lines). */
export function syncPaymentTermLine(db: SimDatabase, move: SimRow): void {
  const sign = saleInvoiceSign[String(move.move_type)];
  if (sign === undefined) return;
  const amount = floatRound(sign * Number(move.amount_total));
  const lines = table(db, 'account.move.line');
  let line = (move.line_ids as number[]).map((id) => lines.get(id)).find((l) => l?.display_type === 'payment_term');
  if (!line) {
    const account = receivableAccount(db);
    line = insert(db, 'account.move.line', {
      move_id: move.id, name: move.payment_reference ?? '', display_type: 'payment_term', account_id: account.id, account_type: 'asset_receivable',
      quantity: 1, price_unit: 0, discount: 0, tax_ids: [], product_id: false, price_subtotal: 0, price_total: 0, [MATCHED]: 0,
    });
    move.line_ids = [...(move.line_ids as number[]), line.id];
  }
  Object.assign(line, {
    partner_id: move.partner_id ?? false, currency_id: move.currency_id ?? false, date: move.date ?? false,
    debit: Math.max(amount, 0), credit: Math.max(-amount, 0), balance: amount, amount_currency: amount,
  });
  setResidual(line);
}

/** The invoice's amount_residual and payment_state from its receivable line (account.move `_compute_amount`, `_compute_payment_state`). */
export function invoiceResidual(db: SimDatabase, move: SimRow): void {
  const line = (move.line_ids as number[]).map((id) => table(db, 'account.move.line').get(id)).find((l) => l?.display_type === 'payment_term');
  if (!line || move.state !== 'posted') {
    move.amount_residual = move.state === 'posted' ? Number(move.amount_total) : 0;
    move.payment_state = 'not_paid';
    return;
  }
  const residual = Math.abs(Number(line.amount_residual_currency));
  move.amount_residual = residual;
  // Matched with an entry that is not a payment awaiting its bank statement: paid, not "in payment".
  move.payment_state = residual === 0 ? 'paid' : residual < Number(move.amount_total) ? 'partial' : 'not_paid';
}

/** `line_ids` of a miscellaneous entry: `[0, 0, {account_id, partner_id, name, debit, credit, currency_id, amount_currency}]`. */
export function createEntryLines(db: SimDatabase, move: SimRow, commands: unknown): void {
  if (commands === undefined) return;
  if (!Array.isArray(commands)) throw valueError(`Wrong value for account.move.line_ids: ${JSON.stringify(commands)}`);
  const company = table(db, 'res.company').get(db.companyId);
  const ids = commands.map((command: unknown) => {
    if (!Array.isArray(command) || command[0] !== 0 || typeof command[2] !== 'object' || command[2] === null) {
      throw valueError(`Wrong value for account.move.line_ids: ${JSON.stringify(command)}`);
    }
    const vals = checkValues(db, 'account.move.line', command[2]);
    const account = typeof vals.account_id === 'number' ? table(db, 'account.account').get(vals.account_id) : undefined;
    // account.move.line's NOT NULL account_id on a line that is not a section or note.
    if (!account) throw userError('The operation cannot be completed: Missing required value for the field \'Account\' (account_id) on model \'Journal Item\'.');
    const debit = Number(vals.debit ?? 0);
    const credit = Number(vals.credit ?? 0);
    const balance = floatRound(debit - credit);
    const amountCurrency = typeof vals.amount_currency === 'number' ? vals.amount_currency : balance;
    return insert(db, 'account.move.line', {
      name: null, quantity: 1, price_unit: 0, discount: 0, tax_ids: [], product_id: false, price_subtotal: 0, price_total: 0, display_type: 'product',
      ...(vals as Record<string, never>),
      move_id: move.id, partner_id: typeof vals.partner_id === 'number' ? vals.partner_id : move.partner_id ?? false,
      currency_id: typeof vals.currency_id === 'number' ? vals.currency_id : move.currency_id ?? company?.currency_id ?? false,
      account_type: account.account_type ?? false, date: move.date ?? false, debit: Math.max(balance, 0), credit: Math.max(-balance, 0), balance,
      amount_currency: floatRound(amountCurrency), [MATCHED]: 0,
    }).id;
  });
  for (const id of ids) setResidual(table(db, 'account.move.line').get(id)!);
  move.line_ids = [...(move.line_ids as number[]), ...ids];
}

/** account.move `_check_balanced` at posting: an entry's debits equal its credits. */
export function checkBalanced(db: SimDatabase, move: SimRow): void {
  const lines = (move.line_ids as number[]).map((id) => table(db, 'account.move.line').get(id)).filter((l): l is SimRow => l !== undefined);
  const debit = floatRound(lines.reduce((s, l) => s + Number(l.debit ?? 0), 0));
  const credit = floatRound(lines.reduce((s, l) => s + Number(l.credit ?? 0), 0));
  if (debit !== credit) {
    throw userError(`The move (${String(move.name)}) is not balanced.\nThe total of debits equals ${debit.toFixed(2)} and the total of credits equals ${credit.toFixed(2)}.`);
  }
}

/**
 * `account.move.line.reconcile()` on records: posted items of one reconcilable account, none
 * already reconciled; debits are matched against credits (partial reconciles) in the items'
 * currency. Returns None, as Odoo does (XML-RPC cannot marshal it: see sim-xmlrpc).
 */
export function reconcileLines(db: SimDatabase, ids: readonly number[]): null {
  checkAccess(db, 'account.move.line', 'write');
  const lines = ids.map((id) => {
    const line = table(db, 'account.move.line').get(id);
    if (!line) throw missingError(`Record does not exist or has been deleted.\n(Record: account.move.line(${id},), User: ${db.uid})`);
    return line;
  });
  if (lines.length === 0) return null;
  const moves = lines.map((l) => table(db, 'account.move').get(Number(l.move_id))!);
  if (moves.some((m) => m.state !== 'posted')) throw userError('You can only reconcile posted entries.');
  const accounts = new Set(lines.map((l) => l.account_id));
  if (accounts.size > 1) throw userError('Entries are not from the same account.');
  const account = table(db, 'account.account').get(Number(lines[0]!.account_id));
  if (account?.reconcile !== true) throw userError(`Account ${String(account?.code ?? '')} ${String(account?.name ?? '')} does not allow reconciliation. First change the configuration of this account to allow it.`);
  if (lines.some((l) => l.reconciled === true)) throw userError('You are trying to reconcile some entries that are already reconciled.');
  if (new Set(lines.map((l) => l.currency_id)).size > 1) throw userError('The simulator reconciles items of one currency only.');

  const debits = lines.filter((l) => Number(l.amount_residual_currency) > 0);
  const credits = lines.filter((l) => Number(l.amount_residual_currency) < 0);
  for (const debit of debits) {
    for (const credit of credits) {
      const amount = Math.min(Number(debit.amount_residual_currency), -Number(credit.amount_residual_currency));
      if (amount <= 0) continue;
      debit[MATCHED] = floatRound(Number(debit[MATCHED] ?? 0) + amount);
      credit[MATCHED] = floatRound(Number(credit[MATCHED] ?? 0) - amount);
      setResidual(debit);
      setResidual(credit);
    }
  }
  for (const move of new Set(moves)) invoiceResidual(db, move);
  return null;
}
