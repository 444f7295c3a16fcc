import { roundHalfAwayFromZero } from '../../decimal';

/**
 * VAT for several amounts at one rate, rounded once on their sum (half away from zero) and then
 * shared out by largest remainder, so the per-line VAT adds up to exactly the per-rate VAT — the
 * way an accounting system that rounds per rate total will compute it.
 */
export function allocateVat(amountsCents: readonly number[], rateBp: number): number[] {
  const exact = amountsCents.map((a) => a * rateBp); // VAT in 1/10000 cent
  const target = roundHalfAwayFromZero(exact.reduce((a, b) => a + b, 0), 4);
  const floors = exact.map((e) => Math.floor(e / 10_000));
  let rest = target - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, frac: e - (floors[i] ?? 0) * 10_000 })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  const result = [...floors];
  for (const { i } of order) {
    if (rest <= 0) break;
    result[i] = (result[i] ?? 0) + 1;
    rest -= 1;
  }
  return result;
}
