import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../errors';
import { dutchTaxRates } from './sim-tax-rates';
import { chooseTaxRate, taxRateIdsFor } from './tax-rates';
import type { MbSalesTaxRate, TaxedLine } from './tax-rates';

// The simulator's seeded administration, read the way the client reads GET tax_rates.
let n = 0;
const rates: MbSalesTaxRate[] = dutchTaxRates('1', () => String(++n), '2026-01-01T00:00:00Z')
  .filter((r) => r.active && r.tax_rate_type === 'sales_invoice')
  .map((r) => ({ id: r.id, name: r.name, bp: Math.round(Number(r.percentage) * 100), country: r.country, showTax: r.show_tax }));
const nameOf = (line: TaxedLine): string | undefined => chooseTaxRate(rates, line)?.name;

describe('choosing a Moneybird tax rate by regime, country and percentage', () => {
  it('books domestic lines on the plain Dutch rate, never on a 0 % reverse-charge or export rate', () => {
    expect(nameOf({ regime: 'domestic', vatRateBp: 2100, vatCountry: 'NL' })).toBe('21% btw');
    expect(nameOf({ regime: 'domestic', vatRateBp: 900, vatCountry: 'NL' })).toBe('9% btw');
    expect(nameOf({ regime: 'domestic', vatRateBp: 0, vatCountry: 'NL' })).toBe('0% btw');
  });

  it('books OSS lines on the destination country\'s rate, even when a Dutch rate has the same percentage', () => {
    expect(nameOf({ regime: 'oss', vatRateBp: 2100, vatCountry: 'BE' })).toBe('België 21% btw');
    expect(nameOf({ regime: 'oss', vatRateBp: 1900, vatCountry: 'DE' })).toBe('Duitsland 19% btw');
    expect(nameOf({ regime: 'oss', vatRateBp: 550, vatCountry: 'FR' })).toBe('Frankrijk 5,5% btw');
    expect(nameOf({ regime: 'oss', vatRateBp: 2100, vatCountry: 'DE' })).toBeUndefined();
  });

  it('books reverse charge, export and gift cards sold on their own 0 % rates', () => {
    expect(nameOf({ regime: 'reverse-charge', vatRateBp: 0, vatCountry: 'DE' })).toBe('Btw verlegd binnen EU');
    expect(nameOf({ regime: 'export', vatRateBp: 0, vatCountry: 'US' })).toBe('Export buiten EU');
    expect(nameOf({ regime: 'outside-scope', vatRateBp: 0, vatCountry: 'NL' })).toBe('Geen btw');
  });

  it('names every regime, country and rate the administration lacks in one UNKNOWN_VAT_RATE', () => {
    const lines: TaxedLine[] = [
      { regime: 'domestic', vatRateBp: 2100, vatCountry: 'NL' },
      { regime: 'oss', vatRateBp: 2200, vatCountry: 'IT' },
      { regime: 'domestic', vatRateBp: 600, vatCountry: 'NL' },
    ];
    try {
      taxRateIdsFor(lines, rates);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code: 'UNKNOWN_VAT_RATE', retryable: false });
      expect((error as ConnectorError).message).toContain('OSS IT 22%');
      expect((error as ConnectorError).message).toContain('NL 6%');
    }
    expect(taxRateIdsFor(lines.slice(0, 1), rates)).toEqual([rates.find((r) => r.name === '21% btw')?.id]);
  });
});
