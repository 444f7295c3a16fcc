/**
 * The models and fields the simulator knows, as Odoo 17, 18 and 19 define them (only those doorzet
 * or its tests touch, plus a few neighbours). A field missing in a version is an unknown field
 * there, so a client that reads `price_include_override` fails on 17 as it would against Odoo.
 */

export type OdooVersion = 17 | 18 | 19;

export interface FieldSpec {
  type: 'integer' | 'char' | 'text' | 'float' | 'monetary' | 'boolean' | 'selection' | 'date' | 'many2one' | 'one2many' | 'many2many';
  relation?: string;
  selection?: readonly string[];
  /** First and last version that has the field. */
  since?: OdooVersion;
  until?: OdooVersion;
  /** Computed on read, not writable. */
  readonly?: boolean;
}

export interface ModelSpec {
  /** `_description`, used in access errors. */
  description: string;
  /** The field `display_name` comes from. */
  recName: string;
  fields: Record<string, FieldSpec>;
  /** Groups that may create/write, for access errors. */
  writeGroups: readonly string[];
}

const char: FieldSpec = { type: 'char' };
const bool: FieldSpec = { type: 'boolean' };
const int: FieldSpec = { type: 'integer' };
const m2o = (relation: string): FieldSpec => ({ type: 'many2one', relation });
const accountTypes = ['asset_receivable', 'asset_cash', 'asset_current', 'asset_non_current', 'asset_prepayments', 'asset_fixed', 'liability_payable', 'liability_credit_card', 'liability_current', 'liability_non_current', 'equity', 'equity_unaffected', 'income', 'income_other', 'expense', 'expense_depreciation', 'expense_direct_cost', 'off_balance'];

export const MODELS: Record<string, ModelSpec> = {
  'res.country': { description: 'Country', recName: 'name', writeGroups: ['Administration / Settings'], fields: { name: char, code: char } },
  'res.currency': { description: 'Currency', recName: 'name', writeGroups: ['Administration / Settings'], fields: { name: char, symbol: char, active: bool, rounding: { type: 'float' } } },
  'res.company': {
    description: 'Companies', recName: 'name', writeGroups: ['Administration / Settings'],
    fields: {
      name: char, currency_id: m2o('res.currency'), country_id: m2o('res.country'), account_fiscal_country_id: m2o('res.country'),
      tax_calculation_rounding_method: { type: 'selection', selection: ['round_per_line', 'round_globally'] },
      account_price_include: { type: 'selection', selection: ['tax_included', 'tax_excluded'], since: 18 },
    },
  },
  'res.users': { description: 'User', recName: 'name', writeGroups: ['Administration / Access Rights'], fields: { name: char, login: char, company_id: m2o('res.company'), partner_id: m2o('res.partner') } },
  'res.partner': {
    description: 'Contact', recName: 'name', writeGroups: ['Extra Rights / Contact Creation'],
    fields: {
      name: char, email: char, street: char, street2: char, zip: char, city: char, country_id: m2o('res.country'), vat: char, phone: char,
      is_company: bool, company_type: { type: 'selection', selection: ['person', 'company'] }, customer_rank: int, active: bool,
      type: { type: 'selection', selection: ['contact', 'invoice', 'delivery', 'other'] }, parent_id: m2o('res.partner'), lang: char, ref: char, comment: { type: 'text' },
    },
  },
  'account.account': {
    description: 'Account', recName: 'name', writeGroups: ['Accounting / Administrator'],
    fields: {
      name: char, code: char, account_type: { type: 'selection', selection: accountTypes },
      deprecated: { type: 'boolean', until: 18 }, active: { type: 'boolean', since: 19 }, reconcile: bool,
    },
  },
  'account.journal': {
    description: 'Journal', recName: 'name', writeGroups: ['Accounting / Administrator'],
    fields: { name: char, code: char, type: { type: 'selection', selection: ['sale', 'purchase', 'cash', 'bank', 'general', 'credit'] }, default_account_id: m2o('account.account'), company_id: m2o('res.company'), currency_id: m2o('res.currency'), sequence: int, active: bool },
  },
  'account.tax': {
    description: 'Tax', recName: 'name', writeGroups: ['Accounting / Administrator'],
    fields: {
      name: char, amount: { type: 'float' }, amount_type: { type: 'selection', selection: ['group', 'fixed', 'percent', 'division', 'code'] },
      type_tax_use: { type: 'selection', selection: ['sale', 'purchase', 'none'] }, sequence: int, active: bool, company_id: m2o('res.company'), country_id: m2o('res.country'),
      price_include: { type: 'boolean' }, price_include_override: { type: 'selection', selection: ['tax_included', 'tax_excluded'], since: 18 },
      // A Char label on 17; 18 moved the label to invoice_label and made description HTML.
      description: char, invoice_label: { type: 'char', since: 18 }, tax_scope: { type: 'selection', selection: ['service', 'consu'] },
    },
  },
  'account.move': {
    description: 'Journal Entry', recName: 'name', writeGroups: ['Accounting / Billing'],
    fields: {
      name: char, ref: char, payment_reference: char, narration: { type: 'text' }, date: { type: 'date' }, invoice_date: { type: 'date' },
      move_type: { type: 'selection', selection: ['entry', 'out_invoice', 'out_refund', 'in_invoice', 'in_refund', 'out_receipt', 'in_receipt'] },
      state: { type: 'selection', selection: ['draft', 'posted', 'cancel'], readonly: true },
      partner_id: m2o('res.partner'), journal_id: m2o('account.journal'), company_id: m2o('res.company'), currency_id: m2o('res.currency'),
      reversed_entry_id: m2o('account.move'), fiscal_position_id: m2o('account.fiscal.position'),
      invoice_line_ids: { type: 'one2many', relation: 'account.move.line' }, line_ids: { type: 'one2many', relation: 'account.move.line' },
      amount_untaxed: { type: 'monetary', readonly: true }, amount_tax: { type: 'monetary', readonly: true }, amount_total: { type: 'monetary', readonly: true },
      amount_residual: { type: 'monetary', readonly: true }, amount_total_signed: { type: 'monetary', readonly: true },
      payment_state: { type: 'selection', selection: ['not_paid', 'in_payment', 'paid', 'partial', 'reversed', 'invoicing_legacy'], readonly: true },
    },
  },
  'account.move.line': {
    description: 'Journal Item', recName: 'name', writeGroups: ['Accounting / Billing'],
    fields: {
      move_id: m2o('account.move'), name: char, quantity: { type: 'float' }, price_unit: { type: 'float' }, discount: { type: 'float' },
      tax_ids: { type: 'many2many', relation: 'account.tax' }, account_id: m2o('account.account'), product_id: m2o('product.product'),
      display_type: { type: 'selection', selection: ['product', 'line_section', 'line_note', 'tax', 'payment_term', 'rounding', 'epd', 'cogs'] },
      price_subtotal: { type: 'monetary', readonly: true }, price_total: { type: 'monetary', readonly: true },
      // Journal items (an entry's line_ids, an invoice's receivable line): company currency in debit/credit/balance.
      partner_id: m2o('res.partner'), currency_id: m2o('res.currency'), debit: { type: 'monetary' }, credit: { type: 'monetary' },
      balance: { type: 'monetary' }, amount_currency: { type: 'monetary' },
      amount_residual: { type: 'monetary', readonly: true }, amount_residual_currency: { type: 'monetary', readonly: true },
      reconciled: { type: 'boolean', readonly: true }, date: { type: 'date', readonly: true },
      account_type: { type: 'selection', selection: accountTypes, readonly: true },
    },
  },
};

export function fieldOf(model: string, name: string, version: OdooVersion): FieldSpec | undefined {
  const spec = MODELS[model]?.fields[name];
  if (!spec) return undefined;
  if (spec.since && version < spec.since) return undefined;
  if (spec.until && version > spec.until) return undefined;
  return spec;
}
