import { describe, expect, it } from 'vitest';
import { PASSWORD_SPECIAL_CHARACTERS, checkPassword, isValidAccountKey } from './password-policy';

describe('checkPassword', () => {
  it('accepts a password that meets every rule', () => {
    expect(checkPassword('Voorjaar-2025')).toEqual({ ok: true });
    expect(checkPassword('Aa1!Aa1!Aa')).toEqual({ ok: true }); // exactly 10
  });

  it.each([
    ['min-length', 'Aa1!Aa1!A'],
    ['upper-case', 'voorjaar-2025'],
    ['lower-case', 'VOORJAAR-2025'],
    ['digit', 'Voorjaar-twee'],
    ['special-character', 'Voorjaar2025'],
  ])('names the failed rule %s', (rule, pw) => {
    const result = checkPassword(pw);
    expect(result).toEqual({ ok: false, failed: [rule], messages: [expect.any(String)] });
  });

  it('names every failed rule at once, without echoing the password', () => {
    const result = checkPassword('abc');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failed).toEqual(['min-length', 'upper-case', 'digit', 'special-character']);
    expect(result.messages).toHaveLength(4);
    expect(result.messages.join(' ')).not.toContain('abc');
    expect(checkPassword('')).toMatchObject({ ok: false, failed: ['min-length', 'upper-case', 'lower-case', 'digit', 'special-character'] });
  });

  it('accepts each listed special character and no others', () => {
    for (const c of PASSWORD_SPECIAL_CHARACTERS) expect(checkPassword(`Voorjaar2025${c}`)).toEqual({ ok: true });
    for (const c of ['#', '_', '.', ' ', '+', '=']) {
      expect(checkPassword(`Voorjaar2025${c}`)).toMatchObject({ ok: false, failed: ['special-character'] });
    }
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkPassword('Aa1!😀😀😀')).toMatchObject({ ok: false, failed: ['min-length'] }); // 7 characters, 10 units
    expect(checkPassword('Éé1!ééééééé')).toEqual({ ok: true });
  });
});

describe('isValidAccountKey', () => {
  it('accepts exactly 32 ASCII letters and digits', () => {
    expect(isValidAccountKey('abcdefghijABCDEFGHIJ0123456789xY')).toBe(true);
    expect(isValidAccountKey('a'.repeat(31))).toBe(false);
    expect(isValidAccountKey('a'.repeat(33))).toBe(false);
    expect(isValidAccountKey(`${'a'.repeat(31)}-`)).toBe(false);
    expect(isValidAccountKey(`${'a'.repeat(31)}é`)).toBe(false);
    expect(isValidAccountKey(`${'a'.repeat(32)}\n`)).toBe(false);
    expect(isValidAccountKey('')).toBe(false);
  });
});
