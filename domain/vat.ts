import { assertCents, mulDivRoundHalfAwayFromZero, sumCents } from './money';
import type { SaleLine, VatTotal } from './sale';

/** VAT rates are basis points: 2100 = 21 %, 900 = 9 %, 0 = 0 % (zero rate / exempt). */
export const DUTCH_VAT_RATES_BP = [0, 900, 2100] as const;

export type DutchVatRateBp = (typeof DUTCH_VAT_RATES_BP)[number];

const BP_PER_UNIT = 10_000;

export function isValidRateBp(rateBp: number): boolean {
  return Number.isSafeInteger(rateBp) && rateBp >= 0 && rateBp <= BP_PER_UNIT;
}

/**
 * The VAT doorzet books on `taxableCents` at `rateBp`: taxable × rate, rounded half away from
 * zero to whole cents, computed ONCE on the per-rate total (not per line). This is how the ledgers
 * doorzet books into compute tax per rate on an invoice, so what doorzet checks is what the target books.
 */
export function vatOnCents(taxableCents: number, rateBp: number): number {
  assertCents(taxableCents, 'taxableCents');
  if (!isValidRateBp(rateBp)) throw new RangeError(`VAT rate must be an integer 0..10000 bp, got ${rateBp}`);
  return mulDivRoundHalfAwayFromZero(taxableCents, rateBp, BP_PER_UNIT);
}

type LineForVat = Pick<SaleLine, 'totalExclCents' | 'vatRateBp'>;

/**
 * Groups lines by VAT rate (ascending) and applies the per-rate rule of `vatOnCents`. Discount
 * lines count at their own rate, so a discount lowers the taxable amount of the rate it belongs to.
 */
export function vatTotalsFromLines(lines: readonly LineForVat[]): VatTotal[] {
  const taxableByRate = new Map<number, number[]>();
  for (const line of lines) {
    if (!isValidRateBp(line.vatRateBp)) throw new RangeError(`VAT rate must be an integer 0..10000 bp, got ${line.vatRateBp}`);
    const amounts = taxableByRate.get(line.vatRateBp) ?? [];
    amounts.push(line.totalExclCents);
    taxableByRate.set(line.vatRateBp, amounts);
  }
  return [...taxableByRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([vatRateBp, amounts]) => {
      const taxableCents = sumCents(amounts);
      return { vatRateBp, taxableCents, vatCents: vatOnCents(taxableCents, vatRateBp) };
    });
}

/** The VAT the source charged per rate: the sum of its (per-line rounded) line VAT, by rate ascending. */
export function sourceVatByRate(lines: readonly Pick<SaleLine, 'vatCents' | 'vatRateBp'>[]): Map<number, number> {
  const byRate = new Map<number, number>();
  for (const line of [...lines].sort((a, b) => a.vatRateBp - b.vatRateBp)) {
    byRate.set(line.vatRateBp, sumCents([byRate.get(line.vatRateBp) ?? 0, line.vatCents]));
  }
  return byRate;
}

export class VatRateParseError extends Error {
  override readonly name = 'VatRateParseError';
  readonly code = 'VAT_RATE_PARSE' as const;

  constructor(readonly input: string) {
    super(`Cannot read ${JSON.stringify(input)} as a VAT percentage`);
  }
}

/**
 * "21.0000" → 2100, "9" → 900, "5,5" → 550. Percentages finer than a basis point (two decimals)
 * are rejected rather than rounded: a rate is a legal fact, not an amount.
 */
export function rateBpFromPercentString(percent: string): number {
  const match = /^\s*(\d{1,3})(?:[.,](\d*))?\s*%?\s*$/.exec(percent);
  if (!match) throw new VatRateParseError(percent);
  const [, whole = '', fraction = ''] = match;
  if (/[1-9]/.test(fraction.slice(2))) throw new VatRateParseError(percent);
  const bp = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  if (!isValidRateBp(bp)) throw new VatRateParseError(percent);
  return bp;
}

/** 2100 → "21%", 550 → "5.5%", for messages. */
export function formatRateBp(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const fraction = String(rateBp % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction === '' ? `${whole}%` : `${whole}.${fraction}%`;
}
