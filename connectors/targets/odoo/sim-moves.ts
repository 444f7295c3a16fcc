import { insert, checkAccess, checkValues, foreignKeyViolation, table } from './sim-orm';
import type { SimDatabase, SimRow } from './sim-orm';
import { missingError, OdooSimError, userError, valueError } from './sim-errors';
import { floatRound } from './sim-money';
import { checkBalanced, createEntryLines, invoiceResidual, syncPaymentTermLine } from './sim-ledger';

const invoiceTypes = new Set(['out_invoice', 'out_refund', 'in_invoice', 'in_refund', 'out_receipt', 'in_receipt']);
const saleTypes = new Set(['out_invoice', 'out_refund', 'out_receipt']);

/** Tax ids from many2many commands: `[6, 0, ids]`, `[4, id]`, `[5]`, or a plain id list. */
function taxIdsOf(value: unknown): number[] {
  if (value === undefined || value === false) return [];
  if (!Array.isArray(value)) throw valueError(`Wrong value for account.move.line.tax_ids: ${JSON.stringify(value)}`);
  const ids: number[] = [];
  for (const command of value) {
    if (typeof command === 'number') ids.push(command);
    else if (Array.isArray(command) && command[0] === 6 && Array.isArray(command[2])) ids.splice(0, ids.length, ...command[2].map(Number));
    else if (Array.isArray(command) && command[0] === 4) ids.push(Number(command[1]));
    else if (Array.isArray(command) && command[0] === 5) ids.splice(0);
    else throw valueError(`Wrong value for account.move.line.tax_ids: ${JSON.stringify(command)}`);
  }
  return ids;
}

/** Lines, tax and totals as account.move computes them, by the company's tax rounding method. */
export function computeMove(db: SimDatabase, move: SimRow): void {
  const company = table(db, 'res.company').get(db.companyId);
  const globally = company?.tax_calculation_rounding_method === 'round_globally';
  const lines = (move.invoice_line_ids as number[]).map((id) => table(db, 'account.move.line').get(id)).filter((l): l is SimRow => l !== undefined);
  let untaxed = 0;
  let taxTotal = 0;
  const perTax = new Map<number, number>();
  for (const line of lines) {
    const amount = Number(line.quantity) * Number(line.price_unit) * (1 - Number(line.discount ?? 0) / 100);
    let subtotal = floatRound(amount);
    let lineTax = 0;
    for (const taxId of line.tax_ids as number[]) {
      const tax = table(db, 'account.tax').get(taxId);
      if (!tax) continue;
      const rate = Number(tax.amount) / 100;
      const included = db.version >= 18
        ? tax.price_include_override === 'tax_included' || (!tax.price_include_override && company?.account_price_include === 'tax_included')
        : tax.price_include === true;
      const raw = included ? amount - amount / (1 + rate) : amount * rate;
      if (included) subtotal = floatRound(amount - (globally ? raw : floatRound(raw)));
      if (globally) perTax.set(taxId, (perTax.get(taxId) ?? 0) + raw);
      else lineTax += floatRound(raw);
    }
    line.price_subtotal = subtotal;
    line.price_total = floatRound(subtotal + lineTax);
    untaxed += subtotal;
    taxTotal += lineTax;
  }
  for (const raw of perTax.values()) taxTotal += floatRound(raw);
  move.amount_untaxed = floatRound(untaxed);
  move.amount_tax = floatRound(taxTotal);
  move.amount_total = floatRound(untaxed + taxTotal);
  if (move.move_type === 'entry') {
    // An entry's total is the sum of its debits.
    const items = (move.line_ids as number[]).map((id) => table(db, 'account.move.line').get(id));
    move.amount_total = floatRound(items.reduce((sum, l) => sum + Number(l?.debit ?? 0), 0));
  }
  syncPaymentTermLine(db, move);
  invoiceResidual(db, move);
  move.amount_total_signed = String(move.move_type).endsWith('refund') ? -Number(move.amount_total) : Number(move.amount_total);
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** account.move.create(vals): a draft with its invoice lines (x2many "create" commands). */
export function createMove(db: SimDatabase, values: unknown): number {
  checkAccess(db, 'account.move', 'create');
  const { invoice_line_ids: lineCommands, line_ids: itemCommands, ...header } = checkValues(db, 'account.move', values);
  const moveType = typeof header.move_type === 'string' ? header.move_type : 'entry';
  for (const key of ['invoice_date', 'date'] as const) {
    if (header[key] !== undefined && header[key] !== false && !(typeof header[key] === 'string' && isoDate.test(header[key]))) {
      throw valueError(`time data ${JSON.stringify(header[key])} does not match format '%Y-%m-%d'`);
    }
  }
  const journalId = typeof header.journal_id === 'number' ? header.journal_id
    : [...table(db, 'account.journal').values()].find((j) => j.type === (saleTypes.has(moveType) ? 'sale' : 'general'))?.id;
  const journal = journalId === undefined ? undefined : table(db, 'account.journal').get(journalId);
  if (!journal) throw userError('No journal could be found in company for any of those types: sale');
  const company = table(db, 'res.company').get(db.companyId);

  const commands = lineCommands === undefined ? [] : lineCommands;
  if (!Array.isArray(commands)) throw valueError(`Wrong value for account.move.invoice_line_ids: ${JSON.stringify(commands)}`);
  const lineValues = commands.map((command: unknown) => {
    if (!Array.isArray(command) || command[0] !== 0 || typeof command[2] !== 'object' || command[2] === null) {
      throw valueError(`Wrong value for account.move.invoice_line_ids: ${JSON.stringify(command)}`);
    }
    const { tax_ids: taxes, ...rest } = command[2] as Record<string, unknown>;
    checkValues(db, 'account.move.line', rest);
    const taxIds = taxIdsOf(taxes);
    if (taxIds.some((id) => !table(db, 'account.tax').has(id))) throw foreignKeyViolation('account.move.line', 'account_tax_rel_account_tax_id');
    return { ...rest, taxIds };
  });

  const move = insert(db, 'account.move', {
    name: '/', ref: null, payment_reference: null, narration: null, partner_id: false, reversed_entry_id: false, fiscal_position_id: false,
    ...(header as Record<string, never>),
    move_type: moveType, state: 'draft', journal_id: journal.id, company_id: db.companyId,
    currency_id: typeof header.currency_id === 'number' ? header.currency_id : (company?.currency_id as number),
    invoice_date: typeof header.invoice_date === 'string' ? header.invoice_date : false,
    date: typeof header.date === 'string' ? header.date : typeof header.invoice_date === 'string' ? header.invoice_date : db.now().toISOString().slice(0, 10),
    invoice_line_ids: [], line_ids: [], amount_untaxed: 0, amount_tax: 0, amount_total: 0, amount_residual: 0, amount_total_signed: 0,
  });
  const lineIds = lineValues.map(({ taxIds, ...line }) => insert(db, 'account.move.line', {
    move_id: move.id, name: null, quantity: 1, price_unit: 0, discount: 0, product_id: false, display_type: 'product',
    // A line without product takes the journal's default account (account.move.line `_compute_account_id`).
    account_id: journal.default_account_id as number,
    ...(line as Record<string, never>),
    tax_ids: taxIds, price_subtotal: 0, price_total: 0,
  }).id);
  move.invoice_line_ids = lineIds;
  move.line_ids = lineIds;
  // A miscellaneous entry is written as journal items (debit/credit); invoices as invoice lines.
  if (moveType === 'entry') createEntryLines(db, move, itemCommands);
  else if (itemCommands !== undefined) throw valueError('The simulator takes line_ids only on entries (move_type entry); give invoice_line_ids on invoices.');
  computeMove(db, move);
  return move.id;
}

/** account.move.action_post on records: `_post(soft=False)`'s checks, then the sequence number. */
export function postMoves(db: SimDatabase, ids: readonly number[]): false {
  checkAccess(db, 'account.move', 'write');
  // account.move `_post`: posting needs the Billing group, whatever the model's access rights.
  if (db.denied.has('post')) throw new OdooSimError('odoo.exceptions.AccessError', "You don't have the access rights to post an invoice.", 403);
  const moves = ids.map((id) => {
    const move = table(db, 'account.move').get(id);
    if (!move) throw missingError(`Record does not exist or has been deleted.\n(Record: account.move(${id},), User: ${db.uid})`);
    return move;
  });
  for (const move of moves) {
    if (move.state === 'posted') throw userError(`The entry ${String(move.name)} (id ${move.id}) is already posted.`);
    if ((move.move_type === 'entry' ? move.line_ids as number[] : move.invoice_line_ids as number[]).length === 0) throw userError('You need to add a line before posting.');
    if (move.move_type === 'entry') checkBalanced(db, move);
    if (!move.partner_id && saleTypes.has(String(move.move_type))) throw userError("The field 'Customer' is required, please complete it to validate the Customer Invoice.");
    if (invoiceTypes.has(String(move.move_type)) && Number(move.amount_total) < 0) {
      throw userError('You cannot validate an invoice with a negative total amount. You should create a credit note instead. Use the action menu to transform it into a credit note or refund.');
    }
  }
  for (const move of moves) {
    const year = String(move.date).slice(0, 4);
    const prefix = move.move_type === 'out_refund' ? 'RINV' : move.move_type === 'out_invoice' ? 'INV' : 'MISC';
    const count = [...table(db, 'account.move').values()].filter((m) => m.state === 'posted' && String(m.name).startsWith(`${prefix}/${year}/`)).length;
    move.name = `${prefix}/${year}/${String(count + 1).padStart(5, '0')}`;
    move.state = 'posted';
    if (!move.invoice_date) move.invoice_date = db.now().toISOString().slice(0, 10);
    computeMove(db, move);
  }
  return false;
}
