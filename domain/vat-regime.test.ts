import { describe, expect, it } from 'vitest';
import { isRateOf, standardRateOn, vatRatesOn } from './eu-vat-rates';
import type { Sale, SaleLine } from './sale';
import { makeSale } from './sale-fixture';
import { applyVatRegimes, decideRegime } from './vat-regime';

const nlOss = { homeCountry: 'NL', ossRegistered: true };
const line = (over: Partial<SaleLine>): SaleLine => ({ kind: 'product', description: 'Mok', quantity: 1, totalExclCents: 1000, vatCents: 0, vatRateBp: 0, vatCountry: '', regime: 'domestic', ...over });
const saleTo = (country: string, lines: SaleLine[], over: Partial<Sale> = {}): Sale => makeSale({
  orderDate: '2025-09-01',
  debtor: { ...makeSale().debtor, country, shippingCountry: country, vatNumber: null },
  lines,
  ...over,
});

describe('EU rate table', () => {
  it('knows the dated changes: EE 24 % from July 2025, FI 25.5 % from September 2024, SK 23 % in 2025', () => {
    expect(standardRateOn('EE', '2025-06-30')).toBe(2200);
    expect(standardRateOn('EE', '2025-07-01')).toBe(2400);
    expect(standardRateOn('FI', '2024-08-31')).toBe(2400);
    expect(standardRateOn('FI', '2024-09-01')).toBe(2550);
    expect(standardRateOn('SK', '2024-12-31')).toBe(2000);
    expect(vatRatesOn('SK', '2025-01-01')).toEqual([2300, 1900, 500]);
    expect(vatRatesOn('NL', '2025-01-01')).toEqual([2100, 900]);
    expect(isRateOf('RO', '2025-07-31', 900)).toBe(true);
    expect(isRateOf('RO', '2025-08-01', 900)).toBe(false);
    expect(isRateOf('EL', '2025-01-01', 2400)).toBe(true);
    expect(isRateOf('US', '2025-01-01', 0)).toBe(false);
    expect(vatRatesOn('NL', '2020-12-31')).toBeNull();
  });
});

describe('applyVatRegimes', () => {
  it('domestic: home-country rates, vatCountry NL', () => {
    const result = applyVatRegimes(makeSale(), nlOss);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.decision.regime).toBe('domestic');
    expect(result.sale.lines.every((l) => l.regime === 'domestic' && l.vatCountry === 'NL')).toBe(true);
  });

  it('OSS: an EU consumer pays the destination rate, booked with that country', () => {
    const result = applyVatRegimes(saleTo('DE', [line({ vatRateBp: 1900, vatCents: 190 }), line({ vatRateBp: 700, vatCents: 70 })]), nlOss);
    expect(result.ok && result.sale.lines.map((l) => [l.regime, l.vatCountry, l.vatRateBp])).toEqual([['oss', 'DE', 1900], ['oss', 'DE', 700]]);
  });

  it('a home rate on an OSS sale fits no regime: the error names the rate and the country', () => {
    const result = applyVatRegimes(saleTo('DE', [line({ vatRateBp: 2100, vatCents: 210 })]), nlOss);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ code: 'UNKNOWN_VAT_RATE', path: 'lines[0].vatRateBp' });
    expect(result.issues[0]!.message).toContain('21%');
    expect(result.issues[0]!.message).toContain('DE');
  });

  it('without OSS registration a distance sale is domestic at home rates, and a destination rate is an error that says so', () => {
    const home = applyVatRegimes(saleTo('BE', [line({ vatRateBp: 2100, vatCents: 210 })]), { homeCountry: 'NL', ossRegistered: false });
    expect(home.ok && home.sale.lines[0]).toMatchObject({ regime: 'domestic', vatCountry: 'NL' });
    const foreign = applyVatRegimes(saleTo('DE', [line({ vatRateBp: 1900, vatCents: 190 })]), { homeCountry: 'NL', ossRegistered: false });
    expect(!foreign.ok && foreign.issues[0]!.message).toContain('ossRegistered');
  });

  it('rates follow the order date: Estonian 24 % is wrong in June 2025 and right in July', () => {
    const ee = (date: string) => applyVatRegimes(saleTo('EE', [line({ vatRateBp: 2400, vatCents: 240 })], { orderDate: date }), nlOss);
    expect(ee('2025-06-30').ok).toBe(false);
    expect(ee('2025-07-01').ok).toBe(true);
  });

  it('reverse charge: a VAT number of another member state and no VAT; the legal text comes with it', () => {
    const sale = saleTo('BE', [line({})], { debtor: { ...makeSale().debtor, country: 'BE', shippingCountry: 'BE', vatNumber: 'BE0123456749' }, vatExempt: true });
    const result = applyVatRegimes(sale, nlOss);
    expect(result.ok && result.sale.lines[0]).toMatchObject({ regime: 'reverse-charge', vatCountry: 'BE', vatRateBp: 0 });
    expect(decideRegime(sale, nlOss).vatNumber).toBe('BE0123456749');
  });

  it('an exemption without a valid foreign VAT number is VAT_NUMBER_INVALID, not a guess', () => {
    const noNumber = saleTo('BE', [line({})], { vatExempt: true });
    expect(!applyVatRegimes(noNumber, nlOss).ok && (applyVatRegimes(noNumber, nlOss) as { issues: { code: string }[] }).issues.map((i) => i.code)).toContain('VAT_NUMBER_INVALID');
    const dutchNumber = saleTo('BE', [line({})], { vatExempt: true, debtor: { ...makeSale().debtor, country: 'BE', shippingCountry: 'BE', vatNumber: 'NL123456789B01' } });
    expect(applyVatRegimes(dutchNumber, nlOss).ok).toBe(false);
  });

  it('export: outside the EU at 0 %; home VAT charged on it is treated as domestic; foreign sales tax is an error', () => {
    expect(decideRegime(saleTo('US', [line({})]), nlOss).regime).toBe('export');
    const ch = applyVatRegimes(saleTo('CH', [line({ vatRateBp: 2100, vatCents: 210 })]), nlOss);
    expect(ch.ok && ch.sale.lines[0]!.regime).toBe('domestic');
    const us = applyVatRegimes(saleTo('US', [line({ vatRateBp: 450, vatCents: 45 })]), nlOss);
    expect(!us.ok && us.issues[0]!.message).toMatch(/4\.5%.*NL/);
  });

  it('stacked taxes are named with their parts', () => {
    const stacked = line({ vatRateBp: 1498, vatCents: 150, taxes: [{ rateBp: 500, vatCents: 50, label: 'GST', compound: false }, { rateBp: 998, vatCents: 100, label: 'QST', compound: true }] });
    const result = applyVatRegimes(saleTo('CA', [stacked]), nlOss);
    expect(!result.ok && result.issues[0]!.message).toContain('5% + 9.98% (compound)');
  });

  it('a gift card sold is outside the scope of VAT; with VAT on it the order is GIFT_CARD_WITH_VAT', () => {
    const ok = applyVatRegimes(saleTo('NL', [line({ vatRateBp: 2100, vatCents: 210 }), line({ kind: 'gift-card' })]), nlOss);
    expect(ok.ok && ok.sale.lines[1]).toMatchObject({ regime: 'outside-scope', vatRateBp: 0, vatCountry: 'NL' });
    const taxed = applyVatRegimes(saleTo('NL', [line({ kind: 'gift-card', vatRateBp: 2100, vatCents: 210 })]), nlOss);
    expect(!taxed.ok && taxed.issues[0]!.code).toBe('GIFT_CARD_WITH_VAT');
  });
});
