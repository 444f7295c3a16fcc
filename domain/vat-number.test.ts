import { describe, expect, it } from 'vitest';
import { VAT_NUMBER_PATTERNS, checkVatNumber, isValidVatNumber, normaliseVatNumber } from './vat-number';

describe('checkVatNumber', () => {
  it.each([
    'NL123456789B01',
    'nl 1234.56.789 b01',
    'NL-123456789-B01',
    'BE0123456789',
    'DE123456789',
    'ATU12345678',
    'FR12345678901',
    'EL123456789',
    'ESX1234567X',
    'ESB12345678',
    'IE1234567T',
    'IE1234567WA',
    'SE123456789001',
    'CY12345678X',
    'XI123456789',
  ])('accepts %j', (input) => {
    expect(isValidVatNumber(input)).toBe(true);
  });

  it('normalises and names the country', () => {
    expect(checkVatNumber('nl 1234.56.789 b01')).toEqual({ ok: true, vatNumber: 'NL123456789B01', country: 'NL' });
    expect(normaliseVatNumber(' be 0123.456.789 ')).toBe('BE0123456789');
  });

  it.each([
    ['', 'empty'],
    ['NL123456789', 'format'],
    ['NL12345678B01', 'format'],
    ['NL123456789B1', 'format'],
    ['NL123456789C01', 'format'],
    ['NL1234567890B01', 'format'],
    ['BE2123456789', 'format'],
    ['ATX12345678', 'format'],
    ['SE123456789012', 'format'],
    ['US123456789', 'unknown-country'],
    ['GR123456789', 'unknown-country'],
    ['123456789B01', 'unknown-country'],
  ])('rejects %j as %s', (input, reason) => {
    expect(checkVatNumber(input)).toMatchObject({ ok: false, reason });
  });

  it('explains the Dutch format and the Greek prefix', () => {
    const message = (input: string) => {
      const result = checkVatNumber(input);
      return result.ok ? '' : result.message;
    };
    expect(message('NL123')).toContain('NL123456789B01');
    expect(message('GR123456789')).toContain('start with EL');
  });

  it('covers all 27 EU member states (EL for Greece) and Northern Ireland', () => {
    expect(Object.keys(VAT_NUMBER_PATTERNS)).toHaveLength(28);
  });
});
