import { describe, expect, it } from 'vitest';
import { MoneyParseError, allocateCents, formatCents, mulDivRoundHalfAwayFromZero, parseDecimalToCents, splitCents, sumCents } from './money';

describe('parseDecimalToCents', () => {
  it.each([
    ['29.35', 2935],
    ['0.9', 90],
    ['-5.00', -500],
    ['10,95', 1095],
    ['12', 1200],
    ['1.', 100],
    ['.5', 50],
    ['+3.10', 310],
    ['  7.25 ', 725],
    ['0.00', 0],
    ['-0.00', 0],
    ['000123.4', 12340],
  ])('reads %j as %i cents', (input, cents) => {
    expect(parseDecimalToCents(input)).toBe(cents);
  });

  it('rounds half away from zero on the third decimal', () => {
    expect(parseDecimalToCents('1.005')).toBe(101);
    expect(parseDecimalToCents('-1.005')).toBe(-101);
    expect(parseDecimalToCents('1.0049999')).toBe(100);
    expect(parseDecimalToCents('2.675')).toBe(268); // 2.675 in binary floating point is below the half
    expect(parseDecimalToCents('0.004')).toBe(0);
    expect(parseDecimalToCents('-0.004')).toBe(0);
    expect(Object.is(parseDecimalToCents('-0.004'), -0)).toBe(false);
    expect(parseDecimalToCents('0.995')).toBe(100);
  });

  it('reads numbers through their decimal text, not float maths', () => {
    expect(parseDecimalToCents(29.35)).toBe(2935);
    expect(parseDecimalToCents(0.1 + 0.2)).toBe(30);
    expect(parseDecimalToCents(1.005)).toBe(101);
    expect(parseDecimalToCents(-5)).toBe(-500);
    expect(parseDecimalToCents(1e-7)).toBe(0);
  });

  it.each(['', '   ', 'abc', '1.2.3', '1,234.56', '1.234,56', '1e3', '12 34', '--1', '-', '.', '€5', '5 EUR', '0x10'])(
    'rejects %j with a MoneyParseError',
    (input) => {
      expect(() => parseDecimalToCents(input)).toThrow(MoneyParseError);
    },
  );

  it('rejects non-finite and too-large numbers with a typed reason', () => {
    expect(() => parseDecimalToCents(Number.NaN)).toThrow(MoneyParseError);
    expect(() => parseDecimalToCents(Infinity)).toThrow(MoneyParseError);
    try {
      parseDecimalToCents('99999999999999999999');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MoneyParseError);
      expect((error as MoneyParseError).reason).toBe('out-of-range');
      expect((error as MoneyParseError).code).toBe('MONEY_PARSE');
    }
    expect(() => parseDecimalToCents(1e21)).toThrow(MoneyParseError);
  });
});

describe('formatCents', () => {
  it.each([
    [1234, '12.34'],
    [-5, '-0.05'],
    [0, '0.00'],
    [7, '0.07'],
    [123450, '1234.50'],
    [-100, '-1.00'],
  ])('formats %i as %s', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it('round-trips with parseDecimalToCents', () => {
    for (const cents of [0, 1, -1, 99, 100, 101, -2935, 123456789]) {
      expect(parseDecimalToCents(formatCents(cents))).toBe(cents);
    }
  });

  it('refuses fractions of a cent', () => {
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });
});

describe('integer helpers', () => {
  it('mulDivRoundHalfAwayFromZero rounds halves away from zero in both directions', () => {
    expect(mulDivRoundHalfAwayFromZero(5, 1, 10)).toBe(1);
    expect(mulDivRoundHalfAwayFromZero(-5, 1, 10)).toBe(-1);
    expect(mulDivRoundHalfAwayFromZero(4, 1, 10)).toBe(0);
    expect(mulDivRoundHalfAwayFromZero(-4, 1, 10)).toBe(0);
    // Large products stay exact.
    expect(mulDivRoundHalfAwayFromZero(4_000_000_000_000, 2100, 10_000)).toBe(840_000_000_000);
    expect(() => mulDivRoundHalfAwayFromZero(1, 1, 0)).toThrow(RangeError);
  });

  it('sumCents adds exactly and refuses fractions', () => {
    expect(sumCents([1, 2, -3, 100])).toBe(100);
    expect(sumCents([])).toBe(0);
    expect(() => sumCents([0.1])).toThrow(RangeError);
  });

  it('allocateCents never loses or invents a cent', () => {
    expect(allocateCents(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateCents(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateCents(1000, [2475, 1000])).toEqual([712, 288]); // 712.23 and 287.77
    expect(allocateCents(5, [0, 1])).toEqual([0, 5]);
    const parts = allocateCents(9999, [3, 7, 11, 13]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(9999);
    expect(() => allocateCents(10, [0, 0])).toThrow(RangeError);
    expect(() => allocateCents(10, [])).toThrow(RangeError);
  });

  it('splitCents gives parts that differ by at most one cent', () => {
    expect(splitCents(10, 3)).toEqual([4, 3, 3]);
    expect(splitCents(-1, 2)).toEqual([-1, 0]);
    expect(() => splitCents(10, 0)).toThrow(RangeError);
  });
});
