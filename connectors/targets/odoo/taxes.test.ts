import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../errors';
import type { OdooTax } from './reference-data';
import { chooseTax, taxesFor } from './taxes';

const NL = 165;
const countries = new Map([['NL', NL], ['DE', 57], ['BE', 21], ['FR', 76], ['IT', 110], ['US', 235]]);
let nextId = 1;
const tax = (name: string, amount: number, extra: Partial<OdooTax> = {}): OdooTax => ({
  id: nextId++, name, amount, amount_type: 'percent', type_tax_use: 'sale', price_include: false, country_id: [NL, 'Netherlands'], sequence: 10, ...extra,
});

// Odoo's Dutch chart as an en_US user reads it, the OSS taxes l10n_eu_oss creates, and taxes a merchant might add.
const chart = [
  tax('21% BTW incl.', 21, { price_include: true, sequence: 4 }),
  tax('Sales/turnover high', 21, { sequence: 5 }),
  tax('Sales/turnover high services', 21, { sequence: 6 }),
  tax('Sales/turnover low 9%', 9),
  tax('Sales/turnover untaxed (zero rate)', 0),
  tax('Sales/turnover other', 21, { sequence: 15 }),
  tax('Referred VAT to be paid (sales)', 0, { sequence: 15 }),
  tax('Export sales within EU (services)', 0, { sequence: 20 }),
  tax('Export sales within EU (products)', 0, { sequence: 20 }),
  tax('Installation/remote sales within EU', 0, { sequence: 20 }),
  tax('Export sales outside EU', 0, { sequence: 20 }),
  tax('Installation/remote sales outside EU', 0, { sequence: 21 }),
  tax('19.0% DE USt-IdNr.', 19, { sequence: 1000 }),
  tax('21.0% BE TVA', 21, { sequence: 1000 }),
  tax('5.5% FR TVA', 5.5, { sequence: 1000 }),
];
const name = (t: OdooTax | null | undefined): string | null | undefined => (t ? t.name : t);

describe('chooseTax', () => {
  it('takes the plain domestic tax at the rate, never an EU, export, reverse-charge, OSS or price-included one', () => {
    expect(name(chooseTax(chart, { regime: 'domestic', vatRateBp: 2100, vatCountry: 'NL' }, countries))).toBe('Sales/turnover high');
    expect(name(chooseTax(chart, { regime: 'domestic', vatRateBp: 900, vatCountry: 'NL' }, countries))).toBe('Sales/turnover low 9%');
    expect(name(chooseTax(chart, { regime: 'domestic', vatRateBp: 0, vatCountry: 'NL' }, countries))).toBe('Sales/turnover untaxed (zero rate)');
  });

  it('takes a price-included tax only when nothing else has the rate', () => {
    const onlyIncluded = [tax('21% BTW incl.', 21, { price_include: true })];
    expect(chooseTax(onlyIncluded, { regime: 'domestic', vatRateBp: 2100, vatCountry: 'NL' }, countries)?.price_include).toBe(true);
  });

  it('takes OSS taxes by the destination named in Odoo\'s OSS tax names or by the tax country', () => {
    expect(name(chooseTax(chart, { regime: 'oss', vatRateBp: 1900, vatCountry: 'DE' }, countries))).toBe('19.0% DE USt-IdNr.');
    expect(name(chooseTax(chart, { regime: 'oss', vatRateBp: 2100, vatCountry: 'BE' }, countries))).toBe('21.0% BE TVA');
    expect(name(chooseTax(chart, { regime: 'oss', vatRateBp: 550, vatCountry: 'FR' }, countries))).toBe('5.5% FR TVA');
    // A foreign-VAT setup: the tax belongs to Italy itself.
    const italian = [tax('IVA 22%', 22, { country_id: [110, 'Italy'] })];
    expect(name(chooseTax(italian, { regime: 'oss', vatRateBp: 2200, vatCountry: 'IT' }, countries))).toBe('IVA 22%');
    // A Belgian 21 % is no Dutch 21 %, and a Dutch one is no OSS tax.
    expect(name(chooseTax([tax('21.0% BE TVA', 21)], { regime: 'domestic', vatRateBp: 2100, vatCountry: 'NL' }, countries))).toBeUndefined();
    expect(name(chooseTax([tax('Sales/turnover high', 21)], { regime: 'oss', vatRateBp: 2100, vatCountry: 'BE' }, countries))).toBeUndefined();
  });

  it('takes intra-EU goods (ICP) for reverse charge and the outside-EU tax for exports', () => {
    expect(name(chooseTax(chart, { regime: 'reverse-charge', vatRateBp: 0, vatCountry: 'DE' }, countries))).toBe('Export sales within EU (products)');
    expect(name(chooseTax(chart, { regime: 'export', vatRateBp: 0, vatCountry: 'US' }, countries))).toBe('Export sales outside EU');
    expect(name(chooseTax([tax('0% BTW verlegd (ICP)', 0)], { regime: 'reverse-charge', vatRateBp: 0, vatCountry: 'BE' }, countries))).toBe('0% BTW verlegd (ICP)');
  });

  it('books vouchers sold and rounding without tax', () => {
    expect(chooseTax(chart, { regime: 'outside-scope', vatRateBp: 0, vatCountry: 'NL' }, countries)).toBeNull();
    expect(chooseTax(chart, { regime: 'domestic', vatRateBp: 0, vatCountry: 'NL', kind: 'rounding' }, countries)).toBeNull();
  });
});

describe('taxesFor', () => {
  it('names every missing regime, country and rate at once', () => {
    let error: unknown;
    try {
      taxesFor([
        { regime: 'oss', vatRateBp: 2200, vatCountry: 'IT' },
        { regime: 'domestic', vatRateBp: 2100, vatCountry: 'NL' },
        { regime: 'domestic', vatRateBp: 1300, vatCountry: 'NL' },
      ], chart, countries);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe('UNKNOWN_VAT_RATE');
    expect((error as ConnectorError).message).toBe('odoo has no active sales tax for NL 13%, OSS IT 22%');
  });
});
