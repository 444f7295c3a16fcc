import type { MbTaxRate } from './sim-types';

/** A Dutch administration's tax rates: sales 21/9/0 %, purchase rates, and the retired 6 % rate. */
export function dutchTaxRates(administrationId: string, newId: () => string, nowIso: string): MbTaxRate[] {
  const rate = (name: string, percentage: string, type: MbTaxRate['tax_rate_type'], active = true): MbTaxRate => ({
    id: newId(),
    administration_id: administrationId,
    name,
    percentage,
    tax_rate_type: type,
    show_tax: true,
    active,
    country: null,
    created_at: nowIso,
    updated_at: nowIso,
  });
  return [
    rate('21% btw', '21.0', 'sales_invoice'),
    rate('9% btw', '9.0', 'sales_invoice'),
    rate('0% btw', '0.0', 'sales_invoice'),
    rate('6% btw', '6.0', 'sales_invoice', false),
    rate('21% btw', '21.0', 'purchase_invoice'),
    rate('9% btw', '9.0', 'purchase_invoice'),
  ];
}

/** `filter=tax_rate_type:sales_invoice,percentage:21` (comma = AND, `|` = OR within a key). */
export function filterTaxRates(rates: readonly MbTaxRate[], filter: string | undefined): MbTaxRate[] {
  if (!filter) return [...rates];
  const clauses = filter.split(',').map((clause) => {
    const [key = '', value = ''] = clause.split(':');
    return { key: key.trim(), values: value.split('|').map((v) => v.trim()) };
  });
  return rates.filter((r) =>
    clauses.every(({ key, values }) => {
      if (key === 'tax_rate_type') return values.includes(r.tax_rate_type);
      if (key === 'percentage') return values.some((v) => Number(v) === Number(r.percentage));
      if (key === 'name') return values.includes(r.name);
      if (key === 'active') return values.includes(String(r.active));
      return true;
    }),
  );
}
