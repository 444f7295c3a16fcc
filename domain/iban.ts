/**
 * IBAN check (ISO 13616): country, length for that country, characters, and the mod-97 check
 * digits. Spaces are ignored and letters may be lower case: "nl91 abna 0417 1643 00" is valid.
 */

/** IBAN length per country (SWIFT IBAN registry): all EU/EEA countries plus neighbours doorzet's tenants bank with. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AL: 28, AT: 20, BA: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20,
  ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GI: 23, GL: 18, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26,
  IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MT: 31, NL: 18, NO: 15,
  PL: 28, PT: 25, RO: 24, RS: 22, SE: 24, SI: 19, SK: 24, SM: 27, TR: 26, UA: 29, VA: 22, XK: 20,
};

// Country-specific account structure (BBAN) where it is cheap to check and common for tenants.
const BBAN_PATTERNS: Readonly<Record<string, RegExp>> = {
  NL: /^[A-Z]{4}\d{10}$/,
  BE: /^\d{12}$/,
  DE: /^\d{18}$/,
};

export type IbanInvalidReason = 'empty' | 'invalid-characters' | 'unknown-country' | 'wrong-length' | 'bban-format' | 'checksum';

export type IbanCheck =
  | { ok: true; iban: string; country: string; formatted: string }
  | { ok: false; reason: IbanInvalidReason; message: string };

/** Upper case, without whitespace: the electronic form. */
export function normaliseIban(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** "NL91ABNA0417164300" → "NL91 ABNA 0417 1643 00", the print form. */
export function formatIban(iban: string): string {
  return normaliseIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}

export function checkIban(input: string): IbanCheck {
  const iban = normaliseIban(input);
  if (iban === '') return fail('empty', 'The IBAN is empty.');
  if (!/^[A-Z0-9]+$/.test(iban)) return fail('invalid-characters', 'An IBAN contains only letters, digits and spaces.');
  if (!/^[A-Z]{2}\d{2}/.test(iban)) return fail('invalid-characters', 'An IBAN starts with a two-letter country code and two check digits.');
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return fail('unknown-country', `Country code ${country} is not a supported IBAN country.`);
  if (iban.length !== length) return fail('wrong-length', `An IBAN from ${country} has ${length} characters; this one has ${iban.length}.`);
  const bban = BBAN_PATTERNS[country];
  if (bban && !bban.test(iban.slice(4))) return fail('bban-format', `The account part does not have the format of a ${country} IBAN.`);
  const checkDigits = Number(iban.slice(2, 4));
  // Check digits are always 02..98; 00, 01 and 99 can satisfy mod 97 but are never issued.
  if (checkDigits < 2 || checkDigits > 98 || ibanMod97(iban) !== 1) return fail('checksum', 'The check digits do not match; there is probably a typing error.');
  return { ok: true, iban, country, formatted: formatIban(iban) };
}

export function isValidIban(input: string): boolean {
  return checkIban(input).ok;
}

/** ISO 7064 mod 97-10 over the rearranged IBAN (first four characters moved to the end, A=10 … Z=35). */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = parseInt(ch, 36); // '0'..'9' → 0..9, 'A'..'Z' → 10..35
    remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
  }
  return remainder;
}

function fail(reason: IbanInvalidReason, message: string): IbanCheck {
  return { ok: false, reason, message };
}
