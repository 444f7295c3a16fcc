import { z } from 'zod';
import { ConnectorError } from '../../errors';
import type { HttpClient } from '../../http';
import { parseLinkHeader } from '../../link-header';
import { parseBody } from './parse';
import { mbTaxRateSchema } from './response-schemas';

/** An active sales tax rate of the administration, as the booking needs it. */
export interface MbSalesTaxRate {
  id: string;
  name: string;
  /** Basis points (2100 = 21 %). */
  bp: number;
  /** Set on foreign (OSS) rates only; domestic rates have none (spec, `GET tax_rates` filter `country`). */
  country: string | null;
  showTax: boolean;
}

/** What decides a line's tax rate: its VAT regime, rate and the country whose VAT applies. */
export interface TaxedLine {
  regime: 'domestic' | 'oss' | 'reverse-charge' | 'export' | 'outside-scope';
  vatRateBp: number;
  vatCountry: string;
}

/** All active sales tax rates (paged, 100 at a time). */
export async function readSalesTaxRates(http: HttpClient): Promise<MbSalesTaxRate[]> {
  const rates: MbSalesTaxRate[] = [];
  for (let page = 1; ; page += 1) {
    const res = await http.request({ method: 'GET', path: '/tax_rates.json', query: { filter: 'tax_rate_type:sales_invoice,active:true', per_page: 100, page } });
    const batch = parseBody(z.array(mbTaxRateSchema), res, 'moneybird GET tax_rates.json');
    for (const r of batch) {
      if (r.active !== false && r.tax_rate_type === 'sales_invoice' && r.percentage !== null) {
        rates.push({ id: r.id, name: r.name, bp: r.percentage, country: r.country ? r.country.toUpperCase() : null, showTax: r.show_tax !== false });
      }
    }
    if (!parseLinkHeader(res.headers.get('link')).has('next') || batch.length === 0) return rates;
  }
}

// Moneybird's tax rates carry no regime, only a name: these are the names Dutch administrations use.
const reverseChargeName = /verlegd|reverse|intracommunaut|\bicp\b|binnen (de )?eu/i;
const exportName = /export|uitvoer|buiten (de )?eu|outside (the )?eu/i;
const outsideScopeName = /geen btw|buiten (de )?btw|niet belast|no vat|outside (the )?scope/i;
const plainName = /^\s*\d+([.,]\d+)?\s*% btw\s*$/i;

const describe = (line: TaxedLine): string => {
  const pct = `${line.vatRateBp / 100}%`;
  switch (line.regime) {
    case 'oss': return `OSS ${line.vatCountry} ${pct}`;
    case 'reverse-charge': return 'reverse charge (btw verlegd) 0%';
    case 'export': return 'export outside the EU 0%';
    case 'outside-scope': return 'outside the scope of VAT (geen btw) 0%';
    default: return `${line.vatCountry} ${pct}`;
  }
};

/**
 * The administration's tax rate for a line, by regime, country and percentage:
 * - domestic: a rate without country at that percentage; among several, one that is not a
 *   reverse-charge, export or no-VAT rate, preferring the plain "21% btw" name;
 * - oss: the rate with the line's country at that percentage;
 * - reverse-charge / export / outside-scope: a 0 % rate without country whose name says so.
 * Returns null when the administration has none: the sale fails with UNKNOWN_VAT_RATE (never a guess).
 */
export function chooseTaxRate(rates: readonly MbSalesTaxRate[], line: TaxedLine): MbSalesTaxRate | null {
  const domestic = rates.filter((r) => r.country === null);
  switch (line.regime) {
    case 'oss':
      return rates.find((r) => r.country === line.vatCountry.toUpperCase() && r.bp === line.vatRateBp) ?? null;
    case 'reverse-charge':
      return domestic.find((r) => r.bp === 0 && reverseChargeName.test(r.name)) ?? null;
    case 'export':
      return domestic.find((r) => r.bp === 0 && exportName.test(r.name) && !reverseChargeName.test(r.name)) ?? null;
    case 'outside-scope':
      return domestic.find((r) => r.bp === 0 && outsideScopeName.test(r.name)) ?? null;
    case 'domestic': {
      const candidates = domestic.filter((r) => r.bp === line.vatRateBp && !reverseChargeName.test(r.name) && !exportName.test(r.name) && !outsideScopeName.test(r.name));
      return candidates.find((r) => plainName.test(r.name)) ?? candidates.find((r) => r.showTax) ?? candidates[0] ?? null;
    }
  }
}

/** Tax rate ids per line, or UNKNOWN_VAT_RATE naming every regime, country and rate the administration lacks. */
export function taxRateIdsFor(lines: readonly TaxedLine[], rates: readonly MbSalesTaxRate[]): string[] {
  const missing = new Map<string, TaxedLine>();
  const ids = lines.map((line) => {
    const rate = chooseTaxRate(rates, line);
    if (!rate) missing.set(describe(line), line);
    return rate?.id ?? '';
  });
  if (missing.size > 0) {
    const names = [...missing.keys()].sort();
    throw new ConnectorError('UNKNOWN_VAT_RATE', `moneybird administration has no active sales tax rate for ${names.join(', ')}`, {
      issues: [...missing.entries()].map(([name, line]) => ({ code: 'unknown_vat_rate', path: `lines.${line.regime}`, message: `no tax rate for ${name}` })),
    });
  }
  return ids;
}
