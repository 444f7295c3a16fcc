import { divideRoundHalfAway, formatCents, parseScaledDecimal } from '../../decimal';
import { defaultRevenueAccount } from './sim-ledger-accounts';
import { taxReportOf } from './sim-tax-rates';
import { scalarText, symbolicError, validationError } from './sim-types';
import type { MbContact, MbDetail, MbLedgerAccount, MbPayment, MbResult, MbSalesInvoice, MbTaxRate, MbTaxTotal } from './sim-types';

export interface InvoiceContext {
  administrationId: string;
  contacts: ReadonlyMap<string, MbContact>;
  taxRates: readonly MbTaxRate[];
  ledgerAccounts: readonly MbLedgerAccount[];
  newId: () => string;
  nowIso: string;
}

/**
 * Units of administration currency (EUR) per unit of a foreign currency, × 10 000. The spec's
 * foreign-currency example books USD 159.99 as EUR 127.99 (0.8). Moneybird uses the day's rate;
 * the simulator keeps a fixed table so tests can compute the `*_base` amounts.
 */
export const simExchangeRates: Readonly<Record<string, number>> = { EUR: 10_000, USD: 8_000, GBP: 11_700, CHF: 10_500, SEK: 870, DKK: 1_340, NOK: 860, PLN: 2_300, CZK: 400 };

/** Prices as Moneybird accepts them: 24.95, "24.95", Dutch "4,95" or "1.234,56". Cents; null if not a number. */
export function parsePrice(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? parseScaledDecimal(value.toFixed(4), 2) : null;
  if (typeof value !== 'string') return null;
  const text = value.includes(',') ? value.replace(/\./g, '').replace(',', '.') : value;
  return parseScaledDecimal(text, 2);
}

/** Quantity in 1/10000 units ("2", "1.5", 3, "-1 x"). */
function parseAmount(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return 10_000;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  return parseScaledDecimal(scalarText(value).replace(/\s*x$/, '').replace(',', '.'), 4);
}

const amountDecimal = (scaled: number): string => {
  const text = (scaled / 10_000).toString();
  return text.includes('.') ? text : `${text}.0`;
};

const toBase = (cents: number, currency: string): number => divideRoundHalfAway(cents * (simExchangeRates[currency] ?? 10_000), 10_000);

/** `details_attributes` may be an array or an index-keyed object (`{"0":{...},"1":{...}}`). */
function detailList(raw: unknown): Record<string, unknown>[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null ? Object.values(raw) : [];
  return list.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null);
}

const isTrue = (value: unknown): boolean => value === true || value === 'true';

/** Reads one detail row of a request into a stored detail; `base` is the row being updated, if any. */
function detailFrom(input: Record<string, unknown>, base: MbDetail | undefined, currency: string, ctx: InvoiceContext, rowOrder: number): MbResult<MbDetail> {
  const defaultRate = ctx.taxRates.find((r) => r.active && r.tax_rate_type === 'sales_invoice');
  const rateId = input.tax_rate_id === undefined || input.tax_rate_id === null ? base?.tax_rate_id ?? defaultRate?.id : scalarText(input.tax_rate_id);
  const rate = ctx.taxRates.find((r) => r.id === rateId && r.active && r.tax_rate_type === 'sales_invoice');
  if (!rate) return validationError({ 'details.tax_rate_id': 'is invalid' });
  const ledgerId = input.ledger_account_id === undefined || input.ledger_account_id === null ? base?.ledger_account_id ?? defaultRevenueAccount(ctx.ledgerAccounts)?.id : scalarText(input.ledger_account_id);
  const ledger = ctx.ledgerAccounts.find((a) => a.id === ledgerId && a.active && a.allowed_document_types.includes('sales_invoice'));
  if (!ledger) return validationError({ 'details.ledger_account_id': 'is invalid' });
  const priceCents = input.price === undefined ? parsePrice(base?.price ?? '0') : parsePrice(input.price ?? '0');
  if (priceCents === null) return validationError({ 'details.price': 'is not a number' });
  const amount = input.amount === undefined && base ? parseAmount(base.amount_decimal) : parseAmount(input.amount);
  if (amount === null) return validationError({ 'details.amount': 'is not a number' });
  const rowCents = divideRoundHalfAway(priceCents * amount, 10_000);
  const report = taxReportOf(rate);
  return {
    ok: true,
    value: {
      id: base?.id ?? ctx.newId(),
      administration_id: ctx.administrationId,
      tax_rate_id: rate.id,
      ledger_account_id: ledger.id,
      project_id: null,
      product_id: null,
      amount: input.amount === undefined ? base?.amount ?? null : `${scalarText(input.amount).replace(/\s*x$/, '')} x`,
      amount_decimal: amountDecimal(amount),
      description: typeof input.description === 'string' ? input.description : base?.description ?? '',
      price: formatCents(priceCents),
      period: typeof input.period === 'string' ? input.period : base?.period ?? null,
      row_order: typeof input.row_order === 'number' ? input.row_order : base?.row_order ?? rowOrder,
      // Filled in by withTotals (it knows whether prices include tax).
      total_price_excl_tax_with_discount: formatCents(rowCents),
      total_price_excl_tax_with_discount_base: formatCents(toBase(rowCents, currency)),
      tax_report_reference: report.reference,
      mandatory_tax_text: report.text,
      created_at: base?.created_at ?? ctx.nowIso,
      updated_at: ctx.nowIso,
    },
  };
}

const rowCentsOf = (d: MbDetail): number => divideRoundHalfAway((parsePrice(d.price) ?? 0) * (parseAmount(d.amount_decimal) ?? 0), 10_000);

/**
 * Moneybird's totals: VAT per tax rate on that rate's taxable total, rounded half away from zero
 * (the rounding the published examples agree with); with prices incl. tax the VAT is taken out of
 * the gross total. Foreign currencies also get `*_base` amounts in the administration currency.
 */
function withTotals(invoice: MbSalesInvoice, taxRates: readonly MbTaxRate[]): MbSalesInvoice {
  const inclTax = invoice.prices_are_incl_tax;
  const cur = invoice.currency;
  const bpOf = (rateId: string): number => parseScaledDecimal(taxRates.find((r) => r.id === rateId)?.percentage ?? '0', 2) ?? 0;
  const taxTotals: MbTaxTotal[] = [];
  let excl = 0;
  let incl = 0;
  for (const rateId of [...new Set(invoice.details.map((d) => d.tax_rate_id))]) {
    const bp = bpOf(rateId);
    const sum = invoice.details.filter((d) => d.tax_rate_id === rateId).reduce((a, d) => a + rowCentsOf(d), 0);
    const tax = inclTax ? divideRoundHalfAway(sum * bp, 10_000 + bp) : divideRoundHalfAway(sum * bp, 10_000);
    const taxable = inclTax ? sum - tax : sum;
    excl += taxable;
    incl += taxable + tax;
    if (taxable === 0 && tax === 0) continue;
    taxTotals.push({ tax_rate_id: rateId, taxable_amount: formatCents(taxable), taxable_amount_base: formatCents(toBase(taxable, cur)), tax_amount: formatCents(tax), tax_amount_base: formatCents(toBase(tax, cur)) });
  }
  const details = invoice.details.map((d) => {
    const bp = bpOf(d.tax_rate_id);
    const row = rowCentsOf(d);
    const rowExcl = inclTax ? row - divideRoundHalfAway(row * bp, 10_000 + bp) : row;
    return { ...d, total_price_excl_tax_with_discount: formatCents(rowExcl), total_price_excl_tax_with_discount_base: formatCents(toBase(rowExcl, cur)) };
  });
  const paid = parsePrice(invoice.total_paid) ?? 0;
  return {
    ...invoice,
    details,
    total_unpaid: formatCents(incl - paid),
    total_unpaid_base: formatCents(toBase(incl - paid, cur)),
    total_price_excl_tax: formatCents(excl),
    total_price_excl_tax_base: formatCents(toBase(excl, cur)),
    total_price_incl_tax: formatCents(incl),
    total_price_incl_tax_base: formatCents(toBase(incl, cur)),
    tax_totals: taxTotals,
  };
}

function readDetails(raw: unknown, currency: string, ctx: InvoiceContext, existing: readonly MbDetail[]): MbResult<MbDetail[]> {
  const kept = new Map(existing.map((d) => [d.id, d]));
  const added: MbDetail[] = [];
  for (const input of detailList(raw)) {
    const id = input.id === undefined || input.id === null ? undefined : scalarText(input.id);
    const base = id === undefined ? undefined : kept.get(id);
    if (id !== undefined && !base) return validationError({ 'details.id': 'is invalid' });
    if (base && isTrue(input._destroy)) {
      kept.delete(base.id);
      continue;
    }
    const detail = detailFrom(input, base, currency, ctx, existing.length + added.length);
    if (!detail.ok) return detail;
    if (base) kept.set(base.id, detail.value);
    else added.push(detail.value);
  }
  return { ok: true, value: [...kept.values(), ...added] };
}

/** `POST sales_invoices.json` → a draft invoice with Moneybird's computed totals. */
export function buildInvoice(body: unknown, ctx: InvoiceContext, draftId: number): MbResult<MbSalesInvoice> {
  const input = (body as { sales_invoice?: unknown } | null)?.sales_invoice;
  if (typeof input !== 'object' || input === null) return symbolicError(400, 'Sales invoice is required', { sales_invoice: 'required' });
  const inv = input as Record<string, unknown>;
  const contact = ctx.contacts.get(scalarText(inv.contact_id));
  if (!contact) return validationError({ contact: 'is required' });
  const currency = typeof inv.currency === 'string' ? inv.currency.toUpperCase() : 'EUR';
  if (simExchangeRates[currency] === undefined) return validationError({ currency: 'is invalid' });
  const details = readDetails(inv.details_attributes, currency, ctx, []);
  if (!details.ok) return details;
  const date = typeof inv.invoice_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(inv.invoice_date) ? inv.invoice_date : null;
  const id = ctx.newId();
  const url = `https://moneybird.com/${ctx.administrationId}/external/${id}/sales_invoice`;
  return {
    ok: true,
    value: withTotals({
      id,
      administration_id: ctx.administrationId,
      contact_id: contact.id,
      contact,
      invoice_id: null,
      workflow_id: '496081347889071247',
      document_style_id: '496081348199449753',
      identity_id: '496081347126756459',
      draft_id: draftId,
      state: 'draft',
      // A draft keeps the requested invoice_date; Moneybird fills it in when sending if empty.
      invoice_date: date,
      due_date: addDays(date ?? ctx.nowIso.slice(0, 10), 14),
      reference: typeof inv.reference === 'string' ? inv.reference : '',
      language: 'nl',
      currency,
      discount: '0.0',
      original_sales_invoice_id: null,
      paused: false,
      sent_at: null,
      paid_at: null,
      prices_are_incl_tax: isTrue(inv.prices_are_incl_tax),
      details: details.value,
      payments: [],
      total_paid: '0.0',
      total_unpaid: '0.0',
      total_unpaid_base: '0.0',
      total_price_excl_tax: '0.0',
      total_price_excl_tax_base: '0.0',
      total_price_incl_tax: '0.0',
      total_price_incl_tax_base: '0.0',
      total_discount: '0.0',
      tax_totals: [],
      url,
      payment_url: url,
      custom_fields: [],
      notes: [],
      attachments: [],
      events: [],
      time_entries: [],
      created_at: ctx.nowIso,
      updated_at: ctx.nowIso,
      version: Math.floor(Date.parse(ctx.nowIso) / 1000),
    }, ctx.taxRates),
  };
}

/**
 * `PATCH sales_invoices/{id}.json`: the attributes given replace the stored ones; details are
 * updated by `id`, removed with `_destroy`, added without `id`. The simulator accepts changes
 * to drafts only (what a sync needs; Moneybird's rules for editing sent invoices are not in the spec).
 */
export function patchInvoice(invoice: MbSalesInvoice, body: unknown, ctx: InvoiceContext): MbResult<MbSalesInvoice> {
  const input = (body as { sales_invoice?: unknown } | null)?.sales_invoice;
  if (typeof input !== 'object' || input === null) return symbolicError(400, 'Sales invoice is required', { sales_invoice: 'required' });
  if (invoice.state !== 'draft') return validationError({ state: 'is not a draft' });
  const inv = input as Record<string, unknown>;
  const details = inv.details_attributes === undefined ? { ok: true as const, value: invoice.details } : readDetails(inv.details_attributes, invoice.currency, ctx, invoice.details);
  if (!details.ok) return details;
  const date = typeof inv.invoice_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(inv.invoice_date) ? inv.invoice_date : invoice.invoice_date;
  return {
    ok: true,
    value: withTotals({
      ...invoice,
      reference: typeof inv.reference === 'string' ? inv.reference : invoice.reference,
      invoice_date: date,
      prices_are_incl_tax: inv.prices_are_incl_tax === undefined ? invoice.prices_are_incl_tax : isTrue(inv.prices_are_incl_tax),
      details: details.value,
      updated_at: ctx.nowIso,
      version: invoice.version + 1,
    }, ctx.taxRates),
  };
}

export type DeliveryMethod = 'Email' | 'Peppol' | 'Manual';

/**
 * `PATCH sales_invoices/{id}/send_invoice.json`: the draft gets its invoice number and date and
 * becomes `open`. `Manual` marks it sent without delivering anything to the customer.
 */
export function sendInvoice(invoice: MbSalesInvoice, body: unknown, nextInvoiceId: (year: string) => string, nowIso: string): MbResult<{ invoice: MbSalesInvoice; method: DeliveryMethod }> {
  const sending = (body as { sales_invoice_sending?: Record<string, unknown> } | null)?.sales_invoice_sending ?? {};
  const method = sending.delivery_method ?? 'Email';
  if (method !== 'Email' && method !== 'Peppol' && method !== 'Manual') return validationError({ delivery_method: 'is invalid' });
  if (invoice.details.length === 0) return symbolicError(400, 'details cannot be empty', { sales_invoice: 'details_cannot_be_empty' });
  if (method === 'Email' && invoice.contact.send_invoices_to_email === '' && typeof sending.email_address !== 'string') {
    return validationError({ email_address: "can't be blank" });
  }
  if (invoice.state !== 'draft') return { ok: true, value: { invoice, method } };
  const today = nowIso.slice(0, 10);
  const date = invoice.invoice_date ?? today;
  return {
    ok: true,
    value: {
      method,
      invoice: {
        ...invoice,
        state: 'open',
        invoice_id: nextInvoiceId(date.slice(0, 4)),
        draft_id: null,
        invoice_date: date,
        due_date: addDays(date, 14),
        sent_at: today,
        updated_at: nowIso,
        version: invoice.version + 1,
      },
    },
  };
}

/**
 * `PATCH sales_invoices/{id}/duplicate_creditinvoice.json`: a new draft that credits the invoice,
 * shaped like the spec's example: same contact, reference and currency, `original_sales_invoice_id`
 * set, a heading row "Creditfactuur voor factuur <number>" at 0, then every row with its amount negated.
 */
export function duplicateCreditInvoice(original: MbSalesInvoice, ctx: InvoiceContext, draftId: number): MbSalesInvoice {
  const id = ctx.newId();
  const url = `https://moneybird.com/${ctx.administrationId}/external/${id}/sales_invoice`;
  const heading = original.details[0];
  const headingRow: MbDetail = {
    id: ctx.newId(),
    administration_id: ctx.administrationId,
    tax_rate_id: heading?.tax_rate_id ?? ctx.taxRates[0]?.id ?? '',
    ledger_account_id: heading?.ledger_account_id ?? defaultRevenueAccount(ctx.ledgerAccounts)?.id ?? '',
    project_id: null,
    product_id: null,
    amount: null,
    amount_decimal: '1.0',
    description: `**Creditfactuur voor factuur ${original.invoice_id ?? original.reference}**`,
    price: '0.00',
    period: null,
    row_order: 1,
    total_price_excl_tax_with_discount: '0.00',
    total_price_excl_tax_with_discount_base: '0.00',
    tax_report_reference: heading?.tax_report_reference ?? [],
    mandatory_tax_text: '',
    created_at: ctx.nowIso,
    updated_at: ctx.nowIso,
  };
  const negated = original.details.map((d, i): MbDetail => {
    const amount = -(parseAmount(d.amount_decimal) ?? 10_000);
    return { ...d, id: ctx.newId(), amount: `${amountDecimal(amount).replace(/\.0$/, '')} x`, amount_decimal: amountDecimal(amount), row_order: i + 2, created_at: ctx.nowIso, updated_at: ctx.nowIso };
  });
  return withTotals({
    ...original,
    id,
    invoice_id: null,
    draft_id: draftId,
    state: 'draft',
    invoice_date: null,
    due_date: addDays(ctx.nowIso.slice(0, 10), 14),
    original_sales_invoice_id: original.id,
    sent_at: null,
    paid_at: null,
    details: [headingRow, ...negated],
    payments: [],
    total_paid: '0.0',
    url,
    payment_url: url,
    notes: [],
    attachments: [],
    events: [],
    created_at: ctx.nowIso,
    updated_at: ctx.nowIso,
    version: Math.floor(Date.parse(ctx.nowIso) / 1000),
  }, ctx.taxRates);
}

const manualActions = ['private_payment', 'payment_without_proof', 'cash_payment', 'rounding_error', 'bank_transfer', 'balance_settlement', 'invoices_settlement'];

/**
 * `POST sales_invoices/{id}/payments.json`: payment_date and price are required; `balance_settlement`
 * needs a ledger account (spec). Without an action Moneybird books on "Te rubriceren ontvangen
 * betalingen" (the spec's example); the simulator leaves ledger_account_id empty then. The invoice
 * becomes `paid` when nothing is left unpaid. Payments are taken on sent invoices only.
 */
export function registerPayment(invoice: MbSalesInvoice, body: unknown, ctx: InvoiceContext): MbResult<{ invoice: MbSalesInvoice; payment: MbPayment }> {
  const input = (body as { payment?: Record<string, unknown> } | null)?.payment;
  if (typeof input !== 'object' || input === null) return symbolicError(400, 'Payment is required', { payment: 'required' });
  if (invoice.state === 'draft') return validationError({ invoice: 'is a draft' });
  const date = scalarText(input.payment_date).slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return validationError({ payment_date: 'is invalid' });
  const price = parsePrice(input.price);
  if (price === null) return validationError({ price: 'is not a number' });
  const action = input.manual_payment_action === undefined ? null : scalarText(input.manual_payment_action);
  if (action !== null && !manualActions.includes(action)) return validationError({ manual_payment_action: 'is invalid' });
  let ledgerId: string | null = null;
  if (action === 'balance_settlement') {
    ledgerId = scalarText(input.ledger_account_id);
    if (!ctx.ledgerAccounts.some((a) => a.id === ledgerId && a.active)) return validationError({ ledger_account_id: 'is invalid' });
  }
  if (invoice.currency !== 'EUR' && input.price_base === undefined) return validationError({ price_base: 'is required' });
  const priceBase = input.price_base === undefined ? price : parsePrice(input.price_base);
  if (priceBase === null) return validationError({ price_base: 'is not a number' });
  const payment: MbPayment = {
    id: ctx.newId(), administration_id: ctx.administrationId, invoice_type: 'SalesInvoice', invoice_id: invoice.id,
    financial_account_id: null, user_id: '496081346724103269', payment_transaction_id: null,
    transaction_identifier: typeof input.transaction_identifier === 'string' ? input.transaction_identifier : null,
    price: formatCents(price), price_base: formatCents(priceBase), payment_date: date, credit_invoice_id: null, financial_mutation_id: null,
    ledger_account_id: ledgerId, linked_payment_id: null, manual_payment_action: action, created_at: ctx.nowIso, updated_at: ctx.nowIso,
  };
  const paid = (parsePrice(invoice.total_paid) ?? 0) + price;
  const incl = parsePrice(invoice.total_price_incl_tax) ?? 0;
  const unpaid = incl - paid;
  return {
    ok: true,
    value: {
      payment,
      invoice: {
        ...invoice,
        payments: [...invoice.payments, payment],
        total_paid: formatCents(paid),
        total_unpaid: formatCents(unpaid),
        total_unpaid_base: formatCents(toBase(unpaid, invoice.currency)),
        state: unpaid === 0 ? 'paid' : invoice.state,
        paid_at: unpaid === 0 ? date : invoice.paid_at,
        updated_at: ctx.nowIso,
        version: invoice.version + 1,
      },
    },
  };
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
