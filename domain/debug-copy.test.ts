import { describe, expect, it } from 'vitest';
import { anonymiseSale, anonymiseVatNumber } from './debug-copy';
import { checkVatNumber } from './vat-number';
import { makeSale } from './sale-fixture';

describe('debug copy anonymisation', () => {
  it('replaces every debtor field and the note, keeps amounts, lines and the country', () => {
    const sale = { ...makeSale(), note: 'Please ring twice, Jan' };
    const copy = anonymiseSale(sale, 3);
    const original = JSON.stringify(sale.debtor);
    for (const value of Object.values(copy.debtor)) {
      if (value && value !== sale.debtor.country) expect(original.includes(JSON.stringify(value))).toBe(false);
    }
    expect(copy.debtor.email).toBe('debtor-3@example.invalid');
    expect(copy.debtor.country).toBe(sale.debtor.country);
    expect(copy.note).toBe('');
    expect(copy.lines).toEqual(sale.lines);
    expect(copy.totalInclCents).toBe(sale.totalInclCents);
  });

  it('keeps the shape a failure may depend on: empty stays empty, malformed stays malformed, guests stay guests', () => {
    const base = makeSale();
    const copy = anonymiseSale({ ...base, debtor: { ...base.debtor, email: 'jan.at.example.com', company: '', sourceCustomerId: null } }, 1);
    expect(copy.debtor.email).not.toContain('@');
    expect(copy.debtor.email).not.toContain('jan');
    expect(copy.debtor.company).toBe('');
    expect(copy.debtor.sourceCustomerId).toBeNull();
    expect(anonymiseSale({ ...base, debtor: { ...base.debtor, email: '' } }, 2).debtor.email).toBe('');
  });

  it('keeps the shipping country, and a VAT number\'s format verdict without its digits', () => {
    const base = makeSale();
    const copy = anonymiseSale({ ...base, debtor: { ...base.debtor, shippingCountry: 'BE', vatNumber: 'NL823456789B01' } }, 4);
    expect(copy.debtor.shippingCountry).toBe('BE');
    expect(copy.debtor.vatNumber).toBe('NL000000000B00');
    expect(checkVatNumber(copy.debtor.vatNumber!).ok).toBe(true);
    // Sweden's fixed suffix stays, so a valid number stays valid; an invalid one stays invalid for the same reason.
    expect(anonymiseVatNumber('SE556677889901')).toBe('SE000000000001');
    expect(anonymiseVatNumber('NL82345678B01')).toBe('NL00000000B00');
    expect(checkVatNumber('NL00000000B00')).toMatchObject({ ok: false, reason: 'format' });
    expect(anonymiseSale({ ...base, debtor: { ...base.debtor, vatNumber: null } }, 5).debtor.vatNumber).toBeNull();
  });
});
