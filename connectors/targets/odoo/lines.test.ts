import { describe, expect, it } from 'vitest';
import type { OdooTax } from './reference-data';
import { odooTotalCents, planLines, withRoundingLine } from './lines';

const t21: OdooTax = { id: 1, name: 'Sales/turnover high', amount: 21, amount_type: 'percent', type_tax_use: 'sale', price_include: false, country_id: false, sequence: 5 };
const t21incl: OdooTax = { ...t21, id: 2, price_include: true };
const l = (totalExclCents: number, vatCents: number, quantity = 1) => ({ kind: 'product' as const, description: 'x', quantity, totalExclCents, vatCents, regime: 'domestic' as const });

describe('Odoo invoice lines', () => {
  it('sends qty × unit price only when the total divides into cents; a price-included tax gets the price with VAT', () => {
    expect(planLines([l(1000, 210, 4), l(1000, 210, 3)], [t21, t21]).map((p) => [p.name, p.quantity, p.unitCents])).toEqual([['x', 4, 250], ['3 × x', 1, 1000]]);
    expect(planLines([l(1000, 210, 2)], [t21incl])[0]).toMatchObject({ quantity: 2, unitCents: 605 });
  });

  it('predicts Odoo\'s total for either rounding method', () => {
    const lines = planLines([l(12, 3), l(12, 3), l(12, 3)], [t21, t21, t21]);
    expect(odooTotalCents(lines, 'round_per_line')).toBe(45);
    expect(odooTotalCents(lines, 'round_globally')).toBe(44);
  });

  it('adds a rounding line for the cents Odoo\'s arithmetic differs by, replaces the sale\'s own, and refuses more than rounding', () => {
    const lines = planLines([l(12, 3), l(12, 3), l(12, 3), { ...l(2, 0), kind: 'rounding' as const }], [t21, t21, t21, null]);
    expect(withRoundingLine(lines, 45, 'round_per_line').map((p) => p.ledgerKey)).toEqual(['revenue-domestic', 'revenue-domestic', 'revenue-domestic']);
    expect(withRoundingLine(lines, 45, 'round_globally').at(-1)).toMatchObject({ ledgerKey: 'rounding', unitCents: 1, tax: null });
    expect(withRoundingLine(lines, 48, 'round_per_line').at(-1)).toMatchObject({ ledgerKey: 'rounding', unitCents: 3 });
    expect(() => withRoundingLine(lines, 49, 'round_per_line')).toThrow(/customer paid 49/);
  });
});
