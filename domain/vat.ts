import { assertCents, mulDivRoundHalfAwayFromZero, sumCents } from './money';
import type { SaleLine, VatTotal } from './sale';

/** VAT rates are basis points: 2100 = 21 %, 900 = 9 %, 0 = 0 % (zero rate / exempt). */
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

type LineForVat = Pick<SaleLine, 'totalExclCents' | 'vatRateBp'> & Partial<Pick<SaleLine, 'vatCountry' | 'regime' | 'vatCents'>>;

/** Lines share a VAT total when regime, country and rate agree: OSS rates of two countries may share a percentage. */
export function vatGroupKey(line: Pick<SaleLine, 'vatRateBp'> & Partial<Pick<SaleLine, 'vatCountry' | 'regime'>>): string {
  return `${line.regime ?? ''}|${line.vatCountry ?? ''}|${line.vatRateBp}`;
}

/**
 * The VAT totals a target records: lines grouped by regime, country and rate (in order of first
 * appearance), VAT computed once per group with `vatOnCents`. Discount lines count at their own
 * rate, so a discount lowers the taxable amount of the rate it belongs to.
 */
export function vatTotalsFromLines(lines: readonly LineForVat[]): VatTotal[] {
  const groups = new Map<string, { line: LineForVat; amounts: number[] }>();
  for (const line of lines) {
    if (!isValidRateBp(line.vatRateBp)) throw new RangeError(`VAT rate must be an integer 0..10000 bp, got ${line.vatRateBp}`);
    const key = vatGroupKey(line);
    const group = groups.get(key) ?? { line, amounts: [] };
    group.amounts.push(line.totalExclCents);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ line, amounts }) => {
    const taxableCents = sumCents(amounts);
    return {
      vatRateBp: line.vatRateBp,
      ...(line.vatCountry === undefined ? {} : { vatCountry: line.vatCountry }),
      ...(line.regime === undefined ? {} : { regime: line.regime }),
      taxableCents,
      vatCents: vatOnCents(taxableCents, line.vatRateBp),
    };
  });
}

/** The VAT the source charged per group (sum of its per-line rounded VAT), keyed by vatGroupKey. */
export function sourceVatByGroup(lines: readonly LineForVat[]): Map<string, { vatCents: number; lines: number }> {
  const byGroup = new Map<string, { vatCents: number; lines: number }>();
  for (const line of lines) {
    const key = vatGroupKey(line);
    const sum = byGroup.get(key) ?? { vatCents: 0, lines: 0 };
    byGroup.set(key, { vatCents: sumCents([sum.vatCents, line.vatCents ?? 0]), lines: sum.lines + 1 });
  }
  return byGroup;
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
