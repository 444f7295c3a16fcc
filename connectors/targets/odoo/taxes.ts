import type { VatRegime } from '../../../domain/sale';
import { ConnectorError } from '../../errors';
import type { OdooTax } from './reference-data';

/** What decides a line's tax: its regime, rate and the country whose VAT applies. */
export interface TaxedLine {
  regime: VatRegime;
  vatRateBp: number;
  /** ISO alpha-2: the home country (domestic), the destination (OSS), or the customer's. */
  vatCountry: string;
  kind?: string;
}

/** The tax for a line, or null for a line booked without tax (outside the scope of VAT, rounding). */
export type TaxChoice = OdooTax | null;

// Odoo's taxes carry no regime, only names (read in English; Dutch names for taxes merchants made themselves).
const withinEu = /(within|binnen)\s+(the\s+|de\s+)?eu|intra[-\s]?(eu|community|communaut)|\bicp\b/i;
const outsideEu = /(outside|buiten)[-\s]+(the\s+|de\s+)?eu/i;
const exportWord = /\bexport|uitvoer/i;
const distanceSale = /remote|distance|afstand|installation|installatie/i;
const domesticReverseCharge = /referred|verlegd|reverse/i;
const secondary = /service|dienst|other|overig|variab/i;

const bp = (tax: OdooTax): number => Math.round(tax.amount * 100);
const countryOf = (tax: OdooTax): number | null => (tax.country_id === false ? null : tax.country_id[0]);
const namesCountry = (tax: OdooTax, code: string): boolean => new RegExp(`(^|[^A-Za-z])${code}([^A-Za-z]|$)`).test(tax.name);

// The merchant's own taxes before chart duplicates; excluded-price taxes before included ones; then Odoo's order.
const rank = (tax: OdooTax): [number, number, number, number] => [secondary.test(tax.name) ? 1 : 0, tax.price_include ? 1 : 0, tax.sequence, tax.id];
function best(taxes: OdooTax[]): OdooTax | null {
  return [...taxes].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < ra.length; i += 1) if (ra[i] !== rb[i]) return (ra[i] ?? 0) - (rb[i] ?? 0);
    return 0;
  })[0] ?? null;
}

const euCodes = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

/**
 * The sales tax for a line, chosen explicitly (never left to a fiscal position):
 * - domestic: a tax of the line's country (or without country) at that rate whose name is not an
 *   EU, export, distance-sale or reverse-charge tax and names no other EU country (an OSS tax);
 * - oss: a tax at that rate of the destination country, or named for it ("19% DE", as Odoo's OSS
 *   module names the taxes it creates);
 * - reverse-charge: a 0 % tax named for sales within the EU ("0% EU", ICP), goods before services;
 * - export: a 0 % tax named for sales outside the EU;
 * - outside-scope (vouchers sold): no tax at all.
 * Among several, ones whose price excludes the tax come first, then Odoo's sequence.
 */
export function chooseTax(taxes: readonly OdooTax[], line: TaxedLine, countryIds: ReadonlyMap<string, number>): TaxChoice | undefined {
  if (line.regime === 'outside-scope' || line.kind === 'rounding') return null;
  const country = line.vatCountry.toUpperCase();
  const countryId = countryIds.get(country) ?? -1;
  const atRate = taxes.filter((t) => bp(t) === line.vatRateBp);
  const plain = (t: OdooTax): boolean => ![withinEu, outsideEu, exportWord, distanceSale, domesticReverseCharge].some((re) => re.test(t.name));
  switch (line.regime) {
    case 'domestic':
      return best(atRate.filter((t) => (countryOf(t) === null || countryOf(t) === countryId) && plain(t) && !euCodes.some((c) => c !== country && namesCountry(t, c)))) ?? undefined;
    case 'oss':
      return best(atRate.filter((t) => countryOf(t) === countryId || (namesCountry(t, country) && plain(t)))) ?? undefined;
    case 'reverse-charge':
      // "Export sales within EU (products)" is Odoo's Dutch chart's intra-community (ICP) tax.
      return best(atRate.filter((t) => line.vatRateBp === 0 && withinEu.test(t.name) && !distanceSale.test(t.name) && !outsideEu.test(t.name))) ?? undefined;
    case 'export':
      return best(atRate.filter((t) => line.vatRateBp === 0 && (outsideEu.test(t.name) || exportWord.test(t.name)) && !withinEu.test(t.name) && !distanceSale.test(t.name))) ?? undefined;
  }
}

const describe = (line: TaxedLine): string => {
  const pct = `${line.vatRateBp / 100}%`;
  switch (line.regime) {
    case 'oss': return `OSS ${line.vatCountry} ${pct}`;
    case 'reverse-charge': return `reverse charge within the EU ${pct}`;
    case 'export': return `export outside the EU ${pct}`;
    default: return `${line.vatCountry} ${pct}`;
  }
};

/** A tax (or none) per line, or UNKNOWN_VAT_RATE naming every regime, country and rate Odoo lacks. */
export function taxesFor(lines: readonly TaxedLine[], taxes: readonly OdooTax[], countryIds: ReadonlyMap<string, number>): TaxChoice[] {
  const missing = new Map<string, TaxedLine>();
  const chosen = lines.map((line) => {
    const tax = chooseTax(taxes, line, countryIds);
    if (tax === undefined) missing.set(describe(line), line);
    return tax ?? null;
  });
  if (missing.size > 0) {
    const names = [...missing.keys()].sort();
    throw new ConnectorError('UNKNOWN_VAT_RATE', `odoo has no active sales tax for ${names.join(', ')}`, {
      issues: [...missing.entries()].map(([name, line]) => ({ code: 'unknown_vat_rate', path: `lines.${line.regime}`, message: `no Odoo sales tax for ${name}` })),
    });
  }
  return chosen;
}
