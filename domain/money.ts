/**
 * Money in integer cents. Amounts are parsed from their decimal text, never through float
 * arithmetic, so "29.35" is 2935 and not 2934.999….
 */

export class MoneyParseError extends Error {
  override readonly name = 'MoneyParseError';
  readonly code = 'MONEY_PARSE' as const;

  constructor(
    readonly input: string,
    readonly reason: 'empty' | 'not-a-decimal' | 'out-of-range',
  ) {
    super(`Cannot read ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)} as an amount (${reason})`);
  }
}

// One optional sign, digits, at most one decimal separator ('.' or the Dutch ','), more digits.
const DECIMAL = /^([+-])?(\d*)(?:[.,](\d*))?$/;

/**
 * Parses a decimal amount in currency units to integer cents, rounding half away from zero on
 * the third decimal ("1.005" → 101, "-1.005" → -101). Accepts "10,95" (Dutch decimal comma);
 * rejects thousands separators, exponents and anything else. Numbers are read through their
 * shortest round-trip text (String(29.35) === "29.35"), which is the decimal the sender meant.
 */
export function parseDecimalToCents(input: string | number): number {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new MoneyParseError(String(input), 'not-a-decimal');
    text = String(input);
    // String() uses exponent form only below 1e-6 (rounds to 0 cents) or from 1e21 (too large).
    if (/e/i.test(text)) {
      if (Math.abs(input) < 1) return 0;
      throw new MoneyParseError(text, 'out-of-range');
    }
  } else {
    text = input.trim();
  }
  if (text === '') throw new MoneyParseError(String(input), 'empty');

  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyParseError(text, 'not-a-decimal');
  const [, sign, whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') throw new MoneyParseError(text, 'not-a-decimal');

  const centsDigits = `${whole}${fraction.slice(0, 2).padEnd(2, '0')}`;
  const roundUp = (fraction.charCodeAt(2) || 48) >= 53; // third decimal ≥ '5'
  let magnitude = BigInt(centsDigits) + (roundUp ? 1n : 0n);
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) throw new MoneyParseError(text, 'out-of-range');
  if (sign === '-') magnitude = -magnitude;
  return toSafeNumber(magnitude);
}

/** "12.34", "-0.05", "1234.50": a plain decimal with a dot and two decimals, no grouping. */
export function formatCents(cents: number): string {
  assertCents(cents, 'cents');
  const negative = cents < 0;
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** True for a safe integer: the only shape an amount in cents may have. */
export function isCents(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function assertCents(value: number, what: string): void {
  if (!isCents(value)) throw new RangeError(`${what} must be a safe integer number of cents, got ${String(value)}`);
}

export function sumCents(values: Iterable<number>): number {
  let total = 0n;
  for (const value of values) {
    assertCents(value, 'amount');
    total += BigInt(value);
  }
  return toSafeNumber(total);
}

/**
 * a × b ÷ d rounded half away from zero, in exact integer arithmetic (BigInt, so large products
 * do not lose precision). All three must be integers and d positive.
 */
export function mulDivRoundHalfAwayFromZero(a: number, b: number, d: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(d) || d <= 0) {
    throw new RangeError(`mulDivRoundHalfAwayFromZero needs integers and a positive divisor, got ${a}, ${b}, ${d}`);
  }
  const product = BigInt(a) * BigInt(b);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const divisor = BigInt(d);
  let quotient = abs / divisor;
  if ((abs % divisor) * 2n >= divisor) quotient += 1n;
  return toSafeNumber(negative ? -quotient : quotient);
}

/**
 * Splits `total` over `weights` proportionally so that the parts add up to exactly `total`
 * (largest-remainder method; ties go to the earlier weight). Used to spread an order-level
 * discount over lines or VAT rates without losing or inventing a cent.
 */
export function allocateCents(total: number, weights: readonly number[]): number[] {
  assertCents(total, 'total');
  if (weights.length === 0) throw new RangeError('allocateCents needs at least one weight');
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`weights must be non-negative integers, got ${w}`);
  }
  const weightSum = weights.reduce((s, w) => s + BigInt(w), 0n);
  if (weightSum === 0n) throw new RangeError('allocateCents needs a positive weight');

  const negative = total < 0;
  const abs = BigInt(Math.abs(total));
  const parts = weights.map((w) => (abs * BigInt(w)) / weightSum);
  const remainders = weights.map((w, i) => ({ i, r: (abs * BigInt(w)) % weightSum }));
  let left = abs - parts.reduce((s, p) => s + p, 0n);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map((p) => toSafeNumber(negative ? -p : p));
}

/** Splits `total` into `count` parts that differ by at most one cent, larger parts first. */
export function splitCents(total: number, count: number): number[] {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  return allocateCents(total, Array.from({ length: count }, () => 1));
}

/** Amounts that add up beyond the safe integer range (hostile or broken input): no sum is exact there. */
export class AmountOutOfRangeError extends RangeError {
  constructor(value: bigint) {
    super(`amount out of the safe integer range: ${value.toString()}`);
    this.name = 'AmountOutOfRangeError';
  }
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new AmountOutOfRangeError(value);
  const n = Number(value);
  return n === 0 ? 0 : n; // never -0
}
