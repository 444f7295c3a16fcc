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
  created_at: string;
  updated_at: string;
  version: number;
  archived: boolean;
}

export interface MbDetail {
  id: string;
  administration_id: string;
  tax_rate_id: string;
  ledger_account_id: string;
  amount: string;
  amount_decimal: string;
  description: string;
  price: string;
  period: string | null;
  row_order: number;
  total_price_excl_tax_with_discount: string;
  total_price_excl_tax_with_discount_base: string;
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
  state: 'draft' | 'open' | 'paid';
  invoice_date: string | null;
  due_date: string;
  reference: string;
  language: string;
  currency: string;
  discount: string;
  prices_are_incl_tax: boolean;
  details: MbDetail[];
  payments: unknown[];
  total_paid: string;
  total_unpaid: string;
  total_unpaid_base: string;
  total_price_excl_tax: string;
  total_price_excl_tax_base: string;
  total_price_incl_tax: string;
  total_price_incl_tax_base: string;
  total_discount: string;
  tax_totals: MbTaxTotal[];
  notes: unknown[];
  attachments: unknown[];
  events: unknown[];
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
  status: 400 | 402 | 404 | 422;
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

export function symbolicError(status: 400 | 402 | 404, error: string, symbolic: Record<string, string>): MbFailure {
  return { ok: false, status, body: { error, symbolic } };
}
