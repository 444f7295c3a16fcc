/**
 * Exact decimal-string arithmetic for vendor money fields ("12.34", "-0.5", "21.0000").
 * No floats: the digits are shifted as text, so "0.1" + "0.2" problems cannot occur.
 */

const decimalPattern = /^([+-])?(\d+)(?:\.(\d*))?$/;

/** Integer division rounding half away from zero; exact for integers inside the safe range. */
export function divideRoundHalfAway(numerator: number, denominator: number): number {
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const num = Math.abs(numerator);
  const den = Math.abs(denominator);
  const quotient = Math.floor(num / den);
  const remainder = num - quotient * den;
  return sign * (remainder * 2 >= den ? quotient + 1 : quotient) || 0;
}

/** Divides by 10^digits, rounding half away from zero. */
export function roundHalfAwayFromZero(numerator: number, digits: number): number {
  return divideRoundHalfAway(numerator, 10 ** digits);
}

/**
 * Parses a plain decimal string to an integer scaled by 10^scale (scale 2: euros to cents;
 * scale 2 on a percentage: basis points). Extra digits round half away from zero.
 * Returns null for anything that is not a plain decimal (exponents, commas, blanks).
 */
export function parseScaledDecimal(text: string, scale: number): number | null {
  const match = decimalPattern.exec(text.trim());
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const kept = fraction.slice(0, scale).padEnd(scale, '0');
  const dropped = fraction.slice(scale);
  let magnitude = Number(whole + kept);
  if (dropped !== '' && Number(dropped[0]) >= 5) magnitude += 1;
  if (!Number.isSafeInteger(magnitude)) return null;
  return sign === '-' ? -magnitude || 0 : magnitude;
}

/** "12.34" → 1234 cents; null when the text is not a decimal number. */
export function parseCents(text: string): number | null {
  return parseScaledDecimal(text, 2);
}

/** 1234 → "12.34", -5 → "-0.05". */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}
