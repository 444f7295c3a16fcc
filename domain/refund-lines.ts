import { allocateCents, mulDivRoundHalfAwayFromZero, sumCents } from './money';
import type { Refund } from './refund';
import type { SaleLine, VatRegime, VatTotal } from './sale';
import { formatRateBp, vatOnCents } from './vat';

/**
 * Pure helpers that build refund lines: amounts spread over an order's VAT rates, the remainder of an
 * order after its refunds, and the totals of a refund.
 */

/** A VAT rate of an order, with the country and regime it applies under (OSS rates share percentages). */
export interface VatGroup {
  vatRateBp: number;
  vatCountry: string;
  regime: VatRegime;
  /** Vouchers sold (outside the scope of VAT) are credited on the voucher account, never as revenue. */
  giftCard: boolean;
  exclCents: number;
  vatCents: number;
}

const groupKey = (l: Pick<SaleLine, 'kind' | 'vatRateBp' | 'vatCountry' | 'regime'>) =>
  `${l.kind === 'gift-card' ? 'g' : 's'}|${l.vatRateBp}|${l.vatCountry}|${l.regime}`;

/** The order's lines summed per VAT group (rate, country, regime, voucher or not), highest rate first. */
export function vatGroupsOf(lines: readonly SaleLine[]): VatGroup[] {
  const groups = new Map<string, VatGroup>();
  for (const line of lines) {
    const key = groupKey(line);
    const group = groups.get(key) ?? {
      vatRateBp: line.vatRateBp, vatCountry: line.vatCountry, regime: line.regime, giftCard: line.kind === 'gift-card', exclCents: 0, vatCents: 0,
    };
    group.exclCents += line.totalExclCents;
    group.vatCents += line.vatCents;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.vatRateBp - a.vatRateBp || a.vatCountry.localeCompare(b.vatCountry));
}

/**
 * An amount refunded without line items, as credit lines: the amount incl. VAT is split over the
 * order's VAT groups in proportion to what the customer paid in each (incl. VAT, largest remainder, so
 * the parts add up to the cent: allocateCents), and each part's VAT is taken out at its own rate
 * (exclForIncl: the ledger's VAT on the amount excl. VAT adds up to the part wherever a cent allows). A negative amount (a refund whose items
 * came to more than the amount refunded) is spread the same way.
 */
export function linesForAmount(amountInclCents: number, orderLines: readonly SaleLine[], description: string): SaleLine[] {
  if (amountInclCents === 0) return [];
  const groups = vatGroupsOf(orderLines).filter((g) => g.exclCents + g.vatCents > 0);
  if (groups.length === 0) throw new RangeError('the order has no amount to spread a refund over');
  const shares = allocateCents(amountInclCents, groups.map((g) => g.exclCents + g.vatCents));
  return groups.flatMap((group, i): SaleLine[] => {
    const share = shares[i] ?? 0;
    if (share === 0) return [];
    const excl = exclForIncl(share, group.vatRateBp);
    const vat = share - excl;
    return [{
      kind: group.giftCard ? 'gift-card' : 'product',
      description: groups.length > 1 ? `${description} (${formatRateBp(group.vatRateBp)})` : description,
      quantity: 1,
      totalExclCents: excl,
      vatCents: vat,
      vatRateBp: group.vatRateBp,
      vatCountry: group.vatCountry,
      regime: group.regime,
    }];
  });
}

/**
 * The amount excl. VAT of a part `inclCents` at `rateBp`: incl × 100 % ÷ (100 % + rate), rounded half away
 * from zero, moved by a cent when that is what makes the ledger's own VAT on it (vatOnCents) add up to
 * the part exactly, so a credit line alone at its rate needs no rounding line.
 */
export function exclForIncl(inclCents: number, rateBp: number): number {
  const excl = inclCents - mulDivRoundHalfAwayFromZero(inclCents, rateBp, 10_000 + rateBp);
  for (const candidate of [excl, excl - 1, excl + 1]) if (candidate + vatOnCents(candidate, rateBp) === inclCents) return candidate;
  return excl;
}

/**
 * What is left of an order once its refunds are taken off, per VAT group: the credit of a cancellation.
 * Refunds are matched to the order's groups by rate and voucher-or-not only (an order has one regime for
 * its goods; a source may state a refund's VAT country differently, or leave it to the credit step), and
 * taken off the order's first group at that rate. Without refunds it is the order's own lines.
 */
export function remainingLines(orderLines: readonly SaleLine[], refundLines: readonly SaleLine[], description: string): SaleLine[] {
  if (refundLines.length === 0) return orderLines.map((l) => ({ ...l }));
  const rateKey = (g: Pick<VatGroup, 'giftCard' | 'vatRateBp'>) => `${g.giftCard ? 'g' : 's'}|${g.vatRateBp}`;
  const refunded = new Map<string, { exclCents: number; vatCents: number }>();
  for (const g of vatGroupsOf(refundLines)) {
    const sum = refunded.get(rateKey(g)) ?? { exclCents: 0, vatCents: 0 };
    refunded.set(rateKey(g), { exclCents: sum.exclCents + g.exclCents, vatCents: sum.vatCents + g.vatCents });
  }
  return vatGroupsOf(orderLines).flatMap((group): SaleLine[] => {
    const minus = refunded.get(rateKey(group));
    refunded.delete(rateKey(group));
    const excl = group.exclCents - (minus?.exclCents ?? 0);
    const vat = group.vatCents - (minus?.vatCents ?? 0);
    if (excl === 0 && vat === 0) return [];
    return [{
      kind: group.giftCard ? 'gift-card' : 'product', description: `${description} (${formatRateBp(group.vatRateBp)})`, quantity: 1,
      totalExclCents: excl, vatCents: vat, vatRateBp: group.vatRateBp, vatCountry: group.vatCountry, regime: group.regime,
    }];
  });
}

/** VAT totals per rate, country and regime, as the source charged them (sum of line VAT), highest rate first. */
export function vatTotalsOfLines(lines: readonly SaleLine[]): VatTotal[] {
  return vatGroupsOf(lines)
    .reduce<VatTotal[]>((totals, g) => {
      const same = totals.find((t) => t.vatRateBp === g.vatRateBp && t.vatCountry === g.vatCountry && t.regime === g.regime);
      if (same) {
        same.taxableCents += g.exclCents;
        same.vatCents += g.vatCents;
      } else {
        totals.push({ vatRateBp: g.vatRateBp, vatCountry: g.vatCountry, regime: g.regime, taxableCents: g.exclCents, vatCents: g.vatCents });
      }
      return totals;
    }, []);
}

/** Completes a refund from its lines: VAT totals and totals are the sums of the lines. */
export function refundFromLines(base: Omit<Refund, 'vatTotals' | 'totalExclCents' | 'totalVatCents' | 'totalInclCents'>): Refund {
  const totalExclCents = sumCents(base.lines.map((l) => l.totalExclCents));
  const totalVatCents = sumCents(base.lines.map((l) => l.vatCents));
  return { ...base, vatTotals: vatTotalsOfLines(base.lines), totalExclCents, totalVatCents, totalInclCents: totalExclCents + totalVatCents };
}
