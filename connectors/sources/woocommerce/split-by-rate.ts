export interface RateShare {
  rateBp: number;
  vatCents: number;
}

export interface RatePart {
  rateBp: number;
  exclCents: number;
  vatCents: number;
}

/**
 * Splits one Woo line (excl. amount + its VAT) over the tax rates it was taxed at. One rate — the
 * normal case — returns the line unchanged. Several rates (shipping taxed in proportion to the cart,
 * e.g. 21 % and 9 %) share the excl. amount in proportion to each rate's implied base (VAT / rate),
 * the last part taking the rounding rest, so the parts always add up to the line as the source states it.
 */
export function splitByRate(exclCents: number, vatCents: number, shares: readonly RateShare[]): RatePart[] {
  const byRate = new Map<number, number>();
  for (const share of shares) byRate.set(share.rateBp, (byRate.get(share.rateBp) ?? 0) + share.vatCents);
  const groups = [...byRate].map(([rateBp, vat]) => ({ rateBp, vat }));
  const first = groups[0];
  if (!first) return [{ rateBp: 0, exclCents, vatCents }];
  const bases = groups.map((g) => (g.rateBp > 0 ? (g.vat * 10_000) / g.rateBp : 0));
  const baseSum = bases.reduce((a, b) => a + b, 0);
  if (groups.length === 1 || baseSum === 0) return [{ rateBp: first.rateBp, exclCents, vatCents }];

  const parts: RatePart[] = [];
  let exclLeft = exclCents;
  let vatLeft = vatCents;
  groups.forEach((group, index) => {
    const last = index === groups.length - 1;
    const excl = last ? exclLeft : Math.round((exclCents * (bases[index] ?? 0)) / baseSum);
    const vat = last ? vatLeft : group.vat;
    parts.push({ rateBp: group.rateBp, exclCents: excl, vatCents: vat });
    exclLeft -= excl;
    vatLeft -= vat;
  });
  return parts;
}
