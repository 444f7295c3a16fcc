/**
 * Odoo's float arithmetic for amounts (odoo/tools/float_utils.py `float_round`, HALF-UP): the value
 * is scaled to the rounding unit, nudged by an epsilon of its own magnitude, and rounded, so 2.675
 * becomes 2.68 where a bare Math.round would not.
 */
export function floatRound(value: number, precision = 0.01): number {
  if (value === 0) return 0;
  const normalized = value / precision;
  const epsilon = 2 ** (Math.log2(Math.abs(normalized)) - 52);
  const rounded = Math.round(Math.abs(normalized) + epsilon) * Math.sign(normalized);
  return Number((rounded * precision).toFixed(6));
}
