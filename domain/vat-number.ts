/**
 * EU VAT identification numbers: a format check per country (the patterns VIES documents). It
 * says whether a number can exist, not whether it is registered; that takes a VIES lookup.
 */

/** The part after the country prefix. Greece uses EL, Northern Ireland XI. */
export const VAT_NUMBER_PATTERNS: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

export type VatNumberInvalidReason = 'empty' | 'unknown-country' | 'format';

export type VatNumberCheck =
  | { ok: true; vatNumber: string; country: string }
  | { ok: false; reason: VatNumberInvalidReason; message: string };

/** Upper case without spaces, dots and hyphens: "nl 8234.56.789 b01" → "NL823456789B01". */
export function normaliseVatNumber(input: string): string {
  return input.replace(/[\s.-]+/g, '').toUpperCase();
}

export function checkVatNumber(input: string): VatNumberCheck {
  const vatNumber = normaliseVatNumber(input);
  if (vatNumber === '') return { ok: false, reason: 'empty', message: 'The VAT number is empty.' };
  const country = vatNumber.slice(0, 2);
  const pattern = VAT_NUMBER_PATTERNS[country];
  if (!pattern) {
    const hint = country === 'GR' ? ' Greek VAT numbers start with EL.' : '';
    return { ok: false, reason: 'unknown-country', message: `A VAT number starts with the code of an EU country.${hint}` };
  }
  if (!pattern.test(vatNumber.slice(2))) {
    const hint = country === 'NL' ? ' A Dutch VAT number is NL, 9 digits, B and 2 digits (NL123456789B01).' : '';
    return { ok: false, reason: 'format', message: `The VAT number does not have the format of a ${country} VAT number.${hint}` };
  }
  return { ok: true, vatNumber, country };
}

export function isValidVatNumber(input: string): boolean {
  return checkVatNumber(input).ok;
}
