import { EU_VAT_RATES_FROM, isEuMemberState, isRateOf, vatRatesOn } from './eu-vat-rates';
import type { Sale, SaleLine, VatRegime } from './sale';
import type { SaleIssue } from './sale-validation';
import { formatRateBp } from './vat';
import { checkVatNumber } from './vat-number';

/** What the regime decision needs of the tenant's settings. */
export interface VatSettings {
  /** ISO alpha-2 country of the merchant's establishment. */
  homeCountry: string;
  /** Registered for the EU One-Stop Shop: EU distance sales carry the destination country's VAT. */
  ossRegistered: boolean;
}

/** Why the order has the regime it has, for the preview and the README. */
export interface RegimeDecision {
  regime: VatRegime;
  /** Where the goods go (shipping country, else billing country, else the home country). */
  destination: string;
  /** The customer's VAT number when it decided reverse charge. */
  vatNumber: string | null;
}

const upper = (country: string | null | undefined): string => (country ?? '').trim().toUpperCase();

/** The country that decides OSS and export: the shipping country, else the billing country, else home. */
export function destinationOf(sale: Pick<Sale, 'debtor'>, homeCountry: string): string {
  return upper(sale.debtor.shippingCountry) || upper(sale.debtor.country) || upper(homeCountry);
}

/** Lines that are no supply for VAT: a voucher sold, a tip, a duty collected for customs, a rounding difference. */
export const isOutsideScopeKind = (kind: string): boolean => kind === 'gift-card' || kind === 'rounding' || kind === 'tip' || kind === 'duty';

/** Lines that are supplies for VAT. */
const isSupply = (line: SaleLine): boolean => !isOutsideScopeKind(line.kind);

/**
 * The order's regime, from where the goods go, the customer's VAT number and what the shop charged:
 * - home country → domestic;
 * - another EU member state, a valid-looking VAT number of another member state and no VAT charged →
 *   reverse-charge (intra-EU B2B, Article 138/196 of Directive 2006/112/EC);
 * - another EU member state otherwise → oss when the tenant is registered for the One-Stop Shop, else
 *   domestic (a seller under the EU-wide €10,000 threshold charges home VAT);
 * - outside the EU, no VAT charged → export; home VAT charged → domestic (the shop treated it as a
 *   domestic supply, e.g. without proof of export).
 * The rates themselves are checked per line by `applyVatRegimes`.
 */
export function decideRegime(sale: Sale, settings: VatSettings): RegimeDecision {
  const home = upper(settings.homeCountry);
  const destination = destinationOf(sale, home);
  const noVatCharged = sale.lines.filter(isSupply).every((line) => line.vatCents === 0);
  if (destination === home) return { regime: 'domestic', destination, vatNumber: null };
  if (isEuMemberState(destination)) {
    const number = sale.debtor.vatNumber ? checkVatNumber(sale.debtor.vatNumber) : null;
    // Greek VAT numbers start with EL, the country code is GR.
    if (number?.ok && (number.country === 'EL' ? 'GR' : number.country) !== home && noVatCharged) {
      return { regime: 'reverse-charge', destination, vatNumber: number.vatNumber };
    }
    return { regime: settings.ossRegistered ? 'oss' : 'domestic', destination, vatNumber: null };
  }
  return { regime: noVatCharged ? 'export' : 'domestic', destination, vatNumber: null };
}

export type RegimeResult = { ok: true; sale: Sale; decision: RegimeDecision } | { ok: false; issues: SaleIssue[]; decision: RegimeDecision };

const list = (rates: readonly number[]): string => ['0%', ...[...rates].reverse().map(formatRateBp)].join(', ');

/** "21%" or, for stacked taxes, "5% + 9.975% (compound)". */
function describeLineRate(line: SaleLine): string {
  const taxes = line.taxes ?? [];
  if (taxes.length < 2) return formatRateBp(line.vatRateBp);
  return taxes.map((t) => `${formatRateBp(t.rateBp)}${t.compound ? ' (compound)' : ''}`).join(' + ');
}

/**
 * Decides the regime of the order and of each line, checks every line's rate against that regime on
 * the order date, and returns the sale with `regime`, `vatCountry` and (for gift cards sold)
 * `outside-scope` set on every line. A rate that fits no regime is an issue naming the rate and the
 * country, never a guess.
 */
export function applyVatRegimes(sale: Sale, settings: VatSettings): RegimeResult {
  const home = upper(settings.homeCountry);
  const decision = decideRegime(sale, settings);
  const { regime, destination } = decision;
  const issues: SaleIssue[] = [];
  const add = (code: SaleIssue['code'], path: string, message: string) => issues.push({ code, path, message });
  const date = sale.orderDate;

  // An exemption the shop granted must rest on a VAT number that can exist; otherwise it is no reverse charge.
  if (sale.vatExempt && regime !== 'reverse-charge' && regime !== 'export') {
    const check = sale.debtor.vatNumber ? checkVatNumber(sale.debtor.vatNumber) : null;
    const why = check === null ? 'the order has no VAT number' : check.ok ? `the VAT number is of ${check.country}, the merchant's own country, or VAT was charged` : check.message;
    add('VAT_NUMBER_INVALID', 'debtor.vatNumber', `The shop exempted this ${destination} order from VAT, but ${why}; intra-EU reverse charge needs a valid VAT number of another member state.`);
  }

  const vatCountry = regime === 'domestic' ? home : destination;
  const homeRates = vatRatesOn(home, date);
  const lines = sale.lines.map((line, i): SaleLine => {
    const at = `lines[${i}]`;
    const n = i + 1;
    if (line.kind === 'gift-card') {
      if (line.vatCents !== 0 || line.vatRateBp !== 0) {
        add('GIFT_CARD_WITH_VAT', `${at}.vatCents`, `Line ${n} sells a gift card with ${formatRateBp(line.vatRateBp)} VAT; a multi-purpose voucher is outside the scope of VAT when sold.`);
      }
      return { ...line, vatRateBp: 0, regime: 'outside-scope', vatCountry: home };
    }
    if (line.kind === 'rounding') return { ...line, vatRateBp: 0, regime: 'outside-scope', vatCountry: home };
    if (line.kind === 'tip' || line.kind === 'duty') {
      if (line.vatCents !== 0 || line.vatRateBp !== 0) {
        const what = line.kind === 'tip' ? 'a tip' : 'a duty';
        add('UNKNOWN_VAT_RATE', `${at}.vatRateBp`, `Line ${n} is ${what} with ${formatRateBp(line.vatRateBp)} VAT; doorzet books ${what} outside the scope of VAT, so it must carry none.`);
      }
      return { ...line, vatRateBp: 0, regime: 'outside-scope', vatCountry: home };
    }

    const rate = line.vatRateBp;
    const ok = (() => {
      switch (regime) {
        case 'domestic': return isRateOf(home, date, rate) || (homeRates === null && rate === 0);
        case 'oss': return isRateOf(destination, date, rate);
        case 'reverse-charge':
        case 'export': return rate === 0 && line.vatCents === 0;
        default: return false;
      }
    })();
    if (!ok) add('UNKNOWN_VAT_RATE', `${at}.vatRateBp`, rateMessage(n, describeLineRate(line), regime, regime === 'domestic' ? home : destination, date, settings, destination));
    return { ...line, regime, vatCountry };
  });

  if (issues.length > 0) return { ok: false, issues, decision };
  return { ok: true, sale: { ...sale, regime, lines }, decision };
}

function rateMessage(lineNo: number, rate: string, regime: VatRegime, country: string, date: string, settings: VatSettings, destination: string): string {
  const rates = vatRatesOn(country, date);
  const known = rates === null
    ? (isEuMemberState(country) ? `doorzet has no ${country} rates for ${date} (its table starts ${EU_VAT_RATES_FROM})` : `${country} is outside the EU`)
    : `the ${country} rates on ${date} are ${list(rates)}`;
  if (regime === 'domestic' && destination !== country && !isEuMemberState(destination)) {
    return `Line ${lineNo} charges ${rate} VAT on a sale to ${destination}, outside the EU: an export is 0%, and as a domestic ${country} sale ${known}.`;
  }
  switch (regime) {
    case 'oss':
      return `Line ${lineNo} charges ${rate} VAT on a sale to a consumer in ${country} under OSS, but ${known}.`;
    case 'domestic': {
      const hint = !settings.ossRegistered ? ' If the merchant is registered for OSS, turn on ossRegistered in the settings.' : '';
      const to = destination !== country ? ` to ${destination}` : '';
      return `Line ${lineNo} charges ${rate} VAT on a sale${to} booked as a domestic ${country} sale, but ${known}.${hint}`;
    }
    case 'reverse-charge':
      return `Line ${lineNo} charges ${rate} VAT on an intra-EU B2B sale to ${country}, which must be 0% (reverse charge).`;
    default:
      return `Line ${lineNo} charges ${rate} VAT on an export to ${country}, which must be 0%.`;
  }
}

/** The text the law requires on a reverse-charge invoice, in Dutch and English (Art. 226(11a) Directive 2006/112/EC). */
export const REVERSE_CHARGE_NOTE = 'BTW verlegd / VAT reverse charge – Article 196 Directive 2006/112/EC';
/** The note on an export invoice: exempt supply of goods dispatched outside the EU (Article 146). */
export const EXPORT_NOTE = 'Export buiten de EU, 0% btw / Export outside the EU, exempt – Article 146 Directive 2006/112/EC';

/** The legally required invoice text for a regime, or null when none is needed. */
export function invoiceNoteFor(regime: VatRegime): string | null {
  if (regime === 'reverse-charge') return REVERSE_CHARGE_NOTE;
  if (regime === 'export') return EXPORT_NOTE;
  return null;
}

/**
 * The legal text of a document whose supplies (goods, services, shipping, fees; not vouchers sold, not
 * rounding) all fall under one regime that needs one, e.g. a credit note of a reverse-charge invoice.
 */
export function documentNoteFor(lines: readonly { kind: string; regime: VatRegime }[]): string | null {
  const regimes = new Set(lines.filter((l) => !isOutsideScopeKind(l.kind)).map((l) => l.regime));
  const [regime] = regimes;
  return regimes.size === 1 && regime ? invoiceNoteFor(regime) : null;
}
