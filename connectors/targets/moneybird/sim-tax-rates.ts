import type { MbTaxRate } from './sim-types';

/**
 * A Dutch web shop's administration: domestic sales rates 21/9/0 %, reverse charge for intra-EU
 * B2B ("verlegd", 0 %), export outside the EU (0 %), "Geen btw" for what is outside the scope of
 * VAT (gift cards sold), OSS rates for a few EU countries (Moneybird
 * sets `country` only on foreign rates), a retired rate and purchase rates.
 */
export function dutchTaxRates(administrationId: string, newId: () => string, nowIso: string): MbTaxRate[] {
  const rate = (name: string, percentage: string, options: { type?: MbTaxRate['tax_rate_type']; country?: string; active?: boolean; showTax?: boolean } = {}): MbTaxRate => ({
    id: newId(),
    administration_id: administrationId,
    name,
    percentage,
    tax_rate_type: options.type ?? 'sales_invoice',
    show_tax: options.showTax ?? true,
    active: options.active ?? true,
    country: options.country ?? null,
    created_at: nowIso,
    updated_at: nowIso,
  });
  return [
    rate('21% btw', '21.0'),
    rate('9% btw', '9.0'),
    rate('0% btw', '0.0'),
    rate('Btw verlegd binnen EU', '0.0', { showTax: false }),
    rate('Export buiten EU', '0.0', { showTax: false }),
    rate('Geen btw', '0.0', { showTax: false }),
    rate('Duitsland 19% btw', '19.0', { country: 'DE' }),
    rate('Duitsland 7% btw', '7.0', { country: 'DE' }),
    rate('België 21% btw', '21.0', { country: 'BE' }),
    rate('België 6% btw', '6.0', { country: 'BE' }),
    rate('Frankrijk 20% btw', '20.0', { country: 'FR' }),
    rate('Frankrijk 5,5% btw', '5.5', { country: 'FR' }),
    rate('6% btw', '6.0', { active: false }),
    rate('21% btw', '21.0', { type: 'purchase_invoice' }),
    rate('9% btw', '9.0', { type: 'purchase_invoice' }),
  ];
}

/**
 * The text the spec's one example of a filled `mandatory_tax_text` shows (sales_invoices POST 201,
 * "CreateASalesInvoiceInAForeignCurrency"). The spec names neither that rate nor texts for other rates;
 * the simulator gives it to the intra-EU rate, the supply the text speaks of.
 */
export const INTRA_EU_MANDATORY_TAX_TEXT = 'Intracommunautaire levering, artikel 138, lid 1, Richtlijn 2006/112';

/** The VAT-return box and mandatory invoice text Moneybird puts on a detail row (shape per the spec's examples). */
export function taxReportOf(rate: MbTaxRate): { reference: string[]; text: string | null } {
  if (rate.country !== null) return { reference: [`OSS/${rate.country}`], text: null };
  if (/verlegd/i.test(rate.name)) return { reference: ['NL/3b'], text: INTRA_EU_MANDATORY_TAX_TEXT };
  if (/export|buiten/i.test(rate.name)) return { reference: ['NL/3a'], text: null };
  if (/geen btw/i.test(rate.name)) return { reference: [], text: null };
  const box = { '21.0': 'NL/1a', '9.0': 'NL/1b', '6.0': 'NL/1b' }[rate.percentage] ?? 'NL/1e';
  return { reference: [box], text: null };
}

const clauseOf = (clause: string): { key: string; values: string[] } => {
  const at = clause.indexOf(':');
  const key = at < 0 ? clause : clause.slice(0, at);
  return { key: key.trim(), values: (at < 0 ? '' : clause.slice(at + 1)).split('|').map((v) => v.trim()) };
};

/**
 * `filter=tax_rate_type:sales_invoice,country:DE` (comma = AND, `|` = OR within a key), with the
 * keys the spec lists: name, partial_name, percentage, tax_rate_type, country, show_tax, active.
 */
export function filterTaxRates(rates: readonly MbTaxRate[], filter: string | undefined): MbTaxRate[] {
  if (!filter) return [...rates];
  const clauses = filter.split(',').map(clauseOf);
  return rates.filter((r) =>
    clauses.every(({ key, values }) => {
      if (key === 'tax_rate_type') return values.includes('all') || values.includes(r.tax_rate_type);
      if (key === 'percentage') return values.some((v) => Number(v) === Number(r.percentage));
      if (key === 'name') return values.includes(r.name);
      if (key === 'partial_name') return values.some((v) => r.name.toLowerCase().includes(v.toLowerCase()));
      if (key === 'country') return values.some((v) => v.toUpperCase() === r.country);
      if (key === 'active') return values.includes(String(r.active));
      if (key === 'show_tax') return values.includes(String(r.show_tax));
      return true;
    }),
  );
}
