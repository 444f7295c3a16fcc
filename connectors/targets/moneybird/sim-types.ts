/** Moneybird v2 resources as the simulator stores and serves them (decimal strings, ids as numeric strings). */

export interface MbTaxRate {
  id: string;
  administration_id: string;
  name: string;
  percentage: string;
  tax_rate_type: 'sales_invoice' | 'purchase_invoice' | 'general_journal_document';
  show_tax: boolean;
  active: boolean;
  country: string | null;
  created_at: string;
  updated_at: string;
}

export interface MbContact {
  id: string;
  administration_id: string;
  company_name: string;
  firstname: string;
  lastname: string;
  address1: string;
  address2: string;
  zipcode: string;
  city: string;
  country: string;
  phone: string;
  delivery_method: string;
  customer_id: string;
  tax_number: string;
  chamber_of_commerce: string;
  bank_account: string;
  attention: string;
  email: string;
  email_ubl: boolean;
  send_invoices_to_attention: string;
  send_invoices_to_email: string;
  send_estimates_to_attention: string;
  send_estimates_to_email: string;
  sepa_active: boolean;
  direct_debit: boolean;
  tax_number_valid: boolean | null;
  created_at: string;
  updated_at: string;
  version: number;
  sales_invoices_url: string;
  notes: unknown[];
  custom_fields: unknown[];
  contact_people: unknown[];
  archived: boolean;
}

export interface MbLedgerAccount {
  id: string;
  administration_id: string;
  name: string;
  account_type: 'revenue' | 'current_liabilities' | 'current_assets' | 'expenses' | 'other_income_expenses';
  account_id: string | null;
  parent_id: string | null;
  active: boolean;
  allowed_document_types: ('sales_invoice' | 'purchase_invoice' | 'general_journal_document' | 'financial_mutation' | 'payment')[];
  financial_account_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface MbDetail {
  id: string;
  administration_id: string;
  tax_rate_id: string;
  ledger_account_id: string;
  amount: string | null;
  amount_decimal: string;
  description: string;
  price: string;
  period: string | null;
  row_order: number;
  project_id: string | null;
  product_id: string | null;
  total_price_excl_tax_with_discount: string;
  total_price_excl_tax_with_discount_base: string;
  tax_report_reference: string[];
  mandatory_tax_text: string | null;
  created_at: string;
  updated_at: string;
}

export interface MbPayment {
  id: string;
  administration_id: string;
  invoice_type: 'SalesInvoice';
  invoice_id: string;
  financial_account_id: string | null;
  user_id: string;
  payment_transaction_id: string | null;
  transaction_identifier: string | null;
  price: string;
  price_base: string;
  payment_date: string;
  credit_invoice_id: string | null;
  financial_mutation_id: string | null;
  ledger_account_id: string | null;
  linked_payment_id: string | null;
  manual_payment_action: string | null;
  created_at: string;
  updated_at: string;
}

export interface MbTaxTotal {
  tax_rate_id: string;
  taxable_amount: string;
  taxable_amount_base: string;
  tax_amount: string;
  tax_amount_base: string;
}

export interface MbSalesInvoice {
  id: string;
  administration_id: string;
  contact_id: string;
  contact: MbContact;
  invoice_id: string | null;
  workflow_id: string;
  document_style_id: string;
  identity_id: string;
  draft_id: number | null;
  state: 'draft' | 'open' | 'paid';
  invoice_date: string | null;
  due_date: string;
  reference: string;
  language: string;
  currency: string;
  discount: string;
  /** Set on a credit invoice: the invoice it credits. */
  original_sales_invoice_id: string | null;
  paused: boolean;
  sent_at: string | null;
  paid_at: string | null;
  prices_are_incl_tax: boolean;
  details: MbDetail[];
  payments: MbPayment[];
  total_paid: string;
  total_unpaid: string;
  total_unpaid_base: string;
  total_price_excl_tax: string;
  total_price_excl_tax_base: string;
  total_price_incl_tax: string;
  total_price_incl_tax_base: string;
  total_discount: string;
  tax_totals: MbTaxTotal[];
  url: string;
  payment_url: string;
  custom_fields: unknown[];
  notes: unknown[];
  attachments: unknown[];
  events: unknown[];
  time_entries: unknown[];
  created_at: string;
  updated_at: string;
  version: number;
}

/** `{"error":{"field":["msg"]},"details":{"field":[{"error":"msg"}]}}` */
export interface MbValidationBody {
  error: Record<string, string[]>;
  details: Record<string, { error: string }[]>;
}

/** `{"error":"Contact is required","symbolic":{"contact":"required"}}` */
export interface MbSymbolicBody {
  error: string;
  symbolic: Record<string, string>;
}

export interface MbFailure {
  ok: false;
  status: 400 | 401 | 402 | 404 | 422;
  body: MbValidationBody | MbSymbolicBody;
}

export type MbResult<T> = { ok: true; value: T } | MbFailure;

/** A request field that should be a string or a number, as text; anything else is "". */
export function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function validationError(fields: Record<string, string>): MbFailure {
  const error: Record<string, string[]> = {};
  const details: Record<string, { error: string }[]> = {};
  for (const [field, message] of Object.entries(fields)) {
    error[field] = [message];
    details[field] = [{ error: message }];
  }
  return { ok: false, status: 422, body: { error, details } };
}

export function symbolicError(status: 400 | 401 | 402 | 404, error: string, symbolic: Record<string, string>): MbFailure {
  return { ok: false, status, body: { error, symbolic } };
}
