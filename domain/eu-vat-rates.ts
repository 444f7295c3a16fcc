/**
 * VAT rates of the EU member states, with the dates they apply from, in basis points (2100 = 21 %).
 * Each period lists every rate the country levies in it: standard, reduced, super-reduced and parking
 * rates. 0 % is not listed: zero-rated supplies exist in every member state (see `isRateOf`).
 *
 * Covers 1 January 2021 (after the UK left; OSS started 1 July 2021) onwards. An order dated before
 * that has no rates here, which the regime check reports instead of guessing.
 *
 * Sources (checked 2026-12):
 * - European Commission, Taxes in Europe Database (TEDB), VAT rates:
 *   https://taxation-customs.ec.europa.eu/tedb/vatRates.html and "VAT rates applied in the Member States
 *   of the European Union" (the Commission's yearly overview);
 * - Your Europe, VAT rules and rates: https://europa.eu/youreurope/business/taxation/vat/vat-rules-rates/
 * - the changes since 2021, each confirmed by the national announcements as reported:
 *   EE 20→22 % (2024-01-01), accommodation 9→13 % and press 5→9 % (2025-01-01), 22→24 % (2025-07-01; Estonian
 *   Tax and Customs Board, Riigi Teataja); FI 24→25.5 % (2024-09-01), 14→13.5 % (2026-01-01; Finnish Tax
 *   Administration vero.fi); SK 20→23 %, 10 % replaced by 19 %, 5 % kept (2025-01-01; Act 278/2024);
 *   CZ 15 % and 10 % merged into 12 % (2024-01-01); RO 19→21 %, 5 % and 9 % merged into 11 % (2025-08-01;
 *   Law 141/2025); LT 9 % replaced by 12 % (2026-01-01; Law XV-287); LU 17/14/8 % lowered by one point for
 *   2023 only (Law of 26 October 2022, Circular 812-1); IE 21 % until 2021-02-28 then 23 %; AT 5 % for
 *   hospitality and culture until 2021-12-31; ES 5 % on energy and basic food 2022-07-01 to 2024-12-31.
 *
 * Not covered: special territories with their own rates (Madeira, Azores, Corsica, Canary Islands, Åland,
 * Mount Athos, ...), and the country-specific list of which goods take which rate: doorzet checks that a
 * rate EXISTS in the country on the date, not which product it belongs to (that is the shop's tax class).
 */

export interface VatRatePeriod {
  /** First day (ISO date) the rates apply. */
  from: string;
  /** Every non-zero rate levied in this period, highest first; the first is the standard rate. */
  ratesBp: readonly number[];
}

export const EU_VAT_RATES: Readonly<Record<string, readonly VatRatePeriod[]>> = {
  AT: [
    { from: '2021-01-01', ratesBp: [2000, 1300, 1000, 500] },
    { from: '2022-01-01', ratesBp: [2000, 1300, 1000] },
  ],
  BE: [{ from: '2021-01-01', ratesBp: [2100, 1200, 600] }],
  BG: [{ from: '2021-01-01', ratesBp: [2000, 900] }],
  CY: [{ from: '2021-01-01', ratesBp: [1900, 900, 500] }],
  CZ: [
    { from: '2021-01-01', ratesBp: [2100, 1500, 1000] },
    { from: '2024-01-01', ratesBp: [2100, 1200] },
  ],
  DE: [{ from: '2021-01-01', ratesBp: [1900, 700] }],
  DK: [{ from: '2021-01-01', ratesBp: [2500] }],
  EE: [
    { from: '2021-01-01', ratesBp: [2000, 900, 500] },
    { from: '2024-01-01', ratesBp: [2200, 900, 500] },
    { from: '2025-01-01', ratesBp: [2200, 1300, 900] },
    { from: '2025-07-01', ratesBp: [2400, 1300, 900] },
  ],
  ES: [
    { from: '2021-01-01', ratesBp: [2100, 1000, 400] },
    { from: '2022-07-01', ratesBp: [2100, 1000, 500, 400] },
    { from: '2025-01-01', ratesBp: [2100, 1000, 400] },
  ],
  FI: [
    { from: '2021-01-01', ratesBp: [2400, 1400, 1000] },
    { from: '2024-09-01', ratesBp: [2550, 1400, 1000] },
    { from: '2026-01-01', ratesBp: [2550, 1350, 1000] },
  ],
  FR: [{ from: '2021-01-01', ratesBp: [2000, 1000, 550, 210] }],
  // Greece: ISO country code GR, VAT number prefix EL.
  GR: [{ from: '2021-01-01', ratesBp: [2400, 1300, 600] }],
  HR: [{ from: '2021-01-01', ratesBp: [2500, 1300, 500] }],
  HU: [{ from: '2021-01-01', ratesBp: [2700, 1800, 500] }],
  IE: [
    { from: '2021-01-01', ratesBp: [2100, 1350, 900, 480] },
    { from: '2021-03-01', ratesBp: [2300, 1350, 900, 480] },
  ],
  IT: [{ from: '2021-01-01', ratesBp: [2200, 1000, 500, 400] }],
  LT: [
    { from: '2021-01-01', ratesBp: [2100, 900, 500] },
    { from: '2026-01-01', ratesBp: [2100, 1200, 500] },
  ],
  LU: [
    { from: '2021-01-01', ratesBp: [1700, 1400, 800, 300] },
    { from: '2023-01-01', ratesBp: [1600, 1300, 700, 300] },
    { from: '2024-01-01', ratesBp: [1700, 1400, 800, 300] },
  ],
  LV: [{ from: '2021-01-01', ratesBp: [2100, 1200, 500] }],
  MT: [{ from: '2021-01-01', ratesBp: [1800, 700, 500] }],
  NL: [{ from: '2021-01-01', ratesBp: [2100, 900] }],
  PL: [{ from: '2021-01-01', ratesBp: [2300, 800, 500] }],
  PT: [{ from: '2021-01-01', ratesBp: [2300, 1300, 600] }],
  RO: [
    { from: '2021-01-01', ratesBp: [1900, 900, 500] },
    { from: '2025-08-01', ratesBp: [2100, 1100] },
  ],
  SE: [{ from: '2021-01-01', ratesBp: [2500, 1200, 600] }],
  SI: [{ from: '2021-01-01', ratesBp: [2200, 950, 500] }],
  SK: [
    { from: '2021-01-01', ratesBp: [2000, 1000] },
    { from: '2023-01-01', ratesBp: [2000, 1000, 500] },
    { from: '2025-01-01', ratesBp: [2300, 1900, 500] },
  ],
};

/** The first date the table covers. */
export const EU_VAT_RATES_FROM = '2021-01-01';

/** ISO 3166-1 alpha-2 codes of the EU member states (Greece as GR). */
export const EU_MEMBER_STATES: readonly string[] = Object.keys(EU_VAT_RATES);

/** Webshops sometimes write Greece as EL, its VAT prefix. */
function canonical(country: string): string {
  const upper = country.trim().toUpperCase();
  return upper === 'EL' ? 'GR' : upper;
}

export function isEuMemberState(country: string): boolean {
  return Object.hasOwn(EU_VAT_RATES, canonical(country));
}

/**
 * The non-zero rates of `country` on `isoDate` (YYYY-MM-DD), highest first; null when the country is
 * not a member state or the date lies before the table.
 */
export function vatRatesOn(country: string, isoDate: string): readonly number[] | null {
  const periods = EU_VAT_RATES[canonical(country)];
  if (!periods) return null;
  let found: VatRatePeriod | null = null;
  for (const period of periods) if (period.from <= isoDate) found = period;
  return found ? found.ratesBp : null;
}

/** The standard rate of `country` on `isoDate`, or null. */
export function standardRateOn(country: string, isoDate: string): number | null {
  return vatRatesOn(country, isoDate)?.[0] ?? null;
}

/** True when `rateBp` is levied in `country` on `isoDate`; 0 % (zero-rated supplies) always is. */
export function isRateOf(country: string, isoDate: string, rateBp: number): boolean {
  const rates = vatRatesOn(country, isoDate);
  if (rates === null) return false;
  return rateBp === 0 || rates.includes(rateBp);
}
