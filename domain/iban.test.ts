import { describe, expect, it } from 'vitest';
import { IBAN_LENGTHS, checkIban, formatIban, ibanMod97, isValidIban, normaliseIban } from './iban';

describe('checkIban', () => {
  it.each([
    'NL91ABNA0417164300',
    'NL91 ABNA 0417 1643 00',
    'nl91 abna 0417 1643 00',
    ' NL91ABNA0417164300\t',
    'DE89370400440532013000',
    'BE68539007547034',
    'FR1420041010050500013M02606',
    'GB82WEST12345698765432',
    'NO9386011117947',
    'MT84MALT011000012345MTLCAST001S',
    'AT611904300234573201',
  ])('accepts %j', (input) => {
    expect(checkIban(input)).toMatchObject({ ok: true });
  });

  it('returns the electronic and print forms', () => {
    expect(checkIban('nl91 abna 0417 1643 00')).toEqual({ ok: true, iban: 'NL91ABNA0417164300', country: 'NL', formatted: 'NL91 ABNA 0417 1643 00' });
    expect(formatIban('BE68539007547034')).toBe('BE68 5390 0754 7034');
    expect(normaliseIban(' de89 3704 ')).toBe('DE893704');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['NL91-ABNA-0417-1643-00', 'invalid-characters'],
    ['9191ABNA0417164300', 'invalid-characters'],
    ['US91ABNA0417164300', 'unknown-country'],
    ['NL91ABNA041716430', 'wrong-length'],
    ['NL91ABNA04171643000', 'wrong-length'],
    ['NL91ABN10417164300', 'bban-format'],
    ['NL92ABNA0417164300', 'checksum'],
    ['NL91ABNA0417164301', 'checksum'],
    ['NL91ABNA0417164030', 'checksum'], // two digits swapped
  ])('rejects %j as %s', (input, reason) => {
    expect(checkIban(input)).toMatchObject({ ok: false, reason });
  });

  it('rejects check digits outside 02..98 even when mod 97 holds', () => {
    // 98 and 01 are congruent mod 97; only 02..98 are ever issued.
    const valid = 'GB98MIDL07009312345678';
    expect(isValidIban(valid)).toBe(true);
    const alias = `GB01${valid.slice(4)}`;
    expect(ibanMod97(alias)).toBe(1);
    expect(checkIban(alias)).toMatchObject({ ok: false, reason: 'checksum' });
  });

  it('knows every EU/EEA country', () => {
    const euEea = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO'];
    for (const c of euEea) expect(IBAN_LENGTHS[c], c).toBeGreaterThan(0);
    expect(IBAN_LENGTHS.NL).toBe(18);
  });
});
