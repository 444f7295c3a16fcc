import { divideRoundHalfAway, formatCents, parseScaledDecimal } from '../../decimal';
import { scalarText, symbolicError, validationError } from './sim-types';
import type { MbContact, MbDetail, MbResult, MbSalesInvoice, MbTaxRate, MbTaxTotal } from './sim-types';

export interface InvoiceContext {
  administrationId: string;
  contacts: ReadonlyMap<string, MbContact>;
  taxRates: readonly MbTaxRate[];
  newId: () => string;
  nowIso: string;
}

/** Prices as Moneybird accepts them: 24.95, "24.95", Dutch "4,95" or "1.234,56". Cents; null if not a number. */
export function parsePrice(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? parseScaledDecimal(value.toFixed(4), 2) : null;
  if (typeof value !== 'string') return null;
  const text = value.includes(',') ? value.replace(/\./g, '').replace(',', '.') : value;
  return parseScaledDecimal(text, 2);
}

/** Quantity in 1/10000 units ("2", "1.5", 3). */
function parseAmount(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return 10_000;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  return parseScaledDecimal(scalarText(value).replace(',', '.'), 4);
}

const amountDecimal = (scaled: number): string => {
  const text = (scaled / 10_000).toString();
  return text.includes('.') ? text : `${text}.0`;
};

/** `details_attributes` may be an array or an index-keyed object (`{"0":{...},"1":{...}}`). */
function detailList(raw: unknown): Record<string, unknown>[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null ? Object.values(raw) : [];
  return list.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null);
}

/**
 * `POST sales_invoices.json` → a draft invoice with Moneybird's computed totals. VAT is computed
 * per tax rate on that rate's taxable total and rounded half away from zero (the rounding the
 * published examples agree with); with prices incl. tax the VAT is taken out of the gross total.
 */
export function buildInvoice(body: unknown, ctx: InvoiceContext): MbResult<MbSalesInvoice> {
  const input = (body as { sales_invoice?: unknown } | null)?.sales_invoice;
  if (typeof input !== 'object' || input === null) return symbolicError(400, 'Sales invoice is required', { sales_invoice: 'required' });
  const inv = input as Record<string, unknown>;
  const contact = ctx.contacts.get(scalarText(inv.contact_id));
  if (!contact) return validationError({ contact: 'is required' });
  const inclTax = inv.prices_are_incl_tax === true;
  const defaultRate = ctx.taxRates.find((r) => r.active && r.tax_rate_type === 'sales_invoice');

  const rows: { detail: Record<string, unknown>; rate: MbTaxRate; priceCents: number; amount: number; rowCents: number }[] = [];
  for (const detail of detailList(inv.details_attributes)) {
    const rateId = detail.tax_rate_id === undefined || detail.tax_rate_id === null ? defaultRate?.id : scalarText(detail.tax_rate_id);
    const rate = ctx.taxRates.find((r) => r.id === rateId && r.active && r.tax_rate_type === 'sales_invoice');
    if (!rate) return validationError({ 'details.tax_rate_id': 'is invalid' });
    const priceCents = parsePrice(detail.price ?? '0');
    if (priceCents === null) return validationError({ 'details.price': 'is not a number' });
    const amount = parseAmount(detail.amount);
    if (amount === null) return validationError({ 'details.amount': 'is not a number' });
    rows.push({ detail, rate, priceCents, amount, rowCents: divideRoundHalfAway(priceCents * amount, 10_000) });
  }

  const taxTotals: MbTaxTotal[] = [];
  let excl = 0;
  let incl = 0;
  for (const rate of [...new Set(rows.map((r) => r.rate))]) {
    const bp = parseScaledDecimal(rate.percentage, 2) ?? 0;
    const sum = rows.filter((r) => r.rate === rate).reduce((a, r) => a + r.rowCents, 0);
    const tax = inclTax ? divideRoundHalfAway(sum * bp, 10_000 + bp) : divideRoundHalfAway(sum * bp, 10_000);
    const taxable = inclTax ? sum - tax : sum;
    excl += taxable;
    incl += taxable + tax;
    taxTotals.push({ tax_rate_id: rate.id, taxable_amount: formatCents(taxable), taxable_amount_base: formatCents(taxable), tax_amount: formatCents(tax), tax_amount_base: formatCents(tax) });
  }

  const date = typeof inv.invoice_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(inv.invoice_date) ? inv.invoice_date : ctx.nowIso.slice(0, 10);
  const due = new Date(Date.parse(`${date}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
  const details: MbDetail[] = rows.map((row, index) => {
    const bp = parseScaledDecimal(row.rate.percentage, 2) ?? 0;
    const rowExcl = inclTax ? row.rowCents - divideRoundHalfAway(row.rowCents * bp, 10_000 + bp) : row.rowCents;
    return {
      id: ctx.newId(),
      administration_id: ctx.administrationId,
      tax_rate_id: row.rate.id,
      ledger_account_id: '474244165339710584',
      amount: typeof row.detail.amount === 'string' ? row.detail.amount : amountDecimal(row.amount).replace(/\.0$/, ''),
      amount_decimal: amountDecimal(row.amount),
      description: typeof row.detail.description === 'string' ? row.detail.description : '',
      price: formatCents(row.priceCents),
      period: null,
      row_order: index,
      total_price_excl_tax_with_discount: formatCents(rowExcl),
      total_price_excl_tax_with_discount_base: formatCents(rowExcl),
      created_at: ctx.nowIso,
      updated_at: ctx.nowIso,
    };
  });

  return {
    ok: true,
    value: {
      id: ctx.newId(),
      administration_id: ctx.administrationId,
      contact_id: contact.id,
      contact,
      invoice_id: null,
      state: 'draft',
      // Moneybird assigns invoice_date (and invoice_id) when the invoice is sent; drafts show null.
      invoice_date: null,
      due_date: due,
      reference: typeof inv.reference === 'string' ? inv.reference : '',
      language: 'nl',
      currency: typeof inv.currency === 'string' ? inv.currency : 'EUR',
      discount: '0.0',
      prices_are_incl_tax: inclTax,
      details,
      payments: [],
      total_paid: '0.0',
      total_unpaid: formatCents(incl),
      total_unpaid_base: formatCents(incl),
      total_price_excl_tax: formatCents(excl),
      total_price_excl_tax_base: formatCents(excl),
      total_price_incl_tax: formatCents(incl),
      total_price_incl_tax_base: formatCents(incl),
      total_discount: '0.0',
      tax_totals: taxTotals,
      notes: [],
      attachments: [],
      events: [],
      created_at: ctx.nowIso,
      updated_at: ctx.nowIso,
      version: Math.floor(Date.parse(ctx.nowIso) / 1000),
    },
  };
}
