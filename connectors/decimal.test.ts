import { describe, expect, it } from 'vitest';
import { divideRoundHalfAway, formatCents, parseCents, parseScaledDecimal, roundHalfAwayFromZero } from './decimal';

describe('decimal strings', () => {
  it('parses money exactly', () => {
    expect(parseCents('12.34')).toBe(1234);
    expect(parseCents('0.1')).toBe(10);
    expect(parseCents('-5.00')).toBe(-500);
    expect(parseCents('7')).toBe(700);
    expect(parseCents('0.4545')).toBe(45);
    expect(parseCents('0.005')).toBe(1);
    expect(parseCents('-0.004')).toBe(0);
    expect(parseScaledDecimal('21.0000', 2)).toBe(2100);
    expect(parseScaledDecimal('9.0', 2)).toBe(900);
  });

  it('refuses anything that is not a plain decimal', () => {
    for (const bad of ['', 'abc', '1e3', '1,50', '12.3.4', ' ', 'NaN', '--1']) expect(parseCents(bad)).toBeNull();
  });

  it('formats cents', () => {
    expect(formatCents(1234)).toBe('12.34');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-5)).toBe('-0.05');
    expect(formatCents(0)).toBe('0.00');
  });

  it('rounds half away from zero', () => {
    expect(roundHalfAwayFromZero(25, 1)).toBe(3);
    expect(roundHalfAwayFromZero(-25, 1)).toBe(-3);
    expect(roundHalfAwayFromZero(24, 1)).toBe(2);
    expect(divideRoundHalfAway(1, 2)).toBe(1);
    expect(divideRoundHalfAway(-1, 2)).toBe(-1);
    expect(divideRoundHalfAway(1, 3)).toBe(0);
  });
});
